import { defineRule } from '../api';
import { hostPathView } from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, CIS_KUBERNETES, PSS } from '../lib';

export default defineRule({
  id: 'K8S113',
  slug: 'no-host-path-volumes',
  title: 'Pods mount no hostPath volumes',
  severity: 'high',
  description:
    'No pod declares a hostPath volume, and no PersistentVolume is backed by a hostPath (a pod that claims it gets the node directory, and admission checks only the pod).',
  rationale:
    'A hostPath volume exposes a directory of the node to the pod: the container runtime socket, kubelet credentials or /etc of the node are one mount away, and writes survive the pod. The baseline Pod Security Standard forbids hostPath volumes.',
  remediation: {
    kubernetes: [
      'volumes:',
      '  - name: cache',
      '    emptyDir: {}            # scratch space; or a PersistentVolumeClaim for data that must persist',
      '# PersistentVolumes: provision them through a storage class (managed-csi, azurefile-csi), not hostPath',
    ].join('\n'),
  },
  references: [
    PSS,
    'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
    AKS_POD_SECURITY,
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.12'],
  view: hostPathView,
  check(hostPath, ctx) {
    const path = hostPath.path === undefined ? '' : ` ${JSON.stringify(hostPath.path)}`;
    ctx.report({
      range: hostPath.range,
      message:
        hostPath.source === 'pod'
          ? `${hostPath.owner} mounts the node's directory${path} through hostPath volume "${hostPath.volume}": the pod can read or change node files and escape to the node. Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead.`
          : `${hostPath.owner} is the node's directory${path} (hostPath): every pod whose claim binds to it can read or change node files and escape to the node, and Pod Security admission does not look at PersistentVolumes. Provision volumes through a storage class (managed-csi, azurefile-csi) instead.`,
    });
  },
});
