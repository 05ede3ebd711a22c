import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './dashboard-ingress-blocked';

const dashboard = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: kubernetes-dashboard, namespace: kubernetes-dashboard}
  spec:
    template:
      metadata: {labels: {k8s-app: kubernetes-dashboard}}
      spec:
        containers: [{name: dashboard, image: kubernetesui/dashboard:v2.7.0}]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'Cilium: a deny rule for every source wins over an allow',
      format: 'kubernetes',
      code: dashboard,
      files: {
        'cilium.yaml': yaml`
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: deny, namespace: kubernetes-dashboard}
          spec:
            endpointSelector: {}
            ingressDeny: [{fromEntities: [all]}]
          ---
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: allow, namespace: kubernetes-dashboard}
          spec:
            endpointSelector: {}
            ingress: [{fromEntities: [cluster]}]
        `,
      },
    },
    {
      name: 'a deny-all ingress policy selects it',
      format: 'kubernetes',
      code: dashboard,
      files: {
        'netpol.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny, namespace: kubernetes-dashboard}
          spec:
            podSelector: {matchLabels: {k8s-app: kubernetes-dashboard}}
            policyTypes: [Ingress]
        `,
      },
    },
    {
      name: 'other workloads are not the dashboard',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: web, namespace: shop}
        spec: {containers: [{name: web, image: nginx:1.27}]}
      `,
    },
  ],
  invalid: [
    {
      name: 'Cilium: an empty ingress rule isolates, but another policy allows: they add up',
      format: 'kubernetes',
      code: dashboard,
      files: {
        'cilium.yaml': yaml`
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: deny, namespace: kubernetes-dashboard}
          spec:
            endpointSelector: {}
            ingress: [{}]
          ---
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: allow, namespace: kubernetes-dashboard}
          spec:
            endpointSelector: {}
            ingress: [{fromEntities: [world]}]
        `,
      },
      errors: [{ line: 1, message: /runs the Kubernetes dashboard and no NetworkPolicy denies ingress/ }],
    },
    {
      name: 'a deny-all next to a policy that allows ingress: policies add up, the allow wins',
      format: 'kubernetes',
      code: dashboard,
      files: {
        'netpol.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny, namespace: kubernetes-dashboard}
          spec:
            podSelector: {matchLabels: {k8s-app: kubernetes-dashboard}}
            policyTypes: [Ingress]
          ---
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: allow-from-ingress, namespace: kubernetes-dashboard}
          spec:
            podSelector: {matchLabels: {k8s-app: kubernetes-dashboard}}
            ingress: [{from: [{namespaceSelector: {}}]}]
        `,
      },
      errors: [{ line: 1, file: 'manifests.yaml', message: /runs the Kubernetes dashboard/ }],
    },
    {
      name: 'a policy that allows ingress does not block it',
      format: 'kubernetes',
      code: dashboard,
      files: {
        'netpol.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: allow, namespace: kubernetes-dashboard}
          spec:
            podSelector: {}
            ingress: [{from: [{namespaceSelector: {}}]}]
        `,
      },
      errors: [
        {
          line: 1,
          file: 'manifests.yaml',
          message:
            /Deployment kubernetes-dashboard\/kubernetes-dashboard runs the Kubernetes dashboard and no NetworkPolicy denies ingress/,
        },
      ],
    },
    {
      name: 'recognised by image, no policy at all',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: tools}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: ui, namespace: tools}
        spec: {template: {spec: {containers: [{name: ui, image: "docker.io/kubernetesui/dashboard:v2.7.0"}]}}}
      `,
      errors: [{ line: 5, message: /Deployment tools\/ui runs the Kubernetes dashboard/ }],
    },
  ],
  unknown: [],
});
