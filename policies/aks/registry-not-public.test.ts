import rule from './registry-not-public';
import { ruleTester } from '../../test/rule-tester';
import { failsAt } from '../../test/aks-cases';
import { armRegistry, bicepRegistry, tfRegistry } from '../../test/azure-cases';

ruleTester(rule, {
  valid: [
    {
      name: 'public access disabled',
      format: 'terraform',
      code: tfRegistry('public_network_access_enabled = false'),
    },
    {
      name: 'network rule set denies by default',
      format: 'terraform',
      code: tfRegistry('network_rule_set {\n    default_action = "Deny"\n  }'),
    },
    {
      name: 'public access unresolved, but the rule set denies',
      format: 'terraform',
      code: tfRegistry(
        'public_network_access_enabled = var.public\n  network_rule_set {\n    default_action = "Deny"\n  }',
        'variable "public" {}',
      ),
    },
    { name: 'public access disabled', format: 'arm', code: armRegistry('"publicNetworkAccess": "Disabled"') },
    {
      name: 'rule set denies (case-insensitive value)',
      format: 'arm',
      code: armRegistry('"networkRuleSet": { "defaultAction": "deny", "ipRules": [] }'),
    },
    {
      name: 'public access disabled',
      format: 'bicep',
      code: bicepRegistry("publicNetworkAccess: 'Disabled'"),
    },
    {
      name: 'rule set denies',
      format: 'bicep',
      code: bicepRegistry("networkRuleSet: {\n      defaultAction: 'Deny'\n    }"),
    },
  ],
  invalid: [
    failsAt(
      'nothing written: open by default',
      'terraform',
      tfRegistry(''),
      'resource "azurerm_container_registry"',
      /accepts connections from any network \(public_network_access_enabled is not set, so it defaults to true; network_rule_set.default_action is not set/,
    ),
    failsAt(
      'public access on, rule set allows',
      'terraform',
      tfRegistry(
        'public_network_access_enabled = true\n  network_rule_set {\n    default_action = "Allow"\n  }',
      ),
      'public_network_access_enabled',
      /default_action = "Allow"/,
    ),
    failsAt(
      'public access enabled explicitly',
      'arm',
      armRegistry('"publicNetworkAccess": "Enabled"'),
      'publicNetworkAccess',
      /\(properties.publicNetworkAccess = "Enabled";.*Set properties.publicNetworkAccess: "Disabled"/,
    ),
    failsAt(
      'rule set allows, access absent: points at the rule set',
      'arm',
      armRegistry('"networkRuleSet": { "defaultAction": "Allow" }'),
      'networkRuleSet',
      /properties\.publicNetworkAccess is not set, so it defaults to 'Enabled'; properties\.networkRuleSet\.defaultAction = "Allow"/,
    ),
    failsAt(
      'nothing written: points at properties',
      'bicep',
      bicepRegistry("zoneRedundancy: 'Enabled'"),
      'properties: {',
      /publicNetworkAccess is not set, so it defaults to 'Enabled'/,
    ),
    failsAt(
      'a Standard registry: its deny rule set is ignored',
      'terraform',
      tfRegistry('network_rule_set {\n    default_action = "Deny"\n  }').replace('"Premium"', '"Standard"'),
      'default_action',
      /default_action = "Deny" has no effect on the Standard tier, because network rules apply only to Premium/,
    ),
    failsAt(
      'a Basic registry: its deny rule set is ignored',
      'arm',
      armRegistry('"networkRuleSet": { "defaultAction": "Deny" }').replace('"Premium"', '"Basic"'),
      'defaultAction',
      /no effect on the Basic tier/,
    ),
    failsAt(
      'a Standard registry: its deny rule set is ignored',
      'bicep',
      bicepRegistry("networkRuleSet: {\n      defaultAction: 'Deny'\n    }").replace(
        "'Premium'",
        "'Standard'",
      ),
      'defaultAction',
      /no effect on the Standard tier.*publicNetworkAccess/,
    ),
  ],
  unknown: [
    {
      name: 'the rule set denies, the tier comes from a parameter without default',
      format: 'bicep',
      code: bicepRegistry(
        "networkRuleSet: {\n      defaultAction: 'Deny'\n    }",
        'param tier string',
      ).replace("sku: { name: 'Premium' }", 'sku: { name: tier }'),
      message: /tier/,
    },
    {
      name: 'public access from a variable without value',
      format: 'terraform',
      code: tfRegistry('public_network_access_enabled = var.public', 'variable "public" {}'),
      message: /var\.public/,
    },
    {
      name: 'default action from a parameter without default',
      format: 'arm',
      code: armRegistry(
        '"networkRuleSet": { "defaultAction": "[parameters(\'action\')]" }',
        '"action": { "type": "string" }',
      ),
      message: /action/,
    },
    {
      name: 'public access from a param without default',
      format: 'bicep',
      code: bicepRegistry('publicNetworkAccess: access', 'param access string'),
      message: /access/,
    },
  ],
});
