import { defineRule } from '../api';
import { podSpecView, type EffectiveReading } from '../../src/views/kubernetes';
import { AKS_POD_SECURITY, containerIn, literal, PSS, SECURITY_CONTEXT } from '../lib';

/** The SELinux types the baseline Pod Security Standard allows. */
const CONFINED_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

export default defineRule({
  id: 'K8S111',
  slug: 'no-weakened-selinux',
  title: 'SELinux confinement is not weakened',
  severity: 'medium',
  description:
    'No container (or pod) sets seLinuxOptions.type to spc_t or another unconfined type, nor sets seLinuxOptions.user or role.',
  rationale:
    'spc_t ("super privileged container") and other unconfined types switch SELinux confinement off for the container; a custom user or role changes what the policy lets it touch. The baseline Pod Security Standard allows only the container_* types and no user or role.',
  remediation: {
    kubernetes: [
      'securityContext:',
      '  seLinuxOptions:',
      '    level: "s0:c123,c456"   # a level is fine; leave type, user and role out',
    ].join('\n'),
  },
  references: [PSS, SECURITY_CONTEXT, AKS_POD_SECURITY],
  fixRequiresRecreate: false,
  tags: ['pod-security'],
  view: podSpecView,
  check(pod, ctx) {
    const reported = new Set<string>();
    for (const c of pod.containers) {
      const problems: { reading: EffectiveReading; why: string }[] = [];
      const type = c.seLinuxType;
      if (type.state === 'set' && !CONFINED_TYPES.has(String(type.value ?? ''))) {
        problems.push({
          reading: type,
          why: `seLinuxOptions.type is ${literal(type.value)}, an unconfined type`,
        });
      }
      for (const field of [c.seLinuxUser, c.seLinuxRole]) {
        if (field.state === 'set' && field.value !== '' && field.value !== null) {
          problems.push({
            reading: field,
            why: `${field.attribute.replace(/^.*seLinuxOptions\./, 'seLinuxOptions.')} is ${literal(field.value)}`,
          });
        }
      }
      for (const { reading, why } of problems) {
        // A pod-level setting inherited by several containers is one problem, told once.
        const key = `${reading.range.line}:${reading.range.column}`;
        if (reading.from === 'pod' && reported.has(key)) continue;
        reported.add(key);
        const subject =
          reading.from === 'pod' ? `${pod.label} (inherited by ${c.label})` : containerIn(pod, c);
        ctx.report({
          range: reading.range,
          message: `${subject} weakens SELinux confinement (${why}): the container is no longer confined to what container_t may touch. Remove it and keep seLinuxOptions to a level only.`,
        });
      }
    }
  },
});
