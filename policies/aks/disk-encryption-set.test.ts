import rule from './disk-encryption-set';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

const desId =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/diskEncryptionSets/des';

ruleTester(rule, {
  valid: [
    {
      name: 'another resource id (known only after apply)',
      format: 'terraform',
      code: tfCluster('disk_encryption_set_id = azurerm_disk_encryption_set.des.id'),
    },
    { name: 'a literal id', format: 'terraform', code: tfCluster(`disk_encryption_set_id = "${desId}"`) },
    { name: 'a literal id', format: 'arm', code: armCluster(`"diskEncryptionSetID": "${desId}"`) },
    {
      name: 'resourceId(), case-insensitive name',
      format: 'arm',
      code: armCluster(
        '"diskEncryptionSetId": "[resourceId(\'Microsoft.Compute/diskEncryptionSets\', \'des\')]"',
      ),
    },
    {
      name: 'another resource id',
      format: 'bicep',
      code: bicepCluster('diskEncryptionSetID: des.id', {
        before:
          "resource des 'Microsoft.Compute/diskEncryptionSets@2023-04-02' existing = {\n  name: 'des'\n}",
      }),
    },
  ],
  invalid: [
    failsAt(
      'absent: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /platform-managed keys only \(disk_encryption_set_id is not set\).*needs a new cluster/,
    ),
    failsAt(
      'empty string',
      'terraform',
      tfCluster('disk_encryption_set_id = ""'),
      'disk_encryption_set_id',
      /disk_encryption_set_id/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.diskEncryptionSetID is not set/,
    ),
    failsAt(
      'absent',
      'bicep',
      bicepCluster("dnsPrefix: 'aks'"),
      'properties: {',
      /diskEncryptionSetID is not set/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('disk_encryption_set_id = var.des_id', { before: 'variable "des_id" {}' }),
      message: /var\.des_id/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster('"diskEncryptionSetID": "[parameters(\'desId\')]"', {
        parameters: '"desId": { "type": "string" }',
      }),
      message: /desId/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('diskEncryptionSetID: desId', { before: 'param desId string' }),
      message: /desId/,
    },
  ],
});
