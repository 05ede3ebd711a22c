import { defineRule } from '../api';
import { rbacRoleView } from '../../src/views/kubernetes';
import { CIS_KUBERNETES, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

const READ_VERBS = ['get', 'list', 'watch'];

export default defineRule({
  id: 'K8S205',
  slug: 'secrets-read-limited',
  title: 'Secrets cannot be read cluster-wide',
  severity: 'medium',
  description:
    'No ClusterRole grants get, list or watch on secrets for every namespace (without resourceNames), unless every binding of it in the scan is a namespaced RoleBinding. ClusterRoleBindings to the built-in admin and edit roles count: both read Secrets.',
  rationale:
    'Reading Secrets in every namespace means reading every credential the cluster holds: registry pull secrets, database passwords, service account tokens. list and watch return the values, not just the names.',
  remediation: {
    kubernetes: [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role                 # namespaced',
      'metadata: {name: read-app-secret, namespace: shop}',
      'rules:',
      '  - apiGroups: [""]',
      '    resources: ["secrets"]',
      '    resourceNames: ["web-tls"]',
      '    verbs: ["get"]',
    ].join('\n'),
  },
  references: [RBAC, RBAC_GOOD_PRACTICES, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['rbac', 'cis-5.1.2'],
  view: rbacRoleView,
  check(role, ctx) {
    if (role.kind !== 'ClusterRole') return;
    // Bound only through RoleBindings, a ClusterRole grants within those namespaces only.
    if (role.bindings.length > 0 && role.bindings.every((b) => b.kind === 'RoleBinding')) return;
    for (const rule of role.rules) {
      const groups = rule.apiGroups.map((g) => g.value);
      if (!groups.includes('') && !groups.includes('*')) continue;
      const secrets = rule.resources.find((r) => r.value === 'secrets' || r.value === '*');
      if (!secrets || rule.resourceNames.length > 0) continue;
      const verbs = rule.verbs.map((v) => v.value).filter((v) => READ_VERBS.includes(v) || v === '*');
      if (verbs.length === 0) continue;
      const via = role.bindings.find((b) => b.kind === 'ClusterRoleBinding');
      const bound = via ? `, bound cluster-wide by ${via.label}` : '';
      ctx.report({
        range: secrets.range,
        message: `${role.label} lets its subjects ${verbs.join(', ')} secrets in every namespace${bound}: that is every credential the cluster stores. Use a namespaced Role (or a RoleBinding), and resourceNames for the Secrets it needs.`,
      });
    }
  },
});
