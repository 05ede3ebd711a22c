import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-unsafe-sysctls';

ruleTester(rule, {
  valid: [
    {
      name: 'safe sysctls, with dots or slashes, and none',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: proxy, namespace: edge}
        spec:
          template:
            spec:
              securityContext:
                sysctls:
                  - {name: net.ipv4.ip_local_port_range, value: "1024 65000"}
                  - {name: net.ipv4.tcp_keepalive_time, value: "600"}
                  - {name: kernel/shm_rmid_forced, value: "1"}
                  - {name: net.ipv4.tcp_rmem, value: "4096 87380 16777216"}
              containers: [{name: proxy}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: plain, namespace: edge}
        spec:
          containers: [{name: app}]
      `,
    },
  ],
  invalid: [
    {
      name: 'node-level and unsafe namespaced sysctls: one finding at the first',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db, namespace: data}
        spec:
          template:
            spec:
              securityContext:
                sysctls:
                  - {name: net.ipv4.tcp_syncookies, value: "1"}
                  - {name: kernel.msgmax, value: "65536"}
                  - name: net.core.somaxconn
                    value: "4096"
              containers: [{name: db}]
      `,
      errors: [
        {
          line: 10,
          column: 13,
          message:
            /^StatefulSet data\/db sets sysctls outside the safe set \(kernel.msgmax, net.core.somaxconn\): they can change the kernel its node shares/,
        },
      ],
    },
    {
      name: 'a Pod with a slash-separated unsafe sysctl',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          securityContext:
            sysctls: [{name: kernel/sem, value: "250 32000 100 128"}]
          containers: [{name: app}]
      `,
      errors: [{ line: 6, message: /^Pod default\/p sets sysctls outside the safe set \(kernel\/sem\)/ }],
    },
  ],
  unknown: [],
});
