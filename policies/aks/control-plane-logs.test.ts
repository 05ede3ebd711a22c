import rule from './control-plane-logs';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, lineOf, tfCluster } from '../../test/aks-cases';

const tfSetting = (logs: string, target = 'azurerm_kubernetes_cluster.c.id'): string =>
  [
    'resource "azurerm_monitor_diagnostic_setting" "aks" {',
    '  name                       = "aks-control-plane"',
    `  target_resource_id         = ${target}`,
    '  log_analytics_workspace_id = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"',
    logs,
    '}',
  ].join('\n');

const armSetting = (
  logs: string,
  scope = "[resourceId('Microsoft.ContainerService/managedClusters', 'aks-test')]",
): string =>
  [
    '{',
    '  "type": "Microsoft.Insights/diagnosticSettings",',
    '  "apiVersion": "2021-05-01-preview",',
    '  "name": "aks-control-plane",',
    `  "scope": "${scope}",`,
    '  "properties": {',
    `    "logs": [${logs}]`,
    '  }',
    '}',
  ].join('\n');

const bicepSetting = (logs: string, scope = 'aks'): string =>
  [
    "resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {",
    "  name: 'aks-control-plane'",
    `  scope: ${scope}`,
    '  properties: {',
    '    logs: [',
    `      ${logs}`,
    '    ]',
    '  }',
    '}',
  ].join('\n');

const tfGuardOnly = tfCluster('', { after: tfSetting('  enabled_log {\n    category = "guard"\n  }') });
const armAuditOff = armCluster('', {
  resources: armSetting(
    '{ "category": "kube-audit", "enabled": false }, { "category": "guard", "enabled": true }',
  ),
});

