import rule from './local-accounts-disabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

/** The cluster as the AzAPI provider declares it (the AVM Terraform module does): an ARM-shaped body. */
const azapiCluster = (properties: string): string =>
  [
    'resource "azapi_resource" "aks" {',
    '  type      = "Microsoft.ContainerService/managedClusters@2024-02-01"',
    '  name      = "aks-azapi"',
    '  parent_id = "/subscriptions/0000/resourceGroups/rg"',
    '  body = {',
    '    properties = {',
    `      ${properties}`,
    '    }',
    '  }',
    '}',
  ].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'disabled', format: 'terraform', code: tfCluster('local_account_disabled = true') },
    {
      name: 'disabled through a variable default',
      format: 'terraform',
      code: tfCluster('local_account_disabled = var.off', {
        before: 'variable "off" {\n  default = true\n}',
      }),
    },
    {
      name: 'disabled through tfvars',
      format: 'terraform',
      code: tfCluster('local_account_disabled = var.off', { before: 'variable "off" {}' }),
      files: { 'terraform.tfvars': 'off = true\n' },
    },
    {
      name: 'disabled, AzAPI resource',
      format: 'terraform',
      code: azapiCluster('disableLocalAccounts = true'),
    },
    { name: 'disabled', format: 'arm', code: armCluster('"disableLocalAccounts": true') },
    {
      name: 'disabled through a parameter default',
      format: 'arm',
      code: armCluster('"disableLocalAccounts": "[parameters(\'off\')]"', {
        parameters: '"off": { "type": "bool", "defaultValue": true }',
      }),
    },
    { name: 'disabled', format: 'bicep', code: bicepCluster('disableLocalAccounts: true') },
    {
      name: 'disabled through a param default',
      format: 'bicep',
      code: bicepCluster('disableLocalAccounts: off', { before: 'param off bool = true' }),
    },
  ],
  invalid: [
    failsAt(
      'set to false',
      'terraform',
      tfCluster('local_account_disabled = false'),
      'local_account_disabled',
      /local accounts enabled \(local_account_disabled = false\)/,
      // No Entra ID admin group: nobody may be left to administer the cluster.
      { output: tfCluster('local_account_disabled = true'), fixSafety: 'unsafe' },
    ),
    failsAt(
      'absent: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /is not set, so it defaults to false/,
      {
        output: tfCluster().replace(
          '  dns_prefix          = "aks-test"\n',
          '  dns_prefix          = "aks-test"\n  local_account_disabled = true\n',
        ),
      },
    ),
    failsAt(
      'false through tfvars',
      'terraform',
      tfCluster('local_account_disabled = var.off', { before: 'variable "off" {\n  default = true\n}' }),
      'local_account_disabled',
      /Set local_account_disabled = true/,
      { files: { 'terraform.tfvars': 'off = false\n' }, output: { 'terraform.tfvars': 'off = true\n' } },
    ),
    failsAt(
      'set to false, AzAPI resource: read with the ARM names',
      'terraform',
      azapiCluster('disableLocalAccounts = false'),
      'disableLocalAccounts',
      /Cluster "aks-azapi" keeps local accounts enabled \(properties.disableLocalAccounts = false\)/,
    ),
    failsAt(
      'set to false',
      'arm',
      armCluster('"disableLocalAccounts": false'),
      'disableLocalAccounts',
      /properties.disableLocalAccounts/,
      { output: armCluster('"disableLocalAccounts": true') },
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.disableLocalAccounts is not set, so it defaults to false/,
      {
        output: armCluster('"disableLocalAccounts": true,\n"dnsPrefix": "aks"'),
      },
    ),
    failsAt(
      'case-insensitive name',
      'arm',
      armCluster('"DisableLocalAccounts": false'),
      'DisableLocalAccounts',
      /keeps local accounts enabled \(properties\.disableLocalAccounts = false\)/,
    ),
    failsAt(
      'set to false',
      'bicep',
      bicepCluster('disableLocalAccounts: false'),
      'disableLocalAccounts',
      /\(properties\.disableLocalAccounts = false\).*Set properties\.disableLocalAccounts: true/,
      {
        output: bicepCluster('disableLocalAccounts: true'),
      },
    ),
    // null is "not set": the default (false) applies, and the finding points at the line that writes it.
    failsAt(
      'null, as a module passes an optional input on',
      'terraform',
      tfCluster('local_account_disabled = var.off', { before: 'variable "off" {\n  default = null\n}' }),
      'local_account_disabled',
      /is not set, so it defaults to false/,
    ),
    failsAt(
      'null',
      'arm',
      armCluster('"disableLocalAccounts": null'),
      'disableLocalAccounts',
      /properties\.disableLocalAccounts is not set, so it defaults to false/,
    ),
    failsAt(
      'null',
      'bicep',
      bicepCluster('disableLocalAccounts: null'),
      'disableLocalAccounts',
      /properties\.disableLocalAccounts is not set, so it defaults to false/,
    ),
    failsAt(
      'absent',
      'bicep',
      bicepCluster("dnsPrefix: 'aks'"),
      'properties: {',
      /properties\.disableLocalAccounts is not set, so it defaults to false/,
      { output: bicepCluster("dnsPrefix: 'aks'\ndisableLocalAccounts: true") },
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('local_account_disabled = var.off', { before: 'variable "off" {}' }),
      message: /var\.off/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster('"disableLocalAccounts": "[parameters(\'off\')]"', {
        parameters: '"off": { "type": "bool" }',
      }),
      message: /off/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('disableLocalAccounts: off', { before: 'param off bool' }),
      message: /off/,
    },
  ],
});
