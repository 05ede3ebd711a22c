import { defineRule } from '../api';
import { rbacRoleView } from '../../src/views/kubernetes';
import { CIS_KUBERNETES, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

export default defineRule({
  id: 'K8S204',
  slug: 'no-wildcard-rbac',
  title: 'Roles grant no wildcard verbs or resources',
  severity: 'high',
  description: 'No Role or ClusterRole rule lists "*" in verbs or resources.',
  rationale:
    'A wildcard grants everything that exists today and everything added later (new resource types, subresources such as pods/exec, verbs such as escalate), so the role silently grows into an administrator. Listing what is needed keeps it reviewable.',
  remediation: {
    kubernetes: [
      'rules:',
      '  - apiGroups: ["apps"]',
      '    resources: ["deployments"]',
      '    verbs: ["get", "list", "watch", "update", "patch"]',
    ].join('\n'),
  },
  references: [RBAC, RBAC_GOOD_PRACTICES, CIS_KUBERNETES],
  fixRequiresRecreate: false,
  tags: ['rbac', 'cis-5.1.3'],
  view: rbacRoleView,
  check(role, ctx) {
    for (const rule of role.rules) {
      for (const [field, items] of [
        ['verbs', rule.verbs],
        ['resources', rule.resources],
      ] as const) {
        for (const item of items) {
          if (item.value !== '*') continue;
          ctx.report({
            range: item.range,
            message: `${role.label} grants "*" in ${field}: it covers every ${field === 'verbs' ? 'verb, escalate and impersonate included' : resourcesCovered(rule.apiGroups.map((g) => g.value))}, now and in future versions. List the ${field} it needs.`,
          });
        }
      }
    }
  },
});

/** What `resources: ["*"]` takes in: Secrets and pods/exec live in the core group (""). */
function resourcesCovered(apiGroups: readonly string[]): string {
  if (apiGroups.includes('') || apiGroups.includes('*'))
    return 'resource type, Secrets and pods/exec included';
  const groups = apiGroups.map((g) => `"${g}"`).join(', ');
  return `resource type of the API group${apiGroups.length > 1 ? 's' : ''} ${groups}`;
}
