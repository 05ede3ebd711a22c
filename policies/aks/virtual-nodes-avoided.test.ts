import rule from './virtual-nodes-avoided';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const tf2x = (enabled: string): string =>
  `addon_profile {\n  aci_connector_linux {\n    enabled     = ${enabled}\n    subnet_name = "aci"\n  }\n}`;
const armAddon = (enabled: string): string =>
  `"addonProfiles": {\n  "aciConnectorLinux": {\n    "enabled": ${enabled},\n    "config": { "SubnetName": "aci" }\n  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'no aci_connector_linux block', format: 'terraform', code: tfCluster() },
    {
      name: '2.x addon_profile.aci_connector_linux disabled',
      format: 'terraform',
      code: tfCluster(tf2x('false'), { before: tfProvider('~> 2.90') }),
    },
    { name: 'absent', format: 'arm', code: armCluster('"dnsPrefix": "aks"') },
    { name: 'disabled', format: 'arm', code: armCluster(armAddon('false')) },
    {
      name: 'disabled',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  aciConnectorLinux: {\n    enabled: false\n  }\n}'),
    },
  ],
  invalid: [
    failsAt(
      'aci_connector_linux block',
      'terraform',
      tfCluster('aci_connector_linux {\n  subnet_name = "aci"\n}'),
      'aci_connector_linux {',
      /virtual nodes \(the ACI connector, aci_connector_linux\)/,
    ),
    failsAt(
      '2.x addon_profile enabled',
      'terraform',
      tfCluster(tf2x('true'), { before: tfProvider('~> 2.90') }),
      'enabled     = true',
      /addon_profile\.aci_connector_linux\.enabled/,
    ),
    failsAt(
      'enabled',
      'arm',
      armCluster(armAddon('true')),
      '"enabled"',
      /properties\.addonProfiles\.aciConnectorLinux\.enabled/,
    ),
    failsAt(
      'case-insensitive names',
      'arm',
      armCluster('"addonProfiles": {\n  "ACIConnectorLinux": { "ENABLED": true }\n}'),
      '"ACIConnectorLinux"',
      /aciConnectorLinux/,
    ),
    failsAt(
      'enabled',
      'bicep',
      bicepCluster('addonProfiles: {\n  aciConnectorLinux: {\n    enabled: true\n  }\n}'),
      'enabled: true',
      /aciConnectorLinux\.enabled/,
    ),
  ],
  unknown: [
    {
      name: 'block from a dynamic block over an unknown list',
      format: 'terraform',
      code: tfCluster(
        'dynamic "aci_connector_linux" {\n  for_each = var.aci_subnets\n  content {\n    subnet_name = aci_connector_linux.value\n  }\n}',
        { before: 'variable "aci_subnets" {}' },
      ),
      message: /var\.aci_subnets/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armAddon('"[parameters(\'virtualNodes\')]"'), {
        parameters: '"virtualNodes": { "type": "bool" }',
      }),
      message: /virtualNodes/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  aciConnectorLinux: {\n    enabled: virtualNodes\n  }\n}', {
        before: 'param virtualNodes bool',
      }),
      message: /virtualNodes/,
    },
  ],
});
