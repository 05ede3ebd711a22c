import {
  compareRanges,
  isInstalledModuleFile,
  isModuleLocation,
  mergeFindings,
  mergeKeepingContexts,
  moduleLocationMessage,
  offsetsOf,
  relatedAt,
  rangeKey,
  type Finding,
  type Fix,
  type RelatedLocation,
  type RangeSource,
  type Resource,
  type SourceFile,
  type SourceRange,
} from '../model';
import { OriginsIndex, spanKey } from './origins';
import { LOADERS } from '../evaluate/loaders';
import { Fixer } from '../fix';
import type { ResourceGraph } from '../graph/graph';
import type { View, ViewInstance } from '../views/view';
import type { CheckContext, Report, Rule } from '../../policies/api';

export interface RunResult {
  /** Includes one `akslint/internal-error` finding per rule that threw on a resource; the others still ran. */
  findings: Finding[];
  /**
   * With `keepContexts`: for each finding, the contexts its block was evaluated under; the findings
   * keep every context they hold under, to be merged with the findings of other contexts' graphs.
   */
  allContexts?: Array<string[] | undefined>;
  /** With `keepContexts`: for each finding, the block (see blockOf) of the resource it is about. */
  blocks?: Array<string | undefined>;
}

/** The rule id of a rule that threw: a fault of akslint's, not of the file, so never a parse error. */
export const INTERNAL_ERROR = 'akslint/internal-error';

/**
 * Run rules over the graph. Each view is built once and shared by every rule that reads it, unless
 * `instances` gives its instances (made from the parts of a scan: engine/batches.ts). `files` are the
 * texts fixes are built against; without them findings carry no fixes.
 */
export function runRules(
  graph: ResourceGraph,
  rules: readonly Rule[],
  files: readonly SourceFile[] = [],
  options: { keepContexts?: boolean; instances?: ReadonlyMap<View, ViewInstance[]> } = {},
): RunResult {
  const fixer = new Fixer(files);
  const origins = new OriginsIndex();
  const viewCache = new Map<View, ViewInstance[]>(options.instances);
  const findings: Finding[] = [];
  const contextsOf = new Map<Finding, readonly string[]>();
  const resourceOf = new Map<Finding, Resource>();
  // The rule and instance being checked: one context serves every check (one per instance was a
  // closure and an object for each of them, for every rule). Rules report while they check.
  let rule: Rule;
  let instance: ViewInstance;
  const report = (r: Report) => {
    // An invalid expression is reported once, as an error, by its loader: no rule repeats it.
    if (r.status === 'unknown' && r.because?.invalid) return;
    const resource = r.resource ?? instance.resource;
    if (resource.fromModuleCall && decidedByModule(resource, r.range)) return;
    const finding = toFinding(rule, resource, r, origins);
    if (resource.context) {
      contextsOf.set(finding, resource.context.all);
      if (options.keepContexts) resourceOf.set(finding, resource);
    }
    findings.push(finding);
  };
  const ctx: CheckContext = { graph, fixer, report };
  // Index loops: runRules runs once per scan, mostly before V8 optimizes it, and its for-of loops made an
  // iterator result for each rule and instance (measured: a quarter of a megabyte per ARM scan).
  for (let r = 0; r < rules.length; r++) {
    rule = rules[r];
    let instances = viewCache.get(rule.view);
    if (!instances) viewCache.set(rule.view, (instances = rule.view.select(graph)));
    for (let i = 0; i < instances.length; i++) {
      instance = instances[i];
      try {
        rule.check(instance, ctx);
      } catch (err) {
        findings.push(internalErrorFinding(rule, instance.resource, err));
      }
    }
  }
  // A template evaluated under several parameter files, a module under several roots: one finding,
  // naming the contexts it holds under when not all of them.
  const allContextsOf = (f: Finding) => contextsOf.get(f);
  if (!options.keepContexts) return { findings: mergeFindings(findings, allContextsOf) };
  const merged = mergeKeepingContexts(findings, allContextsOf);
  return {
    findings: merged.findings,
    allContexts: merged.allContexts,
    blocks: merged.firsts.map((f) => {
      const resource = resourceOf.get(f);
      return resource && blockOf(resource);
    }),
  };
}

