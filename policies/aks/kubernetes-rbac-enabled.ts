import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS104',
  slug: 'kubernetes-rbac-enabled',
  title: 'Kubernetes RBAC is enabled',
  severity: 'critical',
  description: 'Kubernetes role-based access control is not turned off.',
  rationale:
    'Without Kubernetes RBAC every authenticated identity, including every pod service account, can do anything in the cluster. It can only be chosen when the cluster is created.',
  remediation: {
    terraform: 'role_based_access_control_enabled = true  # the default; remove "= false"',
    bicep: 'properties: {\n  enableRBAC: true\n}',
    arm: '"properties": { "enableRBAC": true }',
  },
  references: ['https://learn.microsoft.com/azure/aks/concepts-identity', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: true,
  fix: {
    description: 'Sets role_based_access_control_enabled = true (properties.enableRBAC: true).',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.flag('kubernetesRbac', true), {
      ok: (v) => v !== false,
      fix: (r) => settingFix(ctx, view, r, true),
      fail: (r) =>
        `${clusterName(view)} turns Kubernetes RBAC off (${current(r)}): every authenticated identity, pods included, gets full control. Set ${assign(view, r.attribute, true)}; this needs a new cluster.`,
    });
  },
});
