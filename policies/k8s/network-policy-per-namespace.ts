import { defineRule } from '../api';
import { namespaceNetworkView } from '../../src/views/kubernetes';
import { AKS_NETWORK_POLICIES, CIS_KUBERNETES, NETWORK_POLICIES } from '../lib';

export default defineRule({
  id: 'K8S301',
  slug: 'network-policy-per-namespace',
  title: 'Every namespace with workloads has a NetworkPolicy',
  severity: 'high',
  description:
    "In every namespace that holds workloads, each workload's pods are selected by at least one NetworkPolicy (Kubernetes, Calico NetworkPolicy / GlobalNetworkPolicy, or CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy).",
  rationale:
    'Pods that no NetworkPolicy selects accept traffic from, and send traffic to, every pod in the cluster and beyond: one compromised pod anywhere can reach them. AKS enforces NetworkPolicies only for pods they select.',
  remediation: {
    kubernetes: [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: default-deny, namespace: shop}',
      'spec:',
      '  podSelector: {}            # every pod of the namespace',
      '  policyTypes: [Ingress, Egress]',
    ].join('\n'),
  },
  references: [
    NETWORK_POLICIES,
    AKS_NETWORK_POLICIES,
    'https://docs.tigera.io/calico/latest/network-policy/',
    'https://docs.cilium.io/en/stable/security/policy/',
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['network', 'cis-5.3.2'],
  view: namespaceNetworkView,
  check(ns, ctx) {
    // One finding per workload, at the workload: an akslint-ignore comment or annotation on it applies.
    for (const w of ns.workloads) {
      if (ns.policiesFor(w).length > 0) continue;
      const situation =
        ns.policies.length === 0
          ? `no NetworkPolicy applies in namespace ${ns.namespace}`
          : `no NetworkPolicy in namespace ${ns.namespace} selects its pods`;
      ctx.report({
        resource: w.resource,
        range: w.resource.range,
        message: `Pods of ${w.label} are not isolated: ${situation}. Every pod in the cluster can reach them and they can reach anything. Add a NetworkPolicy with podSelector: {} (a default deny) to namespace ${ns.namespace}, then allow the traffic each workload needs.`,
      });
    }
  },
});
