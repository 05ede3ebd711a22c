import {
  getProperty,
  sameIgnoringCase,
  type ObjectEntry,
  type ObjectValue,
  type Resource,
  type SourceRange,
  type Value,
} from '../../model';
import { sameDeployment } from '../../graph/deployments';
import type { ResourceGraph } from '../../graph/graph';
import { unresolvedOf, type ReadRoot, type Reading, type Unresolved } from '../reading';
import { defineView, type ViewInstance } from '../view';
import {
  deployedName,
  entryScalarSetting,
  entrySetting,
  familyOf,
  toText,
  valueSetting,
  type Family,
} from './common';

export const TF_NSG = 'azurerm_network_security_group';
export const TF_NSG_RULE = 'azurerm_network_security_rule';
export const TF_SUBNET = 'azurerm_subnet';
export const TF_SUBNET_NSG_ASSOCIATION = 'azurerm_subnet_network_security_group_association';
export const ARM_NSG = 'Microsoft.Network/networkSecurityGroups';
export const ARM_NSG_RULE = 'Microsoft.Network/networkSecurityGroups/securityRules';
export const ARM_SUBNET = 'Microsoft.Network/virtualNetworks/subnets';

/** A list of strings as a rule reads it: unknown when the list or any item could not be resolved. */
export type TextList = Reading<string[]>;

/** One security rule of an NSG, inline (`security_rule` block, `securityRules` item) or its own resource. */
export class NsgRuleView implements ReadRoot {
  constructor(
    /** The resource that declares the rule: the NSG for inline rules, else the rule resource. */
    readonly resource: Resource,
    /** The object that holds the rule's settings, which its readings start from. */
    readonly body: ObjectValue,
    /** The object the rule is written as (a block or list item), where findings about it point. */
    readonly range: SourceRange,
    private readonly nameRoot: ObjectValue,
    /** The resource's vocabulary (see familyOf), worked out once per NSG for its inline rules. */
    readonly family: Family = familyOf(resource),
  ) {}

  get name(): string {
    const name = getProperty(this.nameRoot, 'name', { ignoreCase: this.family === 'azure' });
    if (name?.kind !== 'scalar' || typeof name.value !== 'string') return this.resource.name;
    return name.value.slice(name.value.lastIndexOf('/') + 1);
  }

  /** Lower-cased, as every text setting of a rule: Azure compares them ignoring case. */
  direction(): Reading<string | undefined> {
    return (this.directionReading ??= this.text('direction'));
  }

  access(): Reading<string | undefined> {
    return (this.accessReading ??= this.text('access'));
  }

  protocol(): Reading<string | undefined> {
    return (this.protocolReading ??= this.text('protocol'));
  }

  /** Evaluation order: Azure applies the matching rule with the lowest number (100–4096). */
  priority(): Reading<number | undefined> {
    return (this.priorityReading ??= this.readPriority());
  }

  /** Destination ports: the single range and the list together. */
  destinationPorts(): TextList {
    return (this.portsReading ??= this.list('destinationPort', 'destinationPorts'));
  }

  /** Source address prefixes (CIDRs or service tags such as `Internet`, `VirtualNetwork`, `*`). */
  sources(): TextList {
    return (this.sourcesReading ??= this.list('source', 'sources'));
  }

  // Readings are made once: a rule is checked against every node subnet its NSG guards. Fields of the
  // view, not an object or a Map of their own: a scan holds thousands of rules (profiled).
  private directionReading: Reading<string | undefined> | undefined = undefined;
  private accessReading: Reading<string | undefined> | undefined = undefined;
  private protocolReading: Reading<string | undefined> | undefined = undefined;
  private priorityReading: Reading<number | undefined> | undefined = undefined;
  private portsReading: TextList | undefined = undefined;
  private sourcesReading: TextList | undefined = undefined;

