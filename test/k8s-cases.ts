import { yaml, type RuleTests } from './rule-tester';

/**
 * The three host-namespace rules (hostNetwork, hostPID, hostIPC) share one table: the same pod
 * shapes, with only the field changing.
 */
export function hostNamespaceTests(field: 'hostNetwork' | 'hostPID' | 'hostIPC'): RuleTests {
  return {
    valid: [
      {
        name: 'absent or false',
        format: 'kubernetes',
        code: yaml`
          apiVersion: v1
          kind: Pod
          metadata: {name: p, namespace: ns}
          spec:
            ${field}: false
            containers:
              - name: app
          ---
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: d, namespace: ns}
          spec:
            template:
              spec:
                containers: [{name: app}]
        `,
      },
    ],
    invalid: [
      {
        name: 'true on a Deployment pod template',
        format: 'kubernetes',
        code: yaml`
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: node-tool, namespace: ops}
          spec:
            template:
              spec:
                ${field}: true
                containers: [{name: app}]
        `,
        errors: [
          {
            line: 7,
            column: 7,
            message: new RegExp(`Deployment ops/node-tool uses .*\\(${field} is true\\)`),
          },
        ],
      },
      {
        name: 'true on a CronJob inside a List',
        format: 'kubernetes',
        code: yaml`
          apiVersion: v1
          kind: List
          items:
            - apiVersion: batch/v1
              kind: CronJob
              metadata: {name: c}
              spec:
                jobTemplate:
                  spec:
                    template:
                      spec: {${field}: true, containers: [{name: x}]}
        `,
        errors: [{ line: 11, message: /CronJob default\/c/ }],
      },
    ],
    unknown: [],
  };
}
