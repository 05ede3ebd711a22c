import rule from './defender-containers-plan';
import { ruleTester } from '../../test/rule-tester';
import { lineOf } from '../../test/aks-cases';
import { armPricing, armSubscriptionTemplate, bicepPricing, tfPricing } from '../../test/azure-cases';

const tfVmsOnly = [
  tfPricing('vms', '"VirtualMachines"', '"Standard"'),
  tfPricing('kv', '"KeyVaults"', '"Standard"'),
].join('\n');
const tfContainersFree = [
  tfPricing('vms', undefined, '"Standard"'),
  tfPricing('containers', '"Containers"', '"Free"'),
].join('\n');
const armVmsOnly = armSubscriptionTemplate([
  armPricing('VirtualMachines', 'Standard'),
  armPricing('StorageAccounts', 'Standard'),
]);
const armContainersFree = armSubscriptionTemplate([armPricing('Containers', 'Free')]);
const bicepVmsOnly = [
  "targetScope = 'subscription'",
  bicepPricing('vms', "'VirtualMachines'", "'Standard'"),
].join('\n');
const bicepRetiredFree = [
  "targetScope = 'subscription'",
  bicepPricing('k8s', "'KubernetesService'", "'Free'"),
].join('\n');

ruleTester(rule, {
  valid: [
    {
      name: 'Containers at Standard beside other plans',
      format: 'terraform',
      code: [
        tfPricing('vms', '"VirtualMachines"', '"Standard"'),
        tfPricing('containers', '"Containers"', '"Standard"'),
      ].join('\n'),
    },
    {
      name: 'retired KubernetesService plan at Standard counts',
      format: 'terraform',
      code: tfPricing('k8s', '"KubernetesService"', '"Standard"'),
    },
    {
      name: 'no pricings declared: not managed here',
      format: 'terraform',
      code: 'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n}',
    },
    {
      name: 'Containers at Standard (tier in another case)',
      format: 'arm',
      code: armSubscriptionTemplate([
        armPricing('VirtualMachines', 'Free'),
        armPricing('Containers', 'standard'),
      ]),
    },
    {
      name: 'Containers at Standard through a param default',
      format: 'bicep',
      code: [
        "targetScope = 'subscription'",
        "param tier string = 'Standard'",
        bicepPricing('containers', "'Containers'", 'tier'),
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'other plans only: points at the first pricing',
      format: 'terraform',
      code: tfVmsOnly,
      errors: [
        {
          line: 1,
          message:
            /managed here \(VirtualMachines, KeyVaults\) but Containers is not among them.*resource_type = "Containers"/,
        },
      ],
    },
    {
      name: 'Containers at Free',
      format: 'terraform',
      code: tfContainersFree,
      errors: [
        {
          line: lineOf(tfContainersFree, '"Free"'),
          message: /"Containers" is at tier "Free".*Set tier = "Standard"/,
        },
      ],
    },
    {
      name: 'other plans only',
      format: 'arm',
      code: armVmsOnly,
      errors: [{ line: lineOf(armVmsOnly, 'VirtualMachines'), message: /VirtualMachines, StorageAccounts/ }],
    },
    {
      name: 'Containers at Free',
      format: 'arm',
      code: armContainersFree,
      errors: [
        { line: lineOf(armContainersFree, 'Containers'), message: /properties.pricingTier: 'Standard'/ },
      ],
    },
    {
      name: 'other plans only',
      format: 'bicep',
      code: bicepVmsOnly,
      errors: [
        {
          line: lineOf(bicepVmsOnly, 'resource vms'),
          message:
            /plans are managed here \(VirtualMachines\) but Containers is not among them.*named 'Containers'/,
        },
      ],
    },
    {
      name: 'retired plan at Free',
      format: 'bicep',
      code: bicepRetiredFree,
      errors: [
        { line: lineOf(bicepRetiredFree, 'pricingTier'), message: /retired: move to the Containers plan/ },
      ],
    },
  ],
  unknown: [
    {
      name: 'tier from a variable without value',
      format: 'terraform',
      code: ['variable "tier" {}', tfPricing('containers', '"Containers"', 'var.tier')].join('\n'),
      message: /var\.tier/,
    },
    {
      name: 'plan name from a parameter without default',
      format: 'arm',
      code: armSubscriptionTemplate(
        [armPricing('VirtualMachines', 'Standard'), armPricing("[parameters('plan')]", 'Standard')],
        '"plan": { "type": "string" }',
      ),
      message: /plan/,
    },
    {
      name: 'tier from a param without default',
      format: 'bicep',
      code: [
        "targetScope = 'subscription'",
        'param tier string',
        bicepPricing('containers', "'Containers'", 'tier'),
      ].join('\n'),
      message: /tier/,
    },
  ],
});
