import { defineRule } from '../api';
import { findServiceAccount, podSpecView } from '../../src/views/kubernetes';
import { AKS_IDENTITY, CIS_KUBERNETES, isFalse, isTrue, podFix, SERVICE_ACCOUNTS } from '../lib';

export default defineRule({
  id: 'K8S202',
  slug: 'no-service-account-token',
  title: 'Service account tokens are mounted only when needed',
  severity: 'medium',
  description:
    'automountServiceAccountToken is false on the pod, or on its ServiceAccount when the pod leaves it unset.',
  rationale:
    'By default every pod gets a token for its service account mounted at /var/run/secrets/kubernetes.io/serviceaccount. Most applications never call the Kubernetes API; for them the token only helps an intruder, who can use it against the API server with whatever the account is allowed.',
  remediation: {
    kubernetes: [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata: {name: web, namespace: shop}',
      'automountServiceAccountToken: false   # or on the pod spec, which wins',
    ].join('\n'),
  },
  references: [SERVICE_ACCOUNTS, AKS_IDENTITY, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['rbac', 'cis-5.1.6'],
  fix: {
    description:
      'Sets automountServiceAccountToken: false on the pod spec (which wins over its ServiceAccount), inserting it when absent.',
  },
  view: podSpecView,
  looksUp: ['ServiceAccount'],
  check(pod, ctx) {
    const onPod = pod.automountServiceAccountToken;
    // The pod's own setting takes precedence over its service account's.
    if (isFalse(onPod)) return;
    const accountName =
      pod.serviceAccountName.state === 'set' && typeof pod.serviceAccountName.value === 'string'
        ? pod.serviceAccountName.value
        : 'default';
    const fix = `Set ${pod.specPrefix}automountServiceAccountToken: false (or automountServiceAccountToken: false on ServiceAccount ${pod.namespace}/${accountName}) unless it calls the Kubernetes API.`;
    if (isTrue(onPod)) {
      ctx.report({
        range: onPod.range,
        fix: podFix(ctx, pod, 'automountServiceAccountToken', false),
        message: `${pod.label} mounts a service account token (automountServiceAccountToken is true on the pod): an intruder in the pod can call the API server as ${pod.namespace}/${accountName}. ${fix}`,
      });
      return;
    }
    const account = findServiceAccount(ctx.graph, pod.resource, pod.namespace, accountName);
    if (account && isFalse(account.automountServiceAccountToken)) return;
    const why = !account
      ? `no ServiceAccount ${pod.namespace}/${accountName} in the scanned manifests turns it off`
      : account.automountServiceAccountToken.state === 'set'
        ? `ServiceAccount ${pod.namespace}/${accountName} sets it to ${String(account.automountServiceAccountToken.value)}`
        : `ServiceAccount ${pod.namespace}/${accountName} does not set it either`;
    ctx.report({
      range: onPod.range,
      fix: podFix(ctx, pod, 'automountServiceAccountToken', false),
      message: `${pod.label} mounts a service account token (automountServiceAccountToken is not set on the pod and ${why}): an intruder in the pod can call the API server with it. ${fix}`,
    });
  },
});
