import * as path from 'node:path';
import {
  mergeFindings,
  normalizePath,
  uniqueErrors,
  uniqueNotes,
  UNREAD_MODULE,
  type FileError,
  type Finding,
  type Format,
  type LoadHost,
  type LoaderOptions,
  type LoadResult,
  type Resource,
  type SkipNote,
  type SourceFile,
} from '../model';
import { parentOf, type DeploymentOptions, type ScannedEntry } from '../graph/deployments';
import { ResourceGraph } from '../graph/graph';
import { isKustomization } from '../parsers/kubernetes/kustomize';
import { buildsCluster, wellKnownModule } from '../views/modules';
import type { Rule } from '../../policies/api';
import type { ValueShape } from '../views/reading';
import { keptAcross, keptAcrossDeployments } from '../views/view';
import {
  analyzeUnits,
  loadUnit,
  planUnits,
  sharedEntries,
  withProgress,
  withSharedSyntax,
  type LoadUnit,
} from './analyze';
import { loaderFor } from '../evaluate/loaders';
import { scanInBatches } from './batches';
import { blockOf, runRules } from './run';
import { groupsOfShard, shardGroups, type Shard } from './shard';
import { collectSuppressionInputs, joinSuppressionInputs, type SuppressionInputs } from './suppress';

/**
 * A scan runs as a sequence of independent groups of units (engine/shard.ts: units graph rules could
 * pair stay together): each group is loaded, placed in its deployments, made a graph and checked, and
 * only what the report needs is kept (findings, problems, counts, what suppressions need), so that
 * memory holds one group's graph and texts at a time. Groups run in this thread or, whole, in worker
 * threads (engine/parallel.ts); their results join in group order, the same bytes either way.
 */

/** What every group of a scan shares. Plain data: worker threads get it as it is. */
export interface GroupJob {
  options: LoaderOptions;
  deployment: DeploymentOptions;
  /** What placing a group's Kubernetes objects reads of the other entries (see placementOf). */
  placement: Placement;
  fixes: boolean;
  /** Units of each format in the whole scan: each group links as the whole scan would (see joinResults). */
  evaluationsInScan: Partial<Record<Format, number>>;
  /**
   * The types (lower-cased) whose resources a group keeps for the rules run across groups, each with
   * what those rules read of them (see keptAcrossDeployments).
   */
  across: Record<string, ValueShape>;
  /** Entry files several units read (a module every root calls): each thread parses them once. */
  shared: string[];
  /** Manifest text of one part of a large group of loose manifests (default BATCH_BYTES; tests). */
  batchBytes?: number;
}

/** What a group leaves once its graph and texts are dropped. Plain data. */
export interface GroupResult {
  /** Each with every context it holds under: contexts other groups evaluated are merged in the join. */
  findings: Finding[];
  /** For each finding, the contexts of this group its block was evaluated under (null: none). */
  allContexts: Array<string[] | null>;
  /** For each finding under a context, its resource's block (see blockOf). */
  blocks: Array<string | null>;
  /**
   * The contexts of this group each block of a file other groups may read too was evaluated under: a
   * finding another group met there holds under only some of the contexts of every group.
   */
  evaluated: Array<[string, string[]]>;
  errors: FileError[];
  /** Notes, those of module calls that build a cluster marked so. */
  skipped: SkipNote[];
  /** The path of every file read. */
  read: string[];
  /** Resources, module calls that were not read left out. */
  resources: number;
  deployments: string[];
  /** The contexts of the deployments evaluated under some (see ResourceGraph.contexts). */
  contexts: Array<[string, string[]]>;
  evaluations: Partial<Record<Format, number>>;
  suppressions: SuppressionInputs;
  /** The resources of the types the job names, and the platforms of their deployments. */
  kept: Resource[];
  platforms: Array<[string, string[]]>;
}

/** Loads, places and checks one group of units; keeps what its report needs. */
export async function scanGroup(
  units: readonly LoadUnit[],
  host: LoadHost,
  job: GroupJob,
  rules: readonly Rule[],
): Promise<GroupResult> {
  const inBatches = await scanInBatches(units, host, job, rules, () =>
    placementEntries(units, job.placement),
  );
  if (inBatches) return inBatches;
  const loaded: LoadResult[] = [];
  for (const unit of units) loaded.push(await loadUnit(unit, host, job.options));
  const unplaced = loaded.some((r) => r.resources.some((x) => x.format === 'kubernetes' && !x.deployment));
  const placement = unplaced ? placementEntries(units, job.placement) : [];
  const run = analyzeUnits(units, loaded, placement, rules, job.deployment, {
    fixes: job.fixes,
    evaluationsInScan: job.evaluationsInScan,
    keepContexts: true,
  });
  const { graph } = run;
  const kept: Resource[] = [];
  for (const r of graph.resources) {
    const read = keptAcross(r, job.across);
    if (read) kept.push(read);
  }
  const deployments = new Set(kept.map((r) => r.deployment));
  return {
    findings: run.findings,
    allContexts: run.findings.map((_, i) => run.allContexts?.[i] ?? null),
    blocks: run.findings.map((_, i) => run.blocks?.[i] ?? null),
    evaluated: evaluatedBlocks(graph.resources, units, job.shared),
    errors: run.errors,
    skipped: markClusterModules(run.skipped, graph.ofType(UNREAD_MODULE)),
    read: run.files.map((f) => f.path),
    resources: graph.resources.filter((r) => r.type !== UNREAD_MODULE).length,
    deployments: graph.deployments,
    contexts: [...graph.contexts],
    evaluations: run.evaluations,
    suppressions: collectSuppressionInputs(run.files, graph.resources),
    kept,
    platforms: [...run.platforms].filter(([d]) => deployments.has(d)),
  };
}

