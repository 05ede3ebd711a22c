import { compareRanges, DistinctRanges, type SourceRange } from './range';
import type { Format } from './resource';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export type FindingStatus = 'fail' | 'unknown';

export interface Suppression {
  kind: 'comment' | 'annotation' | 'baseline' | 'config';
  reason?: string;
  until?: string;
  file?: string;
  line?: number;
}

/**
 * One text replacement in a scanned file: the range (1-based lines and columns in UTF-16 code units,
 * end exclusive, as SourceRange) becomes `newText`. An insertion has an empty range.
 */
export interface TextEdit {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

/**
 * A fix a rule offers for one finding. `safe` fixes are applied by `scan --fix` and on save; `unsafe`
 * ones (the fix recreates the cluster, or can stop a running workload from starting) only on request.
 */
export interface Fix {
  /** What the fix does, imperative: "Set local_account_disabled = true". */
  title: string;
  safety: 'safe' | 'unsafe';
  /** Why an unsafe fix is unsafe. */
  unsafeReason?: string;
  edits: TextEdit[];
}

/** Another place a finding depends on, as SARIF's relatedLocations: the line that supplies a value it read. */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** A related location at `at`: its members written one by one (a range may read its lines through getters). */
export const relatedAt = (at: SourceRange, message: string): RelatedLocation => ({
  file: at.file,
  line: at.line,
  column: at.column,
  endLine: at.endLine,
  endColumn: at.endColumn,
  message,
});

/** The related location of a finding moved out of a module `terraform init` installed: the module's line. */
export const moduleLocationMessage = (source: string, file: string, line: number): string =>
  `in module source ${source} at ${file}:${line}`;

export function isModuleLocation(r: RelatedLocation): boolean {
  return r.message.startsWith('in module source ');
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  format: Format;
  resource: { type: string; name: string; address: string };
  fixRequiresRecreate: boolean;
  /** Parameter files (or clusters) under which the finding holds, when only some of them. */
  contexts?: string[];
  /** The deployment of the resource it is about (several, comma-separated, for objects clusters share). */
  deployment?: string;
  /** Module call path. */
  via?: string[];
  /**
   * Where the values the finding read were written, when in another file than the finding: a tfvars
   * or parameter file, a variable default, a module call's argument.
   */
  related?: RelatedLocation[];
  /** Text edits that resolve the finding, when the rule has a fix for this case. */
  fixes?: Fix[];
  suppression?: Suppression;
  /** A suppression that existed but has expired: the finding is back, with this note. */
  expiredSuppression?: Suppression;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.resource.address < b.resource.address ? -1 : a.resource.address > b.resource.address ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * Which instance of its block a finding is about. Under a context, the name the root gives its module
 * call is left out: `envs/dev` calling it `module.dev` and `envs/prod` calling it `module.prod` evaluate
 * one definition, while `count` and `for_each` keys, and the calls inside the module, still tell
 * instances apart.
 */
function instanceOf(f: Finding): string {
  return f.contexts ? f.resource.address.replace(/^module\.[^.[]+/, 'module') : f.resource.address;
}

/**
 * The same finding met several times as one: a template evaluated under several parameter files, a
 * module under every root that calls it (one graph, or the groups of a scan that each evaluated some of
 * those roots), a file two parts of a scan both read (the reports of `--shard`). The one kept names
 * every context it holds under, the related locations and deployments of each, and one fix with the
 * edits of each (none when one has none). `allContextsOf` tells the contexts the finding's block was
 * evaluated under: a finding that holds under all of them names none. Sorted.
 */
export function mergeFindings(
  all: readonly Finding[],
  allContextsOf?: (f: Finding) => readonly string[] | undefined,
): Finding[] {
  // Each finding kept is copied once at most, here (profiled: three copies of every finding of a
  // Terraform scan, two of them only to be thrown away).
  const out = mergedInContexts(all, allContextsOf).map(({ finding: f, copied, every }) => {
    if (!f.contexts) return f;
    if (every && holdsInAll(f.contexts, every)) {
      const { contexts: _all, ...rest } = f;
      return rest;
    }
    return withSortedContexts(f, copied);
  });
  return out.sort(compareFindings);
}

/** Findings merged as mergeFindings merges them, each with its contexts and those its block was evaluated under. */
export interface FindingsInContexts {
  /** Sorted; contexts sorted. */
  findings: Finding[];
  /** For each finding, the contexts its block was evaluated under (when told). */
  allContexts: Array<string[] | undefined>;
  /** For each finding, the one given that it was merged from first. */
  firsts: Finding[];
}

/**
 * mergeFindings, but each finding keeps every context it holds under, with the contexts its block was
 * evaluated under beside it: a part of a scan that evaluated some of a module's callers can then be
 * merged with the parts that evaluated the others (engine/groups.ts).
 */
export function mergeKeepingContexts(
  all: readonly Finding[],
  allContextsOf?: (f: Finding) => readonly string[] | undefined,
): FindingsInContexts {
  const sortedLists = new Map<readonly string[], string[]>();
  const sortedContexts = (every: Set<string> | readonly string[]): string[] => {
    if (every instanceof Set) return [...every].sort();
    let sorted = sortedLists.get(every);
    if (!sorted) sortedLists.set(every, (sorted = [...new Set(every)].sort()));
    return sorted.slice();
  };
  const out = mergedInContexts(all, allContextsOf).map(({ finding, copied, every, first }) => ({
    finding: finding.contexts ? withSortedContexts(finding, copied) : finding,
    all: every && sortedContexts(every),
    first,
  }));
  out.sort((a, b) => compareFindings(a.finding, b.finding));
  return {
    findings: out.map((o) => o.finding),
    allContexts: out.map((o) => o.all),
    firsts: out.map((o) => o.first),
  };
}

/** A finding kept by a merge, before its contexts are sorted. */
interface Kept {
  /** The one given, or a copy once it merged another (`copied`). */
  finding: Finding;
  copied: boolean;
  /** The one given that it was merged from first. */
  first: Finding;
  /** The addresses merged into it, once it merged one under contexts (until then, the first's). */
  addresses?: Set<string>;
  /**
   * Its related locations, once it merged a finding that has some: kept from one merge to the next, as
   * keying them again on each was most of merging a large module's findings across its roots.
   */
  related?: DistinctRanges<RelatedLocation>;
  /**
   * The contexts its block was evaluated under, as given while it merged no other (resources of one
   * block share one list of them, often long: sorted once by the caller), else gathered in a set.
   */
  every?: Set<string> | readonly string[];
}

/**
 * The findings met several times merged into one each, unsorted, grouped by what they are about. The
 * ones given are never changed: a finding is copied before its first change.
 */
function mergedInContexts(
  all: readonly Finding[],
  allContextsOf?: (f: Finding) => readonly string[] | undefined,
): Kept[] {
  // The findings of one key, one group per message, each with one finding per instance (see below), in
  // the order met. The message stays out of the key: messages are long, and a key holding one was a
  // copy of it to hash for every finding (profiled: a third of the merge).
  // By file first: the findings of a file share its name's string, hashed once, and the keys leave it
  // out (measured: the merge 5-10% faster on the bench corpus's findings).
  const merged = new Map<string, Map<string, Kept[][]>>();
  const groups: Kept[][] = [];
  for (const f of all) {
    let inFile = merged.get(f.file);
    if (inFile === undefined) merged.set(f.file, (inFile = new Map()));
    const key = `${f.ruleId}\u0000${f.status}\u0000${f.line}\u0000${f.column}\u0000${instanceOf(f)}`;
    const ofKey = inFile.get(key);
    const candidates = ofKey && groupOf(ofKey, f.message);
    // Two calls of one module under one context are two instances, whatever other roots the scan has.
    let seen: Kept | undefined;
    if (candidates) {
      for (let i = 0; i < candidates.length && !seen; i++) {
        const c = candidates[i];
        if (!c.first.contexts || holdsAddress(c, f.resource.address) || !sharesContext(c.finding, f))
          seen = c;
      }
    }
    let into: Kept;
    if (!seen) {
      into = { finding: f, copied: false, first: f };
      // Lists made with their first member: most keep just that one.
      if (candidates) candidates.push(into);
      else {
        const group = [into];
        groups.push(group);
        if (ofKey) ofKey.push(group);
        else inFile.set(key, [group]);
      }
    } else {
      into = seen;
      if (!seen.copied) {
        seen.finding = {
          ...seen.finding,
          ...(seen.finding.contexts ? { contexts: [...seen.finding.contexts] } : {}),
        };
        seen.copied = true;
      }
      if (seen.first.contexts)
        (seen.addresses ??= new Set([seen.first.resource.address])).add(f.resource.address);
      mergeInto(seen, f);
    }
    const contexts = allContextsOf?.(f);
    if (contexts) {
      const known = into.every;
      if (!known) into.every = contexts;
      else if (known instanceof Set) for (const c of contexts) known.add(c);
      else if (known !== contexts) into.every = new Set([...known, ...contexts]);
    }
  }
  const out: Kept[] = [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    for (let i = 0; i < group.length; i++) out.push(group[i]);
  }
  return out;
}

/** The findings of a key with the message `message`. */
function groupOf(ofKey: readonly Kept[][], message: string): Kept[] | undefined {
  for (let i = 0; i < ofKey.length; i++) if (ofKey[i][0].first.message === message) return ofKey[i];
  return undefined;
}

function holdsAddress(kept: Kept, address: string): boolean {
  return kept.addresses ? kept.addresses.has(address) : kept.first.resource.address === address;
}

function sharesContext(a: Finding, b: Finding): boolean {
  return a.contexts?.some((name) => b.contexts?.includes(name)) ?? false;
}

/** Whether a finding holds under every context its block was evaluated under. */
function holdsInAll(contexts: readonly string[], every: Set<string> | readonly string[]): boolean {
  for (const c of every) if (!contexts.includes(c)) return false;
  return true;
}

/** The finding with its contexts sorted: a copy kept by the merge is sorted in place, a given one copied. */
function withSortedContexts(f: Finding, copied: boolean): Finding {
  if (copied) {
    f.contexts!.sort();
    return f;
  }
  return { ...f, contexts: [...f.contexts!].sort() };
}

function mergeInto(kept: Kept, f: Finding): void {
  const seen = kept.finding;
  if (seen.contexts && f.contexts) {
    for (const c of f.contexts) if (!seen.contexts.includes(c)) seen.contexts.push(c);
  }
  // Each parameter file supplies the value under its own context: the merged finding names them all.
  // Sorted once when any is new, as adding each and sorting each time would give (the sort is stable):
  // a finding in every context of a large module merged hundreds of them (the AVM AKS module). The
  // merged finding's list is the kept ranges' own once any was added (it is a copy, owned by the merge).
  if (f.related !== undefined && f.related.length > 0) {
    const related = (kept.related ??= new DistinctRanges(seen.related));
    let added = false;
    for (const r of f.related) added = related.add(r) || added;
    if (added) seen.related = related.list.sort(compareRanges);
  }
  if (seen.fixes || f.fixes) mergeFixes(seen, f);
  // Roots that name their call of the module differently (module "dev", module "prod") reach the
  // block by different paths: one path would be wrong for the others.
  if (seen.via && (f.via ?? []).join('.') !== seen.via.join('.')) delete seen.via;
  // An object several clusters share is checked in each: the finding names every one it holds in.
  if (f.deployment !== undefined && seen.deployment !== undefined) {
    const names = new Set([...seen.deployment.split(', '), ...f.deployment.split(', ')]);
    seen.deployment = [...names].sort().join(', ');
  }
}

/**
 * The same finding under several contexts has one fix with the edits of each (a value in each
 * parameter file); when one context has no fix, the finding has none.
 */
function mergeFixes(into: Finding, from: Finding): void {
  if (!into.fixes || !from.fixes || into.fixes.length !== from.fixes.length) {
    delete into.fixes;
    return;
  }
  into.fixes = into.fixes.map((fix, i) => {
    const seen = new Set(fix.edits.map((e) => JSON.stringify(e)));
    const more = from.fixes![i].edits.filter((e) => !seen.has(JSON.stringify(e)));
    return more.length > 0 ? { ...fix, edits: [...fix.edits, ...more] } : fix;
  });
}
