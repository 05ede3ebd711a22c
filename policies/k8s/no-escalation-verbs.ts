import { defineRule } from '../api';
import { rbacRoleView } from '../../src/views/kubernetes';
import { CIS_KUBERNETES, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

/** What each verb allows, and what it allows when resourceNames narrows it to the named objects. */
const ESCALATION_VERBS = new Map<string, { allows: string; limitedTo: (names: string) => string }>([
  [
    'escalate',
    {
      allows: 'create or change roles with permissions the holder does not have',
      limitedTo: (names) => `give the roles ${names} permissions the holder does not have`,
    },
  ],
  [
    'bind',
    {
      allows: 'bind any role, cluster-admin included, to itself or anyone',
      limitedTo: (names) => `bind the roles ${names} to itself or anyone`,
    },
  ],
  [
    'impersonate',
    {
      allows: 'act as any user, group or service account',
      limitedTo: (names) => `act as ${names}`,
    },
  ],
]);

export default defineRule({
  id: 'K8S206',
  slug: 'no-escalation-verbs',
  title: 'Roles grant no escalate, bind or impersonate',
  severity: 'high',
  description: 'No Role or ClusterRole grants the escalate, bind or impersonate verbs.',
  rationale:
    "These verbs bypass RBAC's own protection against privilege escalation: escalate and bind let the holder hand out permissions it does not have, impersonate lets it act as someone who has them.",
  remediation: {
    kubernetes: [
      'rules:',
      '  - apiGroups: ["rbac.authorization.k8s.io"]',
      '    resources: ["rolebindings"]',
      '    verbs: ["get", "list", "create"]   # no bind, escalate or impersonate',
    ].join('\n'),
  },
  references: [
    RBAC,
    `${RBAC}#privilege-escalation-prevention-and-bootstrapping`,
    RBAC_GOOD_PRACTICES,
    CIS_KUBERNETES,
  ],
  fixRequiresRecreate: false,
  tags: ['rbac', 'cis-5.1.8'],
  view: rbacRoleView,
  check(role, ctx) {
    for (const rule of role.rules) {
      for (const verb of rule.verbs) {
        const what = ESCALATION_VERBS.get(verb.value);
        if (!what) continue;
        // resourceNames narrows whom or what the verb applies to; it still escalates to those.
        const names = rule.resourceNames.map((n) => n.value).join(', ');
        ctx.report({
          range: verb.range,
          message: `${role.label} grants the verb ${verb.value}: its subjects can ${names ? what.limitedTo(names) : what.allows}. Remove ${verb.value} from the rule's verbs.`,
        });
      }
    }
  },
});
