import { defineRule } from '../api';
import { roleBindingView } from '../../src/views/kubernetes';
import { AKS_IDENTITY, CIS_KUBERNETES, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

/**
 * Kubernetes' own identities (system:masters, system:kube-controller-manager…): the API server binds
 * them itself, manifests only restate it. The `system:` names that stand for many callers are not
 * exempt: every ServiceAccount (or one), every authenticated user, anonymous requests.
 */
function isBuiltInIdentity(kind: string, name: string): boolean {
  if (kind !== 'User' && kind !== 'Group') return false;
  if (!name.startsWith('system:')) return false;
  return !/^system:(serviceaccounts?(:|$)|authenticated$|unauthenticated$|anonymous$)/.test(name);
}

export default defineRule({
  id: 'K8S203',
  slug: 'no-cluster-admin-binding',
  title: 'No cluster-admin bindings',
  severity: 'high',
  description:
    'No RoleBinding or ClusterRoleBinding grants the cluster-admin ClusterRole to a user, a group, or a service account (the built-in `system:` identities of Kubernetes excepted; a ServiceAccount in kube-system is no exception).',
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
      if (isBuiltInIdentity(s.kind, s.name)) continue;
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
