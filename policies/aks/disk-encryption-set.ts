import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { clusterName, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS502',
  slug: 'disk-encryption-set',
  title: 'Disks are encrypted with a customer-managed key',
  severity: 'low',
  description: 'OS and data disks are encrypted with your own key through a disk encryption set.',
  rationale:
    'Platform-managed keys protect against disk theft but leave key lifecycle, rotation and revocation to Microsoft. A customer-managed key lets you revoke access to the data and meets regulatory requirements. It can only be set when the cluster is created.',
  remediation: {
    terraform: 'disk_encryption_set_id = azurerm_disk_encryption_set.aks.id',
    bicep: 'properties: {\n  diskEncryptionSetID: diskEncryptionSet.id\n}',
    arm: '"properties": { "diskEncryptionSetID": "[resourceId(\'Microsoft.Compute/diskEncryptionSets\', parameters(\'desName\'))]" }',
  },
  references: ['https://learn.microsoft.com/azure/aks/azure-disk-customer-managed-keys', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: true,
  view: aksClusters,
  check(view, ctx) {
    const r = view.setting('diskEncryptionSet');
    // Set to another resource's id: present, which is all this rule asks.
    if (r.state === 'unknown' && r.deferred) return;
    expectReading(ctx, r, {
      ok: (v) => typeof v === 'string' && v.length > 0,
      fail: (r) =>
        `${clusterName(view)} encrypts its disks with platform-managed keys only (${r.attribute} is not set): you cannot rotate or revoke the key. Set ${r.attribute} to a disk encryption set; this needs a new cluster.`,
    });
  },
});
