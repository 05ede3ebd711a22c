import rule from './egress-through-firewall';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

const tfNetwork = (body: string): string => `network_profile {\n  network_plugin = "azure"\n  ${body}\n}`;
const armNetwork = (members: string): string =>
  `"networkProfile": {\n  "networkPlugin": "azure"${members ? ',\n  ' + members : ''}\n}`;

ruleTester(rule, {
  valid: [
    {
      name: 'userDefinedRouting',
      format: 'terraform',
      code: tfCluster(tfNetwork('outbound_type = "userDefinedRouting"')),
    },
    {
      name: 'userAssignedNATGateway',
      format: 'terraform',
      code: tfCluster(tfNetwork('outbound_type = "userAssignedNATGateway"')),
    },
    {
      name: 'userDefinedRouting',
      format: 'arm',
      code: armCluster(armNetwork('"outboundType": "userDefinedRouting"')),
    },
    {
      name: 'case-insensitive name and value',
      format: 'arm',
      code: armCluster(armNetwork('"OutboundType": "UserDefinedRouting"')),
    },
    {
      name: 'none (no outbound path)',
      format: 'arm',
      code: armCluster(armNetwork('"outboundType": "none"')),
    },
    {
      name: 'userDefinedRouting',
      format: 'bicep',
      code: bicepCluster("networkProfile: {\n  outboundType: 'userDefinedRouting'\n}"),
    },
  ],
  invalid: [
    failsAt(
      'absent: defaults to loadBalancer, points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /network_profile\.outbound_type is not set, so it defaults to loadBalancer.*userDefinedRouting/,
    ),
    failsAt(
      'network_profile without outbound_type: points at the block',
      'terraform',
      tfCluster(tfNetwork('network_policy = "azure"')),
      'network_profile {',
      /outbound_type is not set/,
    ),
    failsAt(
      'loadBalancer',
      'terraform',
      tfCluster(tfNetwork('outbound_type = "loadBalancer"')),
      'outbound_type',
      /network_profile\.outbound_type = "loadBalancer"/,
    ),
    failsAt(
      'managedNATGateway goes straight to the internet',
      'terraform',
      tfCluster(tfNetwork('outbound_type = "managedNATGateway"')),
      'outbound_type',
      /outbound_type = "managedNATGateway"/,
    ),
    failsAt(
      'loadBalancer',
      'arm',
      armCluster(armNetwork('"outboundType": "loadBalancer"')),
      '"outboundType"',
      /properties\.networkProfile\.outboundType = "loadBalancer"/,
    ),
    failsAt(
      'absent: points at networkProfile',
      'arm',
      armCluster(armNetwork('')),
      '"networkProfile"',
      /outboundType is not set, so it defaults to loadBalancer/,
    ),
    failsAt('absent', 'bicep', bicepCluster("dnsPrefix: 'aks'"), 'properties: {', /outboundType is not set/),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster(tfNetwork('outbound_type = var.outbound'), { before: 'variable "outbound" {}' }),
      message: /var\.outbound/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armNetwork('"outboundType": "[parameters(\'outbound\')]"'), {
        parameters: '"outbound": { "type": "string" }',
      }),
      message: /outbound/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('networkProfile: {\n  outboundType: egress\n}', { before: 'param egress string' }),
      message: /egress/,
    },
  ],
});
