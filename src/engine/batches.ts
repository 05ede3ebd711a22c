import {
  compareFindings,
  uniqueErrors,
  uniqueNotes,
  UNREAD_MODULE,
  type FileError,
  type Finding,
  type Format,
  type LoadHost,
  type LoadResult,
  type Resource,
  type SkipNote,
  type SourceFile,
} from '../model';
import {
  assignDeployments,
  clusterMatchers,
  fluxClusterFolder,
  folderDeploymentName,
  type ScannedEntry,
} from '../graph/deployments';
import { object } from '../model/value';
import { ResourceGraph } from '../graph/graph';
import { isKustomization } from '../parsers/kubernetes/kustomize';
import { readManifestFile } from '../parsers/kubernetes/manifests';
import { keptAcross, type View, type ViewInstance } from '../views/view';
import type { Rule } from '../../policies/api';
import { analyzeUnits, loadUnit, type LoadUnit } from './analyze';
import type { GroupJob, GroupResult } from './groups';
import { runRules } from './run';
import { GITOPS_OBJECT } from './shard';
import {
  collectSuppressionInputs,
  joinSuppressionInputs,
  renameDeployments,
  type SuppressionInputs,
} from './suppress';

/**
 * A large group of loose manifests (all copies of a folder under one top folder are one group: one
 * deployment) is checked part by part, so that memory holds one part's value trees, not the group's.
 * Each part is loaded and checked by the rules that read one object per instance; what the views of the
 * other rules read of each object of their `acrossObjects` types is kept, and those rules run once at
 * the end. A rule that looks objects up in the graph (`looksUp`) finds those of every part: they are read
 * first, from the files whose text names their kind. The report is the same to the byte as the group's
 * in one graph (test/engine/batches.test.ts).
 *
 * Only groups whose every object goes to a folder of manifests (no kustomization, GitOps or config
 * cluster places them) are checked so, since then where an object goes depends on its path alone; the
 * folder's name (the folder its manifests share) is known once all are read: parts use its top folder.
 */

/** Manifest text in one part, by default: a group of more is checked part by part. */
export const BATCH_BYTES = 2_000_000;

/**
 * The group's result, checked part by part; undefined when it is not a large group of loose manifests,
 * or when a kind looked up was written so that its text does not name it (then it is checked whole).
 */