/**
 * The declaration a resource was evaluated from (its file and range), the same in every context, for
 * the formats whose blocks share their contexts across roots (FormatLoader.contextsAcrossRoots); else
 * undefined: the block's contexts are those of its resource.
 */
export function blockOf(r: Resource): string | undefined {
  return CONTEXTS_ACROSS_ROOTS.has(r.format) ? rangeKey(r.range) : undefined;
}

const CONTEXTS_ACROSS_ROOTS: ReadonlySet<string> = new Set(
  LOADERS.filter((l) => l.contextsAcrossRoots).map((l) => l.format),
);

/**
 * A rule that threw left its resource unchecked: said as a finding at the resource, critical so that it
 * fails the run, naming the rule (a parse error would blame the file).
 */
function internalErrorFinding(rule: Rule, resource: Resource, err: unknown): Finding {
  const where = resource.range;
  return {
    ruleId: INTERNAL_ERROR,
    title: 'Internal error in a rule',
    severity: 'critical',
    status: 'fail',
    message: `internal error in rule ${rule.id} while checking ${resource.address}: ${
      err instanceof Error ? err.message : String(err)
    }`,
    file: where.file,
    line: where.line,
    column: where.column,
    endLine: where.endLine,
    endColumn: where.endColumn,
    format: resource.format,
    resource: { type: resource.type, name: resource.name, address: resource.address },
    fixRequiresRecreate: false,
  };
}

/**
 * A cluster read from a call to a well-known module is judged only on what the call passes: a finding
 * at the call as a whole is about a setting the call leaves to the module.
 */
function decidedByModule(resource: Resource, at: SourceRange): boolean {
  return (
    at.file === resource.range.file && at.line === resource.range.line && at.column === resource.range.column
  );
}

function toFinding(rule: Rule, resource: Resource, r: Report, origins: OriginsIndex): Finding {
  const f: Finding = {
    ruleId: rule.id,
    title: rule.title,
    severity: r.severity ?? rule.severity,
    status: r.status ?? 'fail',
    message: r.message,
    file: r.range.file,
    line: r.range.line,
    column: r.range.column,
    endLine: r.range.endLine,
    endColumn: r.range.endColumn,
    format: resource.format,
    resource: { type: resource.type, name: resource.name, address: resource.address },
    fixRequiresRecreate: rule.fixRequiresRecreate,
  };
  if (resource.via.length > 0) f.via = resource.via;
  if (resource.context) f.contexts = [resource.context.name];
  const installed = resource.installedModule && isInstalledModuleFile(r.range.file, resource.installedModule);
  let related = installed
    ? locateInUserCode(f, resource, r, resource.installedModule!, origins)
    : (r.related ?? relatedLocations(resource, r, origins));
  // Related locations the rule names replace the ones found from the values' origins; the module's
  // line stays when the finding was moved out of an installed module.
  if (installed && r.related) related = [...r.related, ...related.filter(isModuleLocation)];
  if (related.length > 0) f.related = related;
  // Nobody edits what `terraform init` installed: there is no fix to offer there.
  if (r.fix?.edits && r.fix.edits.length > 0 && f.status === 'fail' && !resource.fromModuleCall && !installed)
    f.fixes = [toFix(rule, r.fix.title, r.fix)];
  if (resource.deployment !== undefined) f.deployment = resource.deployment;
  return f;
}

/** The formats whose values are all written in their resource's file (see FormatLoader.originsInOwnFile). */
const ORIGINS_IN_OWN_FILE: ReadonlySet<string> = new Set(
  LOADERS.filter((l) => l.originsInOwnFile).map((l) => l.format),
);

/**
 * The related locations of each list of origins (as OriginsIndex.of gives it, the same list for the same
 * lookup), by the file of the finding. Rules report at the same range of a resource again and again:
 * the AVM AKS module named alone made 140 lists of 6,309 locations from 24 lists of origins. Findings
 * share the list: it is never changed in place (merging findings makes a new one).
 */
