import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './drop-all-capabilities';

ruleTester(rule, {
  valid: [
    {
      name: 'Windows pods are exempt',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: win, namespace: ns}
        spec:
          os: {name: windows}
          containers: [{name: iis, image: mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022}]
      `,
    },
    {
      name: 'drops ALL, adds back NET_BIND_SERVICE',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: app
              securityContext:
                capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
      `,
    },
    {
      name: 'drops all in lower case: the runtime drops every capability',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d, namespace: ns}
        spec:
          template:
            spec:
              containers:
                - name: app
                  securityContext:
                    capabilities: {drop: [all]}
                - name: mixed
                  securityContext:
                    capabilities: {drop: [All]}
      `,
    },
  ],
  invalid: [
    {
      name: 'drops only some, or nothing',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: some
              securityContext:
                capabilities:
                  drop: [NET_RAW]
            - name: none
              securityContext:
                capabilities: {}
      `,
      errors: [
        {
          line: 9,
          column: 11,
          message:
            /Container "some" in Pod ns\/p keeps .*\(capabilities.drop is \[NET_RAW\]\).*drop: \["ALL"\]/,
        },
        { line: 12, column: 9, message: /Container "none" .*capabilities.drop is not set/ },
      ],
    },
  ],
  unknown: [],
});
