import rule from './container-insights-enabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const omsBlock = 'oms_agent {\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id\n}';
const tf2x = (enabled: string): string =>
  `addon_profile {\n  oms_agent {\n    enabled                    = ${enabled}\n    log_analytics_workspace_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs"\n  }\n}`;
const armAddon = (name: string, enabled: string): string =>
  `"addonProfiles": {\n  "${name}": {\n    "enabled": ${enabled},\n    "config": { "logAnalyticsWorkspaceResourceID": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs" }\n  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'oms_agent block', format: 'terraform', code: tfCluster(omsBlock) },
    {
      name: '2.x addon_profile.oms_agent enabled',
      format: 'terraform',
      code: tfCluster(tf2x('true'), { before: tfProvider('~> 2.90') }),
    },
    { name: 'omsagent enabled', format: 'arm', code: armCluster(armAddon('omsagent', 'true')) },
    { name: 'omsAgent, case-insensitive', format: 'arm', code: armCluster(armAddon('omsAgent', 'true')) },
    {
      name: 'omsagent enabled',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  omsagent: {\n    enabled: true\n  }\n}'),
    },
  ],
  invalid: [
    failsAt(
      'no oms_agent block: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /no Container insights \(no oms_agent block\)/,
    ),
    failsAt(
      '2.x addon_profile.oms_agent disabled',
      'terraform',
      tfCluster(tf2x('false'), { before: tfProvider('~> 2.90') }),
      'enabled                    = false',
      /addon_profile\.oms_agent\.enabled = false/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.addonProfiles\.omsagent\.enabled is not set, so it defaults to false/,
    ),
    failsAt(
      'disabled',
      'arm',
      armCluster(armAddon('omsagent', 'false')),
      '"enabled"',
      /omsagent\.enabled = false/,
    ),
    failsAt(
      'other add-ons only: points at addonProfiles',
      'arm',
      armCluster(armAddon('azurepolicy', 'true')),
      '"addonProfiles"',
      /omsagent\.enabled is not set/,
    ),
    failsAt('absent', 'bicep', bicepCluster("dnsPrefix: 'aks'"), 'properties: {', /omsagent\.enabled/),
  ],
  unknown: [
    {
      name: 'block from a dynamic block over an unknown list',
      format: 'terraform',
      code: tfCluster(
        'dynamic "oms_agent" {\n  for_each = var.workspaces\n  content {\n    log_analytics_workspace_id = oms_agent.value\n  }\n}',
        { before: 'variable "workspaces" {}' },
      ),
      message: /var\.workspaces/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armAddon('omsagent', '"[parameters(\'insights\')]"'), {
        parameters: '"insights": { "type": "bool" }',
      }),
      message: /insights/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  omsagent: {\n    enabled: insights\n  }\n}', {
        before: 'param insights bool',
      }),
      message: /insights/,
    },
  ],
});
