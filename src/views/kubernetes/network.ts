import type { Resource } from '../../model';
import { getProperty, type ObjectValue, type Value } from '../../model/value';
import type { SourceRange } from '../../model/range';
import { attributeRange } from '../reading';
import { defineView, selectByObject, type AcrossObjects, type ViewInstance } from '../view';
import { podSelectionOf, WORKLOAD_KINDS, type PodSelection } from './pod-spec';
import { bySource, itemsOf, labelsOf, namespaceOf, objectOf, stringItems, stringMap, stringOf } from './read';
import {
  calicoSelectorPredicate,
  isCalicoSelectAll,
  isEmptySelector,
  labelSelectorOf,
  labelSelectorPredicate,
  type LabelPredicate,
  type Labels,
} from './selectors';

/** The instance metadata service (IMDS) every Azure VM, and so every AKS node, answers on. */
export const METADATA_ADDRESS = '169.254.169.254';
const METADATA_PORT = 80;

export interface PolicyDirection {
  /** The policy isolates the pods it selects in this direction (only what it allows gets through). */
  isolates: boolean;
  /** It isolates and allows nothing: a deny-all for the pods it selects. */
  deniesAll: boolean;
  /**
   * It isolates and allows only DNS (port 53): the usual "deny all egress except DNS" policy, a
   * default deny in all but name-resolution.
   */
  allowsOnlyDns: boolean;
  /**
   * Its deny-all holds whatever other policies allow: a Calico deny (its order may put it first), a
   * Cilium deny rule (deny rules win over every allow). A Kubernetes or Cilium policy without allow
   * rules only isolates: another policy selecting the pods can still allow.
   */
  overridesAllows: boolean;
}

export interface NetworkPolicyInfo {
  resource: Resource;
  /** `NetworkPolicy shop/default-deny`, `GlobalNetworkPolicy deny-imds`. */
  label: string;
  flavour: 'kubernetes' | 'calico' | 'calico-global' | 'cilium' | 'cilium-clusterwide';
  /** Undefined for a cluster-wide policy (Calico GlobalNetworkPolicy, CiliumClusterwideNetworkPolicy). */
  namespace: string | undefined;
  /** Whether the policy is in force in a namespace (GlobalNetworkPolicy: by its namespaceSelector). */
  appliesIn(namespace: string, namespaceLabels: Labels): boolean;
  /** Whether it selects pods with these labels (a selector this reader cannot parse counts as selecting). */
  selects(podLabels: Labels, namespace: string): boolean;
  /** Its selector is empty / `all()`: it covers every pod of the namespaces it applies in. */
  selectsAllPods: boolean;
  /**
   * Labels every pod it selects has (a Kubernetes policy's matchLabels), when told: a workload's
   * policies are then found by its labels instead of testing every policy of its namespace.
   */
  requiredLabels?: ReadonlyArray<readonly [string, string]>;
  ingress: PolicyDirection;
  egress: PolicyDirection;
  /** Egress allow rules that reach the metadata endpoint (169.254.169.254:80) without an `except`. */
  metadataAllows: SourceRange[];
  /** A Calico rule denies the metadata endpoint before anything allows it. */
  metadataDenied: boolean;
  /**
   * Where Calico evaluates the policy: lowest first, and the first rule that matches decides. Calico
   * gives Kubernetes NetworkPolicies order 1000; a Calico policy without `order` comes last.
   */
  order: number;
}

/** The order Calico gives every Kubernetes NetworkPolicy it enforces. */
export const KUBERNETES_POLICY_ORDER = 1000;

export interface NamespaceNetworkInstance extends ViewInstance {
  namespace: string;
  /** The Namespace object, when the scan holds one. */
  namespaceObject: Resource | undefined;
  namespaceLabels: Labels;
  workloads: PodSelection[];
  /** Policies in force in this namespace. */
  policies: NetworkPolicyInfo[];
  /** Policies that select a workload's pods, in the order of `policies`. */
  policiesFor(workload: PodSelection): readonly NetworkPolicyInfo[];
}

