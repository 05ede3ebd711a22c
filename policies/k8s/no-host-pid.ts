import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, CIS_KUBERNETES, isTrue, PSS, podFix } from '../lib';

export default defineRule({
  id: 'K8S108',
  slug: 'no-host-pid',
  title: 'No host PID namespace',
  severity: 'high',
  description: 'Pods do not share the host process ID namespace: hostPID is not true.',
  rationale:
    'A pod with hostPID: true sees every process on the node: it can read their environment and memory maps (secrets included) and signal or trace them when combined with a capability. The baseline Pod Security Standard forbids it.',
  remediation: {
    kubernetes: ['spec:', '  hostPID: false   # or leave it out: false is the default'].join('\n'),
  },
  references: [PSS, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.3'],
  fix: { description: 'Sets hostPID: false on the pod spec.' },
  view: podSpecView,
  check(pod, ctx) {
    if (!isTrue(pod.hostPID)) return;
    ctx.report({
      range: pod.hostPID.range,
      fix: podFix(ctx, pod, 'hostPID', false),
      message: `${pod.label} uses the node's process namespace (hostPID is true): it can see and signal every process on the node. Remove hostPID: true from the pod spec.`,
    });
  },
});