ruleTester(rule, {
  valid: [
    {
      name: 'enabled_log kube-audit-admin',
      format: 'terraform',
      code: tfCluster('', { after: tfSetting('  enabled_log {\n    category = "kube-audit-admin"\n  }') }),
    },
    {
      name: 'category group audit',
      format: 'terraform',
      code: tfCluster('', { after: tfSetting('  enabled_log {\n    category_group = "audit"\n  }') }),
    },
    {
      name: 'azurerm 3.x log block, enabled by default',
      format: 'terraform',
      code: tfCluster('', { after: tfSetting('  log {\n    category = "kube-apiserver"\n  }') }),
    },
    {
      name: 'setting in another file of the folder',
      format: 'terraform',
      code: tfCluster(),
      files: { 'diagnostics.tf': tfSetting('  enabled_log {\n    category_group = "allLogs"\n  }') },
    },
    {
      name: 'cluster in a local module, setting on its output',
      format: 'terraform',
      code: [
        'module "aks" {',
        '  source = "./modules/aks"',
        '}',
        tfSetting('  enabled_log {\n    category = "kube-audit"\n  }', 'module.aks.cluster_id'),
      ].join('\n'),
      files: {
        'modules/aks/main.tf': tfCluster('', {
          after: 'output "cluster_id" {\n  value = azurerm_kubernetes_cluster.c.id\n}',
        }),
      },
      entries: ['main.tf'],
    },
    {
      name: 'setting in a diagnostics module, given the cluster id through a local',
      format: 'terraform',
      code: tfCluster('', {
        after: [
          'locals {\n  cluster_id = azurerm_kubernetes_cluster.c.id\n}',
          'module "diagnostics" {\n  source    = "./modules/diagnostics"\n  target_id = local.cluster_id\n}',
        ].join('\n'),
      }),
      files: {
        'modules/diagnostics/main.tf': [
          'variable "target_id" {}',
          tfSetting('  enabled_log {\n    category = "kube-audit"\n  }', 'var.target_id'),
        ].join('\n'),
      },
      entries: ['main.tf'],
    },
    {
      name: 'an azurerm setting on a cluster declared with AzAPI',
      format: 'terraform',
      code: [
        'resource "azapi_resource" "c" {',
        '  type      = "Microsoft.ContainerService/managedClusters@2024-02-01"',
        '  name      = "aks-azapi"',
        '  parent_id = "/subscriptions/0000/resourceGroups/rg"',
        '  body      = { properties = { disableLocalAccounts = true } }',
        '}',
        tfSetting('  enabled_log {\n    category = "kube-audit"\n  }', 'azapi_resource.c.id'),
      ].join('\n'),
    },
    {
      name: 'literal resource id naming the cluster',
      format: 'terraform',
      code: tfCluster('', {
        after: tfSetting(
          '  enabled_log {\n    category = "kube-audit"\n  }',
          '"/subscriptions/0000/resourceGroups/rg-test/providers/Microsoft.ContainerService/managedClusters/aks-test"',
        ),
      }),
    },
    {
      name: 'scope by resourceId, category group',
      format: 'arm',
      code: armCluster('', { resources: armSetting('{ "categoryGroup": "audit", "enabled": true }') }),
    },
    {
      name: 'scope by format(), category name in another case',
      format: 'arm',
      code: armCluster('', {
        resources: armSetting(
          '{ "category": "Kube-Audit", "enabled": true }',
          "[format('Microsoft.ContainerService/managedClusters/{0}', 'aks-test')]",
        ),
      }),
    },
    {
      name: 'nested providers/diagnosticSettings child',
      format: 'arm',
      code: armCluster('', {
        top: [
          '"resources": [',
          '  {',
          '    "type": "providers/diagnosticSettings",',
          '    "apiVersion": "2021-05-01-preview",',
          '    "name": "Microsoft.Insights/aks-control-plane",',
          '    "dependsOn": ["aks-test"],',
          '    "properties": { "logs": [ { "category": "kube-audit-admin", "enabled": true } ] }',
          '  }',
          ']',
        ].join('\n'),
      }),
    },
    {
      name: 'scope: aks',
      format: 'bicep',
      code: bicepCluster('', { after: bicepSetting("{ category: 'kube-audit-admin', enabled: true }") }),
    },
    {
      name: 'enabled through a param default',
      format: 'bicep',
      code: bicepCluster('', {
        before: 'param audit bool = true',
        after: bicepSetting("{ categoryGroup: 'allLogs', enabled: audit }"),
      }),
    },
  ],
  invalid: [
    failsAt(
      'a cluster declared with AzAPI and no setting',
      'terraform',
      'resource "azapi_resource" "c" {\n  type = "Microsoft.ContainerService/managedClusters@2024-02-01"\n  name = "aks-azapi"\n  body = { properties = {} }\n}',
      'resource "azapi_resource"',
      /aks-azapi/,
    ),
    failsAt(
      'no diagnostic setting: points at the cluster',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /Cluster "aks-test" has no diagnostic setting collecting its control-plane logs.*azurerm_monitor_diagnostic_setting/,
    ),
    failsAt(
      'setting without audit categories: points at the setting',
      'terraform',
      tfGuardOnly,
      'resource "azurerm_monitor_diagnostic_setting"',
      /"aks-control-plane" of cluster "aks-test" collects guard \(enabled_log\) but none of kube-apiserver/,
    ),
    failsAt(
      'azurerm 3.x log block turned off',
      'terraform',
      tfCluster('', {
        after: tfSetting('  log {\n    category = "kube-audit"\n    enabled  = false\n  }'),
      }),
      'resource "azurerm_monitor_diagnostic_setting"',
      /collects no logs/,
    ),
    {
      name: 'cluster in a local module, setting without audit logs on its output',
      format: 'terraform',
      code: [
        'module "aks" {',
        '  source = "./modules/aks"',
        '}',
        tfSetting('  enabled_log {\n    category = "guard"\n  }', 'module.aks.cluster_id'),
      ].join('\n'),
      files: {
        'modules/aks/main.tf': tfCluster('', {
          after: 'output "cluster_id" {\n  value = azurerm_kubernetes_cluster.c.id\n}',
        }),
      },
      entries: ['main.tf'],
      errors: [{ line: 4, file: 'main.tf', message: /collects guard/ }],
    },
    failsAt(
      'setting targets another cluster',
      'terraform',
      tfCluster('', {
        after: [
          'resource "azurerm_kubernetes_cluster" "other" {',
          '  name = "aks-other"',
          '}',
          tfSetting(
            '  enabled_log {\n    category = "kube-audit"\n  }',
            'azurerm_kubernetes_cluster.other.id',
          ),
        ].join('\n'),
      }),
      'resource "azurerm_kubernetes_cluster" "c"',
      /Cluster "aks-test" has no diagnostic setting/,
    ),
    {
      name: 'no diagnostic setting: points at the cluster object',
      format: 'arm',
      code: armCluster(),
      errors: [
        {
          line: lineOf(armCluster(), '"type": "Microsoft.ContainerService/managedClusters"') - 1,
          message:
            /has no diagnostic setting collecting its control-plane logs \(none in the scanned files targets it\)/,
        },
      ],
    },
    {
      name: 'audit turned off',
      format: 'arm',
      code: armAuditOff,
      errors: [
        {
          line: lineOf(armAuditOff, '"type": "Microsoft.Insights/diagnosticSettings"') - 1,
          message: /collects guard \(properties.logs\)/,
        },
      ],
    },
    failsAt(
      'no diagnostic setting',
      'bicep',
      bicepCluster(),
      'resource aks',
      /Microsoft.Insights\/diagnosticSettings resource with scope set to this cluster/,
    ),
    failsAt(
      'only metrics-like categories',
      'bicep',
      bicepCluster('', { after: bicepSetting("{ category: 'cluster-autoscaler', enabled: true }") }),
      'resource diag',
      /collects cluster-autoscaler \(properties\.logs\) but none of kube-apiserver, kube-audit, kube-audit-admin/,
    ),
  ],
  unknown: [
    {
      name: 'target from a variable without value',
      format: 'terraform',
      code: tfCluster('', {
        before: 'variable "cluster_id" {}',
        after: tfSetting('  enabled_log {\n    category = "kube-audit"\n  }', 'var.cluster_id'),
      }),
      message: /var\.cluster_id/,
    },
    {
      name: 'category from a variable without value',
      format: 'terraform',
      code: tfCluster('', {
        before: 'variable "category" {}',
        after: tfSetting('  enabled_log {\n    category = var.category\n  }'),
      }),
      message: /enabled_log.category = var.category/,
    },
    {
      name: 'enabled from a parameter without default',
      format: 'arm',
      code: armCluster('', {
        parameters: '"audit": { "type": "bool" }',
        resources: armSetting('{ "category": "kube-audit", "enabled": "[parameters(\'audit\')]" }'),
      }),
      message: /audit/,
    },
    {
      name: 'category from a param without default',
      format: 'bicep',
      code: bicepCluster('', {
        before: 'param category string',
        after: bicepSetting('{ category: category, enabled: true }'),
      }),
      message: /category/,
    },
    {
      name: 'the cluster id goes to a registry module the scan does not fetch',
      format: 'terraform',
      code: tfCluster('', {
        after: [
          'module "diagnostics" {',
          '  source    = "Azure/avm-res-insights-diagnosticsetting/azurerm"',
          '  target_id = azurerm_kubernetes_cluster.c.id',
          '}',
        ].join('\n'),
      }),
      message: /its id goes to module\.diagnostics, a module the scan could not read, which may create one/,
    },
    {
      name: 'the cluster id goes to an AzAPI resource whose type is a variable',
      format: 'terraform',
      code: tfCluster('', {
        before: 'variable "diag_type" {}',
        after: [
          'resource "azapi_resource" "diag" {',
          '  type      = var.diag_type',
          '  name      = "aks-control-plane"',
          '  parent_id = azurerm_kubernetes_cluster.c.id',
          '}',
        ].join('\n'),
      }),
      message: /azapi_resource\.diag, whose resource type is only known at apply/,
    },
    {
      name: 'the cluster goes to a Bicep registry module',
      format: 'bicep',
      code: bicepCluster('', {
        after: [
          "module diag 'br/public:avm/res/insights/diagnostic-setting:0.1.0' = {",
          "  name: 'diag'",
          '  params: {',
          '    targetId: aks.id',
          '  }',
          '}',
        ].join('\n'),
      }),
      message: /its id goes to module\.diag, a module the scan could not read/,
    },
    {
      name: 'the cluster id goes to a linked template',
      format: 'arm',
      code: armCluster('', {
        resources: [
          '{',
          '  "type": "Microsoft.Resources/deployments",',
          '  "apiVersion": "2022-09-01",',
          '  "name": "diagnostics",',
          '  "properties": {',
          '    "mode": "Incremental",',
          '    "templateLink": { "uri": "https://example.com/diag.json" },',
          '    "parameters": { "targetId": { "value": "[resourceId(\'Microsoft.ContainerService/managedClusters\', \'aks-test\')]" } }',
          '  }',
          '}',
        ].join('\n'),
      }),
      message: /deployment diagnostics, a linked template the scan does not fetch/,
    },
  ],
});