/**
 * The blocks of files other groups may read too (entries several units list, files that are no entry
 * of this group: a module folder outside the scanned paths), each with the contexts it was evaluated
 * under here.
 */
function evaluatedBlocks(
  resources: readonly Resource[],
  units: readonly LoadUnit[],
  shared: readonly string[],
): Array<[string, string[]]> {
  const sharedFiles = new Set(shared);
  const own = new Set(units.flatMap((u) => u.entries.map((e) => e.path)).filter((p) => !sharedFiles.has(p)));
  const out = new Map<string, string[]>();
  for (const r of resources) {
    if (!r.context || own.has(r.range.file)) continue;
    const block = blockOf(r);
    if (block === undefined) continue;
    if (!out.has(block)) out.set(block, r.context.all);
  }
  return [...out];
}

/**
 * Placing Kubernetes objects reads the other entries of the scan for one thing only: which folders
 * hold a file of another format or a kustomization (see assignDeployments). For each such folder and
 * every folder above it: one entry below it (its text left out, only its place counts).
 */
export type Placement = Record<string, ScannedEntry>;

export function placementOf(scanned: readonly ScannedEntry[]): Placement {
  const below = new Map<string, ScannedEntry>();
  for (const e of scanned) {
    if (!isKustomization(e.path) && (e.format === undefined || e.format === 'kubernetes')) continue;
    const stand = { path: e.path, text: '', format: e.format };
    for (let d: string | undefined = folderOf(e.path); d !== undefined && !below.has(d); d = parentOf(d))
      below.set(d, stand);
  }
  return Object.fromEntries(below);
}

/**
 * The entries a group's placement reads: its own (its kustomizations with their text), and for every
 * folder above its manifests that holds another format's file, one such file, so that the folders
 * above its manifests are told apart as the whole scan tells them.
 */
function placementEntries(units: readonly LoadUnit[], placement: Placement): ScannedEntry[] {
  const own = units
    .filter((u) => u.format === 'kubernetes')
    .flatMap((u) => u.entries.map((e) => ({ ...e, format: 'kubernetes' as const })));
  const others = new Set<ScannedEntry>();
  for (const e of own) {
    for (let d: string | undefined = folderOf(e.path); d !== undefined; d = parentOf(d)) {
      const stand = Object.hasOwn(placement, d) ? placement[d] : undefined;
      if (stand) others.add(stand);
    }
  }
  // Its own last: a kustomization read by a stand-in's empty text is read again with its own.
  return [...others, ...own];
}

/** Runs groups, one result per group in their order: here, or in worker threads (engine/parallel.ts). */
export type GroupRunner = (
  groups: readonly (readonly LoadUnit[])[],
  host: LoadHost,
  job: GroupJob,
  rules: readonly Rule[],
) => Promise<GroupResult[]>;

export async function runGroupsHere(
  groups: readonly (readonly LoadUnit[])[],
  host: LoadHost,
  job: GroupJob,
  rules: readonly Rule[],
): Promise<GroupResult[]> {
  const out: GroupResult[] = [];
  for (const units of groups) out.push(await scanGroup(units, host, job, rules));
  return out;
}

export interface GroupsPlan {
  /** Build the fixes of findings (see LoadPlan.fixes). */
  fixes?: boolean;
  runGroups?: GroupRunner;
  /** `--shard i/n`: only the groups of this shard. */
  shard?: Shard;
  /** Every unit in one group: one graph for the whole scan (what groups must equal; tests). */
  oneGroup?: boolean;
  /** See GroupJob.batchBytes. */
  batchBytes?: number;
}

/** The results of a scan's groups as one. */
export interface GroupedAnalysis {
  findings: Finding[];
  errors: FileError[];
  skipped: SkipNote[];
  read: Set<string>;
  resources: number;
  deployments: number;
  contexts: Map<string, string[]>;
  suppressions: SuppressionInputs;
  /** Entry files no loader claimed. */
  unclaimed: string[];
  /** The entry files of the groups scanned (a shard's own files). */
  entries: Set<string>;
}

