import rule from './ssh-to-nodes-denied';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, lineOf, tfCluster } from '../../test/aks-cases';
import { cidrContains, portCovers } from '../../src/views/azure/network';

const tfRule = (
  name: string,
  access: string,
  ports: string,
  source: string,
  priority: number | string = 100,
): string =>
  [
    '  security_rule {',
    `    name                       = "${name}"`,
    `    priority                   = ${priority}`,
    '    direction                  = "Inbound"',
    `    access                     = "${access}"`,
    '    protocol                   = "Tcp"',
    '    source_port_range          = "*"',
    `    ${ports}`,
    `    source_address_prefix      = ${source}`,
    '    destination_address_prefix = "*"',
    '  }',
  ].join('\n');

const tfNsg = (rules: string[]): string =>
  ['resource "azurerm_network_security_group" "aks" {', '  name = "nsg-aks"', ...rules, '}'].join('\n');

/** A node subnet with the NSG associated, and a cluster whose default pool runs in it. */
const tfNodeSubnet = (nsg: string, before = ''): string =>
  [
    before,
    'resource "azurerm_subnet" "nodes" {',
    '  name             = "snet-aks"',
    '  address_prefixes = ["10.10.0.0/22"]',
    '}',
    'resource "azurerm_subnet_network_security_group_association" "nodes" {',
    '  subnet_id                 = azurerm_subnet.nodes.id',
    '  network_security_group_id = azurerm_network_security_group.aks.id',
    '}',
    nsg,
    tfCluster(
      'default_node_pool {\n  name           = "system"\n  vnet_subnet_id = azurerm_subnet.nodes.id\n}',
    ),
  ].join('\n');

const armRule = (name: string, access: string, port: string, source: string, priority = 100): string =>
  `{ "name": "${name}", "properties": { "priority": ${priority}, "direction": "Inbound", "access": "${access}", "protocol": "Tcp", "sourcePortRange": "*", "destinationPortRange": "${port}", "sourceAddressPrefix": "${source}", "destinationAddressPrefix": "*" } }`;

const armNodeNetwork = (rules: string[], parameters = ''): string =>
  armCluster(
    '"agentPoolProfiles": [ { "name": "system", "vnetSubnetID": "[resourceId(\'Microsoft.Network/virtualNetworks/subnets\', \'vnet-aks\', \'snet-aks\')]" } ]',
    {
      parameters,
      resources: [
        '{',
        '  "type": "Microsoft.Network/networkSecurityGroups",',
        '  "apiVersion": "2023-09-01",',
        '  "name": "nsg-aks",',
        '  "location": "westeurope",',
        '  "properties": {',
        '    "securityRules": [',
        rules.map((r) => '      ' + r).join(',\n'),
        '    ]',
        '  }',
        '},',
        '{ "type": "Microsoft.Network/virtualNetworks", "apiVersion": "2023-09-01", "name": "vnet-aks", "location": "westeurope", "properties": { "addressSpace": { "addressPrefixes": ["10.10.0.0/16"] } } },',
        '{',
        '  "type": "Microsoft.Network/virtualNetworks/subnets",',
        '  "apiVersion": "2023-09-01",',
        '  "name": "vnet-aks/snet-aks",',
        '  "dependsOn": ["[resourceId(\'Microsoft.Network/virtualNetworks\', \'vnet-aks\')]"],',
        '  "properties": {',
        '    "addressPrefix": "10.10.0.0/22",',
        '    "networkSecurityGroup": { "id": "[resourceId(\'Microsoft.Network/networkSecurityGroups\', \'nsg-aks\')]" }',
        '  }',
        '}',
      ].join('\n'),
    },
  );

const bicepRule = (name: string, access: string, port: string, source: string, priority = 100): string =>
  `{ name: '${name}', properties: { priority: ${priority}, direction: 'Inbound', access: '${access}', protocol: 'Tcp', sourcePortRange: '*', destinationPortRange: '${port}', sourceAddressPrefix: ${source}, destinationAddressPrefix: '*' } }`;

