import rule from './registry-anonymous-pull-disabled';
import { ruleTester } from '../../test/rule-tester';
import { failsAt } from '../../test/aks-cases';
import { armRegistry, bicepRegistry, tfRegistry } from '../../test/azure-cases';

ruleTester(rule, {
  valid: [
    { name: 'disabled', format: 'terraform', code: tfRegistry('anonymous_pull_enabled = false') },
    { name: 'absent: defaults to disabled', format: 'terraform', code: tfRegistry('') },
    { name: 'disabled', format: 'arm', code: armRegistry('"anonymousPullEnabled": false') },
    { name: 'absent', format: 'arm', code: armRegistry('"adminUserEnabled": false') },
    { name: 'disabled', format: 'bicep', code: bicepRegistry('anonymousPullEnabled: false') },
    {
      name: 'disabled through a param default',
      format: 'bicep',
      code: bicepRegistry('anonymousPullEnabled: anonymous', 'param anonymous bool = false'),
    },
  ],
  invalid: [
    failsAt(
      'enabled',
      'terraform',
      tfRegistry('anonymous_pull_enabled = true'),
      'anonymous_pull_enabled',
      /"acrplatform" allows anonymous pull \(anonymous_pull_enabled = true\).*Set anonymous_pull_enabled = false/,
    ),
    failsAt(
      'enabled through tfvars',
      'terraform',
      tfRegistry('anonymous_pull_enabled = var.anonymous', 'variable "anonymous" {\n  default = false\n}'),
      'anonymous_pull_enabled',
      /anonymous_pull_enabled = true/,
      { files: { 'terraform.tfvars': 'anonymous = true\n' } },
    ),
    failsAt(
      'enabled',
      'arm',
      armRegistry('"anonymousPullEnabled": true'),
      'anonymousPullEnabled',
      /Set properties.anonymousPullEnabled: false/,
    ),
    failsAt(
      'case-insensitive name, string value',
      'arm',
      armRegistry('"AnonymousPullEnabled": "true"'),
      'AnonymousPullEnabled',
      /allows anonymous pull \(properties\.anonymousPullEnabled = true\)/,
    ),
    failsAt(
      'enabled',
      'bicep',
      bicepRegistry('anonymousPullEnabled: true'),
      'anonymousPullEnabled',
      /allows anonymous pull \(properties\.anonymousPullEnabled = true\).*Set properties\.anonymousPullEnabled: false/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfRegistry('anonymous_pull_enabled = var.anonymous', 'variable "anonymous" {}'),
      message: /var\.anonymous/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armRegistry(
        '"anonymousPullEnabled": "[parameters(\'anonymous\')]"',
        '"anonymous": { "type": "bool" }',
      ),
      message: /anonymous/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepRegistry('anonymousPullEnabled: anonymous', 'param anonymous bool'),
      message: /anonymous/,
    },
  ],
});
