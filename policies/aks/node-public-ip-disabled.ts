import { defineRule, expectReading } from '../api';
import { aksNodePools } from '../../src/views/aks';
import { assign, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS207',
  slug: 'node-public-ip-disabled',
  title: 'Nodes have no public IP addresses',
  severity: 'medium',
  description: 'No node pool gives its nodes public IP addresses.',
  rationale:
    'A node with a public IP is reachable from the internet on every port its network security group leaves open (SSH, kubelet, NodePorts) and bypasses your egress controls. Changing it rebuilds the node pool.',
  remediation: {
    terraform:
      'default_node_pool {\n  node_public_ip_enabled = false  # azurerm 3.x: enable_node_public_ip\n}',
    bicep: 'agentPoolProfiles: [\n  {\n    enableNodePublicIP: false\n  }\n]',
    arm: '"agentPoolProfiles": [ { "enableNodePublicIP": false } ]',
  },
  references: ['https://learn.microsoft.com/azure/aks/use-node-public-ips', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  fix: {
    description: 'Sets node_public_ip_enabled = false (enableNodePublicIP: false) on the node pool.',
  },
  view: aksNodePools,
  check(pool, ctx) {
    const r = pool.flag('nodePublicIp', false);
    expectReading(ctx, r, {
      ok: (v) => v !== true,
      fix: (r) => settingFix(ctx, pool, r, false),
      fail: (r) =>
        `${pool.label} gives every node a public IP (${current(r)}): nodes are reachable from the internet and bypass egress controls. Set ${assign(pool, r.attribute, false)}.`,
    });
  },
});
