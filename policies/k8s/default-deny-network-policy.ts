import { defineRule } from '../api';
import { namespaceNetworkView } from '../../src/views/kubernetes';
import { AKS_NETWORK_POLICIES, AKS_NETWORK_PRACTICES, NETWORK_POLICIES } from '../lib';

export default defineRule({
  id: 'K8S302',
  slug: 'default-deny-network-policy',
  title: 'Every namespace denies traffic by default',
  severity: 'medium',
  description:
    'Every namespace has a policy with an empty pod selector (Calico all(), Cilium endpointSelector: {}) that isolates all its pods for ingress and for egress and allows nothing (for egress, nothing but DNS on port 53), so only traffic allowed by other policies flows.',
  rationale:
    'NetworkPolicies only restrict the pods they select; a new workload, or one whose labels changed, is wide open until someone writes a policy for it. A default deny in each namespace makes "closed" the starting point, and every allowed flow a deliberate decision.',
  remediation: {
    kubernetes: [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: default-deny, namespace: shop}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress, Egress]   # no ingress or egress rules: nothing is allowed',
    ].join('\n'),
  },
  references: [`${NETWORK_POLICIES}#default-policies`, AKS_NETWORK_POLICIES, AKS_NETWORK_PRACTICES],
  fixRequiresRecreate: false,
  tags: ['network'],
  view: namespaceNetworkView,
  check(ns, ctx) {
    // "Deny all egress except DNS" is the usual egress default: pods still resolve names, nothing else.
    const denies = (direction: 'ingress' | 'egress') =>
      ns.policies.some((p) => p.selectsAllPods && (p[direction].deniesAll || p[direction].allowsOnlyDns));
    const missing = (['ingress', 'egress'] as const).filter((d) => !denies(d));
    if (missing.length === 0) return;
    const exposure = missing
      .map((d) => (d === 'ingress' ? 'accept traffic from any pod' : 'send traffic anywhere'))
      .join(' and ');
    ctx.report({
      range: ns.resource.range,
      message: `Namespace ${ns.namespace} has no default-deny policy for ${missing.join(' or ')}: pods without a policy of their own ${exposure}. Add a NetworkPolicy with podSelector: {} and policyTypes: [${missing.map((d) => (d === 'ingress' ? 'Ingress' : 'Egress')).join(', ')}] and no rules.`,
    });
  },
});
