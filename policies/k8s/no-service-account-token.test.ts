import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-service-account-token';

ruleTester(rule, {
  valid: [
    {
      name: 'turned off on the pod',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          automountServiceAccountToken: false
          containers: [{name: app}]
      `,
    },
    {
      name: 'turned off on the ServiceAccount in another file',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              serviceAccountName: web
              containers: [{name: web}]
      `,
      files: {
        'sa.yaml': yaml`
          apiVersion: v1
          kind: ServiceAccount
          metadata: {name: web, namespace: shop}
          automountServiceAccountToken: false
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'the pod turns it on although the ServiceAccount turns it off',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop}
        automountServiceAccountToken: false
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec:
          serviceAccountName: web
          automountServiceAccountToken: true
          containers: [{name: app}]
      `,
      errors: [
        {
          line: 11,
          column: 3,
          message:
            /Pod shop\/p mounts a service account token \(automountServiceAccountToken is true on the pod\)/,
        },
      ],
    },
    {
      name: 'unset on the pod; the ServiceAccount leaves it on, or is not in the scan',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              serviceAccountName: web
              containers: [{name: web}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: lone, namespace: other}
        spec:
          containers: [{name: app}]
      `,
      errors: [
        { line: 10, column: 5, message: /ServiceAccount shop\/web does not set it either/ },
        {
          line: 17,
          column: 1,
          message: /no ServiceAccount other\/default in the scanned manifests turns it off/,
        },
      ],
    },
  ],
  unknown: [],
});
