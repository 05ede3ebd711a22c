import {
  getEntry,
  getProperty,
  UNREAD_MODULE,
  type ObjectValue,
  type Resource,
  type SourceRange,
  type UnknownValue,
  type Value,
} from '../../model';
import { sameDeployment } from '../../graph/deployments';
import type { ResourceGraph } from '../../graph/graph';
import { attributeRange, unresolvedOf, type Unresolved } from '../reading';
import { booleanSetting, deployedName, familyOf, scalarSetting, toText, type Family } from './common';

export const TF_DIAGNOSTIC_SETTING = 'azurerm_monitor_diagnostic_setting';
export const ARM_DIAGNOSTIC_SETTING = 'Microsoft.Insights/diagnosticSettings';
/** The older ARM form: a child of the target, named `<target>/Microsoft.Insights/<setting>`. */
const ARM_NESTED_SUFFIX = '/providers/diagnosticSettings';
// Lower-cased once: every resource of a scan is asked whether it is a diagnostic setting (profiled).
const ARM_DIAGNOSTIC_SETTING_LOWER = ARM_DIAGNOSTIC_SETTING.toLowerCase();
const ARM_NESTED_SUFFIX_LOWER = ARM_NESTED_SUFFIX.toLowerCase();

/** One log entry of a diagnostic setting: a category or a category group, on or off. */
export interface DiagnosticLog {
  kind: 'category' | 'categoryGroup';
  name: string;
  enabled: boolean;
  range: SourceRange;
}

export interface DiagnosticLogs {
  logs: DiagnosticLog[];
  unresolved: Unresolved[];
  /** How the user writes the log entries, for messages: `enabled_log`, `properties.logs`. */
  attribute: string;
}

export type Targeting = 'yes' | 'no' | 'maybe';

/** Control-plane log categories of an AKS cluster that record who did what to it. */
const AUDIT_CATEGORIES = ['kube-apiserver', 'kube-audit', 'kube-audit-admin'];
/** Category groups that include them. */
const AUDIT_GROUPS = ['audit', 'alllogs'];

/** Whether a setting collects a cluster's control-plane audit logs, and when not, what it does collect. */
export type AuditLogVerdict =
  { state: 'collects' } | { state: 'unknown'; because: Unresolved } | { state: 'lacks'; enabled: string[] };

/** How a setting names the resource it collects from, read once per setting: every cluster asks. */
type TargetSpec =
  /** The older ARM child form: the target's type in the setting's type, its name in the setting's. */
  | { kind: 'nested'; type: string; parentName?: string; otherwise: Targeting }
  | { kind: 'absent' }
  | { kind: 'input' }
  /** A literal id: its last two segments, lower-cased, when it has two. */
  | { kind: 'id'; typeAndName?: [string, string] }
  | { kind: 'other' };

/** A diagnostic setting: which resource it collects from, and which logs. */
export class DiagnosticSettingView {
  readonly family: Family;
  private spec?: TargetSpec;
  private readLogs?: DiagnosticLogs;
  private auditVerdict?: AuditLogVerdict;

  constructor(readonly resource: Resource) {
    this.family = familyOf(resource);
  }

  get displayName(): string {
    const name = deployedName(this.resource);
    // The nested ARM form names the setting `<target>/Microsoft.Insights/<setting>`.
    return name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
  }

  /** Whether the setting collects from `target`; `maybe` when its target is an unresolved input. */
  targets(target: Resource): Targeting {
    // A setting collects from resources of its own deployment: another deployment's resource of the
    // same name may be another resource altogether.
    if (this.resource.format !== target.format || !sameDeployment(this.resource, target)) return 'no';
    if (this.resource.parent === target.address) return 'yes';
    const spec = (this.spec ??= this.readTargetSpec());
    if (spec.kind === 'nested') {
      if (target.type.toLowerCase() !== spec.type) return 'no';
      if (spec.parentName === undefined) return spec.otherwise;
      return spec.parentName === idOf(target).name ? 'yes' : 'no';
    }
    if (spec.kind === 'absent') return 'no';
    if (this.resource.references.includes(target.address)) return 'yes';
    switch (spec.kind) {
      case 'input':
        return 'maybe';
      case 'id':
        return spec.typeAndName && namesResource(spec.typeAndName, target) ? 'yes' : 'no';
      default:
        return 'no';
    }
  }

