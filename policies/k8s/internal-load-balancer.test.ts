import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './internal-load-balancer';

ruleTester(rule, {
  valid: [
    {
      name: 'internal load balancer, and a ClusterIP service',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: shop
          annotations:
            service.beta.kubernetes.io/azure-load-balancer-internal: "true"
        spec: {type: LoadBalancer, ports: [{port: 443}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec: {ports: [{port: 80}]}
      `,
    },
  ],
  invalid: [
    {
      name: 'no annotation, and "false"',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        spec:
          type: LoadBalancer
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: admin
          annotations: {service.beta.kubernetes.io/azure-load-balancer-internal: "false"}
        spec:
          type: LoadBalancer
      `,
      errors: [
        {
          line: 5,
          column: 3,
          message:
            /Service shop\/web is a public load balancer \(service.beta.kubernetes.io\/azure-load-balancer-internal is not set\)/,
        },
        { line: 13, message: /Service default\/admin .*is "false"/ },
      ],
    },
  ],
  unknown: [],
});
