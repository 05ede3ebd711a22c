import type { FileError, LoadHost, LoaderOptions, Resource, SkipNote, SourceFile, Finding } from '../model';
import { assignDeployments, type DeploymentOptions, type ScannedEntry } from '../graph/deployments';
import { ResourceGraph } from '../graph/graph';
import { LOADERS } from '../evaluate/loaders';
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

/**
 * Load the given entry files with the loader of their format, place every resource in its deployment,
 * build one graph and run the rules.
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
): Promise<AnalyzeResult> {
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
  const resources: Resource[] = [];
  const errors: FileError[] = [];
  const skipped: SkipNote[] = [];
  const files = new Map<string, SourceFile>();
  const pending = new Set([...byLoader.values()].flat().map((e) => e.path));
  const total = pending.size;
  const onParsed = onProgress
    ? (p: string) => {
        if (pending.delete(p)) onProgress(total - pending.size, total);
      }
    : undefined;
  for (const loader of LOADERS) {
    const list = byLoader.get(loader);
    if (!list) continue;
    const result = await loader.load(list, host, onParsed ? { ...options, onParsed } : options);
    resources.push(...result.resources);
    errors.push(...result.errors);
    skipped.push(...result.skipped);
    for (const f of [...list, ...result.files]) files.set(f.path, f);
  }
  const scanned: ScannedEntry[] = entries.map((e) => ({ ...e, format: claimedBy.get(e)?.format }));
  const deployments = assignDeployments(resources, scanned, deploymentOptions);
  const graph = new ResourceGraph(deployments.resources, deployments.platforms);
  const read = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const run = runRules(graph, rules, read);
  return {
    graph,
    findings: run.findings,
    errors,
    skipped,
    files: read,
    unclaimed,
  };
}
