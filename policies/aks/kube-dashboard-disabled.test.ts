import rule from './kube-dashboard-disabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const tf2x = (enabled: string): string =>
  `addon_profile {\n  kube_dashboard {\n    enabled = ${enabled}\n  }\n}`;
const armAddon = (enabled: string): string =>
  `"addonProfiles": {\n  "kubeDashboard": {\n    "enabled": ${enabled}\n  }\n}`;

ruleTester(rule, {
  valid: [
    { name: 'absent: the add-on is gone from current AKS', format: 'terraform', code: tfCluster() },
    {
      name: '2.x addon_profile.kube_dashboard disabled',
      format: 'terraform',
      code: tfCluster(tf2x('false'), { before: tfProvider('~> 2.90') }),
    },
    { name: 'absent', format: 'arm', code: armCluster('"dnsPrefix": "aks"') },
    { name: 'disabled', format: 'arm', code: armCluster(armAddon('false')) },
    { name: 'absent', format: 'bicep', code: bicepCluster("dnsPrefix: 'aks'") },
  ],
  invalid: [
    failsAt(
      '2.x addon_profile.kube_dashboard enabled',
      'terraform',
      tfCluster(tf2x('true'), { before: tfProvider('~> 2.90') }),
      'enabled = true',
      /dashboard add-on \(addon_profile\.kube_dashboard\.enabled = true\).*Set addon_profile\.kube_dashboard\.enabled = false/,
    ),
    failsAt(
      'enabled',
      'arm',
      armCluster(armAddon('true')),
      '"enabled"',
      /properties\.addonProfiles\.kubeDashboard\.enabled = true/,
    ),
    failsAt(
      'case-insensitive names',
      'arm',
      armCluster('"addonProfiles": {\n  "KubeDashboard": { "Enabled": true }\n}'),
      '"KubeDashboard"',
      /kubeDashboard\.enabled/,
    ),
    failsAt(
      'enabled',
      'bicep',
      bicepCluster('addonProfiles: {\n  kubeDashboard: {\n    enabled: true\n  }\n}'),
      'enabled: true',
      /kubeDashboard\.enabled = true/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster(tf2x('var.dashboard'), { before: 'variable "dashboard" {}' }),
      message: /var\.dashboard/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armAddon('"[parameters(\'dashboard\')]"'), {
        parameters: '"dashboard": { "type": "bool" }',
      }),
      message: /dashboard/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('addonProfiles: {\n  kubeDashboard: {\n    enabled: dashboard\n  }\n}', {
        before: 'param dashboard bool',
      }),
      message: /dashboard/,
    },
  ],
});
