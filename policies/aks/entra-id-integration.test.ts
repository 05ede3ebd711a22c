import rule from './entra-id-integration';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const aadBlock = (body: string): string => `azure_active_directory_role_based_access_control {\n  ${body}\n}`;
const legacy2x = (body: string): string =>
  `role_based_access_control {\n  enabled = true\n  azure_active_directory {\n    ${body}\n  }\n}`;

const v3Absent = tfCluster(aadBlock('admin_group_object_ids = ["00000000-0000-0000-0000-000000000001"]'), {
  before: tfProvider('~> 3.0'),
});

ruleTester(rule, {
  valid: [
    {
      name: '4.x: the block alone means managed',
      format: 'terraform',
      code: tfCluster(aadBlock('azure_rbac_enabled = true'), { before: tfProvider('~> 4.0') }),
    },
    {
      name: 'no version constraint: current provider, the block alone means managed',
      format: 'terraform',
      code: tfCluster(aadBlock('tenant_id = "00000000-0000-0000-0000-000000000000"')),
    },
    {
      name: '3.x with managed = true',
      format: 'terraform',
      code: tfCluster(aadBlock('managed = true'), { before: tfProvider('~> 3.0') }),
    },
    {
      name: '3.x with managed = true, the provider pinned in versions.tf',
      format: 'terraform',
      code: tfCluster(aadBlock('managed = true')),
      files: { 'versions.tf': tfProvider('>= 3.50, < 4.0') + '\n' },
    },
    {
      name: '2.x role_based_access_control.azure_active_directory with managed = true',
      format: 'terraform',
      code: tfCluster(legacy2x('managed = true'), { before: tfProvider('~> 2.90') }),
    },
    {
      name: 'managed through a variable default',
      format: 'terraform',
      code: tfCluster(aadBlock('managed = var.managed'), {
        before: tfProvider('~> 3.0') + '\nvariable "managed" {\n  default = true\n}',
      }),
    },
    {
      name: 'managed',
      format: 'arm',
      code: armCluster('"aadProfile": { "managed": true, "enableAzureRBAC": true }'),
    },
    {
      name: 'case-insensitive property names',
      format: 'arm',
      code: armCluster('"AADProfile": { "Managed": true }'),
    },
    {
      name: 'managed through a parameter default',
      format: 'arm',
      code: armCluster('"aadProfile": { "managed": "[parameters(\'managed\')]" }', {
        parameters: '"managed": { "type": "bool", "defaultValue": true }',
      }),
    },
    { name: 'managed', format: 'bicep', code: bicepCluster('aadProfile: {\n  managed: true\n}') },
    {
      name: 'managed through a param default',
      format: 'bicep',
      code: bicepCluster('aadProfile: {\n  managed: managed\n}', { before: 'param managed bool = true' }),
    },
  ],
  invalid: [
    failsAt(
      'absent: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /no azure_active_directory_role_based_access_control block/,
    ),
    failsAt(
      'absent in a cluster written for azurerm 2.x: names the 2.x block',
      'terraform',
      tfCluster('role_based_access_control {\n  enabled = true\n}'),
      'role_based_access_control {',
      /no role_based_access_control\.azure_active_directory block/,
    ),
    failsAt(
      '3.x block without managed: legacy integration',
      'terraform',
      v3Absent,
      'azure_active_directory_role_based_access_control {',
      /legacy Entra ID integration.*managed = true in azure_active_directory_role_based_access_control/,
    ),
    failsAt(
      '3.x block without managed, the provider pinned in versions.tf',
      'terraform',
      tfCluster(aadBlock('tenant_id = "00000000-0000-0000-0000-000000000000"')),
      'azure_active_directory_role_based_access_control {',
      /legacy Entra ID integration/,
      { files: { 'versions.tf': tfProvider('~> 3.0') + '\n' } },
    ),
    failsAt(
      '3.x managed = false',
      'terraform',
      tfCluster(aadBlock('managed = false'), { before: tfProvider('~> 3.0') }),
      'managed = false',
      /legacy Entra ID integration \(managed is not true\)/,
    ),
    failsAt(
      '2.x azure_active_directory without managed',
      'terraform',
      tfCluster(legacy2x('client_app_id = "00000000-0000-0000-0000-000000000002"'), {
        before: tfProvider('~> 2.90'),
      }),
      'azure_active_directory {',
      /legacy Entra ID integration.*role_based_access_control\.azure_active_directory/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.aadProfile\.managed is not set/,
    ),
    failsAt(
      'aadProfile without managed: points at aadProfile',
      'arm',
      armCluster('"aadProfile": {\n  "tenantID": "00000000-0000-0000-0000-000000000000"\n}'),
      '"aadProfile"',
      /properties\.aadProfile\.managed/,
    ),
    failsAt(
      'managed = false (legacy integration)',
      'arm',
      armCluster('"aadProfile": {\n  "managed": false\n}'),
      '"managed"',
      /legacy Entra ID integration \(properties\.aadProfile\.managed is false\)/,
    ),
    failsAt(
      'case-insensitive names, false',
      'arm',
      armCluster('"AadProfile": {\n  "MANAGED": false\n}'),
      '"MANAGED"',
      /aadProfile\.managed/,
    ),
    failsAt('absent', 'bicep', bicepCluster("dnsPrefix: 'aks'"), 'properties: {', /aadProfile\.managed/),
    failsAt(
      'managed: false',
      'bicep',
      bicepCluster('aadProfile: {\n  managed: false\n}'),
      'managed: false',
      /aadProfile\.managed is false/,
    ),
  ],
  unknown: [
    {
      name: 'managed from a variable without value',
      format: 'terraform',
      code: tfCluster(aadBlock('managed = var.managed'), {
        before: tfProvider('~> 3.0') + '\nvariable "managed" {}',
      }),
      message: /var\.managed/,
    },
    {
      name: 'the block from a dynamic block over an unknown list',
      format: 'terraform',
      code: tfCluster(
        'dynamic "azure_active_directory_role_based_access_control" {\n  for_each = var.aad\n  content {\n    azure_rbac_enabled = true\n  }\n}',
        { before: 'variable "aad" {}' },
      ),
      message: /var\.aad/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster('"aadProfile": { "managed": "[parameters(\'managed\')]" }', {
        parameters: '"managed": { "type": "bool" }',
      }),
      message: /managed/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('aadProfile: {\n  managed: aadManaged\n}', { before: 'param aadManaged bool' }),
      message: /aadManaged/,
    },
  ],
});
