import { defineRule } from '../api';
import { podSpecView } from '../../src/views/kubernetes';
import { CIS_KUBERNETES } from '../lib';

export default defineRule({
  id: 'K8S208',
  slug: 'not-default-namespace',
  title: 'Workloads run outside the default namespace',
  severity: 'low',
  description:
    'No workload lives in the default namespace, whether written as namespace: default or by leaving metadata.namespace out.',
  rationale:
    'The default namespace is where everything lands by accident: it usually has no Pod Security labels, no NetworkPolicies, no quotas, and RBAC granted there reaches every stray object. A namespace per application gives each a boundary of its own.',
  remediation: {
    kubernetes: ['metadata:', '  name: web', '  namespace: shop'].join('\n'),
  },
  references: [
    'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/',
    'https://learn.microsoft.com/azure/aks/operator-best-practices-cluster-isolation',
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['cis-5.7.4'],
  view: podSpecView,
  check(pod, ctx) {
    if (pod.namespace !== 'default') return;
    const how =
      pod.namespaceSetting.state === 'set'
        ? 'metadata.namespace is "default"'
        : 'metadata.namespace is not set';
    ctx.report({
      range: pod.namespaceSetting.range,
      message: `${pod.label} runs in the default namespace (${how}): it shares it with every stray object, usually without Pod Security labels or NetworkPolicies. Set metadata.namespace to the application's own namespace.`,
    });
  },
});
