import { defineRule, type CheckContext, type ReportFix } from '../api';
import {
  podSpecView,
  stringItems,
  type ContainerSettings,
  type PodSpecInstance,
} from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, CIS_KUBERNETES, containerIn, PSS, SECURITY_CONTEXT, containerFix } from '../lib';

export default defineRule({
  id: 'K8S105',
  slug: 'drop-all-capabilities',
  title: 'Containers drop all capabilities',
  severity: 'medium',
  description:
    'Every container lists ALL in securityContext.capabilities.drop (in any case: containerd and CRI-O compare capability names case-insensitively, so `all` drops them all too; Pod Security admission at the restricted level accepts only `ALL`, which K8S209 covers).',
  rationale:
    'Container runtimes grant a default set of Linux capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_BIND_SERVICE, and more, NET_RAW with some runtimes) that most applications never use and that widen what an intruder can do. The restricted Pod Security Standard requires dropping ALL and adding back only NET_BIND_SERVICE if needed.',
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: web',
      '    securityContext:',
      '      capabilities:',
      '        drop: ["ALL"]',
      '        add: ["NET_BIND_SERVICE"]   # only if it binds a port below 1024',
    ].join('\n'),
  },
  references: [PSS, SECURITY_CONTEXT, AKS_POD_SECURITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['pod-security', 'cis-5.2.9'],
  fix: {
    description:
      'Adds ALL to securityContext.capabilities.drop on the container, or writes drop: [ALL] (with capabilities and securityContext when absent).',
    unsafe:
      'a process that needs a default capability (binding a port below 1024, changing file ownership) fails',
  },
  view: podSpecView,
  check(pod, ctx) {
    // The Pod Security Standards exempt Windows pods from this Linux-only control.
    if (pod.osName === 'windows') return;
    for (const c of pod.containers) {
      const drop = c.capabilitiesDrop;
      const dropped = drop.state === 'set' ? stringItems(drop.value).map((d) => d.value) : [];
      // The runtimes upper-case capability names before comparing them: `all` drops every one.
      if (dropped.some((d) => d.toUpperCase() === 'ALL')) continue;
      const now =
        drop.state === 'set'
          ? `capabilities.drop is [${dropped.join(', ')}]`
          : 'capabilities.drop is not set';
      ctx.report({
        range: drop.range,
        fix: dropAll(ctx, pod, c),
        message: `${containerIn(pod, c)} keeps the runtime's default capabilities (${now}): they let an intruder change file ownership, bypass file permissions or forge packets. Set securityContext.capabilities.drop: ["ALL"] and add back only what it needs.`,
      });
    }
  },
});

function dropAll(ctx: CheckContext, pod: PodSpecInstance, c: ContainerSettings): ReportFix {
  const fix = containerFix(ctx, pod, c, 'capabilitiesDrop', ['ALL']);
  if (c.capabilitiesDrop.state !== 'set') return fix;
  return {
    title: fix.title.replace(/^Set (\S+): \[ALL\]/, 'Add ALL to $1'),
    edits: ctx.fixer.append(c.capabilitiesDrop.value, 'ALL'),
  };
}