export async function scanInBatches(
  units: readonly LoadUnit[],
  host: LoadHost,
  job: GroupJob,
  rules: readonly Rule[],
  placementOf: () => ScannedEntry[],
): Promise<GroupResult | undefined> {
  const batchBytes = job.batchBytes ?? BATCH_BYTES;
  // Size first: it is cheap, and most groups are small (the other test reads every text).
  if (bytesOf(units) <= batchBytes || !onlyLooseManifests(units, job)) return undefined;
  // Loose manifests place nothing: only the entries standing for other folders (another format's
  // files, kustomizations) count.
  const placement = placementOf().filter((e) => e.format !== 'kubernetes' || isKustomization(e.path));
  const deployment = { ...job.deployment, namedByTop: true };
  const analyzePart = (part: readonly LoadUnit[], loaded: readonly LoadResult[]) =>
    analyzeUnits(part, loaded, placement, [], deployment, {
      fixes: job.fixes,
      evaluationsInScan: job.evaluationsInScan,
    });

  const atEnd = rules.filter((r) => r.view.acrossObjects);
  const perPart = rules.filter((r) => !r.view.acrossObjects);
  const readers = readersOf(atEnd.map((r) => r.view));
  // What each view at the end read of every part's objects, and the objects as findings name them.
  const read = new Map<View, ViewInstance[]>();
  const keptForEnd: Resource[] = [];
  const lookedUp = new Set(perPart.flatMap((r) => r.looksUp ?? []).map((t) => t.toLowerCase()));

  // The objects rules look up, from every part, placed as each part places them: read from the
  // documents whose text names their kind (checked against each part's objects below).
  const names = [...lookedUp].map((t) => new RegExp(`\\b${t.replace(/[^\w]/g, '\\$&')}\\b`, 'i'));
  const found: Resource[] = [];
  for (const unit of units)
    for (const entry of unit.entries)
      for (const doc of documentsNaming(entry, names))
        for (const r of readManifestFile(doc).resources)
          if (lookedUp.has(r.type.toLowerCase())) found.push(r);
  const shared = found.length === 0 ? [] : assignDeployments(found, placement, deployment).resources;
  const sharedKeys = new Set(shared.map(objectKey));
  // Each type's list once, the same array in every part's graph (see ResourceGraph's `shared`).
  const sharedByType = new Map<string, Resource[]>();
  for (const r of shared) {
    const key = r.type.toLowerCase();
    const list = sharedByType.get(key);
    if (list) list.push(r);
    else sharedByType.set(key, [r]);
  }
  let sharedSeen = 0;

  const findings: Finding[] = [];
  const errors: FileError[] = [];
  const skipped: SkipNote[] = [];
  const filesRead = new Set<string>();
  const suppressions: SuppressionInputs[] = [];
  const evaluations: Partial<Record<Format, number>> = {};
  const deployments = new Set<string>();
  const contexts = new Map<string, Set<string>>();
  const platforms = new Map<string, string[]>();
  const filesByFolder = new Map<string, string[]>();
  const keptAcrossGroups: Resource[] = [];
  let resources = 0;
  // One part loaded, checked and reduced to what the end needs; false when it holds an object looked up
  // that was not read first. A function of its own: an async function's locals live until it returns,
  // and the loop's held the last part's loads and graph until the scan's end (a part's worth of values).
  const checkPart = async (part: readonly LoadUnit[]): Promise<boolean> => {
    const loaded: LoadResult[] = [];
    for (const unit of part) loaded.push(await loadUnit(unit, host, job.options));
    const run = analyzePart(part, loaded);
    const own = run.graph.resources;
    for (const r of own) {
      if (lookedUp.has(r.type.toLowerCase())) {
        if (!sharedKeys.has(objectKey(r))) return false;
        sharedSeen++;
      }
    }
    const graph =
      lookedUp.size === 0
        ? run.graph
        : new ResourceGraph(
            [...own.filter((r) => !lookedUp.has(r.type.toLowerCase())), ...shared],
            run.platforms,
            sharedByType,
          );
    for (const f of runRules(graph, perPart, job.fixes ? run.files : []).findings) findings.push(f);
    for (const e of run.errors) errors.push(e);
    for (const n of run.skipped) skipped.push(n);
    for (const f of run.files) filesRead.add(f.path);
    suppressions.push(collectSuppressionInputs(run.files, own));
    for (const [format, n] of Object.entries(run.evaluations) as Array<[Format, number]>)
      evaluations[format] = (evaluations[format] ?? 0) + n;
    for (const d of run.graph.deployments) deployments.add(d);
    for (const [d, list] of run.graph.contexts) {
      let set = contexts.get(d);
      if (!set) contexts.set(d, (set = new Set()));
      for (const c of list) set.add(c);
    }
    for (const [d, list] of run.platforms) if (!platforms.has(d)) platforms.set(d, list);
    for (const r of own) {
      if (r.type !== UNREAD_MODULE) resources++;
      if (r.format === 'kubernetes' && r.deployment !== undefined) {
        const files = filesByFolder.get(r.deployment);
        if (!files) filesByFolder.set(r.deployment, [r.file]);
        else if (files[files.length - 1] !== r.file) files.push(r.file);
      }
      const across = keptAcross(r, job.across);
      if (across) keptAcrossGroups.push(across);
      const views = readers.get(r.type.toLowerCase());
      if (views) {
        const as = withoutBody(r);
        keptForEnd.push(as);
        for (const view of views) {
          let list = read.get(view);
          if (!list) read.set(view, (list = []));
          list.push(view.acrossObjects!.read(r, as));
        }
      }
    }
    return true;
  };
  for (const part of batches(units, batchBytes)) if (!(await checkPart(part))) return undefined;
  if (sharedSeen !== shared.length) return undefined;

  // Each folder of manifests named as the whole group names it (see assignDeployments).
  const folderName = new Map([...filesByFolder].map(([top, files]) => [top, folderDeploymentName(files)]));
  const rename = (d: string) => folderName.get(d) ?? d;
  const renamed = (r: Resource): Resource =>
    r.deployment === undefined ? r : { ...r, deployment: rename(r.deployment) };
  for (const f of findings) if (f.deployment !== undefined) f.deployment = rename(f.deployment);
  const platformsOf = new Map<string, string[]>();
  for (const [d, list] of platforms) if (!platformsOf.has(rename(d))) platformsOf.set(rename(d), list);

  if (atEnd.length > 0) {
    // The kept objects are this scan's own copies: named in place.
    for (const r of keptForEnd) if (r.deployment !== undefined) r.deployment = rename(r.deployment);
    const instances = new Map<View, ViewInstance[]>();
    for (const rule of atEnd)
      if (!instances.has(rule.view))
        instances.set(rule.view, rule.view.acrossObjects!.select(read.get(rule.view) ?? []));
    const texts = new Map(units.flatMap((u) => u.entries.map((e) => [e.path, e.text] as const)));
    const files: SourceFile[] = [];
    for (const file of job.fixes ? new Set(keptForEnd.map((r) => r.file)) : []) {
      const text = texts.get(file) ?? host.readFile(file);
      if (text !== undefined) files.push({ path: file, text });
    }
    const graph = new ResourceGraph(keptForEnd, platformsOf);
    for (const f of runRules(graph, atEnd, files, { instances }).findings) findings.push(f);
  }

  const kept = keptAcrossGroups.map(renamed);
  const keptDeployments = new Set(kept.map((r) => r.deployment));
  const joined = renameDeployments(joinSuppressionInputs(suppressions), rename);
  const contextsOf = new Map<string, Set<string>>();
  for (const [d, set] of contexts) {
    let into = contextsOf.get(rename(d));
    if (!into) contextsOf.set(rename(d), (into = new Set()));
    for (const c of set) into.add(c);
  }
  findings.sort(compareFindings);
  return {
    findings,
    // Objects placed by their folder belong to one deployment: no finding holds under contexts.
    allContexts: findings.map(() => null),
    blocks: findings.map(() => null),
    evaluated: [],
    errors: uniqueErrors(errors),
    skipped: uniqueNotes(skipped),
    read: [...filesRead].sort(byText),
    resources,
    deployments: [...new Set([...deployments].map(rename))].sort(byText),
    contexts: [...contextsOf].sort(([a], [b]) => byText(a, b)).map(([d, set]) => [d, [...set].sort()]),
    evaluations,
    // In file order, as one graph's files are read.
    suppressions: {
      ...joined,
      directives: stableByFile(joined.directives),
      invalid: stableByFile(joined.invalid),
    },
    kept,
    platforms: [...platformsOf].filter(([d]) => keptDeployments.has(d)),
  };
}

