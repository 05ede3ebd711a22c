import { defineRule, unresolvedText } from '../api';
import { aksClusters } from '../../src/views/aks';
import { getProperty, UNREAD_MODULE, type Resource } from '../../src/model';
import type { ResourceGraph } from '../../src/graph/graph';
import { diagnosticSettingsFor, type DiagnosticSettingView } from '../../src/views/azure/diagnostics';
import { clusterName } from './lib';

/** Control-plane log categories that record who did what to the cluster. */
const AUDIT_CATEGORIES = ['kube-apiserver', 'kube-audit', 'kube-audit-admin'];
/** Category groups that include them. */
const AUDIT_GROUPS = ['audit', 'alllogs'];

type Verdict =
  | { state: 'collects' }
  | {
      state: 'unknown';
      message: string;
      range: DiagnosticSettingView['resource']['range'];
      /** From an invalid expression, already reported as an error. */
      invalid?: boolean;
    }
  | { state: 'lacks'; enabled: string[] };

/** Verdicts by setting: a setting is judged once however many clusters it may target. */
const judged = new WeakMap<DiagnosticSettingView, Verdict>();

function verdictOf(setting: DiagnosticSettingView): Verdict {
  let verdict = judged.get(setting);
  if (!verdict) judged.set(setting, (verdict = judge(setting)));
  return verdict;
}

function judge(setting: DiagnosticSettingView): Verdict {
  const { logs, unresolved } = setting.logs();
  const audit = logs.find(
    (l) =>
      l.enabled &&
      (l.kind === 'category'
        ? AUDIT_CATEGORIES.includes(l.name.toLowerCase())
        : AUDIT_GROUPS.includes(l.name.toLowerCase())),
  );
  if (audit) return { state: 'collects' };
  if (unresolved.length > 0) {
    const u = unresolved[0];
    return {
      state: 'unknown',
      range: u.range,
      ...(u.invalid ? { invalid: true } : {}),
      message: `Diagnostic setting "${setting.displayName}" may or may not collect control-plane audit logs: ${unresolvedText(u)}.`,
    };
  }
  return { state: 'lacks', enabled: logs.filter((l) => l.enabled).map((l) => l.name) };
}

/**
 * Code that receives the cluster's id and that the scan could not read: a module call not fetched
 * or not found, an AzAPI resource whose type is only known at apply, an ARM linked template.
 */
function unseenCodeGiven(graph: ResourceGraph, cluster: Resource): Resource | undefined {
  return graph.referencing(cluster.address).find(
    (r) =>
      r.type === UNREAD_MODULE ||
      r.type === 'azapi_resource' ||
      (r.type.toLowerCase() === 'microsoft.resources/deployments' &&
        getProperty(getProperty(r.body, 'properties', { ignoreCase: true }), 'templateLink', {
          ignoreCase: true,
        }) !== undefined),
  );
}

function describeUnseen(r: Resource): string {
  if (r.type === UNREAD_MODULE) return `${r.address}, a module the scan could not read`;
  if (r.type === 'azapi_resource') return `${r.address}, whose resource type is only known at apply`;
  return `deployment ${r.name}, a linked template the scan does not fetch`;
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
    const verdicts = definite.map((setting) => ({ setting, verdict: verdictOf(setting) }));
    if (verdicts.some((v) => v.verdict.state === 'collects')) return;
    const unresolved = verdicts.find((v) => v.verdict.state === 'unknown');
    if (unresolved && unresolved.verdict.state === 'unknown') {
      if (unresolved.verdict.invalid) return;
      ctx.report({
        status: 'unknown',
        range: unresolved.verdict.range,
        message: unresolved.verdict.message,
        resource: unresolved.setting.resource,
      });
      return;
    }
    if (possible.length > 0) {
      const setting = possible[0];
      const input = setting.targetInput();
      if (input?.invalid) return;
      ctx.report({
        status: 'unknown',
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
        range: unseen.range,
        resource: unseen,
        message: `${clusterName(view)} may or may not have its control-plane logs collected: no diagnostic setting in the scanned files targets it, but its id goes to ${describeUnseen(unseen)}, which may create one. Scan that code too, or add the diagnostic setting beside the cluster.`,
      });
      return;
    }
    if (first && first.verdict.state === 'lacks') {
      const { setting } = first;
      const { attribute } = setting.logs();
      const collected = first.verdict.enabled.length > 0 ? first.verdict.enabled.join(', ') : 'no logs';
      const add =
        setting.family === 'terraform'
          ? 'Add enabled_log { category = "kube-audit-admin" } (or category_group = "audit")'
          : "Add { category: 'kube-audit-admin', enabled: true } (or categoryGroup 'audit') to properties.logs";
      ctx.report({
        range: setting.resource.range,
        resource: setting.resource,
        message: `Diagnostic setting "${setting.displayName}" of cluster "${view.displayName}" collects ${collected} (${attribute}) but none of kube-apiserver, kube-audit, kube-audit-admin: API server requests are not recorded, so nobody can tell who read secrets or changed role bindings. ${add}.`,
      });
      return;
    }
    const how =
      view.family === 'terraform'
        ? 'Add an azurerm_monitor_diagnostic_setting with target_resource_id = this cluster\'s id and enabled_log { category = "kube-audit-admin" }'
        : "Add a Microsoft.Insights/diagnosticSettings resource with scope set to this cluster and logs [ { category: 'kube-audit-admin', enabled: true } ]";
    ctx.report({
      range: view.resource.range,
      message: `${clusterName(view)} has no diagnostic setting collecting its control-plane logs (none in the scanned files targets it): API server and audit logs are not kept, so nobody can tell who read secrets or changed role bindings. ${how}.`,
    });
  },
});
