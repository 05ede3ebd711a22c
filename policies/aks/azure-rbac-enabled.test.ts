import rule from './azure-rbac-enabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const aadBlock = (body: string): string => `azure_active_directory_role_based_access_control {\n  ${body}\n}`;

ruleTester(rule, {
  valid: [
    {
      name: '4.x: azure_rbac_enabled = true',
      format: 'terraform',
      code: tfCluster(aadBlock('azure_rbac_enabled = true'), { before: tfProvider('~> 4.0') }),
    },
    {
      name: '3.x: managed block with azure_rbac_enabled = true',
      format: 'terraform',
      code: tfCluster(aadBlock('managed            = true\n  azure_rbac_enabled = true'), {
        before: tfProvider('~> 3.0'),
      }),
    },
    {
      name: '2.x: role_based_access_control.azure_active_directory.azure_rbac_enabled',
      format: 'terraform',
      code: tfCluster(
        'role_based_access_control {\n  enabled = true\n  azure_active_directory {\n    managed            = true\n    azure_rbac_enabled = true\n  }\n}',
        { before: tfProvider('~> 2.90') },
      ),
    },
    {
      name: 'through tfvars',
      format: 'terraform',
      code: tfCluster(aadBlock('azure_rbac_enabled = var.azure_rbac'), {
        before: 'variable "azure_rbac" {}',
      }),
      files: { 'terraform.tfvars': 'azure_rbac = true\n' },
    },
    {
      name: 'enabled',
      format: 'arm',
      code: armCluster('"aadProfile": { "managed": true, "enableAzureRBAC": true }'),
    },
    {
      name: 'case-insensitive property names',
      format: 'arm',
      code: armCluster('"aadprofile": { "managed": true, "EnableAzureRbac": true }'),
    },
    {
      name: 'the string "true" from a parameter',
      format: 'arm',
      code: armCluster('"aadProfile": { "enableAzureRBAC": "[parameters(\'azureRbac\')]" }', {
        parameters: '"azureRbac": { "type": "string", "defaultValue": "true" }',
      }),
    },
    {
      name: 'enabled',
      format: 'bicep',
      code: bicepCluster('aadProfile: {\n  managed: true\n  enableAzureRBAC: true\n}'),
    },
  ],
  invalid: [
    failsAt(
      'absent: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /azure_active_directory_role_based_access_control\.azure_rbac_enabled is not set, so it defaults to false/,
    ),
    failsAt(
      'block without azure_rbac_enabled: points at the block',
      'terraform',
      tfCluster(aadBlock('tenant_id = "00000000-0000-0000-0000-000000000000"')),
      'azure_active_directory_role_based_access_control {',
      /azure_rbac_enabled/,
    ),
    failsAt(
      'set to false',
      'terraform',
      tfCluster(aadBlock('azure_rbac_enabled = false')),
      'azure_rbac_enabled = false',
      /azure_rbac_enabled = false.*Set azure_active_directory_role_based_access_control\.azure_rbac_enabled = true/,
    ),
    failsAt(
      '2.x nested azure_active_directory without it',
      'terraform',
      tfCluster(
        'role_based_access_control {\n  enabled = true\n  azure_active_directory {\n    managed = true\n  }\n}',
        { before: tfProvider('~> 2.90') },
      ),
      'azure_active_directory {',
      /role_based_access_control\.azure_active_directory\.azure_rbac_enabled/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.aadProfile\.enableAzureRBAC is not set/,
    ),
    failsAt(
      'aadProfile without it: points at aadProfile',
      'arm',
      armCluster('"aadProfile": {\n  "managed": true\n}'),
      '"aadProfile"',
      /enableAzureRBAC/,
    ),
    failsAt(
      'case-insensitive name, false',
      'arm',
      armCluster('"aadProfile": {\n  "managed": true,\n  "enableAzureRbac": false\n}'),
      '"enableAzureRbac"',
      /enableAzureRBAC = false/,
    ),
    failsAt(
      'false',
      'bicep',
      bicepCluster('aadProfile: {\n  managed: true\n  enableAzureRBAC: false\n}'),
      'enableAzureRBAC',
      /enableAzureRBAC/,
    ),
    failsAt('absent', 'bicep', bicepCluster("dnsPrefix: 'aks'"), 'properties: {', /enableAzureRBAC/),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster(aadBlock('azure_rbac_enabled = var.azure_rbac'), {
        before: 'variable "azure_rbac" {}',
      }),
      message: /var\.azure_rbac/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster('"aadProfile": { "enableAzureRBAC": "[parameters(\'azureRbac\')]" }', {
        parameters: '"azureRbac": { "type": "bool" }',
      }),
      message: /azureRbac/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('aadProfile: {\n  enableAzureRBAC: azureRbac\n}', {
        before: 'param azureRbac bool',
      }),
      message: /azureRbac/,
    },
  ],
});
