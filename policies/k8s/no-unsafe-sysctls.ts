import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { PSS } from '../lib';

/** The kubelet's safe sysctls (Kubernetes 1.32), which the baseline Pod Security Standard allows. */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** Since Kubernetes 1.23 a sysctl may be written with slashes: kernel/shm_rmid_forced. */
function canonicalSysctl(name: string): string {
  return name.includes('/') && !name.includes('.') ? name.replace(/\//g, '.') : name;
}

export default defineRule({
  id: 'K8S117',
  slug: 'no-unsafe-sysctls',
  title: 'Pods set only safe sysctls',
  severity: 'medium',
  description:
    "Every sysctl in a pod's securityContext.sysctls is one of Kubernetes' safe set: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, ip_unprivileged_port_start, tcp_syncookies, ping_group_range, ip_local_reserved_ports (1.27), tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl, tcp_keepalive_probes (1.29), tcp_rmem and tcp_wmem (1.32).",
  rationale:
    "A safe sysctl is namespaced and isolated: it changes nothing for other pods or the node. Any other one may reach the kernel the whole node shares (shared memory and message queue limits, network stack behaviour), starve or destabilise its neighbours, or switch off a protection. The kubelet refuses unsafe sysctls unless the node pool allows them (on AKS, allowedUnsafeSysctls in the node pool's kubelet configuration), and the baseline Pod Security Standard forbids them.",
  remediation: {
    kubernetes: [
      'spec:',
      '  securityContext:',
      '    sysctls:                       # safe ones only',
      '      - {name: net.ipv4.ip_local_port_range, value: "1024 65000"}',
      "# Tune node-level settings in the node pool's custom node configuration instead.",
    ].join('\n'),
  },
  references: [
    'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    `${PSS}#baseline`,
    'https://learn.microsoft.com/azure/aks/custom-node-configuration',
  ],
  fixRequiresRecreate: false,
  tags: ['pod-security'],
  view: podSpecView,
  check(pod, ctx) {
    const unsafe = pod.sysctls.filter((s) => !SAFE_SYSCTLS.has(canonicalSysctl(s.name ?? '')));
    if (unsafe.length === 0) return;
    ctx.report({
      range: unsafe[0].range,
      message: `${pod.label} sets sysctls outside the safe set (${unsafe.map((s) => s.name ?? '(unnamed)').join(', ')}): they can change the kernel its node shares with every other pod, and the baseline Pod Security Standard forbids them. Remove them, or tune the node pool's custom node configuration instead.`,
    });
  },
});
