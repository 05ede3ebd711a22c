import rule from './secret-rotation';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

const tfProviderBlock = (body: string): string => `key_vault_secrets_provider {\n  ${body}\n}`;
const armAddon = (enabled: string, config?: string): string =>
  `"addonProfiles": {\n  "azureKeyvaultSecretsProvider": {\n    "enabled": ${enabled}${config ? `,\n    "config": { ${config} }` : ''}\n  }\n}`;
const bicepAddon = (enabled: string, config?: string): string =>
  `addonProfiles: {\n  azureKeyvaultSecretsProvider: {\n    enabled: ${enabled}\n${config ? `    config: {\n      ${config}\n    }\n` : ''}  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'no secrets provider', format: 'terraform', code: tfCluster() },
    {
      name: 'provider with rotation',
      format: 'terraform',
      code: tfCluster(tfProviderBlock('secret_rotation_enabled  = true\n  secret_rotation_interval = "2m"')),
    },
    { name: 'no secrets provider', format: 'arm', code: armCluster('"dnsPrefix": "aks"') },
    {
      name: 'provider off: rotation does not matter',
      format: 'arm',
      code: armCluster(armAddon('false', '"enableSecretRotation": "false"')),
    },
    {
      name: 'rotation on, provider switch unknown: rotation holds either way',
      format: 'arm',
      code: armCluster(armAddon('"[parameters(\'csi\')]"', '"enableSecretRotation": "true"'), {
        parameters: '"csi": { "type": "bool" }',
      }),
    },
    {
      name: 'provider with rotation (config values are strings)',
      format: 'arm',
      code: armCluster(armAddon('true', '"enableSecretRotation": "true", "rotationPollInterval": "2m"')),
    },
    {
      name: 'case-insensitive names',
      format: 'arm',
      code: armCluster(
        '"AddonProfiles": {\n  "AzureKeyVaultSecretsProvider": { "Enabled": true, "Config": { "EnableSecretRotation": "True" } }\n}',
      ),
    },
    {
      name: 'provider with rotation',
      format: 'bicep',
      code: bicepCluster(bicepAddon('true', "enableSecretRotation: 'true'")),
    },
  ],
  invalid: [
    failsAt(
      'provider without rotation: points at the block',
      'terraform',
      tfCluster(tfProviderBlock('secret_rotation_interval = "2m"')),
      'key_vault_secrets_provider {',
      /without rotation \(key_vault_secrets_provider\.secret_rotation_enabled is not set, so it defaults to false\)/,
    ),
    failsAt(
      'provider with rotation off',
      'terraform',
      tfCluster(tfProviderBlock('secret_rotation_enabled = false')),
      'secret_rotation_enabled',
      /key_vault_secrets_provider\.secret_rotation_enabled = false/,
    ),
    failsAt(
      'provider without config: points at the add-on',
      'arm',
      armCluster(armAddon('true')),
      '"azureKeyvaultSecretsProvider"',
      /addonProfiles\.azureKeyvaultSecretsProvider\.config\.enableSecretRotation is not set/,
    ),
    failsAt(
      'rotation "false"',
      'arm',
      armCluster(armAddon('true', '"enableSecretRotation": "false"')),
      '"enableSecretRotation"',
      /enableSecretRotation = "false"/,
    ),
    failsAt(
      'rotation off',
      'bicep',
      bicepCluster(bicepAddon('true', "enableSecretRotation: 'false'")),
      'enableSecretRotation',
      /enableSecretRotation = "false"/,
    ),
  ],
  unknown: [
    {
      name: 'rotation from a variable without value',
      format: 'terraform',
      code: tfCluster(tfProviderBlock('secret_rotation_enabled = var.rotate'), {
        before: 'variable "rotate" {}',
      }),
      message: /var\.rotate/,
    },
    {
      name: 'provider block unknown, rotation not on',
      format: 'terraform',
      code: tfCluster(
        'dynamic "key_vault_secrets_provider" {\n  for_each = var.csi\n  content {\n    secret_rotation_interval = "2m"\n  }\n}',
        { before: 'variable "csi" {}' },
      ),
      message: /var\.csi/,
    },
    {
      name: 'provider enabled by a parameter without default',
      format: 'arm',
      code: armCluster(armAddon('"[parameters(\'csi\')]"'), { parameters: '"csi": { "type": "bool" }' }),
      message: /csi/,
    },
    {
      name: 'rotation param without default',
      format: 'bicep',
      code: bicepCluster(bicepAddon('true', 'enableSecretRotation: rotate'), {
        before: 'param rotate string',
      }),
      message: /rotate/,
    },
  ],
});
