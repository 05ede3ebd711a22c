import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

const ENGINES = ['azure', 'calico', 'cilium'];

export default defineRule({
  id: 'AKS204',
  slug: 'network-policy',
  title: 'A network policy engine is enabled',
  severity: 'high',
  description:
    'The cluster runs a network policy engine (Azure, Calico or Cilium), so NetworkPolicies are enforced.',
  rationale:
    'Without a network policy engine, NetworkPolicy objects are accepted but silently ignored: every pod can reach every other pod and, from there, the node and metadata endpoints. The engine can only be chosen when the cluster is created (azurerm forces a new cluster).',
  remediation: {
    terraform:
      'network_profile {\n  network_plugin = "azure"\n  network_policy = "azure"  # or "calico", or "cilium" with network_data_plane = "cilium"\n}',
    bicep: "networkProfile: {\n  networkPlugin: 'azure'\n  networkPolicy: 'azure'\n}",
    arm: '"networkProfile": { "networkPlugin": "azure", "networkPolicy": "azure" }',
  },
  references: ['https://learn.microsoft.com/azure/aks/use-network-policies', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: true,
  fix: {
    description:
      'Sets network_profile.network_policy (properties.networkProfile.networkPolicy) to azure with the Azure CNI plugin, else calico. Nothing is offered when the plugin is none, or in Terraform when there is no network_profile block (it needs a network plugin chosen).',
  },
  view: aksClusters,
  check(view, ctx) {
    // Azure CNI powered by Cilium enforces network policy with the data plane itself.
    const dataPlane = view.setting('networkDataPlane');
    if (dataPlane.state === 'set' && String(dataPlane.value).toLowerCase() === 'cilium') return;
    expectReading(ctx, view.setting('networkPolicy'), {
      ok: (v) => typeof v === 'string' && ENGINES.includes(v.toLowerCase()),
      fix: (r) => {
        const plugin = view.setting('networkPlugin');
        if (plugin.state === 'unknown') return undefined;
        const name = typeof plugin.value === 'string' ? plugin.value.toLowerCase() : undefined;
        if (name === 'none' || (view.family === 'terraform' && plugin.state === 'absent')) return undefined;
        return settingFix(ctx, view, r, name === 'azure' ? 'azure' : 'calico');
      },
      fail: (r) =>
        `${clusterName(view)} has no network policy engine (${current(r)}): NetworkPolicies are silently ignored and every pod can reach every other pod. Set ${r.attribute} to azure, calico or cilium; this needs a new cluster.`,
    });
  },
});
