import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './run-as-non-root';

ruleTester(rule, {
  valid: [
    {
      name: 'pod-level runAsNonRoot inherited by every container',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              securityContext:
                runAsNonRoot: true
              initContainers:
                - name: migrate
                  image: shop/migrate:1.2
              containers:
                - name: web
                  image: shop/web:1.2
      `,
    },
    {
      name: 'container sets a non-zero runAsUser',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
              securityContext: {runAsUser: 10001}
      `,
    },
  ],
  invalid: [
    {
      name: 'nothing set points at the container item',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: shop/web:1.2
      `,
      errors: [
        {
          line: 8,
          column: 11,
          message:
            /Container "web" in Deployment shop\/web may run as root \(runAsNonRoot is not set and runAsUser is not set\).*Set securityContext.runAsNonRoot: true/,
        },
      ],
    },
    {
      name: 'container overrides the pod with runAsNonRoot: false',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: jobs}
        spec:
          securityContext:
            runAsNonRoot: true
          containers:
            - name: ok
              image: a:1
            - name: root
              image: b:1
              securityContext:
                runAsNonRoot: false
      `,
      errors: [{ line: 13, column: 9, message: /Container "root" in Pod jobs\/p .*runAsNonRoot is false/ }],
    },
    {
      name: 'runAsUser 0 inherited from the pod fails even with runAsNonRoot',
      format: 'kubernetes',
      code: yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: report}
        spec:
          jobTemplate:
            spec:
              template:
                spec:
                  securityContext:
                    runAsUser: 0
                  containers:
                    - name: report
                      securityContext: {runAsNonRoot: true}
      `,
      errors: [
        {
          line: 10,
          message: /Container "report" in CronJob default\/report runs as root \(runAsUser is 0 on the pod\)/,
        },
      ],
    },
    {
      name: 'init and ephemeral containers count, inside a List',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: List
        items:
          - apiVersion: v1
            kind: Pod
            metadata: {name: debug}
            spec:
              initContainers:
                - name: init
              containers:
                - name: main
                  securityContext: {runAsNonRoot: true}
              ephemeralContainers:
                - name: shell
      `,
      errors: [
        { line: 9, message: /Init container "init"/ },
        { line: 14, message: /Ephemeral container "shell"/ },
      ],
    },
  ],
  unknown: [],
});
