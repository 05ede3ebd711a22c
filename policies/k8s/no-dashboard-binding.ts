import { defineRule } from '../api';
import { roleBindingView } from '../../src/views/kubernetes';
import { RBAC, RBAC_GOOD_PRACTICES } from '../lib';

export default defineRule({
  id: 'K8S207',
  slug: 'no-dashboard-binding',
  title: "Nothing is bound to the dashboard's service account",
  severity: 'high',
  description:
    'No RoleBinding or ClusterRoleBinding has the kubernetes-dashboard ServiceAccount as a subject.',
  rationale:
    'Anyone who reaches the Kubernetes dashboard can act with its service account\'s permissions (with "skip login" or a stolen session, without credentials of their own). Binding roles to it turned the dashboard into the entry point of well-known cluster compromises, Tesla\'s cryptojacking among them.',
  remediation: {
    kubernetes: [
      '# Remove the binding; sign in to the dashboard with your own token instead:',
      '#   kubectl -n kubernetes-dashboard create token <your-account>',
      '# On AKS, prefer the Kubernetes resource view in the Azure portal.',
    ].join('\n'),
  },
  references: [
    'https://github.com/kubernetes/dashboard/blob/master/docs/user/access-control/README.md',
    'https://learn.microsoft.com/azure/aks/kubernetes-portal',
    RBAC,
    RBAC_GOOD_PRACTICES,
  ],
  fixRequiresRecreate: false,
  tags: ['rbac'],
  view: roleBindingView,
  check(binding, ctx) {
    for (const s of binding.subjects) {
      if (s.kind !== 'ServiceAccount' || s.name !== 'kubernetes-dashboard') continue;
      ctx.report({
        range: s.range,
        message: `${binding.label} grants ${binding.roleRef.kind} ${binding.roleRef.name} to ServiceAccount ${s.namespace}/kubernetes-dashboard: anyone who reaches the dashboard acts with it. Remove this subject and sign in to the dashboard with personal credentials.`,
      });
    }
  },
});
