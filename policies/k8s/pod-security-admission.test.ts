import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './pod-security-admission';

ruleTester(rule, {
  valid: [
    {
      name: 'restricted and baseline; kube-system is not checked',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: shop
          labels: {pod-security.kubernetes.io/enforce: restricted}
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: legacy
          labels:
            pod-security.kubernetes.io/enforce: baseline
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: kube-system}
      `,
    },
  ],
  invalid: [
    {
      name: 'no labels, only warn, privileged',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: a
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: b
          labels:
            pod-security.kubernetes.io/warn: restricted
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: c
          labels:
            pod-security.kubernetes.io/enforce: privileged
      `,
      errors: [
        {
          line: 4,
          column: 3,
          message:
            /Namespace a does not enforce a Pod Security Standard \(pod-security.kubernetes.io\/enforce is not set\)/,
        },
        { line: 11, column: 5, message: /Namespace b/ },
        { line: 18, column: 5, message: /enforce is "privileged"/ },
      ],
    },
  ],
  unknown: [],
});
