import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import {
  AKS_POD_SECURITY,
  CIS_KUBERNETES,
  containerIn,
  literal,
  PSS,
  SECURITY_CONTEXT,
  containerFix,
} from '../lib';

export default defineRule({
  id: 'K8S112',
  slug: 'seccomp-profile-set',
  title: 'A seccomp profile is applied',
  severity: 'medium',
  description:
    'Every container runs under seccompProfile type RuntimeDefault or Localhost, set on the container or inherited from the pod.',
  rationale:
    'Without a seccomp profile Kubernetes runs containers Unconfined: every system call is available, including the rarely used ones behind most kernel container escapes. RuntimeDefault blocks them at no cost for ordinary applications. The restricted Pod Security Standard requires it.',
  remediation: {
    kubernetes: ['spec:', '  securityContext:', '    seccompProfile:', '      type: RuntimeDefault'].join(
      '\n',
    ),
  },
  references: [
    PSS,
    'https://kubernetes.io/docs/tutorials/security/seccomp/',
    SECURITY_CONTEXT,
    AKS_POD_SECURITY,
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.7.2'],
  fix: {
    description:
      'Sets securityContext.seccompProfile.type: RuntimeDefault on the container (which replaces a pod-level profile), inserting the objects when absent.',
  },
  view: podSpecView,
  check(pod, ctx) {
    // The Pod Security Standards exempt Windows pods from this Linux-only control.
    if (pod.osName === 'windows') return;
    for (const c of pod.containers) {
      const type = c.seccompProfileType;
      if (type.state === 'set' && (type.value === 'RuntimeDefault' || type.value === 'Localhost')) continue;
      const now =
        type.state === 'set'
          ? `seccompProfile.type is ${literal(type.value)}${type.from === 'pod' ? ' on the pod' : ''}`
          : 'neither the pod nor the container sets seccompProfile';
      ctx.report({
        range: type.range,
        fix: containerFix(ctx, pod, c, 'seccompProfileType', 'RuntimeDefault'),
        message: `${containerIn(pod, c)} runs without a seccomp profile (${now}): every system call, including those behind kernel escapes, is open to it. Set securityContext.seccompProfile.type: RuntimeDefault on the pod or the container.`,
      });
    }
  },
});
