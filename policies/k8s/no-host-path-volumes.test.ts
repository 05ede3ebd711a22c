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
    {
      name: 'a PersistentVolume from the Azure Disk CSI driver',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: data}
        spec:
          capacity: {storage: 10Gi}
          accessModes: [ReadWriteOnce]
          csi: {driver: disk.csi.azure.com, volumeHandle: /subscriptions/x/disks/data}
      `,
    },
  ],
  invalid: [
    {
      name: 'a PersistentVolume backed by the node root, and the pod claiming it',
      format: 'kubernetes',
      code: yaml`
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: node-root}
        spec:
          capacity: {storage: 1Gi}
          accessModes: [ReadWriteOnce]
          hostPath:
            path: /
        ---
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: root, namespace: shop}
        spec: {volumeName: node-root, accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec:
          containers: [{name: app}]
          volumes:
            - name: root
              persistentVolumeClaim: {claimName: root}
      `,
      errors: [
        {
          line: 7,
          column: 3,
          message:
            /PersistentVolume node-root is the node's directory "\/" \(hostPath\): every pod whose claim binds to it .*Pod Security admission does not look at PersistentVolumes/,
        },
      ],
    },
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
