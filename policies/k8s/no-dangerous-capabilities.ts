import { defineRule } from '../api';
import { podSpecView, stringItems } from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, CIS_KUBERNETES, containerIn, PSS, SECURITY_CONTEXT } from '../lib';

/** Capabilities that amount to control of the node or its network. */
const DANGEROUS = new Set([
  'ALL',
  'SYS_ADMIN',
  'NET_ADMIN',
  'NET_RAW',
  'SYS_PTRACE',
  'SYS_MODULE',
  'SYS_RAWIO',
  'SYS_BOOT',
  'SYS_TIME',
  'DAC_READ_SEARCH',
  'BPF',
  'PERFMON',
  'MAC_ADMIN',
  'MAC_OVERRIDE',
  'SYSLOG',
]);

export default defineRule({
  id: 'K8S106',
  slug: 'no-dangerous-capabilities',
  title: 'Containers add no dangerous capabilities',
  severity: 'high',
  description:
    'No container adds SYS_ADMIN, NET_ADMIN, NET_RAW, SYS_PTRACE, SYS_MODULE, ALL or another capability that gives control over the node or its network.',
  rationale:
    "SYS_ADMIN allows mounts and most of what root can do; SYS_MODULE loads kernel modules; SYS_PTRACE reads other processes' memory; NET_ADMIN and NET_RAW let a pod reconfigure or spoof network traffic. Each is a well-known container escape or lateral-movement path.",
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: web',
      '    securityContext:',
      '      capabilities:',
      '        drop: ["ALL"]',
      '        add: ["NET_BIND_SERVICE"]   # the only one the restricted standard allows',
    ].join('\n'),
  },
  references: [PSS, SECURITY_CONTEXT, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.8', 'cis-5.2.9'],
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      if (c.capabilitiesAdd.state !== 'set') continue;
      for (const cap of stringItems(c.capabilitiesAdd.value)) {
        const name = cap.value.toUpperCase().replace(/^CAP_/, '');
        if (!DANGEROUS.has(name)) continue;
        ctx.report({
          range: cap.range,
          message: `${containerIn(pod, c)} adds the capability ${cap.value}: it gives the container a path to control the node or its network. Remove ${cap.value} from securityContext.capabilities.add.`,
        });
      }
    }
  },
});
