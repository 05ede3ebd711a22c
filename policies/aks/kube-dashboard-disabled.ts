import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS303',
  slug: 'kube-dashboard-disabled',
  title: 'Kubernetes dashboard add-on is disabled',
  severity: 'high',
  description: 'The deprecated Kubernetes dashboard add-on is not enabled.',
  rationale:
    'The dashboard add-on has been abused to take over clusters: it runs with broad permissions behind a web UI. It is removed from current AKS versions; an explicit enabled flag in old templates brings it back on older clusters. Use the Azure portal resource view instead.',
  remediation: {
    terraform: '# azurerm 2.x\naddon_profile {\n  kube_dashboard {\n    enabled = false\n  }\n}',
    bicep: 'addonProfiles: {\n  kubeDashboard: {\n    enabled: false\n  }\n}',
    arm: '"addonProfiles": { "kubeDashboard": { "enabled": false } }',
  },
  references: ['https://learn.microsoft.com/azure/aks/kubernetes-dashboard', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  fix: {
    description: 'Sets the kube_dashboard add-on (addonProfiles.kubeDashboard.enabled) to false.',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.flag('kubeDashboard', false), {
      ok: (v) => v !== true,
      fix: (r) => settingFix(ctx, view, r, false),
      fail: (r) =>
        `${clusterName(view)} enables the Kubernetes dashboard add-on (${current(r)}): a privileged web UI that has been used to take over clusters. Set ${assign(view, r.attribute, false)}.`,
    });
  },
});