/**
 * `analyze`, group by group: the entry files' units, joined into groups (engine/shard.ts), those of the
 * shard when asked, each group scanned apart, their results joined.
 */
export async function analyzeInGroups(
  entries: readonly SourceFile[],
  host: LoadHost,
  options: LoaderOptions,
  rules: readonly Rule[],
  deployment: DeploymentOptions,
  onProgress: ((parsed: number, total: number) => void) | undefined,
  plan: GroupsPlan = {},
): Promise<GroupedAnalysis> {
  const { units, scanned, unclaimed } = planUnits(entries, host, options);
  // Rules that pair resources of any deployments run once, after the groups, over the resources they read.
  const apart = plan.oneGroup ? [] : rules.filter((r) => r.view.acrossDeployments);
  const local = rules.filter((r) => !apart.includes(r));
  const every = plan.oneGroup ? [units.map((_, i) => i)] : shardGroups(units, deployment.clusters ?? {});
  const indexes = plan.shard ? groupsOfShard(every, units, plan.shard) : every;
  const groups = indexes.map((g) => g.map((i) => units[i]));
  const evaluationsInScan: Partial<Record<Format, number>> = {};
  for (const u of units) evaluationsInScan[u.format] = (evaluationsInScan[u.format] ?? 0) + 1;
  const shared = sharedEntries(groups.flat());
  const job: GroupJob = {
    options: withProgress(groups.flat(), withSharedSyntax(options, shared), onProgress),
    deployment,
    placement: placementOf(scanned),
    fixes: plan.fixes !== false,
    evaluationsInScan,
    across: keptAcrossDeployments(apart.map((r) => r.view)),
    shared,
    // One graph is what parts must equal: never split.
    batchBytes: plan.oneGroup ? Infinity : plan.batchBytes,
  };
  const results = await (plan.runGroups ?? runGroupsHere)(groups, host, job, local);
  // Units that evaluate nothing (a root that failed) make fewer evaluations than units: the one group
  // left with an evaluation is scanned again with the true count, as the whole scan links it (the
  // others have nothing to link). A shard cannot know the others' count.
  if (!plan.shard) {
    const actual: Partial<Record<Format, number>> = {};
    for (const r of results)
      for (const [format, n] of Object.entries(r.evaluations) as Array<[Format, number]>)
        actual[format] = (actual[format] ?? 0) + n;
    const wrong = (Object.keys(evaluationsInScan) as Format[]).filter(
      (f) => evaluationsInScan[f]! > 1 && (actual[f] ?? 0) <= 1,
    );
    if (wrong.length > 0) {
      const exact = {
        ...job,
        options,
        evaluationsInScan: { ...evaluationsInScan, ...actualOf(wrong, actual) },
      };
      for (let g = 0; g < groups.length; g++)
        if (wrong.some((f) => (results[g].evaluations[f] ?? 0) > 0))
          results[g] = await scanGroup(groups[g], host, exact, local);
    }
  }
  const texts = new Map(entries.map((e) => [e.path, e.text]));
  const textOf = (file: string) => texts.get(file) ?? host.readFile(file);
  const acrossResults = plan.shard
    ? await withOtherShards(every, indexes, results, units, host, { ...job, options }, apart)
    : results;
  const read = new Set(results.flatMap((r) => r.read));
  const across = checkAcrossGroups(acrossResults, apart, job.fixes ? textOf : undefined).filter((f) =>
    read.has(f.file),
  );
  const scannedEntries = new Set(groups.flatMap((g) => g.flatMap((u) => u.entries.map((e) => e.path))));
  return { ...joinGroups(results, across), unclaimed, entries: scannedEntries };
}

/**
 * A shard's group results, with those of the other shards' groups that bear on its findings from rules
 * across deployments: the groups whose files (a Terraform root's local modules included) name a type
 * such a rule reads from every shard (the Defender plans a cluster is told of) are loaded here,
 * unchecked, keeping the resources of those types. In the whole scan's group order. Findings on the
 * others' resources are left to their shards (the caller keeps those in files this shard read).
 */
