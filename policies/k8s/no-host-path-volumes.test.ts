import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-host-path-volumes';

ruleTester(rule, {
  valid: [
    {
      name: 'emptyDir and configMap volumes',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: ns}
        spec:
          containers: [{name: app}]
          volumes:
            - {name: tmp, emptyDir: {}}
            - name: cfg
              configMap: {name: app}
      `,
    },
  ],
  invalid: [
    {
      name: 'the container runtime socket',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: logs, namespace: ops}
        spec:
          template:
            spec:
              containers: [{name: app}]
              volumes:
                - name: tmp
                  emptyDir: {}
                - name: sock
                  hostPath:
                    path: /var/run/containerd/containerd.sock
      `,
      errors: [
        {
          line: 12,
          column: 11,
          message:
            /DaemonSet ops\/logs mounts the node's directory "\/var\/run\/containerd\/containerd.sock" through hostPath volume "sock"/,
        },
      ],
    },
  ],
  unknown: [],
});
