import { defineRule } from '../api';
import { roleBindingView } from '../../src/views/kubernetes';
import { CIS_KUBERNETES, RBAC, RBAC_GOOD_PRACTICES, SERVICE_ACCOUNTS } from '../lib';

const ALL_ACCOUNTS = 'system:serviceaccounts';

export default defineRule({
  id: 'K8S215',
  slug: 'no-default-service-account-binding',
  title: "Nothing is bound to a namespace's default service account",
  severity: 'medium',
  description: `No RoleBinding or ClusterRoleBinding has a namespace's default ServiceAccount as a subject, or the groups ${ALL_ACCOUNTS} and ${ALL_ACCOUNTS}:<namespace>, which include it.`,
  rationale:
    "Every pod that names no service account runs as its namespace's default one, so a role bound to it is granted to every such pod, present and future: one compromised container of any of them holds the role. Kubernetes binds nothing to default accounts, and CIS asks that they not be used actively. Bind the role to a service account created for the workload that needs it.",
  remediation: {
    kubernetes: [
      'apiVersion: v1',
      'kind: ServiceAccount',
      'metadata: {name: report, namespace: shop}',
      '---',
      'kind: RoleBinding',
      '# ...',
      'subjects:',
      '  - kind: ServiceAccount',
      '    name: report              # not default',
      '    namespace: shop',
    ].join('\n'),
  },
  references: [
    SERVICE_ACCOUNTS,
    `${SERVICE_ACCOUNTS}#use-the-default-service-account-to-access-the-api-server`,
    RBAC_GOOD_PRACTICES,
    RBAC,
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['rbac', 'cis-5.1.5'],
  view: roleBindingView,
  check(binding, ctx) {
    const role = `${binding.roleRef.kind} ${binding.roleRef.name}`;
    for (const s of binding.subjects) {
      let whom: string | undefined;
      if (s.kind === 'ServiceAccount' && s.name === 'default')
        whom = `the default ServiceAccount of namespace ${s.namespace ?? '(not set)'}`;
      else if (s.kind === 'Group' && s.name === ALL_ACCOUNTS)
        whom = `the group ${ALL_ACCOUNTS}, every service account of every namespace`;
      else if (s.kind === 'Group' && s.name.startsWith(`${ALL_ACCOUNTS}:`))
        whom = `the group ${s.name}, every service account of namespace ${s.name.slice(ALL_ACCOUNTS.length + 1)}`;
      if (!whom) continue;
      ctx.report({
        range: s.range,
        message: `${binding.label} grants ${role} to ${whom}: every pod that names no service account of its own runs with it. Create a ServiceAccount for the workload that needs ${role} and bind that one instead.`,
      });
    }
  },
});
