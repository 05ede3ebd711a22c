import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './default-deny-network-policy';

ruleTester(rule, {
  valid: [
    {
      name: 'one policy denying both directions',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
      `,
    },
    {
      name: 'two policies in separate files, one per direction, and a Calico all() deny',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {containers: [{name: web}]}}}
      `,
      files: {
        'ingress.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny-ingress, namespace: shop}
          spec: {podSelector: {}}
        `,
        'egress.yaml': yaml`
          apiVersion: projectcalico.org/v3
          kind: NetworkPolicy
          metadata: {name: deny-egress, namespace: shop}
          spec:
            selector: all()
            types: [Egress]
        `,
      },
    },
    {
      name: 'deny all egress except DNS to kube-dns, and a Calico one allowing only port 53',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny-ingress, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Ingress]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-egress-except-dns, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Egress]
          egress:
            - to:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}
                  podSelector: {matchLabels: {k8s-app: kube-dns}}
              ports:
                - {port: 53, protocol: UDP}
                - {port: 53, protocol: TCP}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ops}
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: ops}
        spec:
          selector: all()
          types: [Ingress, Egress]
          egress:
            - action: Allow
              protocol: UDP
              destination: {selector: k8s-app == "kube-dns", namespaceSelector: all(), ports: [53]}
      `,
    },
    {
      name: 'Cilium: deny ingress with an empty rule, egress only to kube-dns on 53',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: default-deny, namespace: shop}
        spec:
          endpointSelector: {}
          ingress:
            - {}
          egress:
            - toEndpoints:
                - matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}
              toPorts:
                - ports: [{port: "53", protocol: UDP}]
                  rules: {dns: [{matchPattern: "*"}]}
      `,
    },
  ],
  invalid: [
    {
      name: 'Cilium: enableDefaultDeny off for egress, and egress: [] isolates nothing',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: default-deny, namespace: shop}
        spec:
          endpointSelector: {}
          enableDefaultDeny: {egress: false}
          ingress: [{}]
          egress: [{toPorts: [{ports: [{port: "53"}]}]}]
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: ops}
        ---
        apiVersion: cilium.io/v2
        kind: CiliumNetworkPolicy
        metadata: {name: default-deny, namespace: ops}
        spec:
          endpointSelector: {}
          ingress: [{}]
          egress: []
      `,
      errors: [
        { line: 1, message: /Namespace shop has no default-deny policy for egress:/ },
        { line: 14, message: /Namespace ops has no default-deny policy for egress:/ },
      ],
    },
    {
      name: 'egress allowed to DNS and to HTTPS is no default deny',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: egress, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress, Egress]
          egress:
            - ports: [{port: 53, protocol: UDP}]
            - ports: [{port: 443, protocol: TCP}]
      `,
      errors: [
        {
          line: 1,
          message:
            /no default-deny policy for egress: pods without a policy of their own send traffic anywhere\./,
        },
      ],
    },
    {
      name: 'the only policy allows ingress from everywhere and has no egress',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: open, namespace: shop}
        spec:
          podSelector: {}
          ingress: [{}]
      `,
      errors: [
        {
          line: 1,
          message:
            /Namespace shop has no default-deny policy for ingress or egress: .* accept traffic from any pod and send traffic anywhere.*policyTypes: \[Ingress, Egress\]/,
        },
      ],
    },
    {
      name: 'deny for ingress only, on selected pods only for egress',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec: {containers: [{name: app}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-in, namespace: shop}
        spec: {podSelector: {}, policyTypes: [Ingress]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-out-web, namespace: shop}
        spec: {podSelector: {matchLabels: {app: web}}, policyTypes: [Egress]}
      `,
      errors: [{ line: 1, message: /Namespace shop has no default-deny policy for egress:/ }],
    },
    {
      name: 'egress: [] without policyTypes leaves egress open (the API server adds Egress only for rules)',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec: {containers: [{name: app}]}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: default-deny, namespace: shop}
        spec: {podSelector: {}, ingress: [], egress: []}
      `,
      errors: [{ line: 1, message: /Namespace shop has no default-deny policy for egress:/ }],
    },
  ],
  unknown: [],
});
