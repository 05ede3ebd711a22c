import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, CIS_KUBERNETES, isTrue, PSS, podFix } from '../lib';

export default defineRule({
  id: 'K8S109',
  slug: 'no-host-ipc',
  title: 'No host IPC namespace',
  severity: 'high',
  description: 'Pods do not share the host IPC namespace: hostIPC is not true.',
  rationale:
    'A pod with hostIPC: true shares System V IPC and POSIX shared memory with every process on the node, so it can read or tamper with data other processes exchange. The baseline Pod Security Standard forbids it.',
  remediation: {
    kubernetes: ['spec:', '  hostIPC: false   # or leave it out: false is the default'].join('\n'),
  },
  references: [PSS, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.4'],
  fix: { description: 'Sets hostIPC: false on the pod spec.' },
  view: podSpecView,
  check(pod, ctx) {
    if (!isTrue(pod.hostIPC)) return;
    ctx.report({
      range: pod.hostIPC.range,
      fix: podFix(ctx, pod, 'hostIPC', false),
      message: `${pod.label} uses the node's IPC namespace (hostIPC is true): it can read shared memory of other processes on the node. Remove hostIPC: true from the pod spec.`,
    });
  },
});
