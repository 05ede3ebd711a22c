import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-cluster-admin-binding';

ruleTester(rule, {
  valid: [
    {
      name: 'a narrower role; cluster-admin for Kubernetes own identities',
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
        metadata: {name: cluster-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
          - {kind: Group, name: 'system:masters'}
          - {kind: User, name: 'system:kube-controller-manager'}
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
        { line: 14, column: 5, message: /ServiceAccount kube-system\/addon/ },
      ],
    },
    {
      name: 'tiller in kube-system, and system: groups that stand for many callers',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: tiller}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
          - {kind: ServiceAccount, name: tiller, namespace: kube-system}
          - {kind: Group, name: 'system:serviceaccounts'}
          - {kind: Group, name: 'system:authenticated'}
          - {kind: User, name: 'system:anonymous'}
          - {kind: User, name: 'system:serviceaccount:kube-system:default'}
      `,
      errors: [
        { line: 6, message: /ServiceAccount kube-system\/tiller/ },
        { line: 7, message: /Group "system:serviceaccounts"/ },
        { line: 8, message: /Group "system:authenticated"/ },
        { line: 9, message: /User "system:anonymous"/ },
        { line: 10, message: /User "system:serviceaccount:kube-system:default"/ },
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