const CALICO_GROUPS = /^(crd\.)?projectcalico\.org\//;

export function isCalico(resource: Resource): boolean {
  return CALICO_GROUPS.test(resource.apiVersion ?? '');
}

const CILIUM_GROUP = /^cilium\.io\//;

const POLICY_KINDS = [
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
];

/** The policies one object of POLICY_KINDS holds (a Cilium policy one per rule; another kind none). */
function policiesOf(r: Resource): NetworkPolicyInfo[] {
  if (isCalico(r)) return [calicoPolicy(r)];
  if (CILIUM_GROUP.test(r.apiVersion ?? '') && r.type.startsWith('Cilium')) return ciliumPolicies(r);
  if (r.type === 'NetworkPolicy') return [kubernetesPolicy(r)];
  return [];
}

function kubernetesPolicy(resource: Resource): NetworkPolicyInfo {
  const spec = objectOf(getProperty(resource.body, 'spec'));
  const namespace = namespaceOf(resource);
  const podSelector = getProperty(spec, 'podSelector');
  const { matches, required } = labelSelectorOf(podSelector);
  const written = stringItems(getProperty(spec, 'policyTypes')).map((t) => t.value);
  // Without policyTypes, a policy always isolates ingress, and egress only when it has egress rules:
  // the API server adds Egress for a non-empty list, so `egress: []` alone leaves egress open.
  const types =
    written.length > 0
      ? written
      : itemsOf(getProperty(spec, 'egress')).length > 0
        ? ['Ingress', 'Egress']
        : ['Ingress'];
  const ingressRules = itemsOf(getProperty(spec, 'ingress'));
  const egressRules = itemsOf(getProperty(spec, 'egress'));
  const egressIsolates = types.includes('Egress');
  return {
    resource,
    label: `NetworkPolicy ${namespace}/${resource.name}`,
    flavour: 'kubernetes',
    namespace,
    appliesIn: (ns) => ns === namespace,
    selects: (labels) => matches(labels),
    selectsAllPods: isEmptySelector(podSelector),
    requiredLabels: required,
    ingress: {
      isolates: types.includes('Ingress'),
      deniesAll: types.includes('Ingress') && ingressRules.length === 0,
      allowsOnlyDns: false,
      overridesAllows: false,
    },
    egress: {
      isolates: egressIsolates,
      deniesAll: egressIsolates && egressRules.length === 0,
      allowsOnlyDns:
        egressIsolates &&
        egressRules.length > 0 &&
        egressRules.every((rule) => kubernetesPortsOnlyDns(getProperty(rule, 'ports'))),
      overridesAllows: false,
    },
    metadataAllows: egressIsolates ? egressRules.flatMap(kubernetesRuleReachingMetadata) : [],
    metadataDenied: false,
    order: KUBERNETES_POLICY_ORDER,
  };
}

/** Where a Kubernetes egress rule lets pods reach the metadata endpoint, if it does. */
function kubernetesRuleReachingMetadata(rule: Value): SourceRange[] {
  const obj = objectOf(rule);
  if (!obj) return [];
  if (!kubernetesPortsReachMetadata(getProperty(obj, 'ports'))) return [];
  const to = itemsOf(getProperty(obj, 'to'));
  // No `to` means every destination.
  if (to.length === 0) return [obj.range];
  return to.flatMap((peer) => {
    const entry = objectOf(peer)?.entries.find((e) => e.key === 'ipBlock');
    if (!entry) return [];
    const cidr = stringOf(getProperty(entry.value, 'cidr'));
    const excepts = stringItems(getProperty(entry.value, 'except')).map((e) => e.value);
    if (!cidr || !cidrContains(cidr, METADATA_ADDRESS)) return [];
    if (excepts.some((e) => cidrContains(e, METADATA_ADDRESS))) return [];
    return [attributeRange(entry.keyRange, entry.value)];
  });
}

