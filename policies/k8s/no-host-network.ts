import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, CIS_KUBERNETES, isTrue, PSS, podFix } from '../lib';

export default defineRule({
  id: 'K8S107',
  slug: 'no-host-network',
  title: 'No host network',
  severity: 'high',
  description: 'Pods do not use the host network namespace: hostNetwork is not true.',
  rationale:
    "A pod with hostNetwork: true shares the node's network namespace: it sees all node traffic, can bind node ports and reaches services listening on localhost, including the kubelet and the instance metadata endpoint without any NetworkPolicy applying. The baseline Pod Security Standard forbids it.",
  remediation: {
    kubernetes: ['spec:', '  hostNetwork: false   # or leave it out: false is the default'].join('\n'),
  },
  references: [PSS, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.5'],
  fix: { description: 'Sets hostNetwork: false on the pod spec.' },
  view: podSpecView,
  check(pod, ctx) {
    if (!isTrue(pod.hostNetwork)) return;
    ctx.report({
      range: pod.hostNetwork.range,
      fix: podFix(ctx, pod, 'hostNetwork', false),
      message: `${pod.label} uses the node's network namespace (hostNetwork is true): it can sniff node traffic and bypasses NetworkPolicies. Remove hostNetwork: true from the pod spec.`,
    });
  },
});
