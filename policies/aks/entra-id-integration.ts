import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { clusterName, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS102',
  slug: 'entra-id-integration',
  title: 'Entra ID (AAD) integration is managed',
  severity: 'high',
  description: 'The cluster authenticates users with AKS-managed Entra ID integration.',
  rationale:
    'Without Entra ID integration, access to the API server rests on certificates and Kubernetes-local identities: no central offboarding, no MFA or conditional access, no group-based access. The legacy (unmanaged) integration is deprecated and relies on app registrations with secrets.',
  remediation: {
    terraform:
      'azure_active_directory_role_based_access_control {\n  azure_rbac_enabled     = true\n  admin_group_object_ids = [var.aks_admin_group_id]\n  # azurerm 3.x also needs: managed = true\n}',
    bicep: 'properties: {\n  aadProfile: {\n    managed: true\n    enableAzureRBAC: true\n  }\n}',
    arm: '"aadProfile": { "managed": true, "enableAzureRBAC": true }',
  },
  references: [
    'https://learn.microsoft.com/azure/aks/enable-authentication-microsoft-entra-id',
    TF_DOCS,
    ARM_DOCS,
  ],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Sets properties.aadProfile.managed: true, or adds the azure_active_directory_role_based_access_control block (with managed = true on azurerm 3.x), or sets managed = true in it. Nothing is offered on azurerm 2.x when the block is missing.',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.entraIntegration(), {
      ok: (v) => v === true,
      fix: (r) => {
        const edit = view.managedEntraEdit(r);
        return edit && settingFix(ctx, view, r, edit.value, { path: edit.attribute });
      },
      fail: (r) => {
        if (view.family === 'azure') {
          return r.state === 'absent'
            ? `${clusterName(view)} has no managed Entra ID integration (${r.attribute} is not set): users authenticate with certificates, without MFA or central offboarding. Set ${r.attribute}: true.`
            : `${clusterName(view)} uses the legacy Entra ID integration (${r.attribute} is false): it depends on app registrations with secrets and is deprecated. Set ${r.attribute}: true.`;
        }
        return r.state === 'absent'
          ? `${clusterName(view)} has no Entra ID integration (no ${r.attribute} block): users authenticate with certificates, without MFA or central offboarding. Add the block (with ${view.entraManagedFlag} = true on azurerm 2.x and 3.x).`
          : `${clusterName(view)} uses the legacy Entra ID integration (${view.entraManagedFlag} is not true): it depends on app registrations with secrets and is deprecated. Set ${view.entraManagedFlag} = true in ${r.attribute}.`;
      },
    });
  },
});
