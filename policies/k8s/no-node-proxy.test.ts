import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-node-proxy';

const scraper = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: metrics-scraper}
  rules:
    - apiGroups: [""]
      resources: ["nodes", "nodes/proxy"]
      verbs: ["get", "list", "watch"]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'per-endpoint subresources, another group, and a namespaced Role (nodes are cluster-scoped)',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: prometheus}
        rules:
          - {apiGroups: [""], resources: ["nodes", "nodes/metrics", "nodes/stats"], verbs: ["get", "list"]}
          - {apiGroups: ["metrics.k8s.io"], resources: ["nodes/proxy"], verbs: ["get"]}
          - {apiGroups: ["*"], resources: ["*"], verbs: ["get"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r, namespace: monitoring}
        rules:
          - {apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"]}
      `,
    },
    {
      name: 'a ClusterRole bound only by a RoleBinding',
      format: 'kubernetes',
      code: scraper,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: scrape, namespace: monitoring}
          roleRef: {kind: ClusterRole, name: metrics-scraper}
          subjects: [{kind: ServiceAccount, name: prometheus}]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'get on nodes/proxy, bound cluster-wide',
      format: 'kubernetes',
      code: scraper,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: scrape}
          roleRef: {kind: ClusterRole, name: metrics-scraper}
          subjects: [{kind: ServiceAccount, name: prometheus, namespace: monitoring}]
        `,
      },
      errors: [
        {
          line: 6,
          column: 26,
          file: 'manifests.yaml',
          message:
            /^ClusterRole metrics-scraper grants get, list, watch on nodes\/proxy, bound cluster-wide by ClusterRoleBinding scrape \(get is not read-only there: .*\): its subjects can call the kubelet API of every node and run commands in any container there/,
        },
      ],
    },
    {
      name: 'unbound: create on */proxy, "*" on named nodes',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: node-debugger}
        rules:
          - apiGroups: ["*"]
            resources: ["*/proxy"]
            verbs: ["create"]
          - apiGroups: [""]
            resources: ["nodes/proxy"]
            resourceNames: ["aks-system-0"]
            verbs: ["*"]
      `,
      errors: [
        { line: 6, message: /^ClusterRole node-debugger grants create on \*\/proxy: its subjects can call/ },
        {
          line: 9,
          message:
            /grants \* on nodes\/proxy: its subjects can call the kubelet API of the nodes aks-system-0 /,
        },
      ],
    },
  ],
  unknown: [],
});