  /**
   * Whether a text setting is written with a value other than `accepted` (or `orElse`), lower-case, as
   * its reading tells: absent or null counts, an unknown or a value that is not a string does not.
   * Told from the entry, without making the reading: the access and the ports rule out most of a
   * scan's rules, and their readings (each with its range) were most of the NSG rules' allocation,
   * kept until the rules were done (profiled).
   */
  textOtherThan(setting: 'access' | 'direction' | 'protocol', accepted: string, orElse?: string): boolean {
    const entry = this.entries()[setting];
    if (!entry) return true;
    const value = entry.value;
    if (value.kind !== 'scalar') return false;
    if (value.value === null) return true;
    if (typeof value.value !== 'string') return false;
    const text = value.value;
    return !isLowerCaseOf(text, accepted) && (orElse === undefined || !isLowerCaseOf(text, orElse));
  }

  /**
   * Whether the destination ports are known and none covers `port`, as `destinationPorts()` reads them
   * (both names, null items left out, any unknown value or item makes them unknown), without making
   * the reading (see textOtherThan).
   */
  portNotCovered(port: number): boolean {
    const entries = this.entries();
    const single = portsIn(entries.destinationPort, port);
    if (single === undefined) return false;
    const several = portsIn(entries.destinationPorts, port);
    return several !== undefined && !single && !several;
  }

  /** The entries of the settings the rule's readings use, found on first use. */
  private found: RuleEntries | undefined = undefined;

  /**
   * Every setting's entry, found in one walk over the rule's entries: each of a scan's thousands of
   * rules is read for four to eight settings, and a lookup per setting walked the entries again for
   * each (profiled). As `getEntry` finds them: the last entry of a name, ARM/Bicep names compared
   * ignoring case.
   */
  private entries(): RuleEntries {
    if (this.found) return this.found;
    const found: RuleEntries = {
      access: undefined,
      direction: undefined,
      protocol: undefined,
      priority: undefined,
      destinationPort: undefined,
      destinationPorts: undefined,
      source: undefined,
      sources: undefined,
    };
    const bySpelling = SETTING_KEYS[this.family];
    for (const entry of this.body.entries) {
      const key = entry.key;
      const setting =
        bySpelling.get(key) ??
        (this.family === 'azure' && AZURE_KEY_LENGTHS.has(key.length)
          ? AZURE_KEYS_LOWER.get(key.toLowerCase())
          : undefined);
      if (setting) found[setting] = entry;
    }
    return (this.found = found);
  }

  /** A setting as `scalarSetting` reads it, named as the rule's vocabulary writes it. */
  private setting(setting: RuleSetting): Reading<Value> {
    return entrySetting(this, this.entries()[setting], settingName(this.family, setting));
  }

  private readPriority(): Reading<number | undefined> {
    const r = entryScalarSetting(this, this.entries().priority, settingName(this.family, 'priority'));
    if (r.state === 'unknown') return r;
    if (r.state === 'absent') return { ...r, value: undefined };
    const n = typeof r.value === 'number' ? r.value : typeof r.value === 'string' ? Number(r.value) : NaN;
    return Number.isFinite(n)
      ? { ...r, value: n }
      : {
          state: 'unknown',
          reason: 'the priority is not a number',
          source: String(r.value),
          range: r.range,
          attribute: r.attribute,
        };
  }

  private text(setting: 'access' | 'direction' | 'protocol'): Reading<string | undefined> {
    const r = this.setting(setting);
    // Lower-cased once here, not at each comparison: every rule is compared several times (profiled).
    if (r.state === 'set' && r.value.kind === 'scalar' && typeof r.value.value === 'string') {
      const { raw, range, attribute } = r;
      return { state: 'set', value: r.value.value.toLowerCase(), raw, range, attribute };
    }
    if (r.state !== 'set') return toText(r.state === 'absent' ? { ...r, value: undefined } : r);
    return toText({ ...r, value: r.value.kind === 'scalar' ? r.value.value : null });
  }