  private readTargetSpec(): TargetSpec {
    if (this.isNested()) {
      const type = this.resource.type.slice(0, -ARM_NESTED_SUFFIX.length).toLowerCase();
      const name = getProperty(this.resource.body, 'name', { ignoreCase: true });
      if (name?.kind === 'unknown')
        return { kind: 'nested', type, otherwise: this.isUnresolvedInput(name) ? 'maybe' : 'no' };
      if (name?.kind !== 'scalar' || typeof name.value !== 'string')
        return { kind: 'nested', type, otherwise: 'no' };
      return { kind: 'nested', type, parentName: name.value.split('/')[0].toLowerCase(), otherwise: 'no' };
    }
    const key = this.family === 'terraform' ? 'target_resource_id' : 'scope';
    const entry = getEntry(this.resource.body, key, { ignoreCase: this.family === 'azure' });
    if (!entry) return { kind: 'absent' };
    const value = entry.value;
    if (value.kind === 'unknown') {
      if (this.isUnresolvedInput(value)) return { kind: 'input' };
      return { kind: 'other' };
    }
    if (value.kind === 'scalar' && typeof value.value === 'string') {
      const segments = value.value.toLowerCase().split('/').filter(Boolean);
      const n = segments.length;
      return { kind: 'id', typeAndName: n >= 2 ? [segments[n - 2], segments[n - 1]] : undefined };
    }
    return { kind: 'other' };
  }

  /** The target as written when it is an unresolved input (a variable or parameter without value). */
  targetInput(): Unresolved | undefined {
    const key = this.isNested() ? 'name' : this.family === 'terraform' ? 'target_resource_id' : 'scope';
    const entry = getEntry(this.resource.body, key, { ignoreCase: this.family === 'azure' });
    return entry?.value.kind === 'unknown' ? unresolvedOf(entry.value, key) : undefined;
  }

  /** The logs the setting turns on. Terraform: `enabled_log` blocks, and azurerm 3.x `log` blocks with `enabled`. */
  logs(): DiagnosticLogs {
    // Read once: every cluster the setting may target asks.
    return (this.readLogs ??= this.readAllLogs());
  }

  /** Whether the setting collects the control-plane audit logs (kube-apiserver, kube-audit…) of an AKS cluster. */
  auditLogs(): AuditLogVerdict {
    // Judged once however many clusters the setting may target.
    return (this.auditVerdict ??= this.judgeAuditLogs());
  }

  private judgeAuditLogs(): AuditLogVerdict {
    const { logs, unresolved } = this.logs();
    const audit = logs.find(
      (l) =>
        l.enabled &&
        (l.kind === 'category'
          ? AUDIT_CATEGORIES.includes(l.name.toLowerCase())
          : AUDIT_GROUPS.includes(l.name.toLowerCase())),
    );
    if (audit) return { state: 'collects' };
    if (unresolved.length > 0) return { state: 'unknown', because: unresolved[0] };
    return { state: 'lacks', enabled: logs.filter((l) => l.enabled).map((l) => l.name) };
  }

  private readAllLogs(): DiagnosticLogs {
    const out: DiagnosticLogs = {
      logs: [],
      unresolved: [],
      attribute: this.family === 'terraform' ? 'enabled_log' : 'properties.logs',
    };
    if (this.family === 'terraform') {
      for (const key of ['enabled_log', 'log']) {
        const entry = getEntry(this.resource.body, key);
        if (entry) this.readEntries(entry.value, entry.keyRange, key, key === 'log', out);
      }
    } else {
      const properties = getProperty(this.resource.body, 'properties', { ignoreCase: true });
      if (properties?.kind === 'unknown') out.unresolved.push(unresolvedOf(properties, 'properties'));
      const entry =
        properties?.kind === 'object' ? getEntry(properties, 'logs', { ignoreCase: true }) : undefined;
      if (entry) this.readEntries(entry.value, entry.keyRange, 'properties.logs', true, out);
    }
    return out;
  }

  private readEntries(
    value: Value,
    keyRange: SourceRange,
    attribute: string,
    hasEnabledFlag: boolean,
    out: DiagnosticLogs,
  ): void {
    if (value.kind === 'unknown') {
      out.unresolved.push(unresolvedOf(value, attribute, attributeRange(keyRange, value)));
      return;
    }
    const items = value.kind === 'list' ? value.items : [value];
    for (const item of items) {
      if (item.kind === 'unknown') out.unresolved.push(unresolvedOf(item, attribute));
      else if (item.kind === 'object') this.readEntry(item, attribute, hasEnabledFlag, out);
    }
  }

