import { defineRule, expectReading } from '../api';
import { ADDON_ENABLING, aksClusters } from '../../src/views/aks';
import { clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS305',
  slug: 'container-insights-enabled',
  title: 'Container insights is enabled',
  severity: 'low',
  description: 'The monitoring agent (Container insights) collects container logs and metrics.',
  rationale:
    'Without container logs and metrics in Log Analytics there is nothing to investigate an incident with after the fact: pods are gone, and node logs rotate away.',
  remediation: {
    terraform: 'oms_agent {\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id\n}',
    bicep:
      'addonProfiles: {\n  omsagent: {\n    enabled: true\n    config: {\n      logAnalyticsWorkspaceResourceID: workspace.id\n    }\n  }\n}',
    arm: '"addonProfiles": { "omsagent": { "enabled": true, "config": { "logAnalyticsWorkspaceResourceID": "[parameters(\'workspaceId\')]" } } }',
  },
  references: [
    'https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-overview',
    TF_DOCS,
    ARM_DOCS,
  ],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Turns the omsagent add-on (addon_profile.oms_agent.enabled on azurerm 2.x) back to true when it already names its Log Analytics workspace; nothing is offered when it has none (the fix cannot choose one).',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.addon('containerInsights'), {
      ok: (v) => v === true,
      fix: (r) =>
        r.state === 'set' && view.addonHasWorkspace('containerInsights')
          ? settingFix(ctx, view, r, true)
          : undefined,
      fail: (r) =>
        view.family === 'terraform' && r.state === 'absent'
          ? `${clusterName(view)} has no Container insights (no ${r.attribute} block): there are no container logs to investigate an incident with. ${ADDON_ENABLING.containerInsights.block}.`
          : `${clusterName(view)} has no Container insights (${current(r, 'false')}): there are no container logs to investigate an incident with. ${ADDON_ENABLING.containerInsights.flag}.`,
    });
  },
});
