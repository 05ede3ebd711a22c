import { defineRule, expectReading } from '../api';
import { aksClusters, MANAGED_IDENTITY_TEXT } from '../../src/views/aks';
import { clusterName, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS105',
  slug: 'managed-identity',
  title: 'Cluster uses a managed identity, not a service principal',
  severity: 'medium',
  description:
    'The cluster authenticates to Azure with a managed identity rather than a service principal secret.',
  rationale:
    'A service principal comes with a client secret that sits in state files and pipelines, expires (breaking the cluster) and must be rotated by hand. A managed identity has no secret to leak or rotate.',
  remediation: {
    terraform: 'identity {\n  type = "SystemAssigned"\n}\n# and remove the service_principal block',
    bicep: "identity: {\n  type: 'SystemAssigned'\n}\n// and remove properties.servicePrincipalProfile",
    arm: '"identity": { "type": "SystemAssigned" }',
  },
  references: ['https://learn.microsoft.com/azure/aks/use-managed-identity', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.credentials(), {
      ok: (v) => v !== 'servicePrincipal',
      fail: (r) =>
        view.family === 'terraform'
          ? `${clusterName(view)} authenticates to Azure with a service principal: its client secret lives in state and pipelines and must be rotated by hand. ${MANAGED_IDENTITY_TEXT.terraform}.`
          : `${clusterName(view)} authenticates to Azure with a service principal (${r.attribute}): its secret must be stored and rotated. ${MANAGED_IDENTITY_TEXT.azure}.`,
    });
  },
});
