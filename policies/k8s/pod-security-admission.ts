import { defineRule } from '../api';
import { namespaceView, PSA_ENFORCE_LABEL } from '../../src/views/kubernetes';
import { AKS_PSA, literal, PSS } from '../lib';

const ENFORCED_LEVELS = ['baseline', 'restricted'];
/** Kubernetes' own namespaces run system pods that need privileges; Pod Security admission is not meant for them. */
const SYSTEM_NAMESPACES = ['kube-system', 'kube-public', 'kube-node-lease'];

export default defineRule({
  id: 'K8S209',
  slug: 'pod-security-admission',
  title: 'Namespaces enforce a Pod Security Standard',
  severity: 'medium',
  description: `Every Namespace has the label ${PSA_ENFORCE_LABEL} set to baseline or restricted.`,
  rationale:
    'Pod Security admission rejects pods that break the chosen standard at the API server, whatever tool created them, so a manifest that escaped review (or a compromised CI token) cannot start a privileged pod. Without the enforce label the namespace accepts anything.',
  remediation: {
    kubernetes: [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: shop',
      '  labels:',
      '    pod-security.kubernetes.io/enforce: restricted',
      '    pod-security.kubernetes.io/enforce-version: latest',
    ].join('\n'),
  },
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/', PSS, AKS_PSA],
  fixRequiresRecreate: false,
  tags: ['pod-security'],
  view: namespaceView,
  check(ns, ctx) {
    if (SYSTEM_NAMESPACES.includes(ns.name)) return;
    const enforce = ns.label(PSA_ENFORCE_LABEL);
    if (
      enforce.state === 'set' &&
      typeof enforce.value === 'string' &&
      ENFORCED_LEVELS.includes(enforce.value)
    )
      return;
    const now =
      enforce.state === 'set'
        ? `${PSA_ENFORCE_LABEL} is ${literal(enforce.value)}`
        : `${PSA_ENFORCE_LABEL} is not set`;
    ctx.report({
      range: enforce.range,
      message: `Namespace ${ns.name} does not enforce a Pod Security Standard (${now}): it admits privileged and root pods from any source. Add the label ${PSA_ENFORCE_LABEL}: restricted (or baseline).`,
    });
  },
});