const bicepNodeNetwork = (rules: string[], before = ''): string =>
  bicepCluster("agentPoolProfiles: [\n  {\n    name: 'system'\n    vnetSubnetID: vnet::nodes.id\n  }\n]", {
    before: [
      before,
      "resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {",
      "  name: 'nsg-aks'",
      "  location: 'westeurope'",
      '  properties: {',
      '    securityRules: [',
      ...rules.map((r) => '      ' + r),
      '    ]',
      '  }',
      '}',
      "resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {",
      "  name: 'vnet-aks'",
      "  location: 'westeurope'",
      "  properties: { addressSpace: { addressPrefixes: ['10.10.0.0/16'] } }",
      "  resource nodes 'subnets' = {",
      "    name: 'snet-aks'",
      '    properties: {',
      "      addressPrefix: '10.10.0.0/22'",
      '      networkSecurityGroup: { id: nsg.id }',
      '    }',
      '  }',
      '}',
    ].join('\n'),
  });

const tfOpen = tfNsg([tfRule('ssh', 'Allow', 'destination_port_range     = "22"', '"Internet"')]);
const tfOpenRange = [
  tfNsg([]),
  'resource "azurerm_network_security_rule" "ssh" {',
  '  name                        = "ssh"',
  '  network_security_group_name = azurerm_network_security_group.aks.name',
  '  priority                    = 100',
  '  direction                   = "Inbound"',
  '  access                      = "Allow"',
  '  protocol                    = "*"',
  '  destination_port_ranges     = ["80", "20-25"]',
  '  source_address_prefixes     = ["0.0.0.0/0"]',
  '}',
].join('\n');
const tfNoDeny = tfNodeSubnet(
  tfNsg([tfRule('https', 'Allow', 'destination_port_range     = "443"', '"10.0.0.0/8"')]),
);
const armOpen = armNodeNetwork([
  armRule('deny-ssh-vnet', 'Deny', '22', 'VirtualNetwork'),
  armRule('ssh-anywhere', 'Allow', '*', '*'),
]);
const armNoDeny = armNodeNetwork([armRule('deny-ssh-other', 'Deny', '22', '192.168.0.0/24')]);
// Azure reads property names ignoring case.
const armOtherCase = armNodeNetwork([
  armRule('deny-ssh-vnet', 'Deny', '22', 'VirtualNetwork'),
  armRule('ssh-other-case', 'Allow', '22', 'Internet')
    .replace('"access"', '"Access"')
    .replace('"destinationPortRange"', '"DESTINATIONPORTRANGE"')
    .replace('"sourceAddressPrefix"', '"SourceAddressPrefix"'),
]);
const bicepOpen = bicepNodeNetwork([
  bicepRule('deny-ssh-subnet', 'Deny', '22', "'10.10.0.0/16'"),
  bicepRule('ssh', 'Allow', '22', "'Internet'"),
]);
const bicepNoDeny = bicepNodeNetwork([bicepRule('deny-rdp', 'Deny', '3389', "'VirtualNetwork'")]);
const port22 = 'destination_port_range     = "22"';
const tfAllowFirst = tfNodeSubnet(
  tfNsg([
    tfRule('allow-vnet', 'Allow', 'destination_port_range     = "*"', '"VirtualNetwork"', 100),
    tfRule('deny-ssh', 'Deny', port22, '"VirtualNetwork"', 200),
  ]),
);
const armAllowFirst = armNodeNetwork([
  armRule('deny-ssh-vnet', 'Deny', '22', 'VirtualNetwork', 300),
  armRule('allow-ssh-subnet', 'Allow', '22', '10.10.0.0/22', 110),
]);
const bicepAllowFirst = bicepNodeNetwork([
  bicepRule('allow-vnet', 'Allow', '*', "'VirtualNetwork'", 120),
  bicepRule('deny-ssh', 'Deny', '22', "'VirtualNetwork'", 4000),
]);

describe('NSG helpers', () => {
  it('reads port specs', () => {
    expect(['22', '20-25', '*', '23', 'ssh'].map((p) => portCovers(p, 22))).toEqual([
      true,
      true,
      true,
      false,
      undefined,
    ]);
  });
  it('compares IPv4 ranges', () => {
    expect(cidrContains('10.10.0.0/16', '10.10.0.0/22')).toBe(true);
    expect(cidrContains('10.10.0.0/22', '10.10.0.0/16')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '10.1.2.3/32')).toBe(true);
    expect(cidrContains('192.168.0.0/24', '10.10.0.0/22')).toBe(false);
    expect(cidrContains('VirtualNetwork', '10.10.0.0/22')).toBeUndefined();
  });
});

