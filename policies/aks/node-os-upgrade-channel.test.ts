import rule from './node-os-upgrade-channel';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const armProfile = (members: string): string => `"autoUpgradeProfile": {\n  ${members}\n}`;

ruleTester(rule, {
  valid: [
    { name: 'absent: defaults to NodeImage', format: 'terraform', code: tfCluster() },
    {
      name: '4.x node_os_upgrade_channel = "SecurityPatch"',
      format: 'terraform',
      code: tfCluster('node_os_upgrade_channel = "SecurityPatch"', { before: tfProvider('~> 4.0') }),
    },
    {
      name: '3.x node_os_channel_upgrade = "NodeImage"',
      format: 'terraform',
      code: tfCluster('node_os_channel_upgrade = "NodeImage"', { before: tfProvider('~> 3.0') }),
    },
    { name: 'absent: defaults to NodeImage', format: 'arm', code: armCluster('"dnsPrefix": "aks"') },
    {
      name: 'SecurityPatch',
      format: 'arm',
      code: armCluster(armProfile('"nodeOSUpgradeChannel": "SecurityPatch"')),
    },
    { name: 'absent', format: 'bicep', code: bicepCluster("dnsPrefix: 'aks'") },
    {
      name: 'NodeImage',
      format: 'bicep',
      code: bicepCluster("autoUpgradeProfile: {\n  nodeOSUpgradeChannel: 'NodeImage'\n}"),
    },
  ],
  invalid: [
    failsAt(
      '4.x None',
      'terraform',
      tfCluster('node_os_upgrade_channel = "None"'),
      'node_os_upgrade_channel',
      /does not patch node operating systems automatically \(node_os_upgrade_channel = "None"\)/,
    ),
    failsAt(
      '4.x Unmanaged',
      'terraform',
      tfCluster('node_os_upgrade_channel = "Unmanaged"'),
      'node_os_upgrade_channel',
      /node_os_upgrade_channel = "Unmanaged"/,
    ),
    failsAt(
      '3.x node_os_channel_upgrade = "None"',
      'terraform',
      tfCluster('node_os_channel_upgrade = "None"', { before: tfProvider('~> 3.0') }),
      'node_os_channel_upgrade',
      /node_os_channel_upgrade = "None".*Set node_os_channel_upgrade/,
    ),
    failsAt(
      'Unmanaged',
      'arm',
      armCluster(armProfile('"nodeOSUpgradeChannel": "Unmanaged"')),
      '"nodeOSUpgradeChannel"',
      /properties\.autoUpgradeProfile\.nodeOSUpgradeChannel = "Unmanaged"/,
    ),
    failsAt(
      'case-insensitive name and value',
      'arm',
      armCluster(armProfile('"NodeOsUpgradeChannel": "none"')),
      '"NodeOsUpgradeChannel"',
      /nodeOSUpgradeChannel = "none"/,
    ),
    failsAt(
      'None',
      'bicep',
      bicepCluster("autoUpgradeProfile: {\n  nodeOSUpgradeChannel: 'None'\n}"),
      'nodeOSUpgradeChannel',
      /nodeOSUpgradeChannel = "None"/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('node_os_upgrade_channel = var.node_os', { before: 'variable "node_os" {}' }),
      message: /var\.node_os/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armProfile('"nodeOSUpgradeChannel": "[parameters(\'nodeOs\')]"'), {
        parameters: '"nodeOs": { "type": "string" }',
      }),
      message: /nodeOs/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('autoUpgradeProfile: {\n  nodeOSUpgradeChannel: nodeOs\n}', {
        before: 'param nodeOs string',
      }),
      message: /nodeOs/,
    },
  ],
});
