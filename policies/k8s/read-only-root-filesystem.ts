import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import {
  AKS_POD_SECURITY,
  CIS_KUBERNETES,
  containerIn,
  isTrue,
  SECURITY_CONTEXT,
  stated,
  containerFix,
} from '../lib';

export default defineRule({
  id: 'K8S103',
  slug: 'read-only-root-filesystem',
  title: 'Containers have a read-only root filesystem',
  severity: 'medium',
  description: 'Every container sets securityContext.readOnlyRootFilesystem: true.',
  rationale:
    'A writable root filesystem lets an attacker who gets code execution drop tools, modify binaries or plant persistence in the container. With a read-only root, writes go only to volumes mounted on purpose (an emptyDir for /tmp).',
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: web',
      '    securityContext:',
      '      readOnlyRootFilesystem: true',
      '    volumeMounts:',
      '      - {name: tmp, mountPath: /tmp}   # writable scratch space where the app needs it',
      'volumes:',
      '  - {name: tmp, emptyDir: {}}',
    ].join('\n'),
  },
  references: [SECURITY_CONTEXT, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security'],
  fix: {
    description:
      'Sets securityContext.readOnlyRootFilesystem: true on the container, inserting securityContext when absent.',
    unsafe:
      'a container that writes outside its mounted volumes (caches, pid files, /tmp) fails to start or crashes',
  },
  view: podSpecView,
  check(pod, ctx) {
    // The API rejects readOnlyRootFilesystem on Windows pods: Windows containers need a writable root.
    if (pod.osName === 'windows') return;
    for (const c of pod.containers) {
      if (isTrue(c.readOnlyRootFilesystem)) continue;
      ctx.report({
        range: c.readOnlyRootFilesystem.range,
        fix: containerFix(ctx, pod, c, 'readOnlyRootFilesystem', true),
        message: `${containerIn(pod, c)} has a writable root filesystem (${stated(c.readOnlyRootFilesystem)}): an intruder can modify binaries and plant tools in it. Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app must write.`,
      });
    }
  },
});
