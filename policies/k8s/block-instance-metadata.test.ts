import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './block-instance-metadata';

const web = yaml`
  apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web, namespace: shop}
  spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web}]}}}
`;

/** A GlobalNetworkPolicy denying the metadata address (`order` line as given) and a NetworkPolicy allowing all egress. */
const calicoDenyAndAllowAll = (order: string): string => yaml`
  apiVersion: projectcalico.org/v3
  kind: GlobalNetworkPolicy
  metadata: {name: imds}
  spec:
    ${order || '# no order: evaluated last'}
    selector: all()
    types: [Egress]
    egress: [{action: Deny, destination: {nets: [169.254.169.254/32]}}]
  ---
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: egress, namespace: shop}
  spec:
    podSelector: {}
    policyTypes: [Egress]
    egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]
`;

ruleTester(rule, {
  valid: [
    {
      name: 'Cilium: egress to the world through a CIDR set that excepts the metadata endpoint',
      format: 'kubernetes',
      code: web,
      files: {
        'cilium.yaml': yaml`
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: egress, namespace: shop}
          spec:
            endpointSelector: {}
            egress:
              - toEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns}}]
                toPorts: [{ports: [{port: "53", protocol: UDP}]}]
              - toCIDRSet:
                  - cidr: 0.0.0.0/0
                    except: [169.254.169.254/32]
        `,
      },
    },
    {
      name: 'Cilium: a cluster-wide deny rule wins over toEntities: [world]',
      format: 'kubernetes',
      code: web,
      files: {
        'cilium.yaml': yaml`
          apiVersion: cilium.io/v2
          kind: CiliumClusterwideNetworkPolicy
          metadata: {name: deny-imds}
          spec:
            endpointSelector: {}
            egressDeny:
              - toCIDR: [169.254.169.254/32]
          ---
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: egress, namespace: shop}
          spec:
            endpointSelector: {matchLabels: {app: web}}
            egress:
              - toEntities: [world]
        `,
      },
    },
    {
      name: 'egress to the internet except the metadata endpoint',
      format: 'kubernetes',
      code: web,
      files: {
        'netpol.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: egress, namespace: shop}
          spec:
            podSelector: {}
            policyTypes: [Egress]
            egress:
              - to: [{namespaceSelector: {}}]
              - ports: [{port: 53, protocol: UDP}]
              - to:
                  - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}
        `,
      },
    },
    {
      name: 'a Calico deny for the metadata endpoint before a broad allow',
      format: 'kubernetes',
      code: web,
      files: {
        'calico.yaml': yaml`
          apiVersion: projectcalico.org/v3
          kind: GlobalNetworkPolicy
          metadata: {name: imds}
          spec:
            selector: all()
            types: [Egress]
            egress:
              - action: Deny
                destination: {nets: [169.254.169.254/32]}
              - action: Allow
        `,
      },
    },
    {
      name: 'a Calico deny ordered before the NetworkPolicy (order 1000) that allows everything',
      format: 'kubernetes',
      code: web,
      files: { 'policies.yaml': calicoDenyAndAllowAll('order: 100') },
    },
  ],
  invalid: [
    {
      name: 'a Calico deny without order comes after the NetworkPolicy that allows it',
      format: 'kubernetes',
      code: web,
      files: { 'policies.yaml': calicoDenyAndAllowAll('') },
      errors: [
        {
          line: 16,
          file: 'policies.yaml',
          message: /NetworkPolicy shop\/egress lets Deployment shop\/web reach/,
        },
      ],
    },
    {
      name: 'no egress policy at all: points at the workload',
      format: 'kubernetes',
      code: web,
      files: {
        'netpol.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: ingress-only, namespace: shop}
          spec: {podSelector: {}}
        `,
      },
      errors: [
        {
          line: 1,
          file: 'manifests.yaml',
          message: /No egress policy selects Deployment shop\/web: its pods can reach/,
        },
      ],
    },
    {
      name: 'an ipBlock covering it without except, and a rule without destination',
      format: 'kubernetes',
      code: web,
      files: {
        'netpol.yaml': yaml`
          apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: egress, namespace: shop}
          spec:
            podSelector: {matchLabels: {app: web}}
            policyTypes: [Egress]
            egress:
              - to:
                  - ipBlock:
                      cidr: 169.254.0.0/16
                      except: [169.254.1.0/24]
              - ports: [{port: 80}]
        `,
      },
      errors: [
        {
          line: 9,
          column: 11,
          file: 'netpol.yaml',
          message:
            /NetworkPolicy shop\/egress lets Deployment shop\/web reach the instance metadata endpoint 169.254.169.254/,
        },
        {
          line: 12,
          column: 7,
          file: 'netpol.yaml',
          message:
            /a rule without a destination allows everything, so give it an ipBlock \(cidr: 0\.0\.0\.0\/0\)/,
        },
      ],
    },
    {
      name: 'Cilium: toEntities world, a CIDR set without except and a rule with ports only',
      format: 'kubernetes',
      code: web,
      files: {
        'cilium.yaml': yaml`
          apiVersion: cilium.io/v2
          kind: CiliumNetworkPolicy
          metadata: {name: egress, namespace: shop}
          spec:
            endpointSelector: {matchLabels: {k8s:app: web}}
            egress:
              - toEntities: [world]
              - toCIDRSet:
                  - cidr: 169.254.0.0/16
                    except: [169.254.1.0/24]
              - toPorts: [{ports: [{port: "80", protocol: TCP}]}]
              - toFQDNs: [{matchName: api.example.com}]
        `,
      },
      errors: [
        {
          line: 7,
          column: 7,
          file: 'cilium.yaml',
          message:
            /CiliumNetworkPolicy shop\/egress lets Deployment shop\/web reach .*toCIDRSet: \[\{cidr: 0.0.0.0\/0, except: \[169.254.169.254\/32\]\}\].*egressDeny/,
        },
        ...[
          [9, 11],
          [11, 7],
        ].map(([line, column]) => ({
          line,
          column,
          file: 'cilium.yaml',
          message:
            'CiliumNetworkPolicy shop/egress lets Deployment shop/web reach the instance metadata endpoint 169.254.169.254',
        })),
      ],
    },
  ],
  unknown: [],
});
