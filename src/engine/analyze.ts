import * as path from 'node:path';
import { normalizePath, SyntaxCache, uniqueErrors, uniqueNotes } from '../model';
import type {
  FileError,
  Format,
  LoadHost,
  LoaderOptions,
  LoadResult,
  Resource,
  SkipNote,
  SourceFile,
  Finding,
} from '../model';
import { assignDeployments, type DeploymentOptions, type ScannedEntry } from '../graph/deployments';
import { ResourceGraph } from '../graph/graph';
import { LOADERS, loaderFor } from '../evaluate/loaders';
import { runRules } from './run';
import type { Rule } from '../../policies/api';

export interface AnalyzeResult {
  graph: ResourceGraph;
  findings: Finding[];
  errors: FileError[];
  skipped: SkipNote[];
  /** Every file read, entry or not, with its text (for suppression comments). */
  files: SourceFile[];
  /** Entry files no loader claimed. */
  unclaimed: string[];
}

/** Entry files of one format that load independently of the others (see FormatLoader.units). */
export interface LoadUnit {
  format: Format;
  entries: SourceFile[];
  /** See FamilyUnit. */
  family?: string;
}

/** Whether findings carry fixes. */
export interface LoadPlan {
  /**
   * Build the fixes of findings (default true). Building their edits is most of the rules' time on ARM
   * (profiled: each one reads the file's text again), so a scan whose output shows no fix skips it.
   */
  fixes?: boolean;
}

/** Loads a unit with the loader of its format. */
export function loadUnit(unit: LoadUnit, host: LoadHost, options: LoaderOptions): Promise<LoadResult> {
  return loaderFor(unit.format)!.load(unit.entries, host, options);
}

/** The units of a scan, in loader order, and every entry with the format of the loader that claimed it. */
export function planUnits(
  entries: readonly SourceFile[],
  host: LoadHost,
  options: LoaderOptions,
): { units: LoadUnit[]; scanned: ScannedEntry[]; unclaimed: string[] } {
  const byLoader = new Map<(typeof LOADERS)[number], SourceFile[]>();
  const unclaimed: string[] = [];
  const claimedBy = new Map<SourceFile, (typeof LOADERS)[number]>();
  for (const file of entries) {
    const loader = LOADERS.find((l) => l.claims(file.path, file.text));
    if (!loader) {
      unclaimed.push(file.path);
      continue;
    }
    claimedBy.set(file, loader);
    let list = byLoader.get(loader);
    if (!list) byLoader.set(loader, (list = []));
    list.push(file);
  }
  const units: LoadUnit[] = [];
  for (const loader of LOADERS) {
    const list = byLoader.get(loader);
    if (!list) continue;
    for (const unit of loader.units ? loader.units(list, host, options) : [list])
      units.push(
        Array.isArray(unit) ? { format: loader.format, entries: unit } : { format: loader.format, ...unit },
      );
  }
  const scanned = entries.map((e) => ({ ...e, format: claimedBy.get(e)?.format }));
  return { units, scanned, unclaimed };
}

/**
 * The results of every unit as one, in unit order, whoever loaded them: each format's results joined
 * and linked by its loader, problems two units met alike (a shared file's syntax error) told once, each
 * file read kept once. The same units give the same bytes, in one thread or many. A part of a scan
 * links as the whole would: `evaluationsInScan` says how many evaluations of each format the whole
 * scan holds (at least).
 */
function joinResults(
  units: readonly LoadUnit[],
  results: readonly LoadResult[],
  evaluationsInScan: Partial<Record<Format, number>> = {},
): {
  resources: Resource[];
  errors: FileError[];
  skipped: SkipNote[];
  files: SourceFile[];
  evaluations: Partial<Record<Format, number>>;
} {
  const resources: Resource[] = [];
  const errors: FileError[] = [];
  const skipped: SkipNote[] = [];
  const files = new Map<string, SourceFile>();
  const evaluations: Partial<Record<Format, number>> = {};
  for (const loader of LOADERS) {
    const joined: LoadResult = { resources: [], errors: [], skipped: [], files: [], evaluations: 0 };
    units.forEach((unit, i) => {
      if (unit.format !== loader.format) return;
      const r = results[i];
      for (const x of r.resources) joined.resources.push(x);
      for (const x of r.errors) joined.errors.push(x);
      for (const x of r.skipped) joined.skipped.push(x);
      for (const f of [...unit.entries, ...r.files]) if (!files.has(f.path)) files.set(f.path, f);
      joined.evaluations! += r.evaluations ?? 0;
    });
    evaluations[loader.format] = joined.evaluations;
    joined.evaluations = Math.max(joined.evaluations!, evaluationsInScan[loader.format] ?? 0);
    loader.link?.(joined);
    // Loops, not push(...list): a file can hold a million errors, past the engine's argument limit.
    for (const x of joined.resources) resources.push(x);
    for (const x of joined.errors) errors.push(x);
    for (const x of joined.skipped) skipped.push(x);
  }
  return {
    resources,
    errors: uniqueErrors(errors),
    skipped: uniqueNotes(skipped),
    files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    evaluations,
  };
}

/** What units loaded together make: their deployments' graph and the rules' findings over it. */
export interface UnitsAnalysis {
  graph: ResourceGraph;
  findings: Finding[];
  /** With `keepContexts`, see RunResult.allContexts and RunResult.blocks. */
  allContexts?: Array<string[] | undefined>;
  blocks?: Array<string | undefined>;
  errors: FileError[];
  skipped: SkipNote[];
  /** Every file read, entry or not, with its text (for suppression comments). */
  files: SourceFile[];
  /** The evaluations of each format these units held. */
  evaluations: Partial<Record<Format, number>>;
  /** The config clusters (platforms) each deployment takes part in. */
  platforms: Map<string, string[]>;
}

