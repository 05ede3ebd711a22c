import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS401',
  slug: 'auto-upgrade-channel',
  title: 'Automatic upgrade channel is set',
  severity: 'medium',
  description:
    'The cluster follows an automatic Kubernetes upgrade channel (patch, stable, rapid or node-image).',
  rationale:
    'Clusters that are upgraded by hand fall behind on Kubernetes security patches and eventually out of support. An upgrade channel (with a maintenance window) keeps the control plane and nodes patched.',
  remediation: {
    terraform: 'automatic_upgrade_channel = "patch"  # azurerm 3.x: automatic_channel_upgrade',
    bicep: "autoUpgradeProfile: {\n  upgradeChannel: 'patch'\n}",
    arm: '"autoUpgradeProfile": { "upgradeChannel": "patch" }',
  },
  references: ['https://learn.microsoft.com/azure/aks/auto-upgrade-cluster', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Sets automatic_upgrade_channel = "patch" (properties.autoUpgradeProfile.upgradeChannel: \'patch\'), inserting it when absent.',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.setting('upgradeChannel'), {
      ok: (v) => typeof v === 'string' && v.toLowerCase() !== 'none' && v !== '',
      fix: (r) => settingFix(ctx, view, r, 'patch'),
      fail: (r) =>
        `${clusterName(view)} has no automatic upgrade channel (${current(r, 'none')}): Kubernetes security patches wait for someone to upgrade by hand. Set ${r.attribute} to "patch" or "stable", with a maintenance window.`,
    });
  },
});
