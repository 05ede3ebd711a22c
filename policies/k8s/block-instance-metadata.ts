import { defineRule } from '../api';
import { METADATA_ADDRESS, namespaceNetworkView } from '../../src/views/kubernetes';
import { AKS_NETWORK_POLICIES, NETWORK_POLICIES } from '../lib';

export default defineRule({
  id: 'K8S303',
  slug: 'block-instance-metadata',
  title: 'Pods cannot reach the instance metadata endpoint',
  severity: 'high',
  description: `In every namespace with workloads, an egress policy selects each workload and no egress allow rule reaches ${METADATA_ADDRESS} (an ipBlock or Cilium toCIDRSet that covers it without listing it in except, Cilium toEntities: [world], or a rule with no destination), unless a Calico or Cilium deny rule shuts it first.`,
  rationale:
    "Every AKS node answers on the Azure Instance Metadata Service at 169.254.169.254. From a pod it hands out tokens for the node's managed identities (the kubelet identity can pull from every attached registry, and often more) and details of the node. Workload identity makes IMDS unnecessary for pods; egress policies should close it.",
  remediation: {
    kubernetes: [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: allow-internet-egress, namespace: shop}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Egress]',
      '  egress:',
      '    - to:',
      '        - ipBlock:',
      '            cidr: 0.0.0.0/0',
      '            except: [169.254.169.254/32]',
    ].join('\n'),
  },
  references: [
    'https://learn.microsoft.com/azure/virtual-machines/instance-metadata-service',
    'https://learn.microsoft.com/azure/aks/workload-identity-overview',
    AKS_NETWORK_POLICIES,
    NETWORK_POLICIES,
  ],
  fixRequiresRecreate: false,
  tags: ['network'],
  view: namespaceNetworkView,
  check(ns, ctx) {
    const reported = new Set<string>();
    for (const w of ns.workloads) {
      const policies = ns.policiesFor(w).filter((p) => p.egress.isolates);
      if (policies.length === 0) {
        // At the workload: an akslint-ignore comment or annotation on it applies.
        ctx.report({
          resource: w.resource,
          range: w.resource.range,
          message: `No egress policy selects ${w.label}: its pods can reach the instance metadata endpoint ${METADATA_ADDRESS} and take the node's managed identity tokens. Add an egress NetworkPolicy to namespace ${ns.namespace} (podSelector: {}, policyTypes: [Egress]) whose allow rules exclude ${METADATA_ADDRESS}/32.`,
        });
        continue;
      }
      // Calico applies the policies in order and the first that allows or denies the address decides;
      // without Calico, NetworkPolicies only allow, so every allow counts.
      const deciding = [...policies]
        .sort((a, b) => a.order - b.order)
        .find((p) => p.metadataDenied || p.metadataAllows.length > 0);
      if (deciding?.metadataDenied) continue;
      for (const p of policies) {
        for (const range of p.metadataAllows) {
          const key = `${range.file}:${range.line}:${range.column}`;
          if (reported.has(key)) continue;
          reported.add(key);
          ctx.report({
            resource: p.resource,
            range,
            message: `${p.label} lets ${w.label} reach the instance metadata endpoint ${METADATA_ADDRESS}: this egress rule covers it and nothing excludes it, so a compromised pod can take the node's managed identity tokens. ${
              p.flavour === 'kubernetes'
                ? `Add except: [${METADATA_ADDRESS}/32] to its ipBlock; a rule without a destination allows everything, so give it an ipBlock (cidr: 0.0.0.0/0) with that except instead.`
                : p.flavour === 'cilium' || p.flavour === 'cilium-clusterwide'
                  ? `Write the destination as toCIDRSet: [{cidr: 0.0.0.0/0, except: [${METADATA_ADDRESS}/32]}] (toEntities: [world] and a rule with only toPorts take in the address), or add an egressDeny rule with toCIDR: [${METADATA_ADDRESS}/32], which wins over every allow.`
                  : `Add notNets: [${METADATA_ADDRESS}/32] to its destination, or deny the address in a policy ordered before it.`
            }`,
          });
        }
      }
    }
  },
});
