import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-escalation-verbs';

ruleTester(rule, {
  valid: [
    {
      name: 'ordinary verbs',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: viewer}
        rules:
          - {apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"]}
      `,
    },
  ],
  invalid: [
    {
      name: 'bind and impersonate',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: granter, namespace: shop}
        rules:
          - apiGroups: ["rbac.authorization.k8s.io"]
            resources: ["rolebindings", "roles"]
            verbs:
              - create
              - bind
              - escalate
          - apiGroups: [""]
            resources: ["serviceaccounts"]
            verbs: ["impersonate"]
      `,
      errors: [
        { line: 9, column: 9, message: /Role shop\/granter grants the verb bind/ },
        { line: 10, message: /verb escalate/ },
        { line: 13, message: /verb impersonate: .*act as any user/ },
      ],
    },
    {
      name: 'impersonate narrowed by resourceNames: says whom',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: ci-impersonator}
        rules:
          - {apiGroups: [""], resources: ["serviceaccounts"], resourceNames: ["deployer"], verbs: ["impersonate"]}
      `,
      errors: [{ line: 5, message: /grants the verb impersonate: its subjects can act as deployer\./ }],
    },
  ],
  unknown: [],
});
