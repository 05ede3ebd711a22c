import rule from './etcd-kms-encryption';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

const kmsBlock =
  'key_management_service {\n  key_vault_key_id         = azurerm_key_vault_key.etcd.id\n  key_vault_network_access = "Private"\n}';
const armKms = (enabled: string): string =>
  `"securityProfile": {\n  "azureKeyVaultKms": {\n    "enabled": ${enabled},\n    "keyId": "https://kv.vault.azure.net/keys/etcd/0123456789abcdef",\n    "keyVaultNetworkAccess": "Private"\n  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'key_management_service block', format: 'terraform', code: tfCluster(kmsBlock) },
    { name: 'KMS enabled', format: 'arm', code: armCluster(armKms('true')) },
    {
      name: 'case-insensitive names',
      format: 'arm',
      code: armCluster('"securityProfile": {\n  "AzureKeyVaultKMS": { "Enabled": true }\n}'),
    },
    {
      name: 'KMS enabled',
      format: 'bicep',
      code: bicepCluster(
        'securityProfile: {\n  azureKeyVaultKms: {\n    enabled: true\n    keyId: kmsKeyId\n  }\n}',
        {
          before: "param kmsKeyId string = 'https://kv.vault.azure.net/keys/etcd/0123456789abcdef'",
        },
      ),
    },
  ],
  invalid: [
    failsAt(
      'no key_management_service block: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /no key_management_service block/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.securityProfile\.azureKeyVaultKms\.enabled is not set/,
    ),
    failsAt('disabled', 'arm', armCluster(armKms('false')), '"enabled"', /azureKeyVaultKms\.enabled = false/),
    failsAt(
      'securityProfile without KMS: points at securityProfile',
      'bicep',
      bicepCluster('securityProfile: {\n  workloadIdentity: {\n    enabled: true\n  }\n}'),
      'securityProfile: {',
      /azureKeyVaultKms\.enabled is not set/,
    ),
  ],
  unknown: [
    {
      name: 'block from a dynamic block over an unknown list',
      format: 'terraform',
      code: tfCluster(
        'dynamic "key_management_service" {\n  for_each = var.kms_keys\n  content {\n    key_vault_key_id = key_management_service.value\n  }\n}',
        { before: 'variable "kms_keys" {}' },
      ),
      message: /var\.kms_keys/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armKms('"[parameters(\'kms\')]"'), { parameters: '"kms": { "type": "bool" }' }),
      message: /kms/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('securityProfile: {\n  azureKeyVaultKms: {\n    enabled: kmsOn\n  }\n}', {
        before: 'param kmsOn bool',
      }),
      message: /kmsOn/,
    },
  ],
});