  private readEntry(
    item: ObjectValue,
    attribute: string,
    hasEnabledFlag: boolean,
    out: DiagnosticLogs,
  ): void {
    const root = { body: item, range: item.range };
    const names =
      this.family === 'terraform'
        ? { category: 'category', categoryGroup: 'category_group' }
        : { category: 'category', categoryGroup: 'categoryGroup' };
    // ARM requires `enabled`; azurerm 3.x `log` blocks default it to true.
    const enabled = hasEnabledFlag
      ? booleanSetting(root, this.family, ['enabled'], this.family === 'terraform')
      : undefined;
    if (enabled?.state === 'unknown') {
      out.unresolved.push({ ...enabled, attribute: `${attribute}.${enabled.attribute}` });
      return;
    }
    for (const kind of ['category', 'categoryGroup'] as const) {
      const name = toText(scalarSetting(root, this.family, [names[kind]]));
      if (name.state === 'unknown') {
        out.unresolved.push({ ...name, attribute: `${attribute}.${name.attribute}` });
      } else if (name.state === 'set' && name.value !== undefined) {
        out.logs.push({ kind, name: name.value, enabled: enabled?.value !== false, range: name.range });
      }
    }
  }

  /**
   * An unknown target that is an input without value (a variable or parameter), which may name any
   * resource; not one bound to another resource's id, which only exists after deployment.
   */
  private isUnresolvedInput(value: UnknownValue): boolean {
    if (value.deferred) return false;
    if (this.family === 'terraform') return /^\s*(var|local)\./.test(value.source);
    const root = /^\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(value.source)?.[1];
    if (!root) return true;
    return !this.resource.references.some(
      (a) => a === root || a.endsWith(`.${root}`) || a.endsWith(`/${root}`),
    );
  }

  private isNested(): boolean {
    return this.family === 'azure' && this.resource.type.toLowerCase().endsWith(ARM_NESTED_SUFFIX_LOWER);
  }
}

/** A literal resource id (`/subscriptions/…/managedClusters/aks-prod`, `Microsoft.…/managedClusters/aks-prod`) naming the target. */
function namesResource([typeSegment, nameSegment]: [string, string], target: Resource): boolean {
  const id = idOf(target);
  return typeSegment === id.typeName && nameSegment === id.name;
}

/** The last two segments of a target's resource id, lower-cased; read once per target. */
const targetIds = new WeakMap<Resource, { typeName: string; name: string }>();

function idOf(target: Resource): { typeName: string; name: string } {
  let id = targetIds.get(target);
  if (!id) {
    const typeName = familyOf(target) === 'terraform' ? 'managedClusters' : target.type.split('/').pop()!;
    id = { typeName: typeName.toLowerCase(), name: deployedName(target).toLowerCase() };
    targetIds.set(target, id);
  }
  return id;
}

export interface SettingsFor {
  /** Settings that certainly collect from the resource. */
  definite: DiagnosticSettingView[];
  /** Settings whose target is an unresolved input: they may collect from it. */
  possible: DiagnosticSettingView[];
}

/**
 * What the rules on diagnostic settings look up in a graph, found in one walk over its resources:
 * every cluster asks, and each walk over a scan's resources costs more than all the lookups (profiled).
 */
interface DiagnosticsIndex {
  /** Diagnostic settings by format and deployment, in graph order: a setting only targets resources of its own. */
  settings: Map<string, Map<string, DiagnosticSettingView[]>>;
  /** Of those lists, the settings that may target resources of one evaluation context, by its name. */
  inContext: WeakMap<DiagnosticSettingView[], Map<string, DiagnosticSettingView[]>>;
  /** The code the scan could not see into (see unseenKindOf), by each address it refers to, in graph order. */
  unseenReferring: Map<string, UnseenCode[]>;
}

const indexes = new WeakMap<ResourceGraph, DiagnosticsIndex>();

function indexOf(graph: ResourceGraph): DiagnosticsIndex {
  let index = indexes.get(graph);
  if (index) return index;
  index = { settings: new Map(), inContext: new WeakMap(), unseenReferring: new Map() };
  for (const r of graph.resources) {
    const kind = kindOfType(r.type);
    if (kind === undefined) continue;
    if (kind === 'setting') {
      let byDeployment = index.settings.get(r.format);
      if (!byDeployment) index.settings.set(r.format, (byDeployment = new Map()));
      const deployment = r.deployment ?? '';
      let list = byDeployment.get(deployment);
      if (!list) byDeployment.set(deployment, (list = []));
      list.push(new DiagnosticSettingView(r));
      continue;
    }
    if (kind === 'linkedTemplate' && !hasTemplateLink(r)) continue;
    for (const target of r.references) {
      const list = index.unseenReferring.get(target);
      if (list) list.push({ resource: r, kind });
      else index.unseenReferring.set(target, [{ resource: r, kind }]);
    }
  }
  indexes.set(graph, index);
  return index;
}

