import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './network-policy-per-namespace';

ruleTester(rule, {
  valid: [
    {
      name: 'Cilium: a namespace policy and a cluster-wide one for every namespace but kube-system',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: worker, namespace: jobs}
        spec: {template: {metadata: {labels: {app: worker}}, spec: {containers: [{name: w}]}}}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: web, namespace: shop}
        spec:
          endpointSelector: {matchLabels: {app: web}}
          ingress: [{fromEntities: [cluster]}]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: default-deny}
        spec:
          endpointSelector:
            matchExpressions:
              - {key: io.kubernetes.pod.namespace, operator: NotIn, values: [kube-system]}
          ingress: [{}]
      `,
    },
    {
      name: 'a default-deny policy in another file covers the namespace',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}
      `,
      files: {
        'netpol.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny, namespace: shop}
          spec: {podSelector: {}}
        `,
      },
    },
    {
      name: 'a Calico GlobalNetworkPolicy selecting the namespace',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {team: retail}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: web}]}
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: retail}
        spec:
          namespaceSelector: team == 'retail'
          selector: all()
          types: [Ingress, Egress]
      `,
    },
  ],
  invalid: [
    {
      name: 'Cilium: a cluster-wide policy limited to another namespace, a host policy',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {containers: [{name: web}]}}}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: jobs-only}
        spec:
          endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: jobs}}
          ingress: [{}]
        ---
        apiVersion: cilium.io/v2
        kind: CiliumClusterwideNetworkPolicy
        metadata: {name: host}
        spec:
          nodeSelector: {}
          ingress: [{fromEntities: [cluster]}]
      `,
      errors: [{ line: 1, message: /no NetworkPolicy applies in namespace shop/ }],
    },
    {
      name: 'no policy at all: points at the workload, not the Namespace object',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {containers: [{name: web}]}}}
      `,
      errors: [
        {
          line: 5,
          column: 1,
          message:
            /Pods of Deployment shop\/web are not isolated: no NetworkPolicy applies in namespace shop\..*podSelector: \{\}/,
        },
      ],
    },
    {
      name: 'a policy selects one workload but not the other: the finding is at the other',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}
          - apiVersion: apps/v1
            kind: Deployment
            metadata: {name: worker, namespace: shop}
            spec: {template: {metadata: {labels: {app: worker}}, spec: {containers: [{name: w}]}}}
          - apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-only, namespace: shop}
            spec:
              podSelector:
                matchExpressions: [{key: app, operator: In, values: [web]}]
      `,
      errors: [
        {
          line: 8,
          column: 5,
          message:
            /Pods of Deployment shop\/worker are not isolated: no NetworkPolicy in namespace shop selects its pods\./,
        },
      ],
    },
    {
      name: 'a policy in another namespace does not count',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec: {containers: [{name: app}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: other}
        spec: {podSelector: {}}
      `,
      errors: [
        {
          line: 1,
          message: /Pods of Pod default\/p are not isolated: no NetworkPolicy applies in namespace default/,
        },
      ],
    },
  ],
  unknown: [],
});
