import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './not-default-namespace';

ruleTester(rule, {
  valid: [
    {
      name: 'its own namespace; non-workloads are not checked',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec: {template: {spec: {containers: [{name: web}]}}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
      `,
    },
  ],
  invalid: [
    {
      name: 'omitted and explicit default',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec: {template: {spec: {containers: [{name: web}]}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          namespace: default
        spec: {containers: [{name: app}]}
      `,
      errors: [
        {
          line: 4,
          column: 3,
          message: /Deployment default\/web runs in the default namespace \(metadata.namespace is not set\)/,
        },
        { line: 11, column: 3, message: /Pod default\/p .*metadata.namespace is "default"/ },
      ],
    },
  ],
  unknown: [],
});
