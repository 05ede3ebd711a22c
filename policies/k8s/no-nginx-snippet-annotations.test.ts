import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-nginx-snippet-annotations';

ruleTester(rule, {
  valid: [
    {
      name: 'dedicated annotations, another controller, no annotations, a snippet on a Service',
      format: 'kubernetes',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/proxy-body-size: "8m"
            nginx.ingress.kubernetes.io/snippet-free: "true"
            haproxy.org/backend-config-snippet: "http-request deny"
        spec:
          ingressClassName: nginx
        ---
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: plain, namespace: shop}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/configuration-snippet: "more_set_headers 'X: y';"
      `,
    },
  ],
  invalid: [
    {
      name: 'configuration, server and auth snippets',
      format: 'kubernetes',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: web
          namespace: shop
          annotations:
            nginx.ingress.kubernetes.io/configuration-snippet: |
              more_set_headers "X-Frame-Options: DENY";
            nginx.ingress.kubernetes.io/server-snippet: "location /internal { deny all; }"
            nginx.ingress.kubernetes.io/auth-snippet: "proxy_set_header X-Team shop;"
            nginx.ingress.kubernetes.io/rewrite-target: /
      `,
      errors: [
        {
          line: 7,
          column: 5,
          message:
            /^Ingress shop\/web carries the ingress-nginx annotation nginx.ingress.kubernetes.io\/configuration-snippet: raw NGINX configuration .*\(CVE-2021-25742\)/,
        },
        { line: 9, message: /annotation nginx.ingress.kubernetes.io\/server-snippet:/ },
        { line: 10, message: /annotation nginx.ingress.kubernetes.io\/auth-snippet:/ },
      ],
    },
    {
      name: 'an Ingress in the default namespace with a stream snippet',
      format: 'kubernetes',
      code: yaml`
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: tcp, annotations: {nginx.ingress.kubernetes.io/stream-snippet: "server { listen 9000; }"}}
      `,
      errors: [
        {
          line: 3,
          message:
            /^Ingress default\/tcp carries the ingress-nginx annotation nginx.ingress.kubernetes.io\/stream-snippet/,
        },
      ],
    },
  ],
  unknown: [],
});
