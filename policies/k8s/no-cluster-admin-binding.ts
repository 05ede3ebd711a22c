import { defineRule } from '../api';
import { roleBindingView } from '../../src/views/kubernetes';
import { AKS_IDENTITY, CIS_KUBERNETES, RBAC, RBAC_GOOD_PRACTICES } from './lib';

/** The built-in binding of cluster-admin: Kubernetes creates it, manifests only restate it. */
const BUILT_IN_GROUP = 'system:masters';

export default defineRule({
  id: 'K8S203',
  slug: 'no-cluster-admin-binding',
  title: 'No cluster-admin bindings',
  severity: 'high',
  description:
    'No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole to a user, a group, or a service account outside kube-system.',
  rationale:
    'cluster-admin allows every verb on every resource: whoever holds it (or steals its credentials) can read every Secret, run privileged pods on any node and change RBAC itself. On AKS, administrators should get it through Entra ID and Azure RBAC just in time, not through standing bindings in manifests.',
  remediation: {
    kubernetes: [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding          # namespaced, and a narrower role',
      'metadata: {name: deployer, namespace: shop}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}',
      'subjects:',
      '  - {kind: ServiceAccount, name: deployer, namespace: ci}',
    ].join('\n'),
  },
  references: [
    RBAC,
    RBAC_GOOD_PRACTICES,
    AKS_IDENTITY,
    'https://learn.microsoft.com/azure/aks/manage-azure-rbac',
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['rbac', 'cis-5.1.1'],
  view: roleBindingView,
  check(binding, ctx) {
    if (binding.roleRef.kind !== 'ClusterRole' || binding.roleRef.name !== 'cluster-admin') return;
    const scope =
      binding.kind === 'ClusterRoleBinding' ? 'the whole cluster' : `namespace ${binding.namespace}`;
    for (const s of binding.subjects) {
      if (s.kind === 'Group' && s.name === BUILT_IN_GROUP) continue;
      if (s.kind === 'ServiceAccount' && s.namespace === 'kube-system') continue;
      if (!['User', 'Group', 'ServiceAccount'].includes(s.kind)) continue;
      const who =
        s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace}/${s.name}` : `${s.kind} "${s.name}"`;
      ctx.report({
        range: s.range,
        message: `${binding.label} grants cluster-admin to ${who}: it can do anything in ${scope}, including reading every Secret and changing RBAC. Bind a narrower role (edit, view or a custom Role) in the namespaces it needs.`,
      });
    }
  },
});