/** DNS as a NetworkPolicy port: 53, or CoreDNS's named ports; no range beyond it. */
function kubernetesPortsOnlyDns(ports: Value | undefined): boolean {
  const items = itemsOf(ports);
  return (
    items.length > 0 &&
    items.every((p) => {
      const port = getProperty(p, 'port');
      if (port?.kind !== 'scalar' || getProperty(p, 'endPort')) return false;
      return isDnsPort(port.value);
    })
  );
}

export const DNS_PORT = 53;

function isDnsPort(port: unknown): boolean {
  if (typeof port === 'number') return port === DNS_PORT;
  return typeof port === 'string' && (port === String(DNS_PORT) || port === 'dns' || port === 'dns-tcp');
}

function kubernetesPortsReachMetadata(ports: Value | undefined): boolean {
  const items = itemsOf(ports);
  if (items.length === 0) return true;
  return items.some((p) => {
    const protocol = (stringOf(getProperty(p, 'protocol')) ?? 'TCP').toUpperCase();
    if (protocol !== 'TCP') return false;
    const port = getProperty(p, 'port');
    if (!port) return true;
    // A named port names a pod's container port; the metadata endpoint is not a pod.
    if (port.kind !== 'scalar' || typeof port.value !== 'number') return false;
    const endPort = getProperty(p, 'endPort');
    const end = endPort?.kind === 'scalar' && typeof endPort.value === 'number' ? endPort.value : port.value;
    return port.value <= METADATA_PORT && METADATA_PORT <= end;
  });
}

function calicoPolicy(resource: Resource): NetworkPolicyInfo {
  const spec = objectOf(getProperty(resource.body, 'spec'));
  const global = resource.type === 'GlobalNetworkPolicy';
  const namespace = global ? undefined : namespaceOf(resource);
  const selectorText = stringOf(getProperty(spec, 'selector'));
  const selector = calicoSelectorPredicate(selectorText);
  const namespaceSelectorText = stringOf(getProperty(spec, 'namespaceSelector'));
  const namespaceSelector: LabelPredicate | undefined = calicoSelectorPredicate(namespaceSelectorText);
  const ingressRules = itemsOf(getProperty(spec, 'ingress'));
  const egressRules = itemsOf(getProperty(spec, 'egress'));
  const written = stringItems(getProperty(spec, 'types')).map((t) => t.value);
  // Calico's default types: Egress only for egress-only policies, both when both are written.
  const types =
    written.length > 0
      ? written
      : egressRules.length > 0
        ? ingressRules.length > 0
          ? ['Ingress', 'Egress']
          : ['Egress']
        : ['Ingress'];
  const direction = (type: string, rules: Value[]): PolicyDirection => {
    const isolates = types.includes(type);
    const deniesAll = isolates && (rules.length === 0 || isUnconditionalDeny(rules[0]));
    return {
      isolates,
      deniesAll,
      overridesAllows: deniesAll,
      allowsOnlyDns:
        type === 'Egress' &&
        isolates &&
        rules.length > 0 &&
        rules.every((rule) => stringOf(getProperty(rule, 'action')) !== 'Allow' || calicoRuleOnlyDns(rule)),
    };
  };
  const metadata = calicoMetadataDecision(egressRules);
  const egressIsolates = types.includes('Egress');
  return {
    resource,
    label: global
      ? `GlobalNetworkPolicy ${resource.name}`
      : `NetworkPolicy ${namespace}/${resource.name} (Calico)`,
    flavour: global ? 'calico-global' : 'calico',
    namespace,
    appliesIn: (ns, labels) => {
      if (!global) return ns === namespace;
      if (!namespaceSelector) return true;
      return namespaceSelector({
        ...labels,
        'projectcalico.org/name': ns,
        'kubernetes.io/metadata.name': ns,
      });
    },
    selects: (labels, ns) =>
      selector
        ? selector({ ...labels, 'projectcalico.org/namespace': ns, 'projectcalico.org/orchestrator': 'k8s' })
        : true,
    selectsAllPods: isCalicoSelectAll(selectorText) && (!global || namespaceSelector !== undefined),
    ingress: direction('Ingress', ingressRules),
    egress: direction('Egress', egressRules),
    metadataAllows: egressIsolates && metadata.allow ? [metadata.allow] : [],
    metadataDenied: egressIsolates && metadata.denied,
    order: numberOf(getProperty(spec, 'order')) ?? Infinity,
  };
}

