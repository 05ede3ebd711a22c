import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS103',
  slug: 'azure-rbac-enabled',
  title: 'Azure RBAC authorizes Kubernetes access',
  severity: 'medium',
  description: 'Kubernetes authorization is done with Azure RBAC role assignments.',
  rationale:
    'With Azure RBAC for Kubernetes authorization, who may do what in the cluster is governed by Azure role assignments: reviewed, audited and removed in one place with the rest of the Azure estate, instead of RoleBindings scattered across clusters.',
  remediation: {
    terraform: 'azure_active_directory_role_based_access_control {\n  azure_rbac_enabled = true\n}',
    bicep: 'aadProfile: {\n  managed: true\n  enableAzureRBAC: true\n}',
    arm: '"aadProfile": { "managed": true, "enableAzureRBAC": true }',
  },
  references: ['https://learn.microsoft.com/azure/aks/manage-azure-rbac', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.flag('azureRbac', false), {
      ok: (v) => v === true,
      fail: (r) =>
        `${clusterName(view)} does not use Azure RBAC for Kubernetes authorization (${current(r, 'false')}): access is granted by in-cluster RoleBindings that Azure cannot review. Set ${assign(view, r.attribute, true)}.`,
    });
  },
});
