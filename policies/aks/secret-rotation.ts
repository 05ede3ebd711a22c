import { defineRule, expectReading, reportUnknown } from '../api';
import { aksClusters } from '../../src/views/aks';
import { asBoolean } from '../../src/views/reading';
import { clusterName, current, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS504',
  slug: 'secret-rotation',
  title: 'Key Vault secrets provider rotates secrets',
  severity: 'low',
  description:
    'When the Key Vault secrets provider add-on is on, it polls Key Vault and rotates mounted secrets.',
  rationale:
    'Without rotation, pods keep the secret value they mounted at start: a secret rotated or revoked in Key Vault after a leak stays valid inside the cluster until every pod restarts.',
  remediation: {
    terraform:
      'key_vault_secrets_provider {\n  secret_rotation_enabled  = true\n  secret_rotation_interval = "2m"\n}',
    bicep:
      "azureKeyvaultSecretsProvider: {\n  enabled: true\n  config: {\n    enableSecretRotation: 'true'\n    rotationPollInterval: '2m'\n  }\n}",
    arm: '"azureKeyvaultSecretsProvider": { "enabled": true, "config": { "enableSecretRotation": "true" } }',
  },
  references: [
    'https://learn.microsoft.com/azure/aks/csi-secrets-store-configuration-options',
    TF_DOCS,
    ARM_DOCS,
  ],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    const provider = view.addon('secretsProvider');
    if (provider.state !== 'unknown' && provider.value !== true) return;
    const rotation = view.addonSetting('secretRotation');
    if (provider.state === 'unknown') {
      if (rotation.state === 'set' && asBoolean(rotation.value ?? undefined) === true) return;
      reportUnknown(ctx, provider);
      return;
    }
    expectReading(ctx, rotation, {
      ok: (v) => asBoolean(v ?? undefined) === true,
      fail: (r) =>
        `${clusterName(view)} mounts Key Vault secrets without rotation (${current(r, 'false')}): a secret rotated or revoked in Key Vault stays valid in running pods. Set ${r.attribute} to true.`,
    });
  },
});