  private list(single: RuleSetting, several: RuleSetting): TextList {
    const out: string[] = [];
    let first: Extract<Reading<Value>, { state: 'set' }> | undefined;
    const entries = this.entries();
    for (const setting of [single, several]) {
      // Most rules write one of the two names: the other is passed over without a reading (profiled).
      if (!entries[setting]) continue;
      const r = this.setting(setting);
      if (r.state === 'unknown') return r;
      if (r.state === 'absent') continue;
      first ??= r;
      const items = r.value.kind === 'list' ? r.value.items : [r.value];
      for (const item of items) {
        if (item.kind === 'unknown') return unresolvedOf(item, settingName(this.family, setting));
        if (item.kind === 'scalar' && item.value !== null) out.push(String(item.value));
      }
    }
    if (!first)
      return { state: 'absent', value: [], range: this.range, attribute: settingName(this.family, single) };
    return { state: 'set', value: out, raw: first.raw, range: first.range, attribute: first.attribute };
  }
}

/** Whether `text` lower-cased is `lower` (lower-case ASCII), without making the lower-cased copy. */
function isLowerCaseOf(text: string, lower: string): boolean {
  // Only characters beyond ASCII change length when lower-cased, and none of those gives lower-case
  // ASCII alone (İ gives i and a combining dot).
  return text.length === lower.length && sameIgnoringCase(text, lower);
}

/**
 * Whether a ports entry covers `port` (false when not written), as NsgRuleView's `list` reads the
 * entry; undefined when its value or an item of it is unknown.
 */
function portsIn(entry: ObjectEntry | undefined, port: number): boolean | undefined {
  if (!entry) return false;
  const value = entry.value;
  if (value.kind === 'unknown') return undefined;
  if (value.kind === 'scalar') return value.value !== null && portCovers(String(value.value), port) === true;
  if (value.kind !== 'list') return false;
  let covered = false;
  for (const item of value.items) {
    if (item.kind === 'unknown') return undefined;
    if (item.kind === 'scalar' && item.value !== null && portCovers(String(item.value), port) === true)
      covered = true;
  }
  return covered;
}

/** The settings of a security rule that its readings use. */
type RuleSetting = keyof RuleEntries;

interface RuleEntries {
  access: ObjectEntry | undefined;
  direction: ObjectEntry | undefined;
  protocol: ObjectEntry | undefined;
  priority: ObjectEntry | undefined;
  destinationPort: ObjectEntry | undefined;
  destinationPorts: ObjectEntry | undefined;
  source: ObjectEntry | undefined;
  sources: ObjectEntry | undefined;
}

/** How each vocabulary names the settings. */
const SETTING_NAMES: Record<Family, Record<RuleSetting, string>> = {
  terraform: {
    access: 'access',
    direction: 'direction',
    protocol: 'protocol',
    priority: 'priority',
    destinationPort: 'destination_port_range',
    destinationPorts: 'destination_port_ranges',
    source: 'source_address_prefix',
    sources: 'source_address_prefixes',
  },
  azure: {
    access: 'access',
    direction: 'direction',
    protocol: 'protocol',
    priority: 'priority',
    destinationPort: 'destinationPortRange',
    destinationPorts: 'destinationPortRanges',
    source: 'sourceAddressPrefix',
    sources: 'sourceAddressPrefixes',
  },
};

const settingName = (family: Family, setting: RuleSetting): string => SETTING_NAMES[family][setting];

const keysOf = (names: Record<RuleSetting, string>, spell: (name: string) => string) =>
  new Map(Object.entries(names).map(([setting, name]) => [spell(name), setting as RuleSetting]));

/** Settings by their name as written, and ARM/Bicep's by their lower-cased name for other spellings. */
const SETTING_KEYS: Record<Family, Map<string, RuleSetting>> = {
  terraform: keysOf(SETTING_NAMES.terraform, (name) => name),
  azure: keysOf(SETTING_NAMES.azure, (name) => name),
};
const AZURE_KEYS_LOWER = keysOf(SETTING_NAMES.azure, (name) => name.toLowerCase());
/** Only a key of one of these lengths can name a setting: the others are not lower-cased. */
const AZURE_KEY_LENGTHS = new Set(Object.values(SETTING_NAMES.azure).map((name) => name.length));

