import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-admission-control-changes';

const injector = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: webhook-manager}
  rules:
    - apiGroups: ["admissionregistration.k8s.io"]
      resources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"]
      verbs: ["get", "list", "watch", "update", "patch"]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'read only, updates of its own named configurations, another group, wildcards (K8S204)',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: cainjector}
        rules:
          - {apiGroups: ["admissionregistration.k8s.io"], resources: ["validatingwebhookconfigurations"], verbs: ["get", "list", "watch"]}
          - apiGroups: ["admissionregistration.k8s.io"]
            resources: ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"]
            resourceNames: ["cert-manager-webhook"]
            verbs: ["get", "update", "patch", "delete"]
          - {apiGroups: ["apps"], resources: ["validatingwebhookconfigurations"], verbs: ["create"]}
          - {apiGroups: ["*"], resources: ["*"], verbs: ["patch"]}
      `,
    },
    {
      name: 'a ClusterRole bound only by a RoleBinding grants no cluster-scoped resource',
      format: 'kubernetes',
      code: injector,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: hooks, namespace: tools}
          roleRef: {kind: ClusterRole, name: webhook-manager}
          subjects: [{kind: ServiceAccount, name: tools}]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'update and patch on both webhook kinds, bound cluster-wide',
      format: 'kubernetes',
      code: injector,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: hooks}
          roleRef: {kind: ClusterRole, name: webhook-manager}
          subjects: [{kind: ServiceAccount, name: tools, namespace: tools}]
        `,
      },
      errors: [
        {
          line: 6,
          column: 17,
          file: 'manifests.yaml',
          message:
            /^ClusterRole webhook-manager lets its subjects update, patch mutatingwebhookconfigurations, validatingwebhookconfigurations, bound cluster-wide by ClusterRoleBinding hooks: they can switch off/,
        },
      ],
    },
    {
      name: 'unbound: delete on admission policies, create despite resourceNames, "*" verbs',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: policy-admin}
        rules:
          - apiGroups: ["admissionregistration.k8s.io"]
            resources: ["validatingadmissionpolicies", "validatingadmissionpolicybindings"]
            verbs: ["delete"]
          - apiGroups: ["admissionregistration.k8s.io"]
            resources: ["mutatingwebhookconfigurations"]
            resourceNames: ["mine"]
            verbs: ["create", "update"]
          - apiGroups: ["*"]
            resources: ["validatingwebhookconfigurations"]
            verbs: ["*"]
      `,
      errors: [
        {
          line: 6,
          message:
            /^ClusterRole policy-admin lets its subjects delete validatingadmissionpolicies, validatingadmissionpolicybindings: /,
        },
        { line: 9, message: /lets its subjects create mutatingwebhookconfigurations:/ },
        { line: 13, message: /lets its subjects \* validatingwebhookconfigurations:/ },
      ],
    },
  ],
  unknown: [],
});
