import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { clusterName, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS304',
  slug: 'virtual-nodes-avoided',
  title: 'Virtual nodes (ACI connector) are avoided',
  severity: 'low',
  description: 'The ACI connector (virtual nodes) add-on is not enabled.',
  rationale:
    'Pods scheduled on virtual nodes run in Azure Container Instances, outside the node security controls the rest of the cluster relies on: no DaemonSets (so no Defender sensor or log agents), no host-level policies, different network isolation.',
  remediation: {
    terraform: '# remove the aci_connector_linux block',
    bicep: 'addonProfiles: {\n  aciConnectorLinux: {\n    enabled: false\n  }\n}',
    arm: '"addonProfiles": { "aciConnectorLinux": { "enabled": false } }',
  },
  references: ['https://learn.microsoft.com/azure/aks/virtual-nodes', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.addon('aciConnector'), {
      ok: (v) => v !== true,
      fail: (r) =>
        `${clusterName(view)} enables virtual nodes (the ACI connector, ${r.attribute}): those pods run outside the node security controls (no DaemonSet agents, no host policies). Remove the ACI connector unless you need burst capacity.`,
    });
  },
});
