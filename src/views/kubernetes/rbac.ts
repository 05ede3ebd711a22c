import type { Resource } from '../../model';
import { getProperty } from '../../model/value';
import type { SourceRange } from '../../model/range';
import type { ResourceGraph } from '../../graph/graph';
import { defineView, selectByObject, type AcrossObjects, type ViewInstance } from '../view';
import { bySource, itemsOf, kubernetesResources, namespaceOf, objectOf, stringItems, stringOf } from './read';

export interface StringItem {
  value: string;
  range: SourceRange;
}

export interface PolicyRule {
  range: SourceRange;
  apiGroups: StringItem[];
  resources: StringItem[];
  verbs: StringItem[];
  resourceNames: StringItem[];
  nonResourceURLs: StringItem[];
}

export interface RoleBindingInstance extends ViewInstance {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  /** `ClusterRoleBinding ops-admins`, `RoleBinding shop/readers`. */
  label: string;
  /** The binding's namespace; undefined for a ClusterRoleBinding. */
  namespace: string | undefined;
  roleRef: { kind: string; name: string; range: SourceRange };
  subjects: Subject[];
}

export interface Subject {
  kind: string;
  name: string;
  /** For service accounts: the subject's namespace, else the binding's. */
  namespace: string | undefined;
  range: SourceRange;
}

export interface RoleInstance extends ViewInstance {
  kind: 'Role' | 'ClusterRole';
  label: string;
  /**
   * A built-in ClusterRole the scan binds but does not define. Its resource is a binding of it (a
   * ClusterRoleBinding when there is one), and only the permissions akslint's rules ask about are listed.
   */
  builtIn?: boolean;
  namespace: string | undefined;
  rules: PolicyRule[];
  /** Bindings in the scanned set that grant this role. */
  bindings: RoleBindingInstance[];
}

const BINDING_KINDS = ['RoleBinding', 'ClusterRoleBinding'] as const;

/** `as` stands for the binding in findings (see AcrossObjects). */
export function bindingOf(resource: Resource, as: Resource = resource): RoleBindingInstance {
  const kind = resource.type === 'ClusterRoleBinding' ? 'ClusterRoleBinding' : 'RoleBinding';
  const namespace = kind === 'RoleBinding' ? namespaceOf(resource) : undefined;
  const roleRefValue = getProperty(resource.body, 'roleRef');
  const roleRef = {
    kind: stringOf(getProperty(roleRefValue, 'kind')) ?? 'ClusterRole',
    name: stringOf(getProperty(roleRefValue, 'name')) ?? '',
    range: roleRefValue?.range ?? resource.range,
  };
  const subjects = itemsOf(getProperty(resource.body, 'subjects')).flatMap((item): Subject[] => {
    const obj = objectOf(item);
    if (!obj) return [];
    const subjectKind = stringOf(getProperty(obj, 'kind')) ?? '';
    return [
      {
        kind: subjectKind,
        name: stringOf(getProperty(obj, 'name')) ?? '',
        namespace:
          subjectKind === 'ServiceAccount'
            ? (stringOf(getProperty(obj, 'namespace')) ?? namespace)
            : undefined,
        range: obj.range,
      },
    ];
  });
  const label = namespace ? `${kind} ${namespace}/${resource.name}` : `${kind} ${resource.name}`;
  return { resource: as, kind, label, namespace, roleRef, subjects };
}

/** A role with its rules; the bindings that grant it are found once every binding is read (rolesOf). */
function roleOf(resource: Resource, as: Resource): RoleInstance {
  const kind = resource.type === 'ClusterRole' ? 'ClusterRole' : 'Role';
  const namespace = kind === 'Role' ? namespaceOf(resource) : undefined;
  const rules = itemsOf(getProperty(resource.body, 'rules')).flatMap((item): PolicyRule[] => {
    const obj = objectOf(item);
    if (!obj) return [];
    return [
      {
        range: obj.range,
        apiGroups: stringItems(getProperty(obj, 'apiGroups')),
        resources: stringItems(getProperty(obj, 'resources')),
        verbs: stringItems(getProperty(obj, 'verbs')),
        resourceNames: stringItems(getProperty(obj, 'resourceNames')),
        nonResourceURLs: stringItems(getProperty(obj, 'nonResourceURLs')),
      },
    ];
  });
  const label = namespace ? `${kind} ${namespace}/${resource.name}` : `${kind} ${resource.name}`;
  return { resource: as, kind, label, namespace, rules, bindings: [] };
}

/**
 * A Role is found by name in the binding's namespace; a ClusterRole by name alone; both in the
 * binding's own deployment (another cluster's role of the same name is not the one it grants).
 */
function roleKey(
  deployment: string | undefined,
  kind: string,
  name: string,
  namespace: string | undefined,
): string {
  const role = kind === 'ClusterRole' ? `ClusterRole/${name}` : `Role/${namespace}/${name}`;
  return `${deployment ?? ''}\u0000${role}`;
}

export function bindingsOf(graph: ResourceGraph): RoleBindingInstance[] {
  return kubernetesResources(graph.ofType(...BINDING_KINDS))
    .sort(bySource)
    .map((r) => bindingOf(r));
}

const BINDING_TYPES: ReadonlySet<string> = new Set(BINDING_KINDS.map((k) => k.toLowerCase()));