/** An NSG with every rule that belongs to it, or a rule resource whose NSG is not in the scan. */
export interface NsgInstance extends ViewInstance {
  /** Undefined for rules whose NSG is declared elsewhere. */
  nsg: Resource | undefined;
  rules: NsgRuleView[];
}

function inlineRules(nsg: Resource): NsgRuleView[] {
  const family = familyOf(nsg);
  const rules: NsgRuleView[] = [];
  if (family === 'terraform') {
    const blocks = getProperty(nsg.body, 'security_rule');
    for (const b of blocks?.kind === 'list' ? blocks.items : blocks ? [blocks] : [])
      if (b.kind === 'object') rules.push(new NsgRuleView(nsg, b, b.range, b, family));
    return rules;
  }
  const list = getProperty(getProperty(nsg.body, 'properties', { ignoreCase: true }), 'securityRules', {
    ignoreCase: true,
  });
  if (list?.kind !== 'list') return rules;
  for (const item of list.items) {
    if (item.kind !== 'object') continue;
    const props = getProperty(item, 'properties', { ignoreCase: true });
    rules.push(new NsgRuleView(nsg, props?.kind === 'object' ? props : item, item.range, item, family));
  }
  return rules;
}

function separateRule(rule: Resource): NsgRuleView {
  if (familyOf(rule) === 'terraform') return new NsgRuleView(rule, rule.body, rule.range, rule.body);
  const props = getProperty(rule.body, 'properties', { ignoreCase: true });
  return new NsgRuleView(rule, props?.kind === 'object' ? props : rule.body, rule.range, rule.body);
}

/** The NSG a separately declared rule belongs to, when the scan holds it. */
function nsgOfRule(graph: ResourceGraph, rule: Resource): Resource | undefined {
  const nsgs = nsgIndexOf(graph, familyOf(rule) === 'terraform' ? TF_NSG : ARM_NSG);
  // The first NSG (in graph order) the rule names as parent or refers to.
  let byAddress: { nsg: Resource; order: number } | undefined;
  for (const address of [rule.parent, ...rule.references]) {
    if (address === undefined) continue;
    for (const candidate of nsgs.byAddress.get(address) ?? []) {
      if (sameDeployment(candidate.nsg, rule) && (!byAddress || candidate.order < byAddress.order))
        byAddress = candidate;
    }
  }
  if (byAddress || familyOf(rule) === 'terraform') return byAddress?.nsg;
  // ARM child resources name their parent: `nsg-aks/deny-ssh`.
  const name = getProperty(rule.body, 'name', { ignoreCase: true });
  if (name?.kind !== 'scalar' || typeof name.value !== 'string' || !name.value.includes('/'))
    return undefined;
  const parentName = name.value.split('/')[0].toLowerCase();
  return nsgs.byName.get(parentName)?.find((n) => n.format === rule.format && sameDeployment(n, rule));
}

interface NsgIndex {
  /** NSGs by address, with their place among the NSGs of the type. */
  byAddress: Map<string, { nsg: Resource; order: number }[]>;
  /** NSGs by deployed name, lower-cased, in graph order. */
  byName: Map<string, Resource[]>;
}

const nsgIndexes = new WeakMap<ResourceGraph, Map<string, NsgIndex>>();

function nsgIndexOf(graph: ResourceGraph, type: string): NsgIndex {
  let byType = nsgIndexes.get(graph);
  if (!byType) nsgIndexes.set(graph, (byType = new Map()));
  let index = byType.get(type);
  if (!index) {
    index = { byAddress: new Map(), byName: new Map() };
    graph.ofType(type).forEach((nsg, order) => {
      pushTo(index!.byAddress, nsg.address, { nsg, order });
      pushTo(index!.byName, deployedName(nsg).toLowerCase(), nsg);
    });
    byType.set(type, index);
  }
  return index;
}

