import { defineRule } from '../api';
import { grantedVerbs, namedResource, rbacRoleView } from '../../src/views/kubernetes';
import { clusterWideBinding, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

const SUBRESOURCES = ['pods/exec', 'pods/attach'];

export default defineRule({
  id: 'K8S210',
  slug: 'no-cluster-wide-pod-exec',
  title: 'Roles do not exec or attach into pods in every namespace',
  severity: 'high',
  description:
    'No ClusterRole grants create or get on pods/exec or pods/attach, unless every binding of it in the scan is a namespaced RoleBinding. ClusterRoleBindings to the built-in admin and edit roles count: both grant exec. A "*" in resources is K8S204\'s finding.',
  rationale:
    "Exec and attach run commands in, or take over the terminal of, a running container: its files, its mounted Secrets and its service account token become the caller's. In every namespace that includes kube-system and the controllers whose tokens administer the cluster, so the grant amounts to cluster-admin. get is enough before Kubernetes 1.35, which authorizes the WebSocket exec request as get; 1.35 and later also require create. Grant exec in a namespaced Role to whoever debugs that namespace.",
  remediation: {
    kubernetes: [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role                 # namespaced: exec only where this team debugs',
      'metadata: {name: debug, namespace: shop}',
      'rules:',
      '  - apiGroups: [""]',
      '    resources: ["pods/exec"]',
      '    verbs: ["create", "get"]',
    ].join('\n'),
  },
  references: [
    RBAC,
    RBAC_GOOD_PRACTICES,
    'https://github.com/kubernetes/enhancements/tree/master/keps/sig-api-machinery/4006-transition-spdy-to-websockets',
  ],
  fixRequiresRecreate: false,
  tags: ['rbac'],
  view: rbacRoleView,
  check(role, ctx) {
    const bound = clusterWideBinding(role);
    if (bound === undefined) return;
    for (const rule of role.rules) {
      const verbs = grantedVerbs(rule, ['create', 'get']).map((v) => v.value);
      if (verbs.length === 0) continue;
      for (const sub of SUBRESOURCES) {
        const item = namedResource(rule, '', sub);
        if (!item) continue;
        const pods =
          rule.resourceNames.length > 0
            ? `the pods ${rule.resourceNames.map((n) => n.value).join(', ')}`
            : 'any pod';
        const getOnly = verbs.every((v) => v === 'get')
          ? ' (get alone suffices before Kubernetes 1.35: the WebSocket request is authorized as get)'
          : '';
        ctx.report({
          range: item.range,
          message: `${role.label} lets its subjects ${verbs.join(', ')} ${item.value} in every namespace${bound}${getOnly}: they can run commands in ${pods}, kube-system's included, and take its service account token and mounted Secrets. Grant ${sub} in a namespaced Role (or bind this role with RoleBindings) where it is needed.`,
        });
      }
    }
  },
});
