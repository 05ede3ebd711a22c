import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-csr-approval';

const approver = yaml`
  apiVersion: rbac.authorization.k8s.io/v1
  kind: ClusterRole
  metadata: {name: csr-approver}
  rules:
    - apiGroups: ["certificates.k8s.io"]
      resources: ["certificatesigningrequests"]
      verbs: ["get", "list", "watch", "create"]
    - apiGroups: ["certificates.k8s.io"]
      resources: ["certificatesigningrequests/approval"]
      verbs: ["update"]
    - apiGroups: ["certificates.k8s.io"]
      resources: ["signers"]
      verbs: ["approve"]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'approval for a custom signer only; approval without approve on signers; signers without approval',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: my-issuer}
        rules:
          - {apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update"]}
          - {apiGroups: ["certificates.k8s.io"], resources: ["signers"], resourceNames: ["example.com/*"], verbs: ["approve"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: half}
        rules:
          - {apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["update"]}
          - {apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["sign"]}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: other-half}
        rules:
          - {apiGroups: ["certificates.k8s.io"], resources: ["certificatesigningrequests/approval"], verbs: ["get"]}
          - {apiGroups: ["certificates.k8s.io"], resources: ["signers"], verbs: ["approve"]}
      `,
    },
    {
      name: 'a ClusterRole bound only by a RoleBinding grants no cluster-scoped resource',
      format: 'kubernetes',
      code: approver,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: RoleBinding
          metadata: {name: approve, namespace: pki}
          roleRef: {kind: ClusterRole, name: csr-approver}
          subjects: [{kind: ServiceAccount, name: approver}]
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'every signer, bound cluster-wide',
      format: 'kubernetes',
      code: approver,
      files: {
        'binding.yaml': yaml`
          apiVersion: rbac.authorization.k8s.io/v1
          kind: ClusterRoleBinding
          metadata: {name: approve}
          roleRef: {kind: ClusterRole, name: csr-approver}
          subjects: [{kind: ServiceAccount, name: approver, namespace: pki}]
        `,
      },
      errors: [
        {
          line: 9,
          column: 17,
          file: 'manifests.yaml',
          message:
            /^ClusterRole csr-approver lets its subjects approve certificate signing requests for every signer, bound cluster-wide by ClusterRoleBinding approve: with kubernetes.io\/kube-apiserver-client the cluster CA/,
        },
      ],
    },
    {
      name: 'unbound, patch and a kubernetes.io signer by name',
      format: 'kubernetes',
      code: yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: client-certs}
        rules:
          - apiGroups: ["*"]
            resources: ["signers"]
            resourceNames: ["example.com/signer", "kubernetes.io/kube-apiserver-client"]
            verbs: ["approve"]
          - apiGroups: ["certificates.k8s.io"]
            resources: ["certificatesigningrequests/approval"]
            verbs: ["patch"]
      `,
      errors: [
        {
          line: 10,
          message:
            /approve certificate signing requests for the signers example.com\/signer, kubernetes.io\/kube-apiserver-client:/,
        },
      ],
    },
  ],
  unknown: [],
});
