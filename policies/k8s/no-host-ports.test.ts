import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-host-ports';

ruleTester(rule, {
  valid: [
    {
      name: 'container ports only',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 8080
      `,
    },
  ],
  invalid: [
    {
      name: 'a host port',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: app
              ports:
                - containerPort: 8080
                  hostPort: 80
      `,
      errors: [
        {
          line: 9,
          column: 11,
          message: /Container "app" in Pod ns\/p opens host port 80 \(container port 8080\)/,
        },
      ],
    },
  ],
  unknown: [],
});
