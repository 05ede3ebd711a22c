import rule from './auto-upgrade-channel';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const armProfile = (members: string): string => `"autoUpgradeProfile": {\n  ${members}\n}`;

ruleTester(rule, {
  valid: [
    {
      name: '4.x automatic_upgrade_channel = "patch"',
      format: 'terraform',
      code: tfCluster('automatic_upgrade_channel = "patch"', { before: tfProvider('~> 4.0') }),
    },
    {
      name: '3.x automatic_channel_upgrade = "stable"',
      format: 'terraform',
      code: tfCluster('automatic_channel_upgrade = "stable"', { before: tfProvider('~> 3.0') }),
    },
    { name: 'stable', format: 'arm', code: armCluster(armProfile('"upgradeChannel": "stable"')) },
    {
      name: 'case-insensitive names',
      format: 'arm',
      code: armCluster('"AutoUpgradeProfile": {\n  "UpgradeChannel": "patch"\n}'),
    },
    {
      name: 'rapid',
      format: 'bicep',
      code: bicepCluster("autoUpgradeProfile: {\n  upgradeChannel: 'rapid'\n}"),
    },
  ],
  invalid: [
    failsAt(
      'absent, 4.x: names automatic_upgrade_channel',
      'terraform',
      tfCluster('', { before: tfProvider('~> 4.0') }),
      'resource "azurerm_kubernetes_cluster"',
      /no automatic upgrade channel \(automatic_upgrade_channel is not set, so it defaults to none\).*Set automatic_upgrade_channel/,
    ),
    failsAt(
      'absent, 3.x: names automatic_channel_upgrade',
      'terraform',
      tfCluster('', { before: tfProvider('~> 3.0') }),
      'resource "azurerm_kubernetes_cluster"',
      /automatic_channel_upgrade is not set.*Set automatic_channel_upgrade/,
    ),
    failsAt(
      'absent, no constraint: names the current automatic_upgrade_channel',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /Set automatic_upgrade_channel/,
    ),
    failsAt(
      '4.x "none"',
      'terraform',
      tfCluster('automatic_upgrade_channel = "none"'),
      'automatic_upgrade_channel',
      /automatic_upgrade_channel = "none"/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.autoUpgradeProfile\.upgradeChannel is not set/,
    ),
    failsAt(
      'profile without the channel: points at the profile',
      'arm',
      armCluster(armProfile('"nodeOSUpgradeChannel": "NodeImage"')),
      '"autoUpgradeProfile"',
      /upgradeChannel is not set/,
    ),
    failsAt(
      'none',
      'arm',
      armCluster(armProfile('"upgradeChannel": "none"')),
      '"upgradeChannel"',
      /upgradeChannel = "none"/,
    ),
    failsAt(
      'absent',
      'bicep',
      bicepCluster("dnsPrefix: 'aks'"),
      'properties: {',
      /upgradeChannel is not set/,
    ),
    failsAt(
      'none',
      'bicep',
      bicepCluster("autoUpgradeProfile: {\n  upgradeChannel: 'none'\n}"),
      'upgradeChannel',
      /upgradeChannel = "none"/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('automatic_upgrade_channel = var.channel', { before: 'variable "channel" {}' }),
      message: /var\.channel/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armProfile('"upgradeChannel": "[parameters(\'channel\')]"'), {
        parameters: '"channel": { "type": "string" }',
      }),
      message: /channel/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('autoUpgradeProfile: {\n  upgradeChannel: channel\n}', {
        before: 'param channel string',
      }),
      message: /channel/,
    },
  ],
});