/** A Calico allow rule limited to port 53 of its destination. */
function calicoRuleOnlyDns(rule: Value): boolean {
  const ports = itemsOf(getProperty(getProperty(rule, 'destination'), 'ports'));
  return ports.length > 0 && ports.every((p) => p.kind === 'scalar' && isDnsPort(p.value));
}

function isUnconditionalDeny(rule: Value): boolean {
  const obj = objectOf(rule);
  if (!obj || stringOf(getProperty(obj, 'action')) !== 'Deny') return false;
  return obj.entries.every(
    (e) =>
      e.key === 'action' || (e.key === 'destination' || e.key === 'source' ? isEmptyObject(e.value) : false),
  );
}

function isEmptyObject(value: Value): boolean {
  return value.kind === 'object'
    ? value.entries.length === 0
    : value.kind === 'scalar' && value.value === null;
}

/** Calico rules apply in order: the first rule matching the metadata endpoint decides. */
function calicoMetadataDecision(rules: Value[]): { allow?: SourceRange; denied: boolean } {
  for (const rule of rules) {
    const obj = objectOf(rule);
    if (!obj || !calicoRuleReachesMetadata(obj)) continue;
    const action = stringOf(getProperty(obj, 'action'));
    if (action === 'Allow') return { allow: obj.range, denied: false };
    if (action === 'Deny') return { denied: true };
    if (action === 'Pass') return { denied: false };
  }
  return { denied: false };
}

function calicoRuleReachesMetadata(rule: ObjectValue): boolean {
  const protocol = stringOf(getProperty(rule, 'protocol'));
  if (protocol !== undefined && protocol.toUpperCase() !== 'TCP' && protocol !== '6') return false;
  const destination = objectOf(getProperty(rule, 'destination'));
  if (!destination) return true;
  // Selectors match workload endpoints, not the node-local metadata address.
  if (
    ['selector', 'namespaceSelector', 'serviceAccounts', 'services'].some((k) => getProperty(destination, k))
  ) {
    return false;
  }
  const nets = stringItems(getProperty(destination, 'nets')).map((n) => n.value);
  const notNets = stringItems(getProperty(destination, 'notNets')).map((n) => n.value);
  if (getProperty(destination, 'nets') && !nets.some((n) => cidrContains(n, METADATA_ADDRESS))) return false;
  if (notNets.some((n) => cidrContains(n, METADATA_ADDRESS))) return false;
  const ports = itemsOf(getProperty(destination, 'ports'));
  if (ports.length === 0) return true;
  return ports.some((p) => {
    if (p.kind !== 'scalar') return false;
    if (typeof p.value === 'number') return p.value === METADATA_PORT;
    const range = /^(\d+):(\d+)$/.exec(String(p.value));
    return range ? Number(range[1]) <= METADATA_PORT && METADATA_PORT <= Number(range[2]) : false;
  });
}

/** Cilium writes a label's source before its key (`k8s:app`, `any:app`); the bare key means any source. */
function ciliumLabels(labels: Labels): Labels {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(labels)) {
    out[k] = v;
    out[`k8s:${k}`] = v;
    out[`any:${k}`] = v;
  }
  return out;
}

const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
const CILIUM_NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

/** Requirements on the pod's namespace (its name or its labels) rather than on the pod. */
function isCiliumNamespaceKey(key: string): boolean {
  const bare = key.replace(/^(k8s|any):/, '');
  return bare === CILIUM_NAMESPACE_LABEL || bare.startsWith(CILIUM_NAMESPACE_LABELS_PREFIX);
}

