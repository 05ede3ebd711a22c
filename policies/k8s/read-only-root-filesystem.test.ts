import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './read-only-root-filesystem';

ruleTester(rule, {
  valid: [
    {
      name: 'read-only root',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: app
              securityContext: {readOnlyRootFilesystem: true}
      `,
    },
    {
      name: 'Windows pod: the API does not allow the field there',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: iis, namespace: web}
        spec:
          os: {name: windows}
          containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022}]
      `,
    },
  ],
  invalid: [
    {
      name: 'false on one container, absent on another (pod-level cannot set it)',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: data}
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
                - name: db
                  securityContext:
                    readOnlyRootFilesystem: false
                - name: exporter
                  image: exporter:2
      `,
      errors: [
        {
          line: 11,
          message:
            /Container "db" in StatefulSet data\/db has a writable root filesystem \(readOnlyRootFilesystem is false\)/,
        },
        { line: 12, message: /Container "exporter" .*readOnlyRootFilesystem is not set/ },
      ],
    },
  ],
  unknown: [],
});
