import rule from './azure-policy-enabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const tf2x = (enabled: string): string =>
  `addon_profile {\n  azure_policy {\n    enabled = ${enabled}\n  }\n}`;
const armAddon = (name: string, enabled: string): string =>
  `"addonProfiles": {\n  "${name}": {\n    "enabled": ${enabled}\n  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'enabled', format: 'terraform', code: tfCluster('azure_policy_enabled = true') },
    {
      name: '2.x addon_profile.azure_policy.enabled',
      format: 'terraform',
      code: tfCluster(tf2x('true'), { before: tfProvider('~> 2.90') }),
    },
    { name: 'enabled', format: 'arm', code: armCluster(armAddon('azurepolicy', 'true')) },
    {
      name: 'camel-cased add-on name (matched case-insensitively)',
      format: 'arm',
      code: armCluster(armAddon('azurePolicy', 'true')),
    },
    {
      name: 'enabled',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  azurepolicy: {\n    enabled: true\n  }\n}'),
    },
  ],
  invalid: [
    failsAt(
      'absent: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /without the Azure Policy add-on \(azure_policy_enabled is not set, so it defaults to false\)/,
    ),
    failsAt(
      'false',
      'terraform',
      tfCluster('azure_policy_enabled = false'),
      'azure_policy_enabled',
      /azure_policy_enabled = false.*Set azure_policy_enabled = true/,
    ),
    failsAt(
      '2.x addon_profile disabled',
      'terraform',
      tfCluster(tf2x('false'), { before: tfProvider('~> 2.90') }),
      'enabled = false',
      /addon_profile\.azure_policy\.enabled = false/,
    ),
    failsAt(
      '2.x addon_profile without azure_policy: points at addon_profile',
      'terraform',
      tfCluster('addon_profile {\n  kube_dashboard {\n    enabled = false\n  }\n}', {
        before: tfProvider('~> 2.90'),
      }),
      'addon_profile {',
      /addon_profile\.azure_policy\.enabled is not set/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.addonProfiles\.azurepolicy\.enabled is not set/,
    ),
    failsAt(
      'other add-ons only: points at addonProfiles',
      'arm',
      armCluster(armAddon('omsagent', 'true')),
      '"addonProfiles"',
      /azurepolicy\.enabled is not set/,
    ),
    failsAt(
      'disabled, camel-cased',
      'arm',
      armCluster(armAddon('azurePolicy', 'false')),
      '"enabled"',
      /azurepolicy\.enabled = false/,
    ),
    failsAt('absent', 'bicep', bicepCluster("dnsPrefix: 'aks'"), 'properties: {', /azurepolicy\.enabled/),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('azure_policy_enabled = var.policy', { before: 'variable "policy" {}' }),
      message: /var\.policy/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armAddon('azurepolicy', '"[parameters(\'policy\')]"'), {
        parameters: '"policy": { "type": "bool" }',
      }),
      message: /policy/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  azurepolicy: {\n    enabled: policyAddon\n  }\n}', {
        before: 'param policyAddon bool',
      }),
      message: /policyAddon/,
    },
  ],
});
