import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './not-privileged';

ruleTester(rule, {
  valid: [
    {
      name: 'absent or false',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: monitoring}
        spec:
          template:
            spec:
              containers:
                - name: a
                - name: b
                  securityContext: {privileged: false}
      `,
    },
  ],
  invalid: [
    {
      name: "a second container sharing the first one's securityContext through a YAML alias",
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: anchored, namespace: apps}
        spec:
          template:
            spec:
              containers:
                - name: a
                  securityContext: &ctx
                    privileged: true
                - name: b
                  securityContext: *ctx
      `,
      errors: [
        { line: 10, column: 13, message: /Container "a"/ },
        { line: 12, column: 28, message: /Container "b"/ },
      ],
    },
    {
      name: 'privileged DaemonSet container',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: monitoring}
        spec:
          template:
            spec:
              containers:
                - name: agent
                  securityContext:
                    privileged: true
      `,
      errors: [
        { line: 10, column: 13, message: /Container "agent" in DaemonSet monitoring\/agent is privileged/ },
      ],
    },
    {
      name: 'privileged ephemeral debug container in a Pod',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - name: app
          ephemeralContainers:
            - name: debugger
              securityContext: {privileged: true}
      `,
      errors: [{ line: 9, message: /Ephemeral container "debugger" in Pod default\/p/ }],
    },
  ],
  unknown: [],
});
