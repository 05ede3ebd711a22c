import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-secrets-in-env';

ruleTester(rule, {
  valid: [
    {
      name: 'plain values, ConfigMaps, field references and a mounted Secret',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: api
                  env:
                    - {name: LOG_LEVEL, value: info}
                    - name: FEATURES
                      valueFrom: {configMapKeyRef: {name: api-config, key: features}}
                    - name: POD_NAME
                      valueFrom: {fieldRef: {fieldPath: metadata.name}}
                  envFrom:
                    - configMapRef: {name: api-config}
                  volumeMounts: [{name: db, mountPath: /var/run/secrets/db, readOnly: true}]
              volumes:
                - name: db
                  secret: {secretName: db-credentials}
      `,
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef and envFrom secretRef, one finding per container at the first',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: shop}
        spec:
          template:
            spec:
              initContainers:
                - name: migrate
                  envFrom:
                    - prefix: DB_
                      secretRef: {name: db-credentials}
              containers:
                - name: api
                  env:
                    - {name: LOG_LEVEL, value: info}
                    - name: DB_PASSWORD
                      valueFrom:
                        secretKeyRef: {name: db-credentials, key: password}
                  envFrom:
                    - secretRef: {name: api-keys}
      `,
      errors: [
        {
          line: 10,
          column: 15,
          message:
            /^Init container "migrate" in Deployment shop\/api reads Secrets into environment variables \(every key of Secret db-credentials \(prefixed DB_\)\): /,
        },
        {
          line: 16,
          column: 15,
          message:
            /^Container "api" in Deployment shop\/api reads Secrets into environment variables \(DB_PASSWORD from Secret db-credentials key password; every key of Secret api-keys\): .*Mount the Secret as a volume/,
        },
      ],
    },
    {
      name: 'a CronJob',
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
                  containers:
                    - name: report
                      env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: report-token, key: token}}}]
      `,
      errors: [
        {
          line: 11,
          message:
            /^Container "report" in CronJob default\/report .*TOKEN from Secret report-token key token/,
        },
      ],
    },
  ],
  unknown: [],
});
