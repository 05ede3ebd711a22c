import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-default-service-account-binding';

ruleTester(rule, {
  valid: [
    {
      name: "a workload's own account, a user named default, and the system:serviceaccounts prefix of one account",
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: report, namespace: shop}
        roleRef: {kind: Role, name: report}
        subjects:
          - {kind: ServiceAccount, name: report}
          - {kind: User, name: default}
          - {kind: User, name: "system:serviceaccount:shop:report"}
      `,
    },
  ],
  invalid: [
    {
      name: 'the default account, in the binding namespace and named explicitly',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: report, namespace: shop}
        roleRef: {kind: ClusterRole, name: view}
        subjects:
          - kind: ServiceAccount
            name: default
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ops}
        roleRef: {kind: ClusterRole, name: ops}
        subjects:
          - {kind: ServiceAccount, name: default, namespace: ops}
      `,
      errors: [
        {
          line: 6,
          column: 5,
          message:
            /^RoleBinding shop\/report grants ClusterRole view to the default ServiceAccount of namespace shop: every pod that names no service account of its own runs with it/,
        },
        {
          line: 14,
          message:
            /^ClusterRoleBinding ops grants ClusterRole ops to the default ServiceAccount of namespace ops:/,
        },
      ],
    },
    {
      name: 'the groups of every service account',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: all-accounts}
        roleRef: {kind: ClusterRole, name: reader}
        subjects:
          - {kind: Group, name: "system:serviceaccounts", apiGroup: rbac.authorization.k8s.io}
          - {kind: Group, name: "system:serviceaccounts:shop", apiGroup: rbac.authorization.k8s.io}
      `,
      errors: [
        {
          line: 6,
          message: /to the group system:serviceaccounts, every service account of every namespace:/,
        },
        {
          line: 7,
          message: /to the group system:serviceaccounts:shop, every service account of namespace shop:/,
        },
      ],
    },
  ],
  unknown: [],
});