/** A YAML document marker at the start of a line. */
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * The documents of a manifest whose text names one of these kinds, each as a file of its own at its
 * lines (blank lines before it), so that what is read of it is where the whole file has it. A file with
 * a directive (`%YAML 1.1` changes what a scalar means) is one document.
 */
function documentsNaming(file: SourceFile, names: readonly RegExp[]): SourceFile[] {
  if (!names.some((n) => n.test(file.text))) return [];
  if (/^%/m.test(file.text)) return [file];
  const starts = [0, ...[...file.text.matchAll(DOCUMENT_MARKER)].map((m) => m.index).filter((i) => i > 0)];
  const out: SourceFile[] = [];
  let line = 0;
  starts.forEach((start, i) => {
    const text = file.text.slice(start, starts[i + 1] ?? file.text.length);
    if (names.some((n) => n.test(text))) out.push({ path: file.path, text: '\n'.repeat(line) + text });
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) line++;
  });
  return out;
}

/**
 * Every object of these units goes to a folder of manifests: no kustomization lists it, no config
 * cluster or GitOps object names its folder, it is not standard input.
 */
function onlyLooseManifests(units: readonly LoadUnit[], job: GroupJob): boolean {
  const clusters = clusterMatchers(job.deployment.clusters ?? {});
  return units.every(
    (u) =>
      u.format === 'kubernetes' &&
      u.entries.every(
        (e) =>
          !isKustomization(e.path) &&
          !GITOPS_OBJECT.test(e.text) &&
          fluxClusterFolder(e.path) === undefined &&
          e.path !== job.deployment.stdin &&
          !clusters.some((c) => c.matches(e.path)),
      ),
  );
}

/** Consecutive units of about `bytes` of text each, in their order. */
function batches(units: readonly LoadUnit[], bytes: number): LoadUnit[][] {
  const out: LoadUnit[][] = [];
  let size = Infinity;
  for (const unit of units) {
    const n = bytesOf([unit]);
    if (size + n > bytes && size > 0) {
      out.push([]);
      size = 0;
    }
    out[out.length - 1].push(unit);
    size += n;
  }
  return out;
}

function bytesOf(units: readonly LoadUnit[]): number {
  return units.reduce((n, u) => n + u.entries.reduce((m, e) => m + e.text.length, 0), 0);
}

/** For each type (lower-cased) the views of the rules at the end read, those views. */
function readersOf(views: readonly View[]): Map<string, View[]> {
  const out = new Map<string, View[]>();
  for (const view of new Set(views)) {
    for (const t of new Set(view.acrossObjects!.types.map((x) => x.toLowerCase()))) {
      const list = out.get(t);
      if (list) list.push(view);
      else out.set(t, [view]);
    }
  }
  return out;
}

/**
 * An object as the rules at the end name it in findings: without its body, which the views read as the
 * object's part is loaded (see AcrossObjects), so that the end keeps none of its value tree.
 */
export function withoutBody(r: Resource): Resource {
  return { ...r, body: object([], r.range) };
}

/** One object as it is placed: an object several deployments render is one per deployment. */
function objectKey(r: Resource): string {
  return [r.file, r.range.line, r.range.column, r.deployment ?? '', r.address].join('\u0000');
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function stableByFile<T extends { file: string }>(list: readonly T[]): T[] {
  return list
    .map((item, i) => ({ item, i }))
    .sort((a, b) => byText(a.item.file, b.item.file) || a.i - b.i)
    .map(({ item }) => item);
}
