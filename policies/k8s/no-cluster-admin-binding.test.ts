import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-cluster-admin-binding';

ruleTester(rule, {
  valid: [
    {
      name: 'a narrower role; cluster-admin for a kube-system account',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: deployer, namespace: shop}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects:
          - {kind: ServiceAccount, name: deployer, namespace: ci}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: addon}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
          - {kind: ServiceAccount, name: addon-manager, namespace: kube-system}
      `,
    },
  ],
  invalid: [
    {
      name: 'a group and a CI service account get cluster-admin',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ops-admins}
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: ClusterRole
          name: cluster-admin
        subjects:
          - kind: Group
            name: ops
          - kind: ServiceAccount
            name: deployer
            namespace: ci
          - kind: ServiceAccount
            name: addon
            namespace: kube-system
      `,
      errors: [
        {
          line: 9,
          column: 5,
          message: /ClusterRoleBinding ops-admins grants cluster-admin to Group "ops": .*whole cluster/,
        },
        { line: 11, column: 5, message: /ServiceAccount ci\/deployer/ },
      ],
    },
    {
      name: 'a RoleBinding to cluster-admin, the service account namespace taken from the binding',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: all-in, namespace: shop}
        roleRef: {kind: ClusterRole, name: cluster-admin}
        subjects:
          - {kind: ServiceAccount, name: web}
      `,
      errors: [
        {
          line: 6,
          message:
            /RoleBinding shop\/all-in grants cluster-admin to ServiceAccount shop\/web: .*namespace shop/,
        },
      ],
    },
  ],
  unknown: [],
});
