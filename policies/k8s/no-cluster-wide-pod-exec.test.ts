import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-cluster-wide-pod-exec';

const debugger_ = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: pod-debugger}
  rules:
    - apiGroups: [""]
      resources: ["pods", "pods/exec"]
      verbs: ["get", "create"]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'a namespaced Role, a ClusterRole that reads logs only, and wildcards (K8S204 reports those)',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: debug, namespace: shop}
        rules:
          - {apiGroups: [""], resources: ["pods/exec", "pods/attach"], verbs: ["create"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: log-reader}
        rules:
          - {apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list"]}
          - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
          - {apiGroups: ["apps"], resources: ["pods/exec"], verbs: ["create"]}
      `,
    },
    {
      name: 'a ClusterRole bound only by a RoleBinding, and the built-in edit role bound in one namespace',
      format: 'kubernetes',
      code: debugger_,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: debug, namespace: shop}
          roleRef: {kind: ClusterRole, name: pod-debugger}
          subjects: [{kind: Group, name: shop-oncall}]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: deployers, namespace: shop}
          roleRef: {kind: ClusterRole, name: edit}
          subjects: [{kind: ServiceAccount, name: deployer}]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'a ClusterRole bound cluster-wide in another file',
      format: 'kubernetes',
      code: debugger_,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: debug-everywhere}
          roleRef: {kind: ClusterRole, name: pod-debugger}
          subjects: [{kind: Group, name: developers}]
        `,
      },
      errors: [
        {
          line: 6,
          column: 25,
          file: 'manifests.yaml',
          message:
            /^ClusterRole pod-debugger lets its subjects get, create pods\/exec in every namespace, bound cluster-wide by ClusterRoleBinding debug-everywhere: they can run commands in any pod, kube-system's included/,
        },
      ],
    },
    {
      name: 'unbound, get alone on attach, "*" verbs on */exec, resourceNames',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: attacher}
        rules:
          - apiGroups: [""]
            resources: ["pods/attach"]
            verbs: ["get"]
          - apiGroups: ["*"]
            resources: ["*/exec"]
            verbs: ["*"]
          - apiGroups: [""]
            resources: ["pods/exec"]
            resourceNames: ["toolbox"]
            verbs: ["create"]
      `,
      errors: [
        {
          line: 6,
          message: /get pods\/attach in every namespace \(get alone suffices before Kubernetes 1\.35/,
        },
        {
          line: 9,
          message: /lets its subjects \* \*\/exec in every namespace: they can run commands in any pod/,
        },
        { line: 12, message: /run commands in the pods toolbox,/ },
      ],
    },
    {
      name: 'the built-in edit role bound cluster-wide',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ci-edit}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
      `,
      errors: [
        { line: 4, message: /^ClusterRole edit \(built in\) lets its subjects get, create pods\/attach/ },
        { line: 4, message: /^ClusterRole edit \(built in\) lets its subjects get, create pods\/exec/ },
      ],
    },
  ],
  unknown: [],
});
