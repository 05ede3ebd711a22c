import { defineRule, expectReading } from '../api';
import { ADDON_ENABLING, aksClusters } from '../../src/views/aks';
import { clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS302',
  slug: 'defender-enabled',
  title: 'Defender for Containers is enabled on the cluster',
  severity: 'medium',
  description: 'The Defender for Containers sensor runs on the cluster and reports runtime threats.',
  rationale:
    'Without the Defender sensor, runtime attacks (crypto miners, reverse shells, access to the metadata endpoint, suspicious API calls) go undetected and unalerted.',
  remediation: {
    terraform:
      'microsoft_defender {\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id\n}',
    bicep:
      'securityProfile: {\n  defender: {\n    logAnalyticsWorkspaceResourceId: workspace.id\n    securityMonitoring: {\n      enabled: true\n    }\n  }\n}',
    arm: '"securityProfile": { "defender": { "logAnalyticsWorkspaceResourceId": "[parameters(\'workspaceId\')]", "securityMonitoring": { "enabled": true } } }',
  },
  references: [
    'https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-introduction',
    TF_DOCS,
    ARM_DOCS,
  ],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Turns securityProfile.defender.securityMonitoring.enabled back to true when the defender profile already names its Log Analytics workspace; nothing is offered when the sensor has no workspace to report to (the fix cannot choose one).',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.addon('defender'), {
      ok: (v) => v === true,
      fix: (r) =>
        r.state === 'set' && view.addonHasWorkspace('defender') ? settingFix(ctx, view, r, true) : undefined,
      fail: (r) =>
        view.family === 'terraform'
          ? `${clusterName(view)} has no Defender for Containers sensor (no ${r.attribute} block): runtime attacks go undetected. ${ADDON_ENABLING.defender.block}.`
          : `${clusterName(view)} has no Defender for Containers sensor (${current(r, 'false')}): runtime attacks go undetected. ${ADDON_ENABLING.defender.flag}.`,
    });
  },
});