/** Roles and ClusterRoles with their rules, and the bindings in the scan that grant them. */
function rolesOf(read: readonly (RoleInstance | RoleBindingInstance)[]): RoleInstance[] {
  const objects = read
    .filter((o) => o.resource.format === 'kubernetes')
    .sort((a, b) => bySource(a.resource, b.resource));
  const bindings: RoleBindingInstance[] = [];
  const roles: RoleInstance[] = [];
  for (const o of objects) {
    if ('roleRef' in o) bindings.push(o);
    else roles.push(o);
  }
  const byRole = new Map<string, RoleBindingInstance[]>();
  for (const b of bindings) {
    const key = roleKey(b.resource.deployment, b.roleRef.kind, b.roleRef.name, b.namespace);
    const list = byRole.get(key);
    if (list) list.push(b);
    else byRole.set(key, [b]);
  }
  const keyOf = (r: RoleInstance) => roleKey(r.resource.deployment, r.kind, r.resource.name, r.namespace);
  const defined = roles.map((r) => ({ ...r, bindings: byRole.get(keyOf(r)) ?? [] }));
  const definedKeys = new Set(defined.map(keyOf));
  const deployments = [...new Set(bindings.map((b) => b.resource.deployment))];
  return [...defined, ...deployments.flatMap((d) => builtInRoles(d, byRole, definedKeys))];
}

const RBAC_ROLES: AcrossObjects<RoleInstance> = {
  types: ['Role', 'ClusterRole', ...BINDING_KINDS],
  read: (resource, as) =>
    BINDING_TYPES.has(resource.type.toLowerCase()) ? bindingOf(resource, as) : roleOf(resource, as),
  select: rolesOf,
};

export const rbacRoleView = defineView<RoleInstance>({
  name: 'RbacRole',
  formats: ['kubernetes'],
  select: selectByObject(RBAC_ROLES),
  acrossObjects: RBAC_ROLES,
});

/**
 * Rules of Kubernetes' user-facing ClusterRoles that matter here (system:aggregate-to-edit, which both
 * `admin` and `edit` aggregate): they read Secrets ("including Secrets", the RBAC docs say of both),
 * exec and attach into pods, and create pods and the workloads that run them. `view` does none of this.
 */
const EDIT_RULES: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }> = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: [''], resources: ['pods/attach', 'pods/exec'], verbs: ['get', 'create'] },
  { apiGroups: [''], resources: ['pods', 'replicationcontrollers'], verbs: ['create'] },
  {
    apiGroups: ['apps'],
    resources: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'],
    verbs: ['create'],
  },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: ['create'] },
];
const BUILT_IN_ROLE_RULES: Record<string, typeof EDIT_RULES> = { admin: EDIT_RULES, edit: EDIT_RULES };

/** Built-in ClusterRoles that bindings in the scan refer to but the scan does not redefine. */
function builtInRoles(
  deployment: string | undefined,
  byRole: ReadonlyMap<string, RoleBindingInstance[]>,
  defined: ReadonlySet<string>,
): RoleInstance[] {
  const out: RoleInstance[] = [];
  for (const [name, rules] of Object.entries(BUILT_IN_ROLE_RULES)) {
    const key = roleKey(deployment, 'ClusterRole', name, undefined);
    const bindings = byRole.get(key) ?? [];
    if (bindings.length === 0 || defined.has(key)) continue;
    const anchor = bindings.find((b) => b.kind === 'ClusterRoleBinding') ?? bindings[0];
    const at = anchor.roleRef.range;
    const items = (values: string[]) => values.map((value) => ({ value, range: at }));
    out.push({
      resource: anchor.resource,
      kind: 'ClusterRole',
      label: `ClusterRole ${name} (built in)`,
      namespace: undefined,
      builtIn: true,
      bindings,
      rules: rules.map((r) => ({
        range: at,
        apiGroups: items(r.apiGroups),
        resources: items(r.resources),
        verbs: items(r.verbs),
        resourceNames: [],
        nonResourceURLs: [],
      })),
    });
  }
  return out;
}

/** RoleBindings and ClusterRoleBindings with their role and subjects. */
export const roleBindingView = defineView<RoleBindingInstance>({
  name: 'RbacBinding',
  formats: ['kubernetes'],
  select: bindingsOf,
});

/**
 * Whether a role's grants reach every namespace: a Role never does, nor a ClusterRole whose every
 * binding in the scan is a RoleBinding. A ClusterRole the scan does not bind counts as cluster-wide:
 * its binding may live elsewhere. `via` is the ClusterRoleBinding that grants it, when there is one.
 */
export function clusterWideGrant(role: RoleInstance): { clusterWide: boolean; via?: RoleBindingInstance } {
  if (role.kind !== 'ClusterRole') return { clusterWide: false };
  if (role.bindings.length > 0 && role.bindings.every((b) => b.kind === 'RoleBinding'))
    return { clusterWide: false };
  return { clusterWide: true, via: role.bindings.find((b) => b.kind === 'ClusterRoleBinding') };
}

/**
 * The item of a rule's resources that names `resource` (`pods/exec`) in `group`, as written or as
 * `*\/exec` for any resource's subresource. A bare "*" is not matched: K8S204 reports wildcards.
 */
export function namedResource(rule: PolicyRule, group: string, resource: string): StringItem | undefined {
  if (!rule.apiGroups.some((g) => g.value === group || g.value === '*')) return undefined;
  const sub = resource.includes('/') ? `*/${resource.split('/')[1]}` : undefined;
  return rule.resources.find((r) => r.value === resource || r.value === sub);
}

/** The rule's verbs among `verbs`, "*" included (it grants them all). */
export function grantedVerbs(rule: PolicyRule, verbs: readonly string[]): StringItem[] {
  return rule.verbs.filter((v) => v.value === '*' || verbs.includes(v.value));
}
