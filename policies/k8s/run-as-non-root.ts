import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import {
  AKS_POD_SECURITY,
  CIS_KUBERNETES,
  containerIn,
  PSS,
  SECURITY_CONTEXT,
  stated,
  containerFix,
} from '../lib';

export default defineRule({
  id: 'K8S101',
  slug: 'run-as-non-root',
  title: 'Containers run as a non-root user',
  severity: 'high',
  description:
    'Every container (init and ephemeral too) must run as a non-root user: runAsNonRoot is true or runAsUser is a non-zero UID, on the container or inherited from the pod, and never runAsUser: 0.',
  rationale:
    'A process running as root inside a container is root on the node once it escapes the container through a kernel or runtime flaw, and can read every file mounted into the pod. The restricted Pod Security Standard requires runAsNonRoot: true.',
  remediation: {
    kubernetes: [
      'spec:',
      '  securityContext:        # pod level: inherited by every container',
      '    runAsNonRoot: true',
      '    runAsUser: 10001',
      '  containers:',
      '    - name: web',
      '      securityContext:',
      '        runAsNonRoot: true',
    ].join('\n'),
  },
  references: [PSS, SECURITY_CONTEXT, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.7'],
  fix: {
    description:
      'Sets securityContext.runAsNonRoot: true on the container, inserting securityContext when absent. Nothing is offered for runAsUser: 0 (the fix cannot choose a UID).',
    unsafe: 'an image that runs as root (no numeric non-root USER) no longer starts',
  },
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      const user = c.runAsUser;
      if (user.state === 'set' && (user.value === 0 || user.value === '0')) {
        ctx.report({
          range: user.range,
          message: `${containerIn(pod, c)} runs as root (${stated(user)}): a root process that escapes the container is root on the node. Set runAsUser to a non-zero UID and securityContext.runAsNonRoot: true.`,
        });
        continue;
      }
      const nonRoot = c.runAsNonRoot.state === 'set' && c.runAsNonRoot.value === true;
      const numericUser = user.state === 'set' && typeof user.value === 'number' && user.value > 0;
      if (nonRoot || numericUser) continue;
      ctx.report({
        range: c.runAsNonRoot.range,
        fix: containerFix(ctx, pod, c, 'runAsNonRoot', true),
        message: `${containerIn(pod, c)} may run as root (${stated(c.runAsNonRoot)} and ${stated(user)}): unless the image sets a non-root USER, its process is root, and root on the node if it escapes. Set securityContext.runAsNonRoot: true (on the container or the pod).`,
      });
    }
  },
});
