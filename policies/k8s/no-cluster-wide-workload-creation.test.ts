import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-cluster-wide-workload-creation';

const deployer = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: deployer}
  rules:
    - apiGroups: ["apps"]
      resources: ["deployments", "statefulsets"]
      verbs: ["get", "list", "create", "update"]
    - apiGroups: ["batch"]
      resources: ["jobs"]
      verbs: ["create"]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'a namespaced Role, update without create, resourceNames, a wrong group, wildcards (K8S204)',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: deployer, namespace: shop}
        rules:
          - {apiGroups: [""], resources: ["pods"], verbs: ["create"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: scaler}
        rules:
          - {apiGroups: ["apps"], resources: ["deployments", "deployments/scale"], verbs: ["get", "patch", "update"]}
          - {apiGroups: [""], resources: ["pods"], resourceNames: ["toolbox"], verbs: ["create"]}
          - {apiGroups: ["batch"], resources: ["deployments"], verbs: ["create"]}
          - {apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"]}
          - {apiGroups: ["*"], resources: ["*"], verbs: ["create"]}
      `,
    },
    {
      name: 'a ClusterRole bound only by RoleBindings, and the built-in edit role bound in one namespace',
      format: 'kubernetes',
      code: deployer,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: deployer, namespace: shop}
          roleRef: {kind: ClusterRole, name: deployer}
          subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
          ---
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: edit, namespace: shop}
          roleRef: {kind: ClusterRole, name: edit}
          subjects: [{kind: Group, name: shop-devs}]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'one finding per role, bound cluster-wide',
      format: 'kubernetes',
      code: deployer,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: ci-deployer}
          roleRef: {kind: ClusterRole, name: deployer}
          subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
        `,
      },
      errors: [
        {
          line: 6,
          column: 17,
          file: 'manifests.yaml',
          message:
            /^ClusterRole deployer lets its subjects create deployments, statefulsets, jobs in every namespace, bound cluster-wide by ClusterRoleBinding ci-deployer: a pod they create can run as any service account, kube-system's included/,
        },
      ],
    },
    {
      name: 'unbound, "*" verbs on pods in any group',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: runner}
        rules:
          - apiGroups: ["*"]
            resources: ["pods", "pods/log"]
            verbs: ["*"]
      `,
      errors: [
        { line: 6, message: /^ClusterRole runner lets its subjects create pods in every namespace: / },
      ],
    },
    {
      name: 'the built-in edit role bound cluster-wide: one finding',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: ci-edit}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
      `,
      errors: [
        {
          line: 4,
          message:
            /^ClusterRole edit \(built in\) lets its subjects create pods, replicationcontrollers, deployments, daemonsets, statefulsets, replicasets, jobs, cronjobs in every namespace, bound cluster-wide by ClusterRoleBinding ci-edit/,
        },
      ],
    },
  ],
  unknown: [],
});