const relatedByOrigins = new WeakMap<readonly SourceRange[], Map<string, RelatedLocation[]>>();

/**
 * The related location of each place a value was written, one object per span of a text. A module
 * several roots call gives each root's copy of a finding its own origins, at the same spans: merging
 * the copies then meets the same objects again, which DistinctRanges knows without working out a key
 * (the AVM AKS module named alone, 9 roots: merging the findings 6.7 -> 4.9 ms). Never changed once
 * made, as the lists holding them are not.
 */
const suppliedBySource = new WeakMap<RangeSource, Map<number, RelatedLocation>>();

function suppliedAt(origin: SourceRange): RelatedLocation {
  const offsets = offsetsOf(origin);
  const key = offsets && spanKey(offsets.source, offsets.start, offsets.end);
  if (offsets === undefined || key === undefined) return relatedAt(origin, SUPPLIES_THE_VALUE);
  let known = suppliedBySource.get(offsets.source);
  if (known === undefined) suppliedBySource.set(offsets.source, (known = new Map()));
  let at = known.get(key);
  if (at === undefined) known.set(key, (at = relatedAt(origin, SUPPLIES_THE_VALUE)));
  return at;
}

/** The other files' lines that supply the values the finding read (same-file origins add nothing). */
function relatedLocations(resource: Resource, r: Report, index: OriginsIndex): RelatedLocation[] {
  if (r.range.file === resource.file && ORIGINS_IN_OWN_FILE.has(resource.format)) return [];
  const origins = index.of(resource.body, r.range, r.dependsOn);
  if (origins.length === 0) return [];
  let byFile = relatedByOrigins.get(origins);
  if (byFile === undefined) relatedByOrigins.set(origins, (byFile = new Map()));
  let related = byFile.get(r.range.file);
  if (related === undefined) {
    // Sorted once made: a location's line and column are worked out once, not in every comparison.
    related = origins
      .filter((o) => o.file !== r.range.file)
      .map(suppliedAt)
      .sort(compareRanges);
    byFile.set(r.range.file, related);
  }
  return related;
}

/**
 * A finding in a module `terraform init` installed moves to the user's code: to the last place there
 * that supplied the value it read (the caller's argument, written after the tfvars that fed it), else
 * to the user's call of the module. The module's line becomes a related location; the other places in
 * the user's code that supplied the value stay related. Returns the related locations.
 */
function locateInUserCode(
  f: Finding,
  resource: Resource,
  r: Report,
  installed: NonNullable<Resource['installedModule']>,
  index: OriginsIndex,
): RelatedLocation[] {
  const inUserCode = index
    .of(resource.body, r.range, r.dependsOn)
    .filter((o) => !isInstalledModuleFile(o.file, installed));
  const at = inUserCode.length > 0 ? inUserCode[inUserCode.length - 1] : installed.call;
  Object.assign(f, {
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
  });
  const supplied = inUserCode
    .filter((o) => o !== at && o.file !== at.file)
    .map(suppliedAt)
    .sort(compareRanges);
  const inModule = relatedAt(r.range, moduleLocationMessage(installed.source, r.range.file, r.range.line));
  return [...supplied, inModule];
}

const SUPPLIES_THE_VALUE = 'the value is set here';

const RECREATES = 'the setting can only be chosen at creation: applying it replaces the cluster';

function toFix(rule: Rule, title: string, fix: NonNullable<Report['fix']>): Fix {
  const unsafe = fix.unsafe ?? (rule.fixRequiresRecreate || rule.fix?.unsafe !== undefined);
  if (!unsafe) return { title, safety: 'safe', edits: fix.edits ?? [] };
  const unsafeReason = rule.fixRequiresRecreate
    ? RECREATES
    : (rule.fix?.unsafe ?? rule.fix?.unsafeWhen ?? RECREATES);
  return { title, safety: 'unsafe', unsafeReason, edits: fix.edits ?? [] };
}
