import { defineRule } from '../api';
import {
  evaluatedBefore,
  firstEvaluated,
  inboundTcpDenyExample,
  isAnywhere,
  matchesInboundTcp,
  networkSecurityGroups,
  nodeSubnetsGuardedBy,
  sourceCoversSubnet,
  type NsgRuleView,
} from '../../src/views/azure/network';
import { deployedName, familyOf } from '../../src/views/azure/common';
import { unresolvedText } from '../lib';

const SSH = 22;

const priorityOf = (rule: NsgRuleView): string => {
  const p = rule.priority();
  return p.state === 'set' && p.value !== undefined ? ` (priority ${p.value})` : '';
};

export default defineRule({
  id: 'AKS604',
  slug: 'ssh-to-nodes-denied',
  title: 'SSH from the pod network to nodes is denied',
  severity: 'medium',
  description:
    'No NSG rule opens TCP 22 to the internet, and the NSG on an AKS node subnet denies SSH from that subnet before any rule allows it (rules apply in priority order), so a compromised pod cannot reach the nodes’ SSH daemons.',
  rationale:
    'Pods share the node subnet (Azure CNI) or are NATed to node addresses, and NSGs allow all traffic inside the virtual network by default (AllowVnetInBound). A compromised pod can then try SSH against every node; a rule open to the internet exposes the nodes to password and key spraying from anywhere. Nodes need no inbound SSH: use kubectl debug node/… for access.',
  remediation: {
    terraform:
      'security_rule {\n  name                       = "deny-ssh-from-aks-subnet"\n  priority                   = 100\n  direction                  = "Inbound"\n  access                     = "Deny"\n  protocol                   = "Tcp"\n  source_port_range          = "*"\n  destination_port_range     = "22"\n  source_address_prefix      = "VirtualNetwork"\n  destination_address_prefix = "*"\n}',
    bicep:
      "{\n  name: 'deny-ssh-from-aks-subnet'\n  properties: {\n    priority: 100\n    direction: 'Inbound'\n    access: 'Deny'\n    protocol: 'Tcp'\n    sourcePortRange: '*'\n    destinationPortRange: '22'\n    sourceAddressPrefix: 'VirtualNetwork'\n    destinationAddressPrefix: '*'\n  }\n}",
    arm: '{ "name": "deny-ssh-from-aks-subnet", "properties": { "priority": 100, "direction": "Inbound", "access": "Deny", "protocol": "Tcp", "sourcePortRange": "*", "destinationPortRange": "22", "sourceAddressPrefix": "VirtualNetwork", "destinationAddressPrefix": "*" } }',
  },
  references: [
    'https://learn.microsoft.com/azure/aks/concepts-security#azure-network-security-groups',
    'https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview#default-security-rules',
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/network_security_group',
    'https://learn.microsoft.com/azure/templates/microsoft.network/networksecuritygroups',
  ],
  fixRequiresRecreate: false,
  view: networkSecurityGroups,
  check(view, ctx) {
    // Names for messages, worked out when a message needs them: most NSGs of a scan get none.
    let name: string | undefined;
    const nsgName = () => (view.nsg ? (name ??= deployedName(view.nsg)) : undefined);
    const internetDenies = view.rules.filter(
      (r) => matchesInboundTcp(r, 'deny', SSH, isAnywhere).state === 'yes',
    );
    const nodeSubnets = view.nsg ? nodeSubnetsGuardedBy(ctx.graph, view.nsg) : [];
    // Say what the rule exposes: AKS nodes only when the NSG guards a node subnet; else a VM, a NIC
    // or a subnet of something else.
    const exposed = () =>
      nodeSubnets.length > 0
        ? `the AKS nodes of subnet${nodeSubnets.length > 1 ? 's' : ''} ${nodeSubnets.map((s) => `"${deployedName(s.subnet).split('/').pop()}"`).join(', ')}`
        : 'whatever it is attached to (a VM, a network interface or a subnet)';
    for (const rule of view.rules) {
      const open = matchesInboundTcp(rule, 'allow', SSH, isAnywhere);
      if (open.state === 'no') continue;
      // A deny from anywhere that Azure evaluates first shadows the allow.
      if (internetDenies.some((d) => evaluatedBefore(d, rule) === true)) continue;
      if (open.state === 'unknown') {
        ctx.report({
          status: 'unknown',
          because: open.reading,
          range: open.reading.range,
          resource: rule.resource,
          message: `Whether NSG rule "${rule.name}" opens SSH to the internet cannot be told: ${unresolvedText(open.reading)}.`,
        });
      } else if (open.state === 'yes') {
        const sources = rule.sources();
        ctx.report({
          range: rule.range,
          resource: rule.resource,
          message: `NSG rule "${rule.name}"${nsgName() ? ` of "${nsgName()}"` : ''} allows inbound TCP 22 from ${sources.state === 'set' ? (sources.value ?? []).join(', ') : 'anywhere'}: ${exposed()} can be reached over SSH from the internet. Remove the rule (use kubectl debug node/… for node access) or limit its source to a bastion subnet.`,
        });
      }
    }
    if (!view.nsg) return;
    for (const subnet of nodeSubnets) {
      const fromSubnet = sourceCoversSubnet(subnet);
      const verdicts = view.rules.map((rule) => matchesInboundTcp(rule, 'deny', SSH, fromSubnet));
      const subnetName = deployedName(subnet.subnet);
      const denies = view.rules.filter((_, i) => verdicts[i].state === 'yes');
      if (denies.length > 0) {
        // The deny works only if no rule allowing SSH from the subnet is evaluated before it.
        const deny = firstEvaluated(denies);
        for (const allow of view.rules) {
          if (matchesInboundTcp(allow, 'allow', SSH, fromSubnet).state !== 'yes') continue;
          const order = evaluatedBefore(allow, deny);
          if (order === true) {
            ctx.report({
              range: allow.range,
              resource: allow.resource,
              message: `NSG "${nsgName()}" denies SSH from AKS node subnet "${subnetName}" with rule "${deny.name}"${priorityOf(deny)}, but rule "${allow.name}"${priorityOf(allow)} allows it and is evaluated first: pods can still reach the nodes over SSH. Give the deny rule a lower priority number than any rule that allows the subnet.`,
            });
            break;
          }
          if (typeof order === 'object') {
            ctx.report({
              status: 'unknown',
              because: order,
              range: order.range,
              message: `Whether NSG "${nsgName()}" applies its SSH deny before rule "${allow.name}" cannot be told: ${unresolvedText(order)}.`,
            });
            break;
          }
        }
        continue;
      }
      const unresolved = verdicts.find((v) => v.state === 'unknown');
      if (unresolved?.state === 'unknown') {
        ctx.report({
          status: 'unknown',
          because: unresolved.reading,
          range: unresolved.reading.range,
          message: `Whether NSG "${nsgName()}" denies SSH from AKS node subnet "${subnetName}" cannot be told: ${unresolvedText(unresolved.reading)}.`,
        });
        continue;
      }
      const prefixes =
        subnet.prefixes.state === 'set' ? ` (${(subnet.prefixes.value ?? []).join(', ')})` : '';
      const example = inboundTcpDenyExample(familyOf(view.nsg), SSH);
      ctx.report({
        range: view.nsg.range,
        message: `NSG "${nsgName()}" guards AKS node subnet "${subnetName}"${prefixes} of cluster "${deployedName(subnet.user)}" but has no rule denying TCP 22 from it: the default AllowVnetInBound rule lets any pod try SSH against every node. Add ${example}, at a priority below any rule that allows the virtual network.`,
      });
    }
  },
});
