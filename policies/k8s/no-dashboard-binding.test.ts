import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-dashboard-binding';

ruleTester(rule, {
  valid: [
    {
      name: 'bindings to other accounts',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: view, namespace: kubernetes-dashboard}
        roleRef: {kind: ClusterRole, name: view}
        subjects:
          - {kind: User, name: kubernetes-dashboard}
          - {kind: ServiceAccount, name: dashboard-metrics-scraper, namespace: kubernetes-dashboard}
      `,
    },
  ],
  invalid: [
    {
      name: 'cluster-wide binding to the dashboard account',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: dashboard-admin}
        roleRef: {kind: ClusterRole, name: cluster-admin}
        subjects:
          - kind: ServiceAccount
            name: kubernetes-dashboard
            namespace: kubernetes-dashboard
      `,
      errors: [
        {
          line: 6,
          column: 5,
          message:
            /ClusterRoleBinding dashboard-admin grants ClusterRole cluster-admin to ServiceAccount kubernetes-dashboard\/kubernetes-dashboard/,
        },
      ],
    },
  ],
  unknown: [],
});
