import { ruleTester, yaml } from '../../test/rule-tester';
import rule from './no-host-process';

ruleTester(rule, {
  valid: [
    {
      name: 'a Windows pod with a gMSA and hostProcess false',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: iis, namespace: web}
        spec:
          template:
            spec:
              os: {name: windows}
              securityContext:
                windowsOptions: {gmsaCredentialSpecName: webapp, hostProcess: false}
              containers:
                - name: iis
                  securityContext:
                    windowsOptions: {runAsUserName: ContainerUser}
      `,
    },
  ],
  invalid: [
    {
      name: 'set on the pod, inherited by every container; one container sets it itself',
      format: 'kubernetes',
      code: yaml`
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: node-agent, namespace: kube-system}
        spec:
          template:
            spec:
              os: {name: windows}
              hostNetwork: true
              securityContext:
                windowsOptions:
                  hostProcess: true
                  runAsUserName: "NT AUTHORITY\\\\SYSTEM"
              containers:
                - name: agent
                - name: helper
                  securityContext:
                    windowsOptions: {hostProcess: true}
      `,
      errors: [
        {
          line: 11,
          column: 11,
          message:
            /^Container "agent" in DaemonSet kube-system\/node-agent is a Windows HostProcess container \(set on the pod\): it runs unisolated on the node/,
        },
        {
          line: 17,
          message:
            /^Container "helper" in DaemonSet kube-system\/node-agent is a Windows HostProcess container:/,
        },
      ],
    },
  ],
  unknown: [],
});
