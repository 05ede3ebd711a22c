import { defineRule, expectReading } from '../api';
import { aksNodePools } from '../../src/views/aks';
import { assign, current, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS501',
  slug: 'host-encryption',
  title: 'Host encryption on every node pool',
  severity: 'medium',
  description: 'Every node pool encrypts temporary disks, caches and OS disk data at rest on the VM host.',
  rationale:
    "Without encryption at host, the node's temporary disk and the OS/data disk caches are stored unencrypted on the host, where secrets and container data written to emptyDir volumes end up. It can only be chosen when the pool is created.",
  remediation: {
    terraform:
      'default_node_pool {\n  host_encryption_enabled = true  # azurerm 3.x: enable_host_encryption\n}',
    bicep: 'agentPoolProfiles: [\n  {\n    enableEncryptionAtHost: true\n  }\n]',
    arm: '"agentPoolProfiles": [ { "enableEncryptionAtHost": true } ]',
  },
  references: ['https://learn.microsoft.com/azure/aks/enable-host-encryption', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: true,
  view: aksNodePools,
  check(pool, ctx) {
    const r = pool.flag('hostEncryption', false);
    expectReading(ctx, r, {
      ok: (v) => v === true,
      fail: (r) =>
        `${pool.label} does not encrypt data at the VM host (${current(r, 'false')}): temporary disks and disk caches hold data unencrypted. Set ${assign(pool, r.attribute, true)}; the pool must be recreated.`,
    });
  },
});
