import rule from './private-cluster';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

ruleTester(rule, {
  valid: [
    { name: 'private', format: 'terraform', code: tfCluster('private_cluster_enabled = true') },
    {
      name: 'private through a local',
      format: 'terraform',
      code: tfCluster('private_cluster_enabled = local.private', {
        before: 'locals {\n  private = true\n}',
      }),
    },
    {
      name: 'private, with the azurerm 2.x name',
      format: 'terraform',
      code: tfCluster('private_link_enabled = true'),
    },
    {
      name: 'private',
      format: 'arm',
      code: armCluster('"apiServerAccessProfile": { "enablePrivateCluster": true }'),
    },
    {
      name: 'case-insensitive names',
      format: 'arm',
      code: armCluster('"ApiServerAccessProfile": { "EnablePrivateCluster": true }'),
    },
    {
      name: 'private',
      format: 'bicep',
      code: bicepCluster('apiServerAccessProfile: {\n  enablePrivateCluster: true\n}'),
    },
  ],
  invalid: [
    failsAt(
      'absent: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /private_cluster_enabled is not set, so it defaults to false.*needs a new cluster/,
    ),
    failsAt(
      'false',
      'terraform',
      tfCluster('private_cluster_enabled = false'),
      'private_cluster_enabled',
      /private_cluster_enabled = false/,
    ),
    failsAt(
      'false, with the azurerm 2.x name',
      'terraform',
      tfCluster('private_link_enabled = false'),
      'private_link_enabled',
      /private_link_enabled = false/,
    ),
    failsAt(
      'absent in a cluster written for azurerm 2.x: suggests the name 2.x knows',
      'terraform',
      tfCluster('addon_profile {\n  azure_policy {\n    enabled = true\n  }\n}'),
      'resource "azurerm_kubernetes_cluster"',
      /private_cluster_enabled is not set/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.apiServerAccessProfile\.enablePrivateCluster is not set/,
    ),
    failsAt(
      'apiServerAccessProfile without it: points at the profile',
      'arm',
      armCluster('"apiServerAccessProfile": {\n  "authorizedIPRanges": ["203.0.113.0/24"]\n}'),
      '"apiServerAccessProfile"',
      /enablePrivateCluster/,
    ),
    failsAt(
      'case-insensitive name, false',
      'arm',
      armCluster('"apiServerAccessProfile": {\n  "enableprivatecluster": false\n}'),
      '"enableprivatecluster"',
      /enablePrivateCluster = false/,
    ),
    failsAt('absent', 'bicep', bicepCluster("dnsPrefix: 'aks'"), 'properties: {', /enablePrivateCluster/),
    failsAt(
      'false',
      'bicep',
      bicepCluster('apiServerAccessProfile: {\n  enablePrivateCluster: false\n}'),
      'enablePrivateCluster',
      /enablePrivateCluster = false/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('private_cluster_enabled = var.private', { before: 'variable "private" {}' }),
      message: /var\.private/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster('"apiServerAccessProfile": { "enablePrivateCluster": "[parameters(\'private\')]" }', {
        parameters: '"private": { "type": "bool" }',
      }),
      message: /private/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('apiServerAccessProfile: {\n  enablePrivateCluster: isPrivate\n}', {
        before: 'param isPrivate bool',
      }),
      message: /isPrivate/,
    },
  ],
});
