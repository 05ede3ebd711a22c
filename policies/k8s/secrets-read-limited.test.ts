import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './secrets-read-limited';

const readSecrets = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: secret-reader}
  rules:
    - apiGroups: [""]
      resources: ["configmaps", "secrets"]
      verbs: ["get", "list"]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'a namespaced Role, and named secrets only',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r, namespace: shop}
        rules:
          - {apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: tls-reader}
        rules:
          - {apiGroups: [""], resources: ["secrets"], resourceNames: ["web-tls"], verbs: ["get"]}
      `,
    },
    {
      name: 'a ClusterRole bound only by a RoleBinding (in another file)',
      format: 'kubernetes',
      code: readSecrets,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: read, namespace: shop}
          roleRef: {kind: ClusterRole, name: secret-reader}
          subjects: [{kind: ServiceAccount, name: web}]
        `,
      },
    },
    {
      name: 'the built-in edit role bound in one namespace, view bound cluster-wide',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: deployers, namespace: shop}
        roleRef: {kind: ClusterRole, name: edit}
        subjects: [{kind: ServiceAccount, name: deployer}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: auditors}
        roleRef: {kind: ClusterRole, name: view}
        subjects: [{kind: Group, name: auditors}]
      `,
    },
  ],
  invalid: [
    {
      name: 'the built-in edit and admin roles bound cluster-wide: they read every Secret',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ci-deployer-edit}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ops-admin}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
        subjects: [{kind: Group, name: ops}]
      `,
      errors: [
        {
          line: 4,
          message:
            /ClusterRole edit \(built in\) lets its subjects get, list, watch secrets in every namespace, bound cluster-wide by ClusterRoleBinding ci-deployer-edit/,
        },
        { line: 10, message: /ClusterRole admin \(built in\)/ },
      ],
    },
    {
      name: 'a ClusterRole bound cluster-wide in another file',
      format: 'kubernetes',
      code: readSecrets,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: read-all}
          roleRef: {kind: ClusterRole, name: secret-reader}
          subjects: [{kind: Group, name: auditors}]
        `,
      },
      errors: [
        {
          line: 6,
          column: 31,
          file: 'manifests.yaml',
          message:
            /ClusterRole secret-reader lets its subjects get, list secrets in every namespace, bound cluster-wide by ClusterRoleBinding read-all/,
        },
      ],
    },
    {
      name: 'a ClusterRole not bound in the scan, with a wildcard verb',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: any}
        rules:
          - apiGroups: ["*"]
            resources: ["secrets"]
            verbs: ["*"]
      `,
      errors: [{ line: 6, message: /ClusterRole any lets its subjects \* secrets in every namespace:/ }],
    },
  ],
  unknown: [],
});
