import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './own-service-account';

ruleTester(rule, {
  valid: [
    {
      name: 'its own service account (and the legacy serviceAccount field)',
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
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: old, namespace: shop}
        spec:
          serviceAccount: legacy
          containers: [{name: app}]
      `,
    },
  ],
  invalid: [
    {
      name: 'none named: points at the pod spec',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers: [{name: web}]
      `,
      errors: [
        {
          line: 6,
          column: 5,
          message:
            /Deployment shop\/web runs as the default service account of namespace shop \(serviceAccountName is not set\).*set spec.template.spec.serviceAccountName/,
        },
      ],
    },
    {
      name: 'default named explicitly, the default ServiceAccount declared in another file',
      format: 'kubernetes',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report, namespace: jobs}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  serviceAccountName: default
                  containers: [{name: r}]
      `,
      files: {
        'accounts.yaml': yaml`
          apiVersion: v1
          kind: ServiceAccount
          metadata: {name: default, namespace: jobs}
        `,
      },
      errors: [
        {
          line: 9,
          message:
            /CronJob jobs\/report .*ServiceAccount jobs\/default is declared in accounts.yaml.*serviceAccountName is "default"/,
        },
      ],
    },
  ],
  unknown: [],
});