/**
 * Loaded units joined, every resource placed in its deployment (`scanned`: the entries placement
 * reads, see assignDeployments), one graph built and the rules run over it.
 */
export function analyzeUnits(
  units: readonly LoadUnit[],
  loaded: readonly LoadResult[],
  scanned: readonly ScannedEntry[],
  rules: readonly Rule[],
  deploymentOptions: DeploymentOptions,
  plan: LoadPlan & { evaluationsInScan?: Partial<Record<Format, number>>; keepContexts?: boolean } = {},
): UnitsAnalysis {
  const { resources, errors, skipped, files, evaluations } = joinResults(
    units,
    loaded,
    plan.evaluationsInScan,
  );
  const deployments = assignDeployments(resources, scanned, deploymentOptions);
  const graph = new ResourceGraph(deployments.resources, deployments.platforms);
  const run = runRules(graph, rules, plan.fixes === false ? [] : files, { keepContexts: plan.keepContexts });
  return {
    graph,
    findings: run.findings,
    allContexts: run.allContexts,
    blocks: run.blocks,
    errors: capErrorsPerFile(errors),
    skipped,
    files,
    evaluations,
    platforms: deployments.platforms,
  };
}

export interface AnalyzeResult extends UnitsAnalysis {
  /** Entry files no loader claimed. */
  unclaimed: string[];
}

/**
 * Load the given entry files with the loader of their format, place every resource in its deployment,
 * build one graph and run the rules. (A scan does this group by group: see engine/groups.ts.)
 * Pure apart from what the host reads.
 */
export async function analyze(
  entries: readonly SourceFile[],
  host: LoadHost,
  options: LoaderOptions,
  rules: readonly Rule[],
  deploymentOptions: DeploymentOptions = {},
  /** Entry files parsed so far, out of all of them. */
  onProgress?: (parsed: number, total: number) => void,
  plan: LoadPlan = {},
): Promise<AnalyzeResult> {
  const { units, scanned, unclaimed } = planUnits(entries, host, options);
  // As a scan's groups do: a file several units read (a module every root calls) is parsed once.
  const progress = withProgress(units, withSharedSyntax(options, sharedEntries(units)), onProgress);
  const loaded: LoadResult[] = [];
  for (const unit of units) loaded.push(await loadUnit(unit, host, progress));
  return { ...analyzeUnits(units, loaded, scanned, rules, deploymentOptions, plan), unclaimed };
}

/** The entry files that more than one unit reads, sorted. */
export function sharedEntries(units: readonly LoadUnit[]): string[] {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const u of units) for (const e of u.entries) (seen.has(e.path) ? shared : seen).add(e.path);
  return [...shared].sort();
}

/**
 * The options with a syntax cache that keeps the parse of the shared files, for the units of one
 * thread (unless the caller keeps one already: the language server's). The other files of a shared
 * file's folder are kept too: a Terraform module is its whole folder, and a file named alone brings
 * its module's other files as each calling root reads them, not as entries (terraform-azurerm-aks's
 * main.tf named alone: each of its 7 sibling files was parsed once per example that calls the module,
 * 9 times).
 */
export function withSharedSyntax(options: LoaderOptions, shared: readonly string[]): LoaderOptions {
  if (options.syntaxCache || shared.length === 0) return options;
  const folders = new Set(shared.map(folderOf));
  return {
    ...options,
    syntaxCache: new SyntaxCache(Number.MAX_SAFE_INTEGER, (p) => folders.has(folderOf(p))),
  };
}

const folderOf = (file: string): string => path.posix.dirname(normalizePath(file));

/** The options with `onParsed` telling `onProgress` each entry of the units parsed (once), if given. */
export function withProgress(
  units: readonly LoadUnit[],
  options: LoaderOptions,
  onProgress?: (parsed: number, total: number) => void,
): LoaderOptions {
  if (!onProgress) return options;
  const pending = new Set(units.flatMap((u) => u.entries.map((e) => e.path)));
  const total = pending.size;
  const onParsed = (p: string) => {
    if (pending.delete(p)) onProgress(total - pending.size, total);
  };
  return { ...options, onParsed };
}

/** More errors than this in one file are the same mistake seen again: they would only flood the output. */
export const MAX_ERRORS_PER_FILE = 100;

/**
 * Each file's first errors, in the order the loader found them, and one more standing for the rest
 * ("… and 19,802 more errors in this file"), at the first one left out.
 */
export function capErrorsPerFile(errors: readonly FileError[]): FileError[] {
  const count = new Map<string, number>();
  for (const e of errors) count.set(e.file, (count.get(e.file) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out: FileError[] = [];
  for (const e of errors) {
    const n = (seen.get(e.file) ?? 0) + 1;
    seen.set(e.file, n);
    if (n <= MAX_ERRORS_PER_FILE) out.push(e);
    else if (n === MAX_ERRORS_PER_FILE + 1) {
      const more = count.get(e.file)! - MAX_ERRORS_PER_FILE;
      out.push({
        ...e,
        message: `${more.toLocaleString('en-US')} more errors in this file were not listed (the first ${MAX_ERRORS_PER_FILE} are)`,
      });
    }
  }
  return out;
}
