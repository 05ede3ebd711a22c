import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { containerIn, literal, PSS, SECURITY_CONTEXT, containerFix } from '../lib';

export default defineRule({
  id: 'K8S110',
  slug: 'default-proc-mount',
  title: 'Containers use the default /proc mount',
  severity: 'medium',
  description: 'No container sets securityContext.procMount to anything but Default.',
  rationale:
    'The Default proc mount masks and makes read-only the parts of /proc that expose the host (kcore, sysrq-trigger, timer lists). Unmasked exposes them, and is only meant for nested containers in user-namespaced pods. The baseline Pod Security Standard allows only Default.',
  remediation: {
    kubernetes: [
      'containers:',
      '  - name: web',
      '    securityContext:',
      '      procMount: Default   # or leave it out',
    ].join('\n'),
  },
  references: [PSS, SECURITY_CONTEXT],
  fixRequiresRecreate: false,
  tags: ['pod-security'],
  fix: { description: 'Sets securityContext.procMount: Default on the container.' },
  view: podSpecView,
  check(pod, ctx) {
    for (const c of pod.containers) {
      const mount = c.procMount;
      if (mount.state !== 'set' || mount.value === 'Default') continue;
      ctx.report({
        range: mount.range,
        fix: containerFix(ctx, pod, c, 'procMount', 'Default'),
        message: `${containerIn(pod, c)} sets procMount to ${literal(mount.value)}: the host's /proc entries are no longer masked. Remove procMount or set it to Default.`,
      });
    }
  },
});
