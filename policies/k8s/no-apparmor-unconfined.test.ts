import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-apparmor-unconfined';

ruleTester(rule, {
  valid: [
    {
      name: 'RuntimeDefault and Localhost fields, a runtime/default annotation, another container unconfined by name',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          template:
            metadata:
              annotations:
                container.apparmor.security.beta.kubernetes.io/web: runtime/default
                container.apparmor.security.beta.kubernetes.io/gone: unconfined
            spec:
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
              containers:
                - name: web
                - name: custom
                  securityContext:
                    appArmorProfile: {type: Localhost, localhostProfile: k8s-custom}
      `,
    },
    {
      name: 'a Windows pod',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: win, namespace: web}
        spec:
          os: {name: windows}
          securityContext:
            appArmorProfile: {type: Unconfined}
          containers: [{name: iis}]
      `,
    },
  ],
  invalid: [
    {
      name: 'Unconfined on the pod, inherited; a container restores RuntimeDefault',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          securityContext:
            appArmorProfile:
              type: Unconfined
          containers:
            - name: loose
            - name: tight
              securityContext:
                appArmorProfile: {type: RuntimeDefault}
      `,
      errors: [
        {
          line: 7,
          column: 7,
          message:
            /^Container "loose" in Pod ns\/p runs without AppArmor \(appArmorProfile.type is "Unconfined" on the pod\)/,
        },
      ],
    },
    {
      name: 'the container field, and the legacy annotation on a Pod and on a Deployment template',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata:
          name: legacy
          namespace: ns
          annotations:
            container.apparmor.security.beta.kubernetes.io/app: unconfined
        spec:
          containers:
            - name: app
            - name: sidecar
              securityContext:
                appArmorProfile:
                  type: Unconfined
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d, namespace: ns}
        spec:
          template:
            metadata:
              annotations: {container.apparmor.security.beta.kubernetes.io/web: unconfined}
            spec:
              containers: [{name: web}]
      `,
      errors: [
        {
          line: 7,
          column: 5,
          message:
            /^Container "app" in Pod ns\/legacy runs without AppArmor \(container.apparmor.security.beta.kubernetes.io\/app is "unconfined"\)/,
        },
        {
          line: 14,
          message:
            /^Container "sidecar" in Pod ns\/legacy runs without AppArmor \(appArmorProfile.type is "Unconfined"\)/,
        },
        { line: 22, message: /^Container "web" in Deployment ns\/d runs without AppArmor/ },
      ],
    },
  ],
  unknown: [],
});
