import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { containerIn, isTrue, PSS } from '../lib';

export default defineRule({
  id: 'K8S118',
  slug: 'no-host-process',
  title: 'No Windows HostProcess containers',
  severity: 'critical',
  description:
    'No container sets securityContext.windowsOptions.hostProcess: true, itself or through the pod.',
  rationale:
    "A HostProcess container is not isolated at all: it runs as a process directly on the Windows node, in the host's network, with access to its file system and as a node account (SYSTEM, or an administrator) if it asks. It is the Windows counterpart of a privileged container with host namespaces, and the baseline Pod Security Standard forbids it. Node administration on AKS belongs to the node image and the platform, not to workloads.",
  remediation: {
    kubernetes: [
      'spec:',
      '  securityContext:',
      '    windowsOptions:',
      '      hostProcess: false   # or leave it out',
      '  hostNetwork: false',
    ].join('\n'),
  },
  references: [
    'https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/',
    `${PSS}#baseline`,
    'https://learn.microsoft.com/azure/aks/use-windows-hpc',
  ],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'windows'],
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      if (!isTrue(c.hostProcess)) continue;
      const from = c.hostProcess.from === 'pod' ? ' (set on the pod)' : '';
      ctx.report({
        range: c.hostProcess.range,
        message: `${containerIn(pod, c)} is a Windows HostProcess container${from}: it runs unisolated on the node, with the node's network and file system and possibly as SYSTEM. Remove windowsOptions.hostProcess, and leave node administration to the node image.`,
      });
    }
  },
});
