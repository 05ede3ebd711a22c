import rule from './registry-admin-disabled';
import { ruleTester } from '../../test/rule-tester';
import { failsAt } from '../../test/aks-cases';
import { armRegistry, bicepRegistry, tfRegistry } from '../../test/azure-cases';

ruleTester(rule, {
  valid: [
    { name: 'disabled', format: 'terraform', code: tfRegistry('admin_enabled = false') },
    { name: 'absent: defaults to disabled', format: 'terraform', code: tfRegistry('') },
    { name: 'disabled', format: 'arm', code: armRegistry('"adminUserEnabled": false') },
    { name: 'absent', format: 'arm', code: armRegistry('"publicNetworkAccess": "Disabled"') },
    { name: 'disabled', format: 'bicep', code: bicepRegistry('adminUserEnabled: false') },
    {
      name: 'disabled through a param default',
      format: 'bicep',
      code: bicepRegistry('adminUserEnabled: admin', 'param admin bool = false'),
    },
  ],
  invalid: [
    failsAt(
      'enabled',
      'terraform',
      tfRegistry('admin_enabled = true'),
      'admin_enabled',
      /"acrplatform" enables its admin user \(admin_enabled = true\).*Set admin_enabled = false/,
    ),
    failsAt(
      'enabled through tfvars',
      'terraform',
      tfRegistry('admin_enabled = var.admin', 'variable "admin" {\n  default = false\n}'),
      'admin_enabled',
      /admin_enabled = true/,
      { files: { 'terraform.tfvars': 'admin = true\n' } },
    ),
    failsAt(
      'enabled',
      'arm',
      armRegistry('"adminUserEnabled": true'),
      'adminUserEnabled',
      /Set properties.adminUserEnabled: false/,
    ),
    failsAt(
      'case-insensitive name, string value',
      'arm',
      armRegistry('"AdminUserEnabled": "true"'),
      'AdminUserEnabled',
      /enables its admin user \(properties\.adminUserEnabled = true\)/,
    ),
    failsAt(
      'enabled',
      'bicep',
      bicepRegistry('adminUserEnabled: true'),
      'adminUserEnabled',
      /enables its admin user \(properties\.adminUserEnabled = true\).*Set properties\.adminUserEnabled: false/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfRegistry('admin_enabled = var.admin', 'variable "admin" {}'),
      message: /var\.admin/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armRegistry('"adminUserEnabled": "[parameters(\'admin\')]"', '"admin": { "type": "bool" }'),
      message: /admin/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepRegistry('adminUserEnabled: admin', 'param admin bool'),
      message: /admin/,
    },
  ],
});