const CILIUM_EGRESS_PEERS = [
  'toEndpoints',
  'toCIDR',
  'toCIDRSet',
  'toEntities',
  'toServices',
  'toFQDNs',
  'toGroups',
  'toNodes',
  'toRequires',
];
/** Entities that take in addresses outside the cluster, the node-local metadata endpoint among them. */
const CILIUM_WORLD = new Set(['world', 'world-ipv4', 'all']);

/**
 * A CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy: `spec` and each of `specs` is a rule of
 * its own. A rule isolates a direction when it has rules for it (`ingress`/`ingressDeny`, an empty
 * list does not count), unless enableDefaultDeny turns that off; host policies (nodeSelector)
 * select nodes, not pods, and are left out.
 */
function ciliumPolicies(resource: Resource): NetworkPolicyInfo[] {
  const clusterwide = resource.type === 'CiliumClusterwideNetworkPolicy';
  const namespace = clusterwide ? undefined : namespaceOf(resource);
  const specs = [
    ...(objectOf(getProperty(resource.body, 'spec')) ? [getProperty(resource.body, 'spec')!] : []),
    ...itemsOf(getProperty(resource.body, 'specs')),
  ];
  const base = clusterwide
    ? `CiliumClusterwideNetworkPolicy ${resource.name}`
    : `CiliumNetworkPolicy ${namespace}/${resource.name}`;
  return specs.flatMap((spec, i) => {
    const rule = objectOf(spec);
    const endpointSelector = getProperty(rule, 'endpointSelector');
    if (!rule || !endpointSelector) return [];
    const onPods = labelSelectorPredicate(endpointSelector, (k) => !isCiliumNamespaceKey(k));
    const onNamespace = labelSelectorPredicate(endpointSelector, isCiliumNamespaceKey);
    const defaultDeny = objectOf(getProperty(rule, 'enableDefaultDeny'));
    const rulesOf = (key: string): ObjectValue[] =>
      itemsOf(getProperty(rule, key)).flatMap((r) => objectOf(r) ?? []);
    const egressAllows = rulesOf('egress');
    const egressDenies = rulesOf('egressDeny');
    const direction = (type: 'ingress' | 'egress'): PolicyDirection => {
      const allows = rulesOf(type);
      const denies = rulesOf(`${type}Deny`);
      const written = getProperty(defaultDeny, type);
      const isolates =
        written?.kind === 'scalar' && typeof written.value === 'boolean'
          ? written.value
          : allows.length > 0 || denies.length > 0;
      const entities = type === 'ingress' ? 'fromEntities' : 'toEntities';
      // A deny rule for the entity `all` on every port shuts the direction whatever anything allows.
      const denyAll = denies.some(
        (d) =>
          !getProperty(d, 'toPorts') && stringItems(getProperty(d, entities)).some((e) => e.value === 'all'),
      );
      return {
        isolates: isolates || denyAll,
        // `- {}` is the documented deny-all: it isolates and allows no peer.
        deniesAll: denyAll || (isolates && allows.every((a) => a.entries.length === 0)),
        overridesAllows: denyAll,
        // A rule limited to port 53 allows DNS to the peers it names (or to any, when it names none).
        allowsOnlyDns:
          type === 'egress' &&
          isolates &&
          allows.length > 0 &&
          allows.every((a) => a.entries.length === 0 || ciliumPortsOnlyDns(getProperty(a, 'toPorts'))),
      };
    };
    const egress = direction('egress');
    const metadataDenied = egressDenies.some((d) => ciliumRuleReachingMetadata(d).length > 0);
    const namespaceLabelSet = (ns: string, labels: Labels): Labels =>
      ciliumLabels({
        [CILIUM_NAMESPACE_LABEL]: ns,
        ...Object.fromEntries(
          Object.entries(labels).map(([k, v]) => [`${CILIUM_NAMESPACE_LABELS_PREFIX}${k}`, v]),
        ),
      });
    return [
      {
        resource,
        label: specs.length > 1 ? `${base} (rule ${i + 1})` : base,
        flavour: clusterwide ? ('cilium-clusterwide' as const) : ('cilium' as const),
        namespace,
        appliesIn: (ns: string, labels: Labels) =>
          (clusterwide || ns === namespace) && onNamespace(namespaceLabelSet(ns, labels)),
        selects: (labels: Labels) => onPods(ciliumLabels(labels)),
        selectsAllPods: labelSelectorIsOnly(endpointSelector, isCiliumNamespaceKey),
        ingress: direction('ingress'),
        egress,
        metadataAllows:
          egress.isolates && !metadataDenied ? egressAllows.flatMap(ciliumRuleReachingMetadata) : [],
        metadataDenied,
        // Deny rules win over every allow, whichever policy (Kubernetes ones included) holds it.
        order: metadataDenied ? -Infinity : KUBERNETES_POLICY_ORDER,
      },
    ];
  });
}

