import rule from './http-application-routing-disabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const tf2x = (enabled: string): string =>
  `addon_profile {\n  http_application_routing {\n    enabled = ${enabled}\n  }\n}`;
const armAddon = (enabled: string): string =>
  `"addonProfiles": {\n  "httpApplicationRouting": {\n    "enabled": ${enabled}\n  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'absent', format: 'terraform', code: tfCluster() },
    { name: 'false', format: 'terraform', code: tfCluster('http_application_routing_enabled = false') },
    {
      name: '2.x addon_profile disabled',
      format: 'terraform',
      code: tfCluster(tf2x('false'), { before: tfProvider('~> 2.90') }),
    },
    { name: 'absent', format: 'arm', code: armCluster('"dnsPrefix": "aks"') },
    { name: 'disabled', format: 'arm', code: armCluster(armAddon('false')) },
    { name: 'absent', format: 'bicep', code: bicepCluster("dnsPrefix: 'aks'") },
    {
      name: 'disabled',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  httpApplicationRouting: {\n    enabled: false\n  }\n}'),
    },
  ],
  invalid: [
    failsAt(
      'enabled',
      'terraform',
      tfCluster('http_application_routing_enabled = true'),
      'http_application_routing_enabled',
      /HTTP application routing add-on \(http_application_routing_enabled = true\).*Set http_application_routing_enabled = false/,
    ),
    failsAt(
      '2.x addon_profile enabled',
      'terraform',
      tfCluster(tf2x('true'), { before: tfProvider('~> 2.90') }),
      'enabled = true',
      /addon_profile\.http_application_routing\.enabled = true/,
    ),
    failsAt(
      'enabled',
      'arm',
      armCluster(armAddon('true')),
      '"enabled"',
      /properties\.addonProfiles\.httpApplicationRouting\.enabled = true/,
    ),
    failsAt(
      'case-insensitive names',
      'arm',
      armCluster('"AddonProfiles": {\n  "httpapplicationrouting": {\n    "Enabled": true\n  }\n}'),
      '"Enabled"',
      /httpApplicationRouting\.enabled/,
    ),
    failsAt(
      'enabled',
      'bicep',
      bicepCluster('addonProfiles: {\n  httpApplicationRouting: {\n    enabled: true\n  }\n}'),
      'enabled: true',
      /httpApplicationRouting\.enabled = true/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('http_application_routing_enabled = var.routing', { before: 'variable "routing" {}' }),
      message: /var\.routing/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armAddon('"[parameters(\'routing\')]"'), {
        parameters: '"routing": { "type": "bool" }',
      }),
      message: /routing/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  httpApplicationRouting: {\n    enabled: routing\n  }\n}', {
        before: 'param routing bool',
      }),
      message: /routing/,
    },
  ],
});
