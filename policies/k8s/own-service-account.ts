import { defineRule } from '../api';
import { findServiceAccount, podSpecView } from '../../src/views/kubernetes';
import { AKS_IDENTITY, CIS_KUBERNETES, literal, SERVICE_ACCOUNTS } from '../lib';
import { shortAttribute } from '../../src/views/kubernetes';

export default defineRule({
  id: 'K8S201',
  slug: 'own-service-account',
  title: 'Workloads use their own service account',
  severity: 'medium',
  description:
    "Every workload names a service account of its own in serviceAccountName, not the namespace's default one.",
  rationale:
    "Every pod that names no service account runs as the namespace's default one: all of them share one identity, so a permission (RBAC binding, workload identity federation) granted for one workload is granted to all, and an audit log cannot tell them apart.",
  remediation: {
    kubernetes: [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata: {name: web, namespace: shop}',
      'automountServiceAccountToken: false',
      '---',
      '# in the Deployment',
      'spec:',
      '  template:',
      '    spec:',
      '      serviceAccountName: web',
    ].join('\n'),
  },
  references: [
    SERVICE_ACCOUNTS,
    'https://kubernetes.io/docs/concepts/security/service-accounts/',
    AKS_IDENTITY,
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['rbac', 'cis-5.1.5'],
  view: podSpecView,
  looksUp: ['ServiceAccount'],
  check(pod, ctx) {
    const account = pod.serviceAccountName;
    if (
      account.state === 'set' &&
      account.value !== 'default' &&
      account.value !== '' &&
      account.value !== null
    )
      return;
    const now =
      account.state === 'set'
        ? `${shortAttribute(account.attribute)} is ${literal(account.value)}`
        : 'serviceAccountName is not set';
    const object = findServiceAccount(ctx.graph, pod.resource, pod.namespace, 'default');
    const extra = object
      ? ` (ServiceAccount ${pod.namespace}/default is declared in ${object.resource.file})`
      : '';
    ctx.report({
      range: account.range,
      message: `${pod.label} runs as the default service account of namespace ${pod.namespace}${extra} (${now}): every workload there shares that identity and whatever is granted to it. Create a ServiceAccount for this workload and set ${pod.specPrefix}serviceAccountName.`,
    });
  },
});
