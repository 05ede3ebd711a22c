import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-weakened-selinux';

ruleTester(rule, {
  valid: [
    {
      name: 'a level only, and a confined type',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          securityContext:
            seLinuxOptions: {level: "s0:c123,c456"}
          containers:
            - name: a
            - name: b
              securityContext:
                seLinuxOptions: {type: container_init_t}
      `,
    },
    {
      name: 'the container replaces the pod seLinuxOptions as a whole',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          securityContext:
            seLinuxOptions: {type: spc_t}
          containers:
            - name: only
              securityContext:
                seLinuxOptions: {level: "s0"}
      `,
    },
  ],
  invalid: [
    {
      name: 'spc_t on the pod, inherited by two containers, told once',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent, namespace: sec}
        spec:
          template:
            spec:
              securityContext:
                seLinuxOptions:
                  type: spc_t
              containers:
                - name: a
                - name: b
      `,
      errors: [
        {
          line: 9,
          column: 11,
          message: /DaemonSet sec\/agent \(inherited by Container "a"\) .*type is "spc_t"/,
        },
      ],
    },
    {
      name: 'a user and a role on the container',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: app
              securityContext:
                seLinuxOptions:
                  user: system_u
                  role: system_r
      `,
      errors: [
        { line: 9, message: /Container "app" in Pod ns\/p weakens .*seLinuxOptions.user is "system_u"/ },
        { line: 10, message: /seLinuxOptions.role/ },
      ],
    },
  ],
  unknown: [],
});
