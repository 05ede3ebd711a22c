import rule from './host-encryption';
import { ruleTester } from '../../test/rule-tester';
import {
  armAgentPool,
  armCluster,
  armProfiles,
  bicepChildPool,
  bicepCluster,
  bicepNestedPool,
  defaultPool,
  failsAt,
  lineOf,
  tfCluster,
  tfNodePool,
  tfProvider,
} from '../../test/aks-cases';

const bicepProfile = (member: string): string =>
  `agentPoolProfiles: [\n  {\n    name: 'system'\n    count: 3\n    ${member}\n  }\n]`;

const armChildAbsent = armCluster(armProfiles('{ "name": "system", "enableEncryptionAtHost": true }'), {
  resources: armAgentPool(),
});
const bothPoolsAbsent = tfCluster(defaultPool(), { after: tfNodePool() });

ruleTester(rule, {
  valid: [
    {
      name: '4.x host_encryption_enabled on both pools',
      format: 'terraform',
      code: tfCluster(defaultPool('host_encryption_enabled = true'), {
        after: tfNodePool('host_encryption_enabled = true'),
      }),
    },
    {
      name: '3.x enable_host_encryption on both pools',
      format: 'terraform',
      code: tfCluster(defaultPool('enable_host_encryption = true'), {
        before: tfProvider('~> 3.0'),
        after: tfNodePool('enable_host_encryption = true'),
      }),
    },
    {
      name: 'every profile and the child pool',
      format: 'arm',
      code: armCluster(
        armProfiles(
          '{ "name": "system", "enableEncryptionAtHost": true }',
          '{ "name": "user", "EnableEncryptionAtHost": true }',
        ),
        { resources: armAgentPool('"enableEncryptionAtHost": true') },
      ),
    },
    {
      name: 'profile, nested and parent pools',
      format: 'bicep',
      code: bicepCluster(bicepProfile('enableEncryptionAtHost: true'), {
        top: bicepNestedPool('enableEncryptionAtHost: true'),
        after: bicepChildPool('enableEncryptionAtHost: true', 'batch'),
      }),
    },
  ],
  invalid: [
    failsAt(
      'default pool without it: points at default_node_pool',
      'terraform',
      tfCluster(defaultPool()),
      'default_node_pool {',
      /Node pool "system" of cluster "aks-test" does not encrypt data at the VM host \(default_node_pool\.host_encryption_enabled is not set, so it defaults to false\)/,
    ),
    failsAt(
      '3.x enable_host_encryption = false',
      'terraform',
      tfCluster(defaultPool('enable_host_encryption = false'), { before: tfProvider('~> 3.0') }),
      'enable_host_encryption',
      /default_node_pool\.enable_host_encryption = false.*recreated/,
    ),
    failsAt(
      '3.x absent: names enable_host_encryption',
      'terraform',
      tfCluster(defaultPool(), { before: tfProvider('~> 3.0') }),
      'default_node_pool {',
      /Set default_node_pool\.enable_host_encryption = true/,
    ),
    failsAt(
      'separate pool without it: points at the pool resource',
      'terraform',
      tfCluster(defaultPool('host_encryption_enabled = true'), { after: tfNodePool() }),
      'resource "azurerm_kubernetes_cluster_node_pool"',
      /Node pool "extra" .*host_encryption_enabled is not set/,
    ),
    {
      name: 'default and separate pool both without it',
      format: 'terraform',
      code: bothPoolsAbsent,
      errors: [
        { line: lineOf(bothPoolsAbsent, 'default_node_pool {'), message: /"system"/ },
        {
          line: lineOf(bothPoolsAbsent, 'resource "azurerm_kubernetes_cluster_node_pool"'),
          message: /"extra"/,
        },
      ],
    },
    failsAt(
      'profiles built from a parameter with map(): points at the expression',
      'arm',
      armCluster(
        "\"agentPoolProfiles\": \"[map(parameters('pools'), lambda('p', createObject('name', lambdaVariables('p'), 'enableEncryptionAtHost', equals(lambdaVariables('p'), 'system'))))]\"",
        { parameters: '"pools": { "type": "array", "defaultValue": ["system", "user"] }' },
      ),
      '"agentPoolProfiles"',
      /Node pool "user"/,
    ),
    failsAt(
      'profile without it: points at the profile',
      'arm',
      armCluster(
        armProfiles('{ "name": "system", "enableEncryptionAtHost": true }', '{ "name": "user", "count": 2 }'),
      ),
      '"name": "user"',
      /Node pool "user" .*properties\.agentPoolProfiles\[1\]\.enableEncryptionAtHost is not set/,
    ),
    {
      name: 'agentPools child resource without it: points at its properties',
      format: 'arm',
      code: armChildAbsent,
      errors: [
        {
          line: lineOf(armChildAbsent, '"properties"', 'managedClusters/agentPools'),
          message: /properties\.enableEncryptionAtHost is not set/,
        },
      ],
    },
    failsAt(
      'case-insensitive names',
      'arm',
      armCluster('"agentpoolprofiles": [\n  { "NAME": "system", "EnableEncryptionAtHost": false }\n]'),
      '"EnableEncryptionAtHost"',
      /Node pool "system" .*enableEncryptionAtHost = false/,
    ),
    failsAt(
      'profile with it false',
      'bicep',
      bicepCluster(bicepProfile('enableEncryptionAtHost: false')),
      'enableEncryptionAtHost',
      /agentPoolProfiles\[0\]\.enableEncryptionAtHost = false/,
    ),
    failsAt(
      "nested resource pool 'agentPools' with it false",
      'bicep',
      bicepCluster(bicepProfile('enableEncryptionAtHost: true'), {
        top: bicepNestedPool('enableEncryptionAtHost: false'),
      }),
      'enableEncryptionAtHost: false',
      /Node pool "extra"/,
    ),
    failsAt(
      'top-level agentPools with parent: aks, false',
      'bicep',
      bicepCluster(bicepProfile('enableEncryptionAtHost: true'), {
        after: bicepChildPool('enableEncryptionAtHost: false'),
      }),
      'enableEncryptionAtHost: false',
      /Node pool "extra"/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster(defaultPool('host_encryption_enabled = var.host_encryption'), {
        before: 'variable "host_encryption" {}',
      }),
      message: /var\.host_encryption/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(
        armProfiles('{ "name": "system", "enableEncryptionAtHost": "[parameters(\'hostEnc\')]" }'),
        {
          parameters: '"hostEnc": { "type": "bool" }',
        },
      ),
      message: /hostEnc/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster(bicepProfile('enableEncryptionAtHost: hostEnc'), { before: 'param hostEnc bool' }),
      message: /hostEnc/,
    },
  ],
});
