import { defineRule } from '../api';
import { isDashboard, namespaceNetworkView, type NetworkPolicyInfo } from '../../src/views/kubernetes';
import { AKS_NETWORK_POLICIES, NETWORK_POLICIES } from '../lib';

export default defineRule({
  id: 'K8S304',
  slug: 'dashboard-ingress-blocked',
  title: 'Ingress to the Kubernetes dashboard is blocked',
  severity: 'high',
  description:
    'Every kubernetes-dashboard workload is selected by a policy that isolates its ingress and allows none, and by no policy that allows some: policies add up (reach it through kubectl port-forward or proxy, which NetworkPolicies do not block).',
  rationale:
    'An exposed Kubernetes dashboard has been the entry point of real cluster compromises: whoever reaches it acts with its service account. kubectl proxy and port-forward still work under a deny-all ingress policy, so operators lose nothing.',
  remediation: {
    kubernetes: [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: deny-dashboard-ingress, namespace: kubernetes-dashboard}',
      'spec:',
      '  podSelector:',
      '    matchLabels: {k8s-app: kubernetes-dashboard}',
      '  policyTypes: [Ingress]      # no ingress rules: nothing may connect',
    ].join('\n'),
  },
  references: ['https://github.com/kubernetes/dashboard', AKS_NETWORK_POLICIES, NETWORK_POLICIES],
  fixRequiresRecreate: false,
  tags: ['network'],
  view: namespaceNetworkView,
  check(ns, ctx) {
    for (const w of ns.workloads) {
      if (!isDashboard(w)) continue;
      if (ingressBlocked(ns.policiesFor(w))) continue;
      ctx.report({
        resource: w.resource,
        range: w.resource.range,
        message: `${w.label} runs the Kubernetes dashboard and no NetworkPolicy denies ingress to it: anyone who can reach its pods acts with its service account. Add a NetworkPolicy selecting its pods with policyTypes: [Ingress] and no ingress rules, and use kubectl port-forward to reach it.`,
      });
    }
  },
});

/**
 * Kubernetes and Cilium allow rules add up: a pod accepts what any policy selecting it allows, so a
 * deny-all blocks ingress only when no other such policy selecting the pod allows some. (A Calico
 * deny is taken as blocking: its order may put it before the allows; a Cilium deny rule always wins.)
 */
function ingressBlocked(policies: readonly NetworkPolicyInfo[]): boolean {
  const denies = policies.filter((p) => p.ingress.deniesAll);
  if (denies.length === 0) return false;
  if (denies.some((p) => p.ingress.overridesAllows)) return true;
  return !policies.some((p) => !p.flavour.startsWith('calico') && p.ingress.isolates && !p.ingress.deniesAll);
}