/** Whether a label selector has requirements on these keys only (none at all included). */
function labelSelectorIsOnly(selector: Value, keys: (key: string) => boolean): boolean {
  const labelKeys = Object.keys(stringMap(getProperty(selector, 'matchLabels')));
  const expressionKeys = itemsOf(getProperty(selector, 'matchExpressions')).map(
    (e) => stringOf(getProperty(e, 'key')) ?? '',
  );
  return [...labelKeys, ...expressionKeys].every(keys);
}

/** Cilium's `toPorts`: every port entry is DNS. */
function ciliumPortsOnlyDns(toPorts: Value | undefined): boolean {
  const ports = itemsOf(toPorts).flatMap((p) => itemsOf(getProperty(p, 'ports')));
  return (
    itemsOf(toPorts).length > 0 &&
    itemsOf(toPorts).every((p) => itemsOf(getProperty(p, 'ports')).length > 0) &&
    ports.every((p) => {
      const port = getProperty(p, 'port');
      return port?.kind === 'scalar' && !getProperty(p, 'endPort') && isDnsPort(port.value);
    })
  );
}

/** Whether Cilium's `toPorts` lets TCP through to a port (no toPorts: every port; port 0: every port). */
function ciliumPortsReach(toPorts: Value | undefined, target: number): boolean {
  const rules = itemsOf(toPorts);
  if (rules.length === 0) return true;
  return rules.some((rule) => {
    const ports = itemsOf(getProperty(rule, 'ports'));
    if (ports.length === 0) return true;
    return ports.some((p) => {
      const protocol = (stringOf(getProperty(p, 'protocol')) ?? 'ANY').toUpperCase();
      if (protocol !== 'TCP' && protocol !== 'ANY') return false;
      const port = numberOf(getProperty(p, 'port'));
      // A named port names an endpoint's container port; the metadata endpoint is not one.
      if (port === undefined) return getProperty(p, 'port') === undefined;
      if (port === 0) return true;
      const end = numberOf(getProperty(p, 'endPort')) ?? port;
      return port <= target && target <= end;
    });
  });
}

/**
 * Where a Cilium egress rule (allow or deny) covers the metadata endpoint: a rule with ports and no
 * peer covers every destination; `toEntities: [world]` and CIDRs that contain it without an except do.
 */
function ciliumRuleReachingMetadata(rule: ObjectValue): SourceRange[] {
  if (!ciliumPortsReach(getProperty(rule, 'toPorts'), METADATA_PORT)) return [];
  const peers = rule.entries.filter((e) => CILIUM_EGRESS_PEERS.includes(e.key));
  if (peers.length === 0) return getProperty(rule, 'toPorts') ? [rule.range] : [];
  return peers.flatMap((entry) => {
    switch (entry.key) {
      case 'toEntities':
        return stringItems(entry.value).some((e) => CILIUM_WORLD.has(e.value))
          ? [attributeRange(entry.keyRange, entry.value)]
          : [];
      case 'toCIDR':
        return stringItems(entry.value)
          .filter((c) => cidrContains(c.value, METADATA_ADDRESS))
          .map((c) => c.range);
      case 'toCIDRSet':
        return itemsOf(entry.value).flatMap((item) => {
          const cidr = stringOf(getProperty(item, 'cidr'));
          if (!cidr || !cidrContains(cidr, METADATA_ADDRESS)) return [];
          const excepts = stringItems(getProperty(item, 'except')).map((e) => e.value);
          return excepts.some((e) => cidrContains(e, METADATA_ADDRESS)) ? [] : [item.range];
        });
      default:
        return [];
    }
  });
}

