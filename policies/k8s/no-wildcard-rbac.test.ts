import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-wildcard-rbac';

ruleTester(rule, {
  valid: [
    {
      name: 'explicit verbs and resources',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: deployer, namespace: shop}
        rules:
          - apiGroups: ["apps"]
            resources: ["deployments"]
            verbs: ["get", "list", "patch"]
      `,
    },
  ],
  invalid: [
    {
      name: 'wildcards in a ClusterRole and in a Role inside a List',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: ops}
        rules:
          - apiGroups: ["*"]
            resources: ["*"]
            verbs: ["get", "*"]
        ---
        apiVersion: v1
        kind: List
        items:
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: Role
            metadata: {name: r, namespace: shop}
            rules:
              - {apiGroups: [""], resources: ["pods"], verbs: ["*"]}
      `,
      errors: [
        { line: 6, column: 17, message: /ClusterRole ops grants "\*" in resources/ },
        { line: 7, column: 20, message: /ClusterRole ops grants "\*" in verbs/ },
        { line: 16, message: /Role shop\/r grants "\*" in verbs/ },
      ],
    },
    {
      name: 'every resource of one CRD group: no Secrets, no pods/exec',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: cert-manager-edit}
        rules:
          - apiGroups: ["cert-manager.io"]
            resources: ["*"]
            verbs: ["get", "list"]
      `,
      errors: [
        {
          line: 6,
          message:
            /grants "\*" in resources: it covers every resource type of the API group "cert-manager\.io", now/,
        },
      ],
    },
  ],
  unknown: [],
});