async function withOtherShards(
  every: readonly number[][],
  mine: readonly number[][],
  results: readonly GroupResult[],
  units: readonly LoadUnit[],
  host: LoadHost,
  job: GroupJob,
  rules: readonly Rule[],
): Promise<GroupResult[]> {
  const types = [...new Set(rules.flatMap((r) => r.view.acrossDeployments?.fromEveryShard ?? []))];
  if (types.length === 0) return [...results];
  const names = new RegExp(types.map((t) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'i');
  const namesOne = (unit: LoadUnit) =>
    unit.entries.some((e) => names.test(e.text)) ||
    (loaderFor(unit.format)?.moduleTexts?.(unit.entries, host) ?? []).some((t) => names.test(t));
  const own = new Map(mine.map((g, i) => [g, results[i]]));
  const others = {
    ...job,
    across: Object.fromEntries(types.map((t) => [t.toLowerCase(), job.across[t.toLowerCase()] ?? true])),
  };
  const out: GroupResult[] = [];
  for (const g of every) {
    const result = own.get(g);
    if (result) out.push(result);
    else if (g.some((i) => namesOne(units[i])))
      out.push(
        await scanGroup(
          g.map((i) => units[i]),
          host,
          others,
          [],
        ),
      );
  }
  return out;
}

/**
 * The rules that pair resources of any deployments, over the resources of their types every group kept
 * (in group order, as one graph of the whole scan holds them). `textOf` gives the texts fixes are built
 * against; without it findings carry no fixes.
 */
function checkAcrossGroups(
  results: readonly GroupResult[],
  rules: readonly Rule[],
  textOf?: (file: string) => string | undefined,
): Finding[] {
  if (rules.length === 0) return [];
  const resources = results.flatMap((r) => r.kept);
  const graph = new ResourceGraph(resources, new Map(results.flatMap((r) => r.platforms)));
  const files: SourceFile[] = [];
  for (const file of textOf ? new Set(resources.map((r) => r.file)) : []) {
    const text = textOf!(file);
    if (text !== undefined) files.push({ path: file, text });
  }
  return runRules(graph, rules, files).findings;
}

function actualOf(formats: readonly Format[], actual: Partial<Record<Format, number>>) {
  return Object.fromEntries(formats.map((f) => [f, actual[f] ?? 0])) as Partial<Record<Format, number>>;
}

/**
 * Groups' results in group order as the results of the whole scan: a finding or a problem two groups
 * met in a file both read told once, a file both read counted once.
 */
export function joinGroups(
  results: readonly GroupResult[],
  more: readonly Finding[] = [],
): Omit<GroupedAnalysis, 'unclaimed' | 'entries'> {
  const contexts = new Map<string, Set<string>>();
  for (const r of results) {
    for (const [deployment, names] of r.contexts) {
      let set = contexts.get(deployment);
      if (!set) contexts.set(deployment, (set = new Set()));
      for (const n of names) set.add(n);
    }
  }
  // A module's block evaluated by roots of several groups: its findings merge here, as in one graph,
  // naming the contexts they hold under among those of every group that evaluated the block.
  // Lists grown in place: a block of a module 131 roots call, each in a group of its own, was copied
  // once per group before.
  const evaluated = new Map<string, string[]>();
  for (const r of results)
    for (const [block, names] of r.evaluated) {
      const list = evaluated.get(block);
      if (list) for (const name of names) list.push(name);
      else evaluated.set(block, [...names]);
    }
  const allContexts = new Map<Finding, readonly string[]>();
  for (const r of results)
    r.findings.forEach((f, i) => {
      const all = r.allContexts[i];
      const block = r.blocks[i];
      const elsewhere = block === null ? undefined : evaluated.get(block);
      // One of the two is the list as it is (mergeFindings only reads it).
      if (all && elsewhere) allContexts.set(f, [...all, ...elsewhere]);
      else if (all || elsewhere) allContexts.set(f, (all ?? elsewhere)!);
    });
  return {
    findings: mergeFindings([...results.flatMap((r) => r.findings), ...more], (f) => allContexts.get(f)),
    errors: uniqueErrors(results.flatMap((r) => r.errors)),
    skipped: uniqueNotes(results.flatMap((r) => r.skipped)),
    read: new Set(results.flatMap((r) => r.read)),
    resources: results.reduce((n, r) => n + r.resources, 0),
    deployments: new Set(results.flatMap((r) => r.deployments)).size,
    contexts: new Map(
      [...contexts]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([deployment, names]) => [deployment, [...names].sort()]),
    ),
    suppressions: joinSuppressionInputs(results.map((r) => r.suppressions)),
  };
}

/**
 * Notes of module calls not read that build a cluster (by their source or the settings they pass) say
 * so, and whether the call was still checked against the module's documented inputs.
 */
function markClusterModules(notes: readonly SkipNote[], calls: readonly Resource[]): SkipNote[] {
  return notes.map((note) => {
    if (!note.module) return note;
    const call = calls.find(
      (c) =>
        c.file === note.file &&
        c.moduleSource === note.module &&
        note.line !== undefined &&
        note.line >= c.range.line &&
        note.line <= c.range.endLine,
    );
    if (!call || !buildsCluster(call)) return note;
    return wellKnownModule(call)
      ? { ...note, cluster: true, checkedAtCallSite: true }
      : { ...note, cluster: true };
  });
}

function folderOf(file: string): string {
  return path.posix.dirname(normalizePath(file));
}