/** Whether an IPv4 CIDR (or a bare address) contains an address. IPv6 blocks never contain an IPv4 one. */
export function cidrContains(cidr: string, address: string): boolean {
  const [base, bitsText] = cidr.trim().split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const network = ipv4(base);
  const target = ipv4(address);
  if (network === undefined || target === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) {
    return false;
  }
  if (bits === 0) return true;
  const mask = (0xffffffff << (32 - bits)) >>> 0;
  return (network & mask) >>> 0 === (target & mask) >>> 0;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out = out * 256 + n;
  }
  return out;
}

/** A Namespace object as the view reads it: its name and labels. */
interface NamespaceObject extends ViewInstance {
  name: string;
  labels: Record<string, string>;
}

/** The policies of one policy object. */
interface PolicyObject extends ViewInstance {
  policies: NetworkPolicyInfo[];
}

/** What the view reads of one object: a workload's pod selection, a Namespace, a policy object's policies. */
type NetworkObject = PodSelection | NamespaceObject | PolicyObject;

const WORKLOAD_TYPES: ReadonlySet<string> = new Set(WORKLOAD_KINDS.map((k) => k.toLowerCase()));

function networkObjectOf(resource: Resource, as: Resource): NetworkObject {
  const type = resource.type.toLowerCase();
  if (WORKLOAD_TYPES.has(type)) return podSelectionOf(resource, as);
  if (type === 'namespace') return { resource: as, name: resource.name, labels: labelsOf(resource) };
  return {
    resource: as,
    policies: policiesOf(resource).map((p) => (as === resource ? p : { ...p, resource: as })),
  };
}

/**
 * One instance per namespace of each deployment (a cluster, a kustomization, a folder of manifests):
 * policies only apply to workloads deployed with them.
 */
function namespaceNetworksOf(read: readonly NetworkObject[]): NamespaceNetworkInstance[] {
  const objects = read
    .filter((o) => o.resource.format === 'kubernetes')
    .sort((a, b) => bySource(a.resource, b.resource));
  const workloadList: PodSelection[] = [];
  const namespaceList: NamespaceObject[] = [];
  const policyList: NetworkPolicyInfo[] = [];
  for (const o of objects) {
    if ('images' in o) workloadList.push(o);
    else if ('policies' in o) for (const p of o.policies) policyList.push(p);
    else namespaceList.push(o);
  }
  const workloads = groupBy(workloadList, (w) => deploymentOf(w.resource));
  const namespaceObjects = groupBy(namespaceList, (n) => deploymentOf(n.resource));
  const policies = groupBy(policyList, (p) => deploymentOf(p.resource));
  const deployments = [...new Set([...workloads.keys(), ...namespaceObjects.keys()])].sort();
  return deployments.flatMap((d) =>
    namespacesOf(workloads.get(d) ?? [], namespaceObjects.get(d) ?? [], policies.get(d) ?? []),
  );
}

/** An object several clusters share is in the graph once per cluster, each copy in its deployment. */
function deploymentOf(resource: Resource): string {
  return resource.deployment ?? '';
}

