import { defineRule, expectReading } from '../api';
import { ADDON_ENABLING, aksClusters } from '../../src/views/aks';
import { clusterName, current, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS503',
  slug: 'etcd-kms-encryption',
  title: 'Secrets in etcd are encrypted with Key Vault KMS',
  severity: 'low',
  description: 'Kubernetes secrets are encrypted in etcd with a key you hold in Azure Key Vault.',
  rationale:
    "Without KMS encryption, Kubernetes Secrets are only protected by the platform's disk encryption; with it, they are envelope-encrypted with your key, which you can rotate or revoke.",
  remediation: {
    terraform:
      'key_management_service {\n  key_vault_key_id         = azurerm_key_vault_key.etcd.id\n  key_vault_network_access = "Private"\n}',
    bicep:
      "securityProfile: {\n  azureKeyVaultKms: {\n    enabled: true\n    keyId: kmsKey.properties.keyUriWithVersion\n    keyVaultNetworkAccess: 'Private'\n  }\n}",
    arm: '"securityProfile": { "azureKeyVaultKms": { "enabled": true, "keyId": "[parameters(\'kmsKeyId\')]" } }',
  },
  references: ['https://learn.microsoft.com/azure/aks/use-kms-etcd-encryption', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.addon('kms'), {
      ok: (v) => v === true,
      fail: (r) =>
        view.family === 'terraform'
          ? `${clusterName(view)} does not encrypt secrets in etcd with your key (no ${r.attribute} block): Secrets rely on platform encryption only. ${ADDON_ENABLING.kms.block}.`
          : `${clusterName(view)} does not encrypt secrets in etcd with your key (${current(r, 'false')}): Secrets rely on platform encryption only. ${ADDON_ENABLING.kms.flag}.`,
    });
  },
});
