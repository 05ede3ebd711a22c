import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-dangerous-capabilities';

ruleTester(rule, {
  valid: [
    {
      name: 'no additions, or a harmless one',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: a
            - name: b
              securityContext:
                capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
      `,
    },
  ],
  invalid: [
    {
      name: 'each dangerous capability is reported where it is listed, CAP_ prefix or not',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: vpn, namespace: net}
        spec:
          template:
            spec:
              containers:
                - name: vpn
                  securityContext:
                    capabilities:
                      add:
                        - NET_ADMIN
                        - CHOWN
                        - CAP_SYS_ADMIN
      `,
      errors: [
        {
          line: 12,
          column: 19,
          message: /Container "vpn" in Deployment net\/vpn adds the capability NET_ADMIN/,
        },
        { line: 14, column: 19, message: /CAP_SYS_ADMIN/ },
      ],
    },
  ],
  unknown: [],
});
