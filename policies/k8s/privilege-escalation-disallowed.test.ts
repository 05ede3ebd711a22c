import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './privilege-escalation-disallowed';

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
      name: 'set to false on every container',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              initContainers:
                - name: init
                  securityContext: {allowPrivilegeEscalation: false}
              containers:
                - name: web
                  securityContext: {allowPrivilegeEscalation: false}
      `,
    },
  ],
  invalid: [
    {
      name: 'explicitly true',
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
                  image: shop/web:1.0
                  securityContext:
                    allowPrivilegeEscalation: true
      `,
      output: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: shop/web:1.0
                  securityContext:
                    allowPrivilegeEscalation: false
      `,
      errors: [
        {
          line: 11,
          column: 13,
          message:
            /Container "web" in Deployment shop\/web allows privilege escalation \(allowPrivilegeEscalation is true\).*Set securityContext.allowPrivilegeEscalation: false/,
        },
      ],
    },
    {
      name: 'absent: points at the key opening the container securityContext, else the container',
      format: 'kubernetes',
      code: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once}
        spec:
          template:
            spec:
              containers:
                - name: a
                  securityContext:
                    runAsNonRoot: true
                - name: b
      `,
      errors: [
        { line: 9, column: 11, message: /Container "a" in Job default\/once .*is not set/ },
        { line: 11, column: 11, message: /Container "b"/ },
      ],
      output: yaml`
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once}
        spec:
          template:
            spec:
              containers:
                - name: a
                  securityContext:
                    runAsNonRoot: true
                    allowPrivilegeEscalation: false
                - name: b
                  securityContext:
                    allowPrivilegeEscalation: false
      `,
      fixSafety: 'safe',
    },
  ],
  unknown: [],
});