function candidateSettings(graph: ResourceGraph, target: Resource): DiagnosticSettingView[] {
  const index = indexOf(graph);
  const all = index.settings.get(target.format)?.get(target.deployment ?? '') ?? NO_SETTINGS;
  if (!target.context || all.length === 0) return all;
  let byContext = index.inContext.get(all);
  if (!byContext) index.inContext.set(all, (byContext = new Map()));
  let list = byContext.get(target.context.name);
  if (!list) {
    list = all.filter((setting) => sameDeployment(setting.resource, target));
    byContext.set(target.context.name, list);
  }
  return list;
}

const NO_SETTINGS: DiagnosticSettingView[] = [];

/** The diagnostic settings in the graph that collect from a resource, sorted by where they are declared. */
export function diagnosticSettingsFor(graph: ResourceGraph, target: Resource): SettingsFor {
  const result: SettingsFor = { definite: [], possible: [] };
  for (const setting of candidateSettings(graph, target)) {
    const targeting = setting.targets(target);
    if (targeting === 'yes') result.definite.push(setting);
    else if (targeting === 'maybe') result.possible.push(setting);
  }
  return result;
}

/**
 * What a resource of a type is to the index: a diagnostic setting, code the scan could not see into,
 * or (`linkedTemplate`) a deployment that is such code when it links its template. By the type as
 * written, kept across scans: a scan has a few dozen types, and lower-casing the type of each of its
 * resources allocated (profiled).
 */
function kindOfType(type: string): 'setting' | UnseenCode['kind'] | undefined {
  const known = typeKinds.get(type);
  if (known !== undefined) return known === NOT_INDEXED ? undefined : known;
  const lower = type.toLowerCase();
  const kind =
    lower === TF_DIAGNOSTIC_SETTING ||
    lower === ARM_DIAGNOSTIC_SETTING_LOWER ||
    // The suffix has a slash: a type ending with it is of the REST API's vocabulary in every format.
    lower.endsWith(ARM_NESTED_SUFFIX_LOWER)
      ? 'setting'
      : type === UNREAD_MODULE
        ? 'module'
        : type === 'azapi_resource'
          ? 'azapi'
          : lower === 'microsoft.resources/deployments'
            ? 'linkedTemplate'
            : undefined;
  if (typeKinds.size >= 1000) typeKinds.clear();
  typeKinds.set(type, kind ?? NOT_INDEXED);
  return kind;
}

const NOT_INDEXED = 'none';
const typeKinds = new Map<string, 'setting' | UnseenCode['kind'] | typeof NOT_INDEXED>();

function hasTemplateLink(deployment: Resource): boolean {
  const properties = getProperty(deployment.body, 'properties', { ignoreCase: true });
  return getProperty(properties, 'templateLink', { ignoreCase: true }) !== undefined;
}

/** How an AKS cluster's audit logs are added to a diagnostic setting, or a setting created for them, in each vocabulary. */
export const AUDIT_LOG_REMEDY: Record<Family, { addEntry: string; addSetting: string }> = {
  terraform: {
    addEntry: 'Add enabled_log { category = "kube-audit-admin" } (or category_group = "audit")',
    addSetting:
      'Add an azurerm_monitor_diagnostic_setting with target_resource_id = this cluster\'s id and enabled_log { category = "kube-audit-admin" }',
  },
  azure: {
    addEntry:
      "Add { category: 'kube-audit-admin', enabled: true } (or categoryGroup 'audit') to properties.logs",
    addSetting:
      "Add a Microsoft.Insights/diagnosticSettings resource with scope set to this cluster and logs [ { category: 'kube-audit-admin', enabled: true } ]",
  },
};

/** Code the scan could not read that receives a resource's id, and so may create settings for it. */
export interface UnseenCode {
  resource: Resource;
  /** A module call not fetched or not found, an AzAPI resource of a type known only at apply, an ARM linked template. */
  kind: 'module' | 'azapi' | 'linkedTemplate';
}

/** The first resource the scan could not see into that is given `target`'s id. */
export function unseenCodeGiven(graph: ResourceGraph, target: Resource): UnseenCode | undefined {
  // Every root of a scan repeats the same addresses: another root's code never gets this id.
  const referring = indexOf(graph).unseenReferring.get(target.address) ?? [];
  const found = referring.find((u) => graph.sameDeployment(u.resource, target));
  return found && { ...found };
}
