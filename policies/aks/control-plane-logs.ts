import { defineRule } from '../api';
import { aksClusters } from '../../src/views/aks';
import {
  AUDIT_LOG_REMEDY,
  diagnosticSettingsFor,
  unseenCodeGiven,
  type UnseenCode,
} from '../../src/views/azure/diagnostics';
import { clusterName, unresolvedText } from '../lib';

function describeUnseen({ resource, kind }: UnseenCode): string {
  if (kind === 'module') return `${resource.address}, a module the scan could not read`;
  if (kind === 'azapi') return `${resource.address}, whose resource type is only known at apply`;
  return `deployment ${resource.name}, a linked template the scan does not fetch`;
}

export default defineRule({
  id: 'AKS306',
  slug: 'control-plane-logs',
  title: 'Control-plane logs are collected',
  severity: 'medium',
  description:
    'A diagnostic setting sends the cluster’s kube-apiserver, kube-audit or kube-audit-admin logs (or the audit / allLogs category group) to a workspace, storage account or event hub.',
  rationale:
    'The API server and audit logs are the only record of who read secrets, created role bindings or exec’d into pods. AKS keeps no copy you can query unless a diagnostic setting exports them; without one, an incident cannot be investigated and suspicious activity cannot be alerted on.',
  remediation: {
    terraform:
      'resource "azurerm_monitor_diagnostic_setting" "aks" {\n  name                       = "aks-control-plane"\n  target_resource_id         = azurerm_kubernetes_cluster.main.id\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id\n  enabled_log {\n    category = "kube-audit-admin"\n  }\n}',
    bicep:
      "resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {\n  name: 'aks-control-plane'\n  scope: aks\n  properties: {\n    workspaceId: workspace.id\n    logs: [ { category: 'kube-audit-admin', enabled: true } ]\n  }\n}",
    arm: '{\n  "type": "Microsoft.Insights/diagnosticSettings",\n  "apiVersion": "2021-05-01-preview",\n  "name": "aks-control-plane",\n  "scope": "[format(\'Microsoft.ContainerService/managedClusters/{0}\', parameters(\'clusterName\'))]",\n  "properties": {\n    "workspaceId": "[parameters(\'workspaceId\')]",\n    "logs": [ { "category": "kube-audit-admin", "enabled": true } ]\n  }\n}',
  },
  references: [
    'https://learn.microsoft.com/azure/aks/monitor-aks#aks-control-planeresource-logs',
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/monitor_diagnostic_setting',
    'https://learn.microsoft.com/azure/templates/microsoft.insights/diagnosticsettings',
  ],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    const { definite, possible } = diagnosticSettingsFor(ctx.graph, view.resource);
    const verdicts = definite.map((setting) => ({ setting, verdict: setting.auditLogs() }));
    if (verdicts.some((v) => v.verdict.state === 'collects')) return;
    const unresolved = verdicts.find((v) => v.verdict.state === 'unknown');
    if (unresolved && unresolved.verdict.state === 'unknown') {
      const { setting, verdict } = unresolved;
      ctx.report({
        status: 'unknown',
        because: verdict.because,
        range: verdict.because.range,
        message: `Diagnostic setting "${setting.displayName}" may or may not collect control-plane audit logs: ${unresolvedText(verdict.because)}.`,
        resource: setting.resource,
      });
      return;
    }
    if (possible.length > 0) {
      const setting = possible[0];
      const input = setting.targetInput();
      ctx.report({
        status: 'unknown',
        because: input,
        range: setting.resource.range,
        message: `${clusterName(view)} may or may not have its control-plane logs collected: diagnostic setting "${setting.displayName}" targets a resource that could not be resolved${input ? ` (${unresolvedText(input)})` : ''}.`,
        resource: setting.resource,
      });
      return;
    }
    const first = verdicts[0];
    const unseen = first ? undefined : unseenCodeGiven(ctx.graph, view.resource);
    if (unseen) {
      ctx.report({
        status: 'unknown',
        because: undefined,
        range: unseen.resource.range,
        resource: unseen.resource,
        message: `${clusterName(view)} may or may not have its control-plane logs collected: no diagnostic setting in the scanned files targets it, but its id goes to ${describeUnseen(unseen)}, which may create one. Scan that code too, or add the diagnostic setting beside the cluster.`,
      });
      return;
    }
    if (first && first.verdict.state === 'lacks') {
      const { setting } = first;
      const { attribute } = setting.logs();
      const collected = first.verdict.enabled.length > 0 ? first.verdict.enabled.join(', ') : 'no logs';
      ctx.report({
        range: setting.resource.range,
        resource: setting.resource,
        message: `Diagnostic setting "${setting.displayName}" of cluster "${view.displayName}" collects ${collected} (${attribute}) but none of kube-apiserver, kube-audit, kube-audit-admin: API server requests are not recorded, so nobody can tell who read secrets or changed role bindings. ${AUDIT_LOG_REMEDY[setting.family].addEntry}.`,
      });
      return;
    }
    ctx.report({
      range: view.resource.range,
      message: `${clusterName(view)} has no diagnostic setting collecting its control-plane logs (none in the scanned files targets it): API server and audit logs are not kept, so nobody can tell who read secrets or changed role bindings. ${AUDIT_LOG_REMEDY[view.family].addSetting}.`,
    });
  },
});
