import rule from './authorized-ip-ranges';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const tfProfile = (ranges: string): string =>
  `api_server_access_profile {\n  authorized_ip_ranges = ${ranges}\n}`;
const armProfile = (members: string): string => `"apiServerAccessProfile": {\n  ${members}\n}`;

ruleTester(rule, {
  valid: [
    {
      name: '4.x api_server_access_profile.authorized_ip_ranges',
      format: 'terraform',
      code: tfCluster(tfProfile('["203.0.113.0/24", "198.51.100.7/32"]')),
    },
    {
      name: '3.x api_server_authorized_ip_ranges',
      format: 'terraform',
      code: tfCluster('api_server_authorized_ip_ranges = ["203.0.113.0/24"]', {
        before: tfProvider('~> 3.0'),
      }),
    },
    {
      name: 'ranges through a variable default',
      format: 'terraform',
      code: tfCluster(tfProfile('var.ranges'), {
        before: 'variable "ranges" {\n  default = ["203.0.113.0/24"]\n}',
      }),
    },
    {
      name: 'private cluster without ranges',
      format: 'terraform',
      code: tfCluster('private_cluster_enabled = true'),
    },
    {
      name: 'private cluster with 0.0.0.0/0: the API server is not public anyway',
      format: 'terraform',
      code: tfCluster('private_cluster_enabled = true\n' + tfProfile('["0.0.0.0/0"]')),
    },
    {
      name: 'ranges listed',
      format: 'arm',
      code: armCluster(armProfile('"authorizedIPRanges": ["203.0.113.0/24"]')),
    },
    {
      name: 'case-insensitive names',
      format: 'arm',
      code: armCluster('"APIServerAccessProfile": {\n  "AuthorizedIpRanges": ["203.0.113.0/24"]\n}'),
    },
    {
      name: 'private cluster without ranges',
      format: 'arm',
      code: armCluster(armProfile('"enablePrivateCluster": true')),
    },
    {
      name: 'ranges from a parameter default',
      format: 'arm',
      code: armCluster(armProfile('"authorizedIPRanges": "[parameters(\'ranges\')]"'), {
        parameters: '"ranges": { "type": "array", "defaultValue": ["203.0.113.0/24"] }',
      }),
    },
    {
      name: '2019 preview properties.apiServerAuthorizedIPRanges',
      format: 'arm',
      code: armCluster('"apiServerAuthorizedIPRanges": ["203.0.113.0/24"]').replace(
        '2024-02-01',
        '2019-06-01',
      ),
    },
    {
      name: 'an empty entry beside a real range',
      format: 'terraform',
      code: tfCluster(tfProfile('["", "203.0.113.0/24"]')),
    },
    {
      name: '2019 preview properties.apiServerAuthorizedIPRanges',
      format: 'bicep',
      code: bicepCluster("apiServerAuthorizedIPRanges: [\n  '203.0.113.0/24'\n]"),
    },
    {
      name: 'ranges listed',
      format: 'bicep',
      code: bicepCluster("apiServerAccessProfile: {\n  authorizedIPRanges: [\n    '203.0.113.0/24'\n  ]\n}"),
    },
    {
      name: 'private cluster without ranges',
      format: 'bicep',
      code: bicepCluster('apiServerAccessProfile: {\n  enablePrivateCluster: true\n}'),
    },
  ],
  invalid: [
    failsAt(
      'public, no ranges: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /open to any address \(api_server_access_profile\.authorized_ip_ranges is not set\)/,
    ),
    failsAt(
      'public, empty list',
      'terraform',
      tfCluster(tfProfile('[]')),
      'authorized_ip_ranges',
      /authorized_ip_ranges is empty/,
    ),
    failsAt(
      '0.0.0.0/0 among the ranges',
      'terraform',
      tfCluster(tfProfile('["203.0.113.0/24", "0.0.0.0/0"]')),
      'authorized_ip_ranges',
      /from 0\.0\.0\.0\/0 \(api_server_access_profile\.authorized_ip_ranges\)/,
    ),
    failsAt(
      '3.x name with 0.0.0.0/0',
      'terraform',
      tfCluster('api_server_authorized_ip_ranges = ["0.0.0.0/0"]', { before: tfProvider('~> 3.0') }),
      'api_server_authorized_ip_ranges',
      /0\.0\.0\.0\/0 \(api_server_authorized_ip_ranges\)/,
    ),
    failsAt(
      'explicitly public, no ranges',
      'terraform',
      tfCluster('private_cluster_enabled = false'),
      'resource "azurerm_kubernetes_cluster"',
      /authorized_ip_ranges is not set/,
    ),
    failsAt(
      'an empty string is not a range',
      'terraform',
      tfCluster(tfProfile('[""]')),
      'authorized_ip_ranges',
      /authorized_ip_ranges is only empty strings/,
    ),
    failsAt(
      '2019 preview name with 0.0.0.0/0',
      'arm',
      armCluster('"apiServerAuthorizedIPRanges": ["0.0.0.0/0"]'),
      'apiServerAuthorizedIPRanges',
      /0\.0\.0\.0\/0 \(properties\.apiServerAuthorizedIPRanges\)/,
    ),
    failsAt(
      '2019 preview name with an empty string only',
      'arm',
      armCluster('"apiServerAuthorizedIPRanges": [""]'),
      'apiServerAuthorizedIPRanges',
      /only empty strings/,
    ),
    failsAt(
      'an empty string is not a range',
      'bicep',
      bicepCluster("apiServerAccessProfile: {\n  authorizedIPRanges: [\n    ''\n  ]\n}"),
      'authorizedIPRanges',
      /only empty strings/,
    ),
    failsAt(
      'public, no ranges: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.apiServerAccessProfile\.authorizedIPRanges is not set/,
    ),
    failsAt(
      '0.0.0.0/0',
      'arm',
      armCluster(armProfile('"authorizedIPRanges": ["0.0.0.0/0"]')),
      '"authorizedIPRanges"',
      /0\.0\.0\.0\/0.*authorizedIPRanges/,
    ),
    failsAt(
      'profile without ranges: points at the profile',
      'arm',
      armCluster(armProfile('"enablePrivateCluster": false')),
      '"apiServerAccessProfile"',
      /authorizedIPRanges is not set/,
    ),
    failsAt(
      '0.0.0.0/0',
      'bicep',
      bicepCluster("apiServerAccessProfile: {\n  authorizedIPRanges: [\n    '0.0.0.0/0'\n  ]\n}"),
      'authorizedIPRanges',
      /0\.0\.0\.0\/0/,
    ),
    failsAt(
      'no ranges',
      'bicep',
      bicepCluster("dnsPrefix: 'aks'"),
      'properties: {',
      /authorizedIPRanges is not set/,
    ),
  ],
  unknown: [
    {
      name: 'ranges from a variable without value',
      format: 'terraform',
      code: tfCluster(tfProfile('var.ranges'), { before: 'variable "ranges" {}' }),
      message: /var\.ranges/,
    },
    {
      name: 'one range from a variable without value',
      format: 'terraform',
      code: tfCluster(tfProfile('["203.0.113.0/24", var.office]'), { before: 'variable "office" {}' }),
      message: /var\.office/,
    },
    {
      name: 'no ranges, private from a variable without value',
      format: 'terraform',
      code: tfCluster('private_cluster_enabled = var.private', { before: 'variable "private" {}' }),
      message: /var\.private/,
    },
    {
      name: 'ranges parameter without default',
      format: 'arm',
      code: armCluster(armProfile('"authorizedIPRanges": "[parameters(\'ranges\')]"'), {
        parameters: '"ranges": { "type": "array" }',
      }),
      message: /ranges/,
    },
    {
      name: 'ranges param without default',
      format: 'bicep',
      code: bicepCluster('apiServerAccessProfile: {\n  authorizedIPRanges: apiRanges\n}', {
        before: 'param apiRanges array',
      }),
      message: /apiRanges/,
    },
  ],
});
