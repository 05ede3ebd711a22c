import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, CIS_KUBERNETES, PSS } from './lib';

export default defineRule({
  id: 'K8S113',
  slug: 'no-host-path-volumes',
  title: 'Pods mount no hostPath volumes',
  severity: 'high',
  description: 'No pod declares a hostPath volume.',
  rationale:
    'A hostPath volume exposes a directory of the node to the pod: the container runtime socket, kubelet credentials or /etc of the node are one mount away, and writes survive the pod. The baseline Pod Security Standard forbids hostPath volumes.',
  remediation: {
    kubernetes: [
      'volumes:',
      '  - name: cache',
      '    emptyDir: {}            # scratch space; or a PersistentVolumeClaim for data that must persist',
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
  view: podSpecView,
  check(pod, ctx) {
    for (const v of pod.volumes) {
      if (!v.hostPath) continue;
      const path = v.hostPath.path === undefined ? '' : ` ${JSON.stringify(v.hostPath.path)}`;
      ctx.report({
        range: v.hostPath.range,
        message: `${pod.label} mounts the node's directory${path} through hostPath volume "${v.name}": the pod can read or change node files and escape to the node. Use an emptyDir, a ConfigMap/Secret or a PersistentVolumeClaim instead.`,
      });
    }
  },
});