function namespacesOf(
  workloads: readonly PodSelection[],
  namespaceObjects: readonly NamespaceObject[],
  policies: readonly NetworkPolicyInfo[],
): NamespaceNetworkInstance[] {
  const workloadsIn = groupBy(workloads, (w) => w.namespace);
  const namespacedPolicies = groupBy(
    policies.filter((p) => p.namespace !== undefined),
    (p) => p.namespace ?? '',
  );
  const globalPolicies = policies.filter((p) => p.namespace === undefined);
  const names = new Set([...namespaceObjects.map((n) => n.name), ...workloadsIn.keys()]);
  return [...names].sort().map((namespace) => {
    const namespaceObject = namespaceObjects.find((n) => n.name === namespace);
    const namespaceLabels = namespaceObject?.labels ?? {};
    const inNamespace = workloadsIn.get(namespace) ?? [];
    const inForce = [
      ...(namespacedPolicies.get(namespace) ?? []),
      ...globalPolicies.filter((p) => p.appliesIn(namespace, namespaceLabels)),
    ];
    return {
      resource: namespaceObject?.resource ?? inNamespace[0].resource,
      namespace,
      namespaceObject: namespaceObject?.resource,
      namespaceLabels,
      workloads: inNamespace,
      policies: inForce,
      policiesFor: policyFinder(inForce, namespace),
    };
  });
}

/**
 * The policies of `inForce` that select a workload's pods, in their order, each workload's found once
 * (several rules ask). A policy that tells a label its pods must have is tested only against workloads
 * with that label: testing every policy against every workload grew with their product, a namespace
 * of a large tree holding hundreds of each (measured on the 100,000-manifest bench).
 */
function policyFinder(
  inForce: readonly NetworkPolicyInfo[],
  namespace: string,
): (workload: PodSelection) => readonly NetworkPolicyInfo[] {
  let byLabel: Map<string, number[]> | undefined;
  const untold: number[] = [];
  const found = new Map<PodSelection, readonly NetworkPolicyInfo[]>();
  const labelKey = (key: string, value: string) => `${key}\u0000${value}`;
  return (workload) => {
    const known = found.get(workload);
    if (known) return known;
    if (!byLabel) {
      byLabel = new Map();
      for (let i = 0; i < inForce.length; i++) {
        const first = inForce[i].requiredLabels?.[0];
        if (!first) {
          untold.push(i);
          continue;
        }
        const key = labelKey(first[0], first[1]);
        const list = byLabel.get(key);
        if (list) list.push(i);
        else byLabel.set(key, [i]);
      }
    }
    const candidates = untold.slice();
    for (const [key, value] of Object.entries(workload.podLabels))
      for (const i of byLabel.get(labelKey(key, value)) ?? []) candidates.push(i);
    candidates.sort((a, b) => a - b);
    const out: NetworkPolicyInfo[] = [];
    for (const i of candidates) if (inForce[i].selects(workload.podLabels, namespace)) out.push(inForce[i]);
    found.set(workload, out);
    return out;
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = out.get(key);
    if (list) list.push(item);
    else out.set(key, [item]);
  }
  return out;
}

const NAMESPACE_NETWORKS: AcrossObjects<NamespaceNetworkInstance> = {
  types: [...WORKLOAD_KINDS, 'Namespace', ...POLICY_KINDS],
  read: networkObjectOf,
  select: namespaceNetworksOf,
};

/** One instance per namespace that holds workloads or is declared: its workloads and the policies in force. */
export const namespaceNetworkView = defineView<NamespaceNetworkInstance>({
  name: 'NamespaceNetwork',
  formats: ['kubernetes'],
  select: selectByObject(NAMESPACE_NETWORKS),
  acrossObjects: NAMESPACE_NETWORKS,
});

const DASHBOARD = /kubernetes-dashboard/;

/** The Kubernetes dashboard, recognised by name, labels or image. */
export function isDashboard(workload: PodSelection): boolean {
  if (DASHBOARD.test(workload.name)) return true;
  if (Object.values(workload.podLabels).some((v) => DASHBOARD.test(v))) return true;
  return workload.images.some((image) => /kubernetesui\/dashboard/.test(image));
}

function numberOf(value: Value | undefined): number | undefined {
  if (value?.kind !== 'scalar') return undefined;
  const n = typeof value.value === 'number' ? value.value : Number(value.value);
  return Number.isFinite(n) ? n : undefined;
}
