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
  ],
  invalid: [
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
