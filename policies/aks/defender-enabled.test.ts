import rule from './defender-enabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

const defenderBlock =
  'microsoft_defender {\n  log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id\n}';
const armDefender = (enabled: string): string =>
  `"securityProfile": {\n  "defender": {\n    "logAnalyticsWorkspaceResourceId": "/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/logs",\n    "securityMonitoring": {\n      "enabled": ${enabled}\n    }\n  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'microsoft_defender block', format: 'terraform', code: tfCluster(defenderBlock) },
    { name: 'security monitoring on', format: 'arm', code: armCluster(armDefender('true')) },
    {
      name: 'case-insensitive names',
      format: 'arm',
      code: armCluster('"SecurityProfile": { "Defender": { "SecurityMonitoring": { "Enabled": true } } }'),
    },
    {
      name: 'security monitoring on',
      format: 'bicep',
      code: bicepCluster(
        'securityProfile: {\n  defender: {\n    logAnalyticsWorkspaceResourceId: logs.id\n    securityMonitoring: {\n      enabled: true\n    }\n  }\n}',
        {
          before:
            "resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' existing = {\n  name: 'logs'\n}",
        },
      ),
    },
  ],
  invalid: [
    failsAt(
      'no microsoft_defender block: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /no microsoft_defender block/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /properties\.securityProfile\.defender\.securityMonitoring\.enabled is not set/,
    ),
    failsAt(
      'securityProfile without defender: points at securityProfile',
      'arm',
      armCluster('"securityProfile": {\n  "workloadIdentity": { "enabled": true }\n}'),
      '"securityProfile"',
      /securityMonitoring\.enabled/,
    ),
    failsAt(
      'security monitoring off',
      'arm',
      armCluster(armDefender('false')),
      '"enabled"',
      /securityMonitoring\.enabled = false/,
    ),
    failsAt(
      'security monitoring off',
      'bicep',
      bicepCluster(
        'securityProfile: {\n  defender: {\n    securityMonitoring: {\n      enabled: false\n    }\n  }\n}',
      ),
      'enabled: false',
      /securityMonitoring\.enabled = false/,
    ),
    failsAt(
      'absent',
      'bicep',
      bicepCluster("dnsPrefix: 'aks'"),
      'properties: {',
      /securityMonitoring\.enabled/,
    ),
  ],
  unknown: [
    {
      name: 'block from a dynamic block over an unknown list',
      format: 'terraform',
      code: tfCluster(
        'dynamic "microsoft_defender" {\n  for_each = var.defender_workspaces\n  content {\n    log_analytics_workspace_id = microsoft_defender.value\n  }\n}',
        { before: 'variable "defender_workspaces" {}' },
      ),
      message: /var\.defender_workspaces/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armDefender('"[parameters(\'defender\')]"'), {
        parameters: '"defender": { "type": "bool" }',
      }),
      message: /defender/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster(
        'securityProfile: {\n  defender: {\n    securityMonitoring: {\n      enabled: defenderOn\n    }\n  }\n}',
        {
          before: 'param defenderOn bool',
        },
      ),
      message: /defenderOn/,
    },
  ],
});
