import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS402',
  slug: 'node-os-upgrade-channel',
  title: 'Node OS security patches are applied automatically',
  severity: 'medium',
  description:
    'The node OS upgrade channel applies security patches (SecurityPatch or NodeImage), not None or Unmanaged.',
  rationale:
    'With None or Unmanaged, node operating systems miss kernel and package security fixes (Unmanaged leaves reboots to you, and nodes rarely reboot). The platform default, NodeImage, passes.',
  remediation: {
    terraform:
      'node_os_upgrade_channel = "NodeImage"  # or "SecurityPatch"; azurerm 3.x: node_os_channel_upgrade',
    bicep: "autoUpgradeProfile: {\n  nodeOSUpgradeChannel: 'NodeImage'\n}",
    arm: '"autoUpgradeProfile": { "nodeOSUpgradeChannel": "NodeImage" }',
  },
  references: ['https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Sets node_os_upgrade_channel = "NodeImage" (properties.autoUpgradeProfile.nodeOSUpgradeChannel: \'NodeImage\').',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.setting('nodeOsUpgradeChannel', 'NodeImage'), {
      ok: (v) => typeof v !== 'string' || !['none', 'unmanaged'].includes(v.toLowerCase()),
      fix: (r) => settingFix(ctx, view, r, 'NodeImage'),
      fail: (r) =>
        `${clusterName(view)} does not patch node operating systems automatically (${current(r)}): kernel and package fixes never reach the nodes. Set ${r.attribute} to "NodeImage" or "SecurityPatch".`,
    });
  },
});
