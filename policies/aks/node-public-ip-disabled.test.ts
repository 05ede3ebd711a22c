import rule from './node-public-ip-disabled';
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

const bicepProfiles = (...items: string[]): string =>
  `agentPoolProfiles: [\n  ${items.map((i) => `{\n    name: 'system'\n    ${i}\n  }`).join('\n  ')}\n]`;

const twoBadPools = tfCluster(defaultPool('node_public_ip_enabled = true'), {
  after: tfNodePool('node_public_ip_enabled = true'),
});
const armTwoProfiles = armCluster(
  armProfiles(
    '{ "name": "system", "count": 3, "enableNodePublicIP": false }',
    '{ "name": "user", "count": 2, "enableNodePublicIP": true }',
  ),
);

ruleTester(rule, {
  valid: [
    { name: 'default pool without public IPs (absent)', format: 'terraform', code: tfCluster(defaultPool()) },
    {
      name: '4.x node_public_ip_enabled = false, separate pool too',
      format: 'terraform',
      code: tfCluster(defaultPool('node_public_ip_enabled = false'), {
        after: tfNodePool('node_public_ip_enabled = false'),
      }),
    },
    {
      name: '3.x enable_node_public_ip = false',
      format: 'terraform',
      code: tfCluster(defaultPool('enable_node_public_ip = false'), {
        before: tfProvider('~> 3.0'),
        after: tfNodePool(''),
      }),
    },
    {
      name: 'profiles without public IPs',
      format: 'arm',
      code: armCluster(
        armProfiles('{ "name": "system", "count": 3 }', '{ "name": "user", "enableNodePublicIP": false }'),
      ),
    },
    {
      name: 'agentPools child without public IPs',
      format: 'arm',
      code: armCluster(armProfiles('{ "name": "system", "count": 3 }'), {
        resources: armAgentPool('"enableNodePublicIP": false'),
      }),
    },
    {
      name: 'profile and nested pool without public IPs',
      format: 'bicep',
      code: bicepCluster(bicepProfiles('enableNodePublicIP: false'), { top: bicepNestedPool('count: 2') }),
    },
  ],
  invalid: [
    {
      name: 'computed pool names in two clusters: named by how they are written, with their cluster',
      format: 'terraform',
      code: [
        'variable "pool" {}',
        ...['a', 'b'].map((c) =>
          [
            `resource "azurerm_kubernetes_cluster" "${c}" {`,
            `  name = "aks-${c}"`,
            '  default_node_pool {',
            '    name                   = var.pool',
            '    node_public_ip_enabled = true',
            '  }',
            '}',
          ].join('\n'),
        ),
        'resource "azurerm_kubernetes_cluster_node_pool" "user" {',
        '  name                   = var.pool',
        '  kubernetes_cluster_id  = azurerm_kubernetes_cluster.a.id',
        '  node_public_ip_enabled = true',
        '}',
      ].join('\n'),
      errors: [
        {
          line: 6,
          message: /^Node pool "default_node_pool" of cluster "aks-a" gives every node a public IP/,
        },
        { line: 13, message: /^Node pool "default_node_pool" of cluster "aks-b" gives/ },
        {
          line: 19,
          message: /^Node pool "azurerm_kubernetes_cluster_node_pool\.user" of cluster "aks-a" gives/,
        },
      ],
    },
    failsAt(
      '4.x default pool with public IPs',
      'terraform',
      tfCluster(defaultPool('node_public_ip_enabled = true')),
      'node_public_ip_enabled',
      /Node pool "system" of cluster "aks-test" gives every node a public IP \(default_node_pool\.node_public_ip_enabled = true\)/,
    ),
    failsAt(
      '3.x enable_node_public_ip = true',
      'terraform',
      tfCluster(defaultPool('enable_node_public_ip = true'), { before: tfProvider('~> 3.0') }),
      'enable_node_public_ip',
      /default_node_pool\.enable_node_public_ip = true.*Set default_node_pool\.enable_node_public_ip = false/,
    ),
    failsAt(
      'separate node pool with public IPs',
      'terraform',
      tfCluster(defaultPool(), { after: tfNodePool('node_public_ip_enabled = true') }),
      'node_public_ip_enabled',
      /Node pool "extra" .*\(node_public_ip_enabled = true\)/,
    ),
    {
      name: 'default and separate pool both with public IPs',
      format: 'terraform',
      code: twoBadPools,
      errors: [
        { line: lineOf(twoBadPools, 'node_public_ip_enabled'), message: /"system"/ },
        {
          line: lineOf(twoBadPools, 'node_public_ip_enabled', 'azurerm_kubernetes_cluster_node_pool'),
          message: /"extra"/,
        },
      ],
    },
    failsAt(
      'second profile with public IPs',
      'arm',
      armTwoProfiles,
      '"name": "user"',
      /Node pool "user" .*properties\.agentPoolProfiles\[1\]\.enableNodePublicIP = true/,
    ),
    failsAt(
      'case-insensitive names',
      'arm',
      armCluster('"AgentPoolProfiles": [\n  { "Name": "system", "EnableNodePublicIp": true }\n]'),
      '"EnableNodePublicIp"',
      /enableNodePublicIP/,
    ),
    failsAt(
      'agentPools child resource with public IPs',
      'arm',
      armCluster(armProfiles('{ "name": "system", "count": 3 }'), {
        resources: armAgentPool('"enableNodePublicIP": true'),
      }),
      '"enableNodePublicIP"',
      /Node pool "(aks-test\/)?extra" .*properties\.enableNodePublicIP = true/,
    ),
    failsAt(
      'profile with public IPs',
      'bicep',
      bicepCluster(bicepProfiles('enableNodePublicIP: true')),
      'enableNodePublicIP',
      /agentPoolProfiles\[0\]\.enableNodePublicIP = true/,
    ),
    failsAt(
      "nested resource pool 'agentPools' with public IPs",
      'bicep',
      bicepCluster(bicepProfiles('count: 3'), { top: bicepNestedPool('enableNodePublicIP: true') }),
      'enableNodePublicIP',
      /Node pool "extra"/,
    ),
    failsAt(
      'top-level agentPools with parent: aks',
      'bicep',
      bicepCluster(bicepProfiles('count: 3'), { after: bicepChildPool('enableNodePublicIP: true') }),
      'enableNodePublicIP',
      /Node pool "extra"/,
    ),
  ],
  unknown: [
    {
      name: 'default pool from a variable without value',
      format: 'terraform',
      code: tfCluster(defaultPool('node_public_ip_enabled = var.public_ips'), {
        before: 'variable "public_ips" {}',
      }),
      message: /var\.public_ips/,
    },
    {
      name: 'separate pool from a variable without value',
      format: 'terraform',
      code: tfCluster(defaultPool(), {
        before: 'variable "public_ips" {}',
        after: tfNodePool('node_public_ip_enabled = var.public_ips'),
      }),
      message: /var\.public_ips/,
    },
    {
      name: 'profile parameter without default',
      format: 'arm',
      code: armCluster(
        armProfiles('{ "name": "system", "enableNodePublicIP": "[parameters(\'publicIps\')]" }'),
        {
          parameters: '"publicIps": { "type": "bool" }',
        },
      ),
      message: /publicIps/,
    },
    {
      name: 'nested pool param without default',
      format: 'bicep',
      code: bicepCluster(bicepProfiles('count: 3'), {
        before: 'param publicIps bool',
        top: bicepNestedPool('enableNodePublicIP: publicIps'),
      }),
      message: /publicIps/,
    },
  ],
});
