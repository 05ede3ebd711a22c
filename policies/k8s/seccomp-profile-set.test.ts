import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './seccomp-profile-set';

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
      name: 'RuntimeDefault on the pod, Localhost on one container',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            spec:
              securityContext:
                seccompProfile: {type: RuntimeDefault}
              containers:
                - name: web
                - name: custom
                  securityContext:
                    seccompProfile: {type: Localhost, localhostProfile: profiles/audit.json}
      `,
    },
  ],
  invalid: [
    {
      name: 'nothing set anywhere',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers:
            - name: app
      `,
      errors: [
        {
          line: 6,
          column: 7,
          message:
            /Container "app" in Pod ns\/p runs without a seccomp profile \(neither the pod nor the container sets seccompProfile\)/,
        },
      ],
    },
    {
      name: 'the container overrides the pod with Unconfined',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          securityContext:
            seccompProfile: {type: RuntimeDefault}
          containers:
            - name: ok
            - name: loose
              securityContext:
                seccompProfile:
                  type: Unconfined
      `,
      errors: [{ line: 12, column: 11, message: /Container "loose" .*seccompProfile.type is "Unconfined"/ }],
    },
    {
      name: 'Unconfined on the pod, inherited',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          securityContext:
            seccompProfile:
              type: Unconfined
          containers:
            - name: app
      `,
      errors: [{ line: 7, message: /seccompProfile.type is "Unconfined" on the pod/ }],
    },
  ],
  unknown: [],
});
