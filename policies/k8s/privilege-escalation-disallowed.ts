import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import {
  AKS_POD_SECURITY,
  CIS_KUBERNETES,
  containerIn,
  isFalse,
  PSS,
  SECURITY_CONTEXT,
  stated,
  containerFix,
} from '../lib';

export default defineRule({
  id: 'K8S102',
  slug: 'privilege-escalation-disallowed',
  title: 'Containers cannot escalate privileges',
  severity: 'high',
  description: 'Every container sets securityContext.allowPrivilegeEscalation: false.',
  rationale:
    'Unless allowPrivilegeEscalation is false, the no_new_privs flag is not set on the container process, so setuid binaries and file capabilities in the image can give it more privileges than it started with. The restricted Pod Security Standard requires false.',
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: web',
      '    securityContext:',
      '      allowPrivilegeEscalation: false',
    ].join('\n'),
  },
  references: [PSS, SECURITY_CONTEXT, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.6'],
  fix: {
    description:
      'Sets securityContext.allowPrivilegeEscalation: false on the container, inserting securityContext when absent.',
  },
  view: podSpecView,
  check(pod, ctx) {
    // The Pod Security Standards exempt Windows pods from this Linux-only control.
    if (pod.osName === 'windows') return;
    for (const c of pod.containers) {
      if (isFalse(c.allowPrivilegeEscalation)) continue;
      ctx.report({
        range: c.allowPrivilegeEscalation.range,
        fix: containerFix(ctx, pod, c, 'allowPrivilegeEscalation', false),
        message: `${containerIn(pod, c)} allows privilege escalation (${stated(c.allowPrivilegeEscalation)}): setuid binaries or file capabilities in the image can raise its privileges. Set securityContext.allowPrivilegeEscalation: false.`,
      });
    }
  },
});
