import { defineRule } from '../api';
import { namedResource, rbacRoleView } from '../../src/views/kubernetes';
import { clusterWideBinding, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

const KUBELET_AUTHZ = 'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/';

export default defineRule({
  id: 'K8S211',
  slug: 'no-node-proxy',
  title: 'Roles grant nothing on nodes/proxy',
  severity: 'high',
  description:
    'No ClusterRole grants any verb on nodes/proxy (written as such or as */proxy), unless every binding of it in the scan is a namespaced RoleBinding, which cannot grant a cluster-scoped resource. A "*" in resources is K8S204\'s finding.',
  rationale:
    'nodes/proxy reaches the kubelet API of a node, which runs commands in any container on it (/exec, /run) outside the admission checks and audit records that pods/exec gets. Even get is not read-only: the kubelet authorizes WebSocket requests, which are HTTP GETs, as get, so a monitoring agent with get on nodes/proxy can execute code in every pod of every node. Monitoring needs nodes/metrics, nodes/stats or nodes/log, and from Kubernetes 1.33 (fine-grained kubelet authorization) nodes/pods and the other per-endpoint subresources.',
  remediation: {
    kubernetes: [
      'rules:',
      '  - apiGroups: [""]',
      '    resources: ["nodes/metrics", "nodes/stats"]   # not nodes/proxy',
      '    verbs: ["get"]',
    ].join('\n'),
  },
  references: [KUBELET_AUTHZ, `${RBAC_GOOD_PRACTICES}#access-to-proxy-subresource-of-nodes`, RBAC],
  fixRequiresRecreate: false,
  tags: ['rbac'],
  view: rbacRoleView,
  check(role, ctx) {
    const bound = clusterWideBinding(role);
    if (bound === undefined) return;
    for (const rule of role.rules) {
      const item = namedResource(rule, '', 'nodes/proxy');
      if (!item || rule.verbs.length === 0) continue;
      const verbs = rule.verbs.map((v) => v.value);
      const nodes =
        rule.resourceNames.length > 0
          ? `the nodes ${rule.resourceNames.map((n) => n.value).join(', ')}`
          : 'every node';
      const readOnly = verbs.every((v) => v === 'get' || v === 'list' || v === 'watch')
        ? ' (get is not read-only there: the kubelet authorizes WebSocket requests, HTTP GETs, as get)'
        : '';
      ctx.report({
        range: item.range,
        message: `${role.label} grants ${verbs.join(', ')} on ${item.value}${bound}${readOnly}: its subjects can call the kubelet API of ${nodes} and run commands in any container there, outside the admission checks and audit records that pods/exec gets. Grant nodes/metrics, nodes/stats or nodes/log instead, as monitoring needs.`,
      });
    }
  },
});
