import rule from './kubernetes-rbac-enabled';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

ruleTester(rule, {
  valid: [
    { name: 'absent: RBAC is on by default', format: 'terraform', code: tfCluster() },
    { name: 'enabled', format: 'terraform', code: tfCluster('role_based_access_control_enabled = true') },
    {
      name: '2.x role_based_access_control.enabled = true',
      format: 'terraform',
      code: tfCluster('role_based_access_control {\n  enabled = true\n}', { before: tfProvider('~> 2.90') }),
    },
    { name: 'absent: RBAC is on by default', format: 'arm', code: armCluster('"dnsPrefix": "aks"') },
    { name: 'enabled', format: 'arm', code: armCluster('"enableRBAC": true') },
    { name: 'absent', format: 'bicep', code: bicepCluster("dnsPrefix: 'aks'") },
    { name: 'enabled', format: 'bicep', code: bicepCluster('enableRBAC: true') },
  ],
  invalid: [
    failsAt(
      'explicitly false',
      'terraform',
      tfCluster('role_based_access_control_enabled = false'),
      'role_based_access_control_enabled',
      /turns Kubernetes RBAC off \(role_based_access_control_enabled = false\).*needs a new cluster/,
    ),
    failsAt(
      '2.x role_based_access_control.enabled = false',
      'terraform',
      tfCluster('role_based_access_control {\n  enabled = false\n}', { before: tfProvider('~> 2.90') }),
      'enabled = false',
      /role_based_access_control\.enabled = false/,
    ),
    failsAt(
      'false through a variable default',
      'terraform',
      tfCluster('role_based_access_control_enabled = var.rbac', {
        before: 'variable "rbac" {\n  default = false\n}',
      }),
      'role_based_access_control_enabled',
      /role_based_access_control_enabled = false/,
    ),
    failsAt(
      'explicitly false',
      'arm',
      armCluster('"enableRBAC": false'),
      'enableRBAC',
      /properties\.enableRBAC = false/,
    ),
    failsAt('case-insensitive name', 'arm', armCluster('"EnableRbac": false'), 'EnableRbac', /enableRBAC/),
    failsAt(
      'the string "false" from a parameter',
      'arm',
      armCluster('"enableRBAC": "[parameters(\'rbac\')]"', {
        parameters: '"rbac": { "type": "string", "defaultValue": "false" }',
      }),
      '"enableRBAC"',
      /enableRBAC/,
    ),
    failsAt(
      'explicitly false',
      'bicep',
      bicepCluster('enableRBAC: false'),
      'enableRBAC',
      /enableRBAC = false/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('role_based_access_control_enabled = var.rbac', { before: 'variable "rbac" {}' }),
      message: /var\.rbac/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster('"enableRBAC": "[parameters(\'rbac\')]"', {
        parameters: '"rbac": { "type": "bool" }',
      }),
      message: /rbac/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster('enableRBAC: rbac', { before: 'param rbac bool' }),
      message: /rbac/,
    },
  ],
});
