import { defineRule, expectReading } from '../api';
import { aksClusters, type AksClusterView } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS101',
  slug: 'local-accounts-disabled',
  title: 'Local accounts are disabled',
  severity: 'high',
  description: 'The cluster disables its local accounts, so every access goes through Entra ID.',
  rationale:
    'With local accounts enabled, anyone who obtains the cluster-admin certificate (az aks get-credentials --admin) has full control of the cluster, bypassing Entra ID, conditional access and audit of who did what. The certificate cannot be revoked without rotating the cluster certificates.',
  remediation: {
    terraform:
      'local_account_disabled = true  # needs Entra ID integration (azure_active_directory_role_based_access_control)',
    bicep: 'properties: {\n  disableLocalAccounts: true\n}',
    arm: '"properties": { "disableLocalAccounts": true }',
  },
  references: [
    'https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad',
    TF_DOCS,
    ARM_DOCS,
  ],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Sets local_account_disabled = true (properties.disableLocalAccounts: true), inserting it when absent.',
    unsafeWhen:
      'no Entra ID admin group is set: nobody may be left who can administer the cluster once its local admin certificate stops working',
  },
  view: aksClusters,
  check(view, ctx) {
    const r = view.flag('localAccountsDisabled', false);
    expectReading(ctx, r, {
      ok: (v) => v === true,
      fix: (r) => settingFix(ctx, view, r, true, { unsafe: !hasAdminGroup(view) }),
      fail: (r) =>
        `${clusterName(view)} keeps local accounts enabled (${current(r, 'false')}): anyone with the cluster-admin certificate bypasses Entra ID. Set ${assign(view, r.attribute, true)}.`,
    });
  },
});

/** Local accounts can go without locking everyone out when an Entra ID group holds cluster admin. */
function hasAdminGroup(view: AksClusterView): boolean {
  const entra = view.entraIntegration();
  const groups = view.adminGroups();
  return (
    entra.state !== 'unknown' &&
    entra.value === true &&
    groups.state === 'set' &&
    groups.value.kind === 'list' &&
    groups.value.items.length > 0
  );
}