function pushTo<T>(map: Map<string, T[]>, key: string, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

export const networkSecurityGroups = defineView<NsgInstance>({
  name: 'NetworkSecurityGroup',
  formats: ['terraform', 'arm', 'bicep'],
  select: (graph) => {
    const byNsg = new Map<Resource, NsgInstance>();
    for (const nsg of graph.ofType(TF_NSG, ARM_NSG))
      byNsg.set(nsg, { resource: nsg, nsg, rules: inlineRules(nsg) });
    const orphans: NsgInstance[] = [];
    for (const rule of graph.ofType(TF_NSG_RULE, ARM_NSG_RULE)) {
      const nsg = nsgOfRule(graph, rule);
      const view = separateRule(rule);
      const owner = nsg && byNsg.get(nsg);
      if (owner) owner.rules.push(view);
      else orphans.push({ resource: rule, nsg: undefined, rules: [view] });
    }
    return [...byNsg.values(), ...orphans];
  },
});

/** A subnet that AKS nodes run in, and how it was found. */
export interface NodeSubnet {
  subnet: Resource;
  /** The cluster or node pool resource that places nodes in it. */
  user: Resource;
  /** The subnet's address prefixes, when known. */
  prefixes: TextList;
}

const CLUSTER_TYPES = [
  'azurerm_kubernetes_cluster',
  'azurerm_kubernetes_cluster_node_pool',
  'Microsoft.ContainerService/managedClusters',
  'Microsoft.ContainerService/managedClusters/agentPools',
];

/** AKS node subnets the NSG is attached to: TF through association resources, ARM/Bicep through the subnet's networkSecurityGroup. */
export function nodeSubnetsGuardedBy(graph: ResourceGraph, nsg: Resource): readonly NodeSubnet[] {
  const out: NodeSubnet[] = [];
  const seen = new Set<Resource>();
  const consider = (subnet: Resource) => {
    if (seen.has(subnet)) return;
    seen.add(subnet);
    const user = referrersOfType(graph, CLUSTER_TYPES, subnet.address, subnet.deployment).find((c) =>
      sameDeployment(c, subnet),
    );
    if (user) out.push({ subnet, user, prefixes: subnetPrefixes(subnet) });
  };
  if (familyOf(nsg) !== 'terraform') {
    for (const subnet of referrersOfType(graph, SUBNET_TYPES, nsg.address, nsg.deployment))
      if (sameDeployment(subnet, nsg)) consider(subnet);
    return out;
  }
  for (const association of referrersOfType(graph, ASSOCIATION_TYPES, nsg.address, nsg.deployment)) {
    if (!sameDeployment(association, nsg)) continue;
    for (const address of association.references) {
      // Only a subnet some cluster or node pool of the deployment refers to can be a node subnet: the
      // association's other addresses (the NSG's; most subnets') are not looked up (profiled).
      if (referrersOfType(graph, CLUSTER_TYPES, address, association.deployment).length === 0) continue;
      const subnet = graph.get(address, association.context?.name);
      if (subnet?.type === TF_SUBNET && sameDeployment(subnet, nsg)) consider(subnet);
    }
  }
  return out;
}

const ASSOCIATION_TYPES = [TF_SUBNET_NSG_ASSOCIATION];
const SUBNET_TYPES = [ARM_SUBNET];

/** Referrers by their deployment, then by the address they refer to. */
type ReferrerIndex = Map<string, Map<string, Resource[]>>;

/** By the list of types (one of the constant lists above): not by their names joined, built anew at each call. */
const referrerIndexes = new WeakMap<ResourceGraph, Map<readonly string[], ReferrerIndex>>();

/**
 * Resources of the given types, of one deployment, that refer to an address, each once, in
 * `graph.ofType(...types)` order. Indexed once per graph and type list: every NSG and subnet asks, and
 * every root of a scan repeats the same addresses. Two maps, not one keyed by deployment and address
 * joined: that built and hashed a new string for every reference and every lookup (profiled).
 */
function referrersOfType(
  graph: ResourceGraph,
  types: readonly string[],
  address: string,
  deployment: string | undefined,
): readonly Resource[] {
  let byTypes = referrerIndexes.get(graph);
  if (!byTypes) referrerIndexes.set(graph, (byTypes = new Map()));
  let index = byTypes.get(types);
  if (!index) {
    index = new Map();
    for (const r of graph.ofType(...types)) {
      let byAddress = index.get(r.deployment ?? '');
      if (!byAddress) index.set(r.deployment ?? '', (byAddress = new Map()));
      const refs = r.references;
      for (let i = 0; i < refs.length; i++) if (refs.indexOf(refs[i]) === i) pushTo(byAddress, refs[i], r);
    }
    byTypes.set(types, index);
  }
  return index.get(deployment ?? '')?.get(address) ?? [];
}

function subnetPrefixes(subnet: Resource): TextList {
  const family = familyOf(subnet);
  const root: ReadRoot = subnet;
  const names =
    family === 'terraform'
      ? ['address_prefixes']
      : ['properties.addressPrefix', 'properties.addressPrefixes'];
  const out: string[] = [];
  let found: Reading<Value> | undefined;
  for (const name of names) {
    const r = valueSetting(root, family, [name]);
    if (r.state === 'unknown') return r;
    if (r.state === 'absent') continue;
    found ??= r;
    for (const item of r.value.kind === 'list' ? r.value.items : [r.value]) {
      if (item.kind === 'unknown') return unresolvedOf(item, name);
      if (item.kind === 'scalar' && typeof item.value === 'string') out.push(item.value);
    }
  }
  if (!found || found.state !== 'set')
    return { state: 'absent', value: [], range: subnet.range, attribute: names[0] };
  return { ...found, value: out };
}

/** Whether a port spec (`22`, `20-30`, `*`) covers a port; undefined when it is not a port spec. */
export function portCovers(spec: string, port: number): boolean | undefined {
  const s = spec.trim();
  if (s === '*') return true;
  // Read by hand, not with a regular expression: its match would be allocated for every rule (profiled).
  if (isDigits(s)) return Number(s) === port;
  const dash = s.indexOf('-');
  if (dash < 0) return undefined;
  const low = s.slice(0, dash).trimEnd();
  const high = s.slice(dash + 1).trimStart();
  if (!isDigits(low) || !isDigits(high)) return undefined;
  return port >= Number(low) && port <= Number(high);
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Source prefixes that mean any address on the internet. */
export function isAnywhere(prefix: string): boolean {
  return ANYWHERE.has(prefix.trim().toLowerCase());
}

const ANYWHERE = new Set(['*', 'internet', 'any', '0.0.0.0/0', '::/0']);

/** Whether IPv4 CIDR `outer` contains `inner` (both `a.b.c.d/n`); undefined when either is not a CIDR. */
export function cidrContains(outer: string, inner: string): boolean | undefined {
  const a = parseCidr(outer);
  const b = parseCidr(inner);
  if (!a || !b) return undefined;
  if (a.bits > b.bits) return false;
  const mask = a.bits === 0 ? 0 : (~0 << (32 - a.bits)) >>> 0;
  return (a.address & mask) >>> 0 === (b.address & mask) >>> 0;
}

function parseCidr(text: string): { address: number; bits: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(text.trim());
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const bits = m[5] === undefined ? 32 : Number(m[5]);
  if (bits > 32) return undefined;
  return { address: octets.reduce((acc, o) => acc * 256 + o, 0), bits };
}

/** Whether an NSG rule matches some traffic; when it cannot be told, the reading that stands in the way. */
export type RuleMatch = { state: 'yes' } | { state: 'no' } | { state: 'unknown'; reading: Unresolved };

const NO: RuleMatch = { state: 'no' };

/**
 * Whether a rule lets (`allow`) or stops (`deny`) inbound TCP traffic to `port` from sources that
 * `sourceMatches` accepts (true: matches, false: does not, undefined: cannot be compared).
 */
export function matchesInboundTcp(
  rule: NsgRuleView,
  access: 'allow' | 'deny',
  port: number,
  sourceMatches: (prefix: string) => boolean | undefined,
): RuleMatch {
  // Any setting that rules the traffic out decides, whatever else is unresolved: the access and the
  // ports first, as they rule out most rules (each setting is read on first use, and most rules of a
  // scan are never read further; profiled). Every rule of a scan comes here at least twice: nothing
  // is allocated on the way out (profiled).
  if (rule.textOtherThan('access', access)) return NO;
  if (rule.portNotCovered(port)) return NO;
  if (rule.textOtherThan('direction', 'inbound')) return NO;
  if (rule.textOtherThan('protocol', 'tcp', '*')) return NO;
  // Not ruled out: the readings, for the sources and for what may stand in the way.
  const accessReading = rule.access();
  const ports = rule.destinationPorts();
  const direction = rule.direction();
  const protocol = rule.protocol();
  const sources = rule.sources();
  let uncomparable: Unresolved | undefined;
  if (sources.state !== 'unknown') {
    const prefixes = sources.value ?? [];
    let matched = false;
    let undecided = false;
    for (const prefix of prefixes) {
      const verdict = sourceMatches(prefix);
      if (verdict === true) matched = true;
      else if (verdict === undefined) undecided = true;
    }
    if (!matched) {
      if (!undecided) return NO;
      uncomparable = {
        state: 'unknown',
        reason: 'the source prefix cannot be compared with the node subnet',
        source: prefixes.join(', '),
        range: sources.range,
        attribute: sources.attribute,
      };
    }
  }
  // Nothing rules it out: what stands in the way is the first unresolved setting, in the order a rule is written.
  for (const reading of [direction, accessReading, protocol, ports, sources])
    if (reading.state === 'unknown') return { state: 'unknown', reading };
  return uncomparable ? { state: 'unknown', reading: uncomparable } : { state: 'yes' };
}

/**
 * Which source prefixes cover traffic from a node subnet: any address, the VirtualNetwork tag, or a
 * range that contains the subnet's. Undefined when a range cannot be compared with it.
 */
export function sourceCoversSubnet(subnet: NodeSubnet): (prefix: string) => boolean | undefined {
  return (prefix) => {
    const p = prefix.trim().toLowerCase();
    if (isAnywhere(p) || p === 'virtualnetwork') return true;
    // A range cannot be compared with a subnet whose own range is unresolved; a service tag never matches.
    if (subnet.prefixes.state === 'unknown') return isCidr(prefix) ? undefined : false;
    const contains = (subnet.prefixes.value ?? []).map((s) => cidrContains(prefix, s));
    return contains.some((c) => c === true) ? true : contains.every((c) => c === false) ? false : undefined;
  };
}

function isCidr(prefix: string): boolean {
  return cidrContains(prefix, prefix) !== undefined;
}

/**
 * Whether Azure evaluates rule `a` before rule `b` (lower priority number first). Undefined when a
 * priority is not written; the unresolved reading when one cannot be told.
 */
export function evaluatedBefore(a: NsgRuleView, b: NsgRuleView): boolean | undefined | Unresolved {
  const pa = a.priority();
  const pb = b.priority();
  if (pa.state === 'unknown') return pa;
  if (pb.state === 'unknown') return pb;
  if (pa.value === undefined || pb.value === undefined) return undefined;
  return pa.value < pb.value;
}

/** The first of the rules Azure evaluates (the lowest known priority number). */
export function firstEvaluated(rules: readonly NsgRuleView[]): NsgRuleView {
  let first = rules[0];
  for (const rule of rules) {
    const p = rule.priority();
    const q = first.priority();
    if (
      p.state === 'set' &&
      p.value !== undefined &&
      (q.state !== 'set' || q.value === undefined || p.value < q.value)
    )
      first = rule;
  }
  return first;
}

/** How a rule that denies inbound TCP to `port` from the virtual network is written, for messages. */
export function inboundTcpDenyExample(family: Family, port: number): string {
  return family === 'terraform'
    ? `a security_rule with direction = "Inbound", access = "Deny", protocol = "Tcp", destination_port_range = "${port}" and source_address_prefix = "VirtualNetwork" (or the subnet's range)`
    : `a securityRules entry with direction 'Inbound', access 'Deny', protocol 'Tcp', destinationPortRange '${port}' and sourceAddressPrefix 'VirtualNetwork' (or the subnet's range)`;
}
