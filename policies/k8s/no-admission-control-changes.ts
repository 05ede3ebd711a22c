import { defineRule } from '../api';
import { grantedVerbs, namedResource, rbacRoleView, type StringItem } from '../../src/views/kubernetes';
import { clusterWideBinding, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

const ADMISSION = 'admissionregistration.k8s.io';
const ADMISSION_RESOURCES = [
  'mutatingwebhookconfigurations',
  'validatingwebhookconfigurations',
  'mutatingadmissionpolicies',
  'mutatingadmissionpolicybindings',
  'validatingadmissionpolicies',
  'validatingadmissionpolicybindings',
];
/** create and deletecollection cannot be limited by resourceNames; the others can. */
const UNLIMITED_VERBS = ['create', 'deletecollection'];
const CHANGE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];

export default defineRule({
  id: 'K8S214',
  slug: 'no-admission-control-changes',
  title: 'Roles do not change admission webhooks or policies',
  severity: 'high',
  description:
    'No ClusterRole grants create, update, patch or delete on mutating or validating webhook configurations or admission policies (and their bindings), unless every binding of it in the scan is a namespaced RoleBinding, which cannot grant these cluster-scoped resources. Updates limited by resourceNames to the configurations a controller owns pass. A "*" in resources is K8S204\'s finding.',
  rationale:
    'Admission webhooks and policies are where Gatekeeper (behind the Azure Policy add-on and AKS deployment safeguards) and Kyverno enforce policy. Whoever can delete or rewrite a validating webhook or policy switches that enforcement off; whoever can create a mutating webhook receives every object it selects, Secrets included, and can rewrite each pod the cluster admits, adding a privileged container or a hostPath mount. Leave these objects to the controller that owns them, limited to its own names.',
  remediation: {
    kubernetes: [
      'rules:',
      '  - apiGroups: ["admissionregistration.k8s.io"]',
      '    resources: ["validatingwebhookconfigurations"]',
      '    resourceNames: ["my-controller-webhook"]   # only its own configuration',
      '    verbs: ["get", "update", "patch"]',
    ].join('\n'),
  },
  references: [
    `${RBAC_GOOD_PRACTICES}#control-admission-webhooks`,
    'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/',
    'https://learn.microsoft.com/azure/aks/use-azure-policy',
    RBAC,
  ],
  fixRequiresRecreate: false,
  tags: ['rbac'],
  view: rbacRoleView,
  check(role, ctx) {
    const bound = clusterWideBinding(role);
    if (bound === undefined) return;
    for (const rule of role.rules) {
      const limited = rule.resourceNames.length > 0;
      const verbs = grantedVerbs(rule, limited ? UNLIMITED_VERBS : CHANGE_VERBS).map((v) => v.value);
      if (verbs.length === 0) continue;
      // As written: the finding points at the first one.
      const items = ADMISSION_RESOURCES.map((r) => namedResource(rule, ADMISSION, r))
        .filter((i): i is StringItem => i !== undefined)
        .sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
      if (items.length === 0) continue;
      ctx.report({
        range: items[0].range,
        message: `${role.label} lets its subjects ${verbs.join(', ')} ${items.map((i) => i.value).join(', ')}${bound}: they can switch off the policy that admission enforces (Gatekeeper, Azure Policy, Kyverno) or add a webhook that sees every object it selects, Secrets included, and rewrites every pod. Leave these objects to the controller that owns them, limited by resourceNames to its own configurations.`,
      });
    }
  },
});
