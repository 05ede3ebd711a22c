import { defineRule } from '../api';
import { grantedVerbs, namedResource, rbacRoleView, type StringItem } from '../../src/views/kubernetes';
import { clusterWideBinding, PSS, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

/** Pods and the workload kinds that create them, by API group. */
const WORKLOADS: ReadonlyArray<readonly [string, string]> = [
  ['', 'pods'],
  ['', 'replicationcontrollers'],
  ['apps', 'deployments'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['apps', 'replicasets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
];

export default defineRule({
  id: 'K8S212',
  slug: 'no-cluster-wide-workload-creation',
  title: 'Roles do not create workloads in every namespace',
  severity: 'medium',
  description:
    'No ClusterRole grants create on pods or on the workloads that run them (Deployments, DaemonSets, StatefulSets, ReplicaSets, Jobs, CronJobs, ReplicationControllers), unless every binding of it in the scan is a namespaced RoleBinding. ClusterRoleBindings to the built-in admin and edit roles count. A "*" in resources is K8S204\'s finding.',
  rationale:
    'Whoever creates a pod chooses what it runs as: any service account of its namespace, any Secret or ConfigMap it mounts, and, where Pod Security admission does not enforce baseline, the node itself through a privileged or hostPath pod. Across every namespace that includes kube-system, whose service accounts administer the cluster. Controllers that must create workloads everywhere are the exceptions: record them with a suppression and a reason, and enforce Pod Security admission.',
  remediation: {
    kubernetes: [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding          # the ClusterRole, granted in one namespace only',
      'metadata: {name: deployer, namespace: shop}',
      'roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer}',
      'subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]',
    ].join('\n'),
  },
  references: [`${RBAC_GOOD_PRACTICES}#workload-creation`, RBAC, PSS],
  fixRequiresRecreate: false,
  tags: ['rbac'],
  view: rbacRoleView,
  check(role, ctx) {
    const bound = clusterWideBinding(role);
    if (bound === undefined) return;
    const granted: StringItem[] = [];
    for (const rule of role.rules) {
      // create cannot be limited by resourceNames: such a rule grants no create at all.
      if (rule.resourceNames.length > 0 || grantedVerbs(rule, ['create']).length === 0) continue;
      for (const [group, resource] of WORKLOADS) {
        const item = namedResource(rule, group, resource);
        if (item && !granted.some((g) => g.value === item.value)) granted.push(item);
      }
    }
    if (granted.length === 0) return;
    // As written: the finding points at the first one.
    granted.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
    ctx.report({
      range: granted[0].range,
      message: `${role.label} lets its subjects create ${granted.map((g) => g.value).join(', ')} in every namespace${bound}: a pod they create can run as any service account, kube-system's included, mount any Secret, and reach the node wherever Pod Security admission allows privileged pods. Grant it through RoleBindings in the namespaces it deploys to, or suppress this finding with the reason a controller needs it everywhere.`,
    });
  },
});
