import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './default-proc-mount';

ruleTester(rule, {
  valid: [
    {
      name: 'absent or Default',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: a
            - name: b
              securityContext: {procMount: Default}
      `,
    },
  ],
  invalid: [
    {
      name: 'Unmasked',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: nested
              securityContext:
                procMount: Unmasked
      `,
      errors: [
        { line: 8, column: 9, message: /Container "nested" in Pod ns\/p sets procMount to "Unmasked"/ },
      ],
    },
  ],
  unknown: [],
});
