import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import {
  AKS_POD_SECURITY,
  CIS_KUBERNETES,
  containerIn,
  isTrue,
  PSS,
  SECURITY_CONTEXT,
  containerFix,
} from '../lib';

export default defineRule({
  id: 'K8S104',
  slug: 'not-privileged',
  title: 'Containers are not privileged',
  severity: 'critical',
  description: 'No container sets securityContext.privileged: true.',
  rationale:
    'A privileged container has every capability and access to all host devices, with no seccomp or AppArmor confinement: it is effectively root on the node, and from the node it can reach every other pod and the kubelet credentials. The baseline Pod Security Standard forbids it.',
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: agent',
      '    securityContext:',
      '      privileged: false        # grant single capabilities instead, if the workload really needs one',
    ].join('\n'),
  },
  references: [PSS, SECURITY_CONTEXT, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.2'],
  fix: { description: 'Sets securityContext.privileged: false on the container.' },
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      if (!isTrue(c.privileged)) continue;
      ctx.report({
        range: c.privileged.range,
        fix: containerFix(ctx, pod, c, 'privileged', false),
        message: `${containerIn(pod, c)} is privileged (privileged is true): it has every capability and all host devices, so it controls the node. Remove privileged: true (or set false) and add only the capability the workload needs.`,
      });
    }
  },
});