ruleTester(rule, {
  valid: [
    {
      name: 'node subnet NSG denies SSH from the virtual network',
      format: 'terraform',
      code: tfNodeSubnet(
        tfNsg([tfRule('deny-ssh', 'Deny', 'destination_port_range     = "22"', '"VirtualNetwork"')]),
      ),
    },
    {
      name: 'deny from a range containing the node subnet, port in a list',
      format: 'terraform',
      code: tfNodeSubnet(
        tfNsg([tfRule('deny-ssh', 'Deny', 'destination_port_ranges    = ["22", "3389"]', '"10.10.0.0/16"')]),
      ),
    },
    {
      name: 'SSH allowed only from a bastion subnet, NSG on no node subnet',
      format: 'terraform',
      code: tfNsg([tfRule('ssh-bastion', 'Allow', 'destination_port_range     = "22"', '"10.20.1.0/26"')]),
    },
    {
      name: 'node subnet NSG denies SSH from the virtual network',
      format: 'arm',
      code: armNodeNetwork([armRule('deny-ssh-vnet', 'Deny', '22', 'VirtualNetwork')]),
    },
    {
      name: 'deny from the node subnet range',
      format: 'bicep',
      code: bicepNodeNetwork([bicepRule('deny-ssh', 'Deny', '22', "'10.10.0.0/22'")]),
    },
    {
      name: 'the SSH deny is evaluated before a rule allowing the virtual network',
      format: 'terraform',
      code: tfNodeSubnet(
        tfNsg([
          tfRule('deny-ssh', 'Deny', port22, '"VirtualNetwork"', 100),
          tfRule('allow-vnet', 'Allow', 'destination_port_range     = "*"', '"VirtualNetwork"', 200),
        ]),
      ),
    },
    {
      name: 'an allow from anywhere shadowed by an earlier deny from the internet',
      format: 'terraform',
      code: tfNsg([
        tfRule('deny-internet', 'Deny', port22, '"Internet"', 100),
        tfRule('ssh-any', 'Allow', port22, '"*"', 200),
      ]),
    },
    {
      name: 'the SSH deny comes first',
      format: 'arm',
      code: armNodeNetwork([
        armRule('deny-ssh-vnet', 'Deny', '22', 'VirtualNetwork', 100),
        armRule('allow-ssh-subnet', 'Allow', '22', '10.10.0.0/22', 110),
      ]),
    },
    {
      name: 'the SSH deny comes first',
      format: 'bicep',
      code: bicepNodeNetwork([
        bicepRule('deny-ssh', 'Deny', '22', "'VirtualNetwork'", 100),
        bicepRule('allow-vnet', 'Allow', '*', "'VirtualNetwork'", 120),
      ]),
    },
  ],
  invalid: [
    {
      name: 'inline rule open to the internet',
      format: 'terraform',
      code: tfOpen,
      errors: [
        {
          line: lineOf(tfOpen, 'security_rule {'),
          message:
            /"ssh" of "nsg-aks" allows inbound TCP 22 from Internet: whatever it is attached to \(a VM, a network interface or a subnet\) can be reached/,
        },
      ],
    },
    {
      name: 'separate rule, any protocol, port range, 0.0.0.0/0',
      format: 'terraform',
      code: tfOpenRange,
      errors: [{ line: lineOf(tfOpenRange, 'azurerm_network_security_rule'), message: /from 0\.0\.0\.0\/0/ }],
    },
    {
      name: 'node subnet NSG without an SSH deny: points at the NSG',
      format: 'terraform',
      code: tfNoDeny,
      errors: [
        {
          line: lineOf(tfNoDeny, 'resource "azurerm_network_security_group"'),
          message:
            /NSG "nsg-aks" guards AKS node subnet "snet-aks" \(10\.10\.0\.0\/22\) of cluster "aks-test" but has no rule denying TCP 22/,
        },
      ],
    },
    {
      name: 'rule open to any source on any port',
      format: 'arm',
      code: armOpen,
      errors: [
        {
          line: lineOf(armOpen, 'ssh-anywhere'),
          message: /allows inbound TCP 22 from \*: the AKS nodes of subnet "snet-aks" can be reached/,
        },
      ],
    },
    {
      name: 'rule open to the internet, its properties named in other cases',
      format: 'arm',
      code: armOtherCase,
      errors: [{ line: lineOf(armOtherCase, 'ssh-other-case'), message: /"ssh-other-case".* from Internet/ }],
    },
    {
      name: 'deny only from an unrelated range',
      format: 'arm',
      code: armNoDeny,
      errors: [
        {
          line: lineOf(armNoDeny, '"Microsoft.Network/networkSecurityGroups"') - 1,
          message: /has no rule denying TCP 22/,
        },
      ],
    },
    {
      name: 'rule open to the internet',
      format: 'bicep',
      code: bicepOpen,
      errors: [{ line: lineOf(bicepOpen, "name: 'ssh'"), message: /from Internet/ }],
    },
    {
      name: 'a rule allowing the virtual network is evaluated before the SSH deny',
      format: 'terraform',
      code: tfAllowFirst,
      errors: [
        {
          line: lineOf(tfAllowFirst, 'name                       = "allow-vnet"') - 1,
          message:
            /denies SSH from AKS node subnet "snet-aks" with rule "deny-ssh" \(priority 200\), but rule "allow-vnet" \(priority 100\) allows it and is evaluated first/,
        },
      ],
    },
    {
      name: 'an allow from the node subnet precedes the deny',
      format: 'arm',
      code: armAllowFirst,
      errors: [
        { line: lineOf(armAllowFirst, 'allow-ssh-subnet'), message: /"allow-ssh-subnet" \(priority 110\)/ },
      ],
    },
    {
      name: 'an allow from the virtual network precedes the deny',
      format: 'bicep',
      code: bicepAllowFirst,
      errors: [{ line: lineOf(bicepAllowFirst, "name: 'allow-vnet'"), message: /evaluated first/ }],
    },
    {
      name: 'deny on another port only',
      format: 'bicep',
      code: bicepNoDeny,
      errors: [
        {
          line: lineOf(bicepNoDeny, 'resource nsg'),
          message: /securityRules entry with direction 'Inbound'/,
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'source from a variable without value',
      format: 'terraform',
      code: [
        'variable "ssh_source" {}',
        tfNsg([tfRule('ssh', 'Allow', 'destination_port_range     = "22"', 'var.ssh_source')]),
      ].join('\n'),
      message: /var\.ssh_source/,
    },
    {
      name: 'port from a parameter without default',
      format: 'arm',
      code: armNodeNetwork(
        [
          armRule('deny-ssh-vnet', 'Deny', '22', 'VirtualNetwork'),
          armRule('mgmt', 'Allow', "[parameters('port')]", 'Internet'),
        ],
        '"port": { "type": "string" }',
      ),
      message: /port/,
    },
    {
      name: 'priority of an allow rule from a variable without value',
      format: 'terraform',
      code: [
        'variable "allow_priority" {}',
        tfNodeSubnet(
          tfNsg([
            tfRule('deny-ssh', 'Deny', port22, '"VirtualNetwork"', 200),
            tfRule('allow-vnet', 'Allow', port22, '"VirtualNetwork"', 'var.allow_priority'),
          ]),
        ),
      ].join('\n'),
      message: /var\.allow_priority/,
    },
    {
      name: 'priority from a parameter without default',
      format: 'arm',
      code: armNodeNetwork(
        [
          armRule('deny-ssh-vnet', 'Deny', '22', 'VirtualNetwork', 200),
          armRule('allow-ssh', 'Allow', '22', 'VirtualNetwork').replace(
            '"priority": 100',
            '"priority": "[parameters(\'p\')]"',
          ),
        ],
        '"p": { "type": "int" }',
      ),
      message: /parameters\('p'\)/,
    },
    {
      name: 'deny source from a param without default',
      format: 'bicep',
      code: bicepNodeNetwork([bicepRule('deny-ssh', 'Deny', '22', 'denySource')], 'param denySource string'),
      message: /denySource/,
    },
  ],
});
