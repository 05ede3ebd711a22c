import * as path from 'node:path';
import ignore from 'ignore';
import {
  getProperty,
  normalizePath,
  type Format,
  type Resource,
  type SourceFile,
  type Value,
} from '../model';
import { isKustomization, kustomizationResourcePaths } from '../parsers/kubernetes/kustomize';

/**
 * Deployments: what graph rules (a cluster and its diagnostic settings, NSGs and Defender plans,
 * workloads and the NetworkPolicies around them) stay inside, so that a result never depends on
 * which unrelated folders were scanned along with it.
 *
 * Azure deployments are named by their loaders: a Terraform root with its modules, an ARM or Bicep
 * entry template with its modules, nested deployments and parameter files. Kubernetes objects are
 * placed here, in this order of precedence:
 *
 * 1. a cluster the config declares (`clusters: {prod: ["clusters/prod/**", "platform/**"]}`);
 * 2. a GitOps cluster: a Flux `clusters/<name>/` folder, with the folders its Flux Kustomizations
 *    apply (`spec.path`), or an Argo CD Application's destination, with the folders it applies;
 * 3. the kustomization roots that render it (the kustomization and what it lists);
 * 4. else its folder of manifests: the highest folder above it that holds nothing but Kubernetes
 *    manifests (no Terraform, Bicep or ARM file, no kustomization, no cluster folder).
 *
 * An object several clusters or kustomization roots render is checked once in each of them.
 */

/** Config `clusters`: name -> path patterns (gitignore syntax, relative to the working directory). */
export type ClusterScopes = Readonly<Record<string, readonly string[]>>;

export interface DeploymentOptions {
  clusters?: ClusterScopes;
  /** Standard input's display name: everything it holds is one deployment. */
  stdin?: string;
  /**
   * Name each folder of manifests by its highest folder, not by the folder its manifests share: for
   * part of a group's manifests, when the others are not read yet (engine/batches.ts names them
   * with folderDeploymentName once all are).
   */
  namedByTop?: boolean;
}

/** An entry file of the scan and the format of the loader that claimed it (none: no loader did). */
export interface ScannedEntry extends SourceFile {
  format: Format | undefined;
}

export interface Deployments {
  /** The resources, with an object that several deployments render once per deployment. */
  resources: Resource[];
  /** The config clusters (platforms) each deployment takes part in. */
  platforms: Map<string, string[]>;
}

/** Whether two resources take part in one deployment, under one evaluation context. */
export function sameDeployment(a: Resource, b: Resource): boolean {
  return (
    (a.deployment ?? '') === (b.deployment ?? '') &&
    (!a.context || !b.context || a.context.name === b.context.name)
  );
}

export function assignDeployments(
  resources: readonly Resource[],
  entries: readonly ScannedEntry[],
  options: DeploymentOptions = {},
): Deployments {
  const clusters = clusterMatchers(options.clusters ?? {});
  const kubernetes = resources.filter((r) => r.format === 'kubernetes' && r.deployment === undefined);
  const memberships = kubernetesMemberships(kubernetes, entries, clusters, options);
  const out: Resource[] = [];
  for (const r of resources) {
    const names =
      r.format === 'kubernetes' && r.deployment === undefined ? memberships.get(r.file) : undefined;
    if (!names || names.length === 0) out.push(r);
    else if (names.length === 1) out.push({ ...r, deployment: names[0] });
    // Each deployment that renders the object is a context of it: a finding true in only some of
    // them names them, one true in all appears once.
    else for (const name of names) out.push({ ...r, deployment: name, context: { name, all: names } });
  }
  const platforms = new Map<string, Set<string>>();
  for (const r of out) {
    if (r.deployment === undefined) continue;
    let set = platforms.get(r.deployment);
    if (!set) platforms.set(r.deployment, (set = new Set()));
    for (const c of clusters) if (c.matches(r.file)) set.add(c.name);
  }
  return {
    resources: out,
    platforms: new Map([...platforms].map(([d, set]) => [d, [...set].sort()])),
  };
}

interface ClusterMatcher {
  name: string;
  matches(file: string): boolean;
}

export function clusterMatchers(scopes: ClusterScopes): ClusterMatcher[] {
  return Object.keys(scopes)
    .sort()
    .map((name) => {
      const patterns = ignore().add([...scopes[name]]);
      return { name, matches: (file: string) => isRelative(file) && patterns.ignores(normalizePath(file)) };
    });
}

function kubernetesMemberships(
  objects: readonly Resource[],
  entries: readonly ScannedEntry[],
  clusters: readonly ClusterMatcher[],
  { stdin, namedByTop }: DeploymentOptions,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Only objects are placed: a scan without any (most groups of Terraform, ARM or Bicep) reads no entry.
  if (objects.length === 0) return out;
  const files = [...new Set(objects.map((r) => r.file))].sort();
  const assign = (file: string, names: Iterable<string>) => {
    const list = [...new Set(names)].sort();
    if (list.length > 0) out.set(file, list);
  };
  const pending = (): string[] => files.filter((f) => !out.has(f));

  if (stdin !== undefined) assign(stdin, [stdin]);
  for (const file of pending()) {
    assign(
      file,
      clusters.filter((c) => c.matches(file)).map((c) => c.name),
    );
  }
  const gitops = gitOpsClusters(objects, files);
  for (const file of pending()) assign(file, gitops(file));
  const rendered = kustomizationRoots(entries);
  for (const file of pending()) assign(file, rendered.get(normalizePath(file)) ?? []);
  const folders = folderDeployments(pending(), entries, out, namedByTop);
  for (const [file, folder] of folders) assign(file, [folder]);
  return out;
}

/**
 * The GitOps clusters a file is applied to: the Flux cluster folder it is in, and the clusters whose
 * Flux Kustomizations or Argo CD Applications apply a folder that holds it.
 */
function gitOpsClusters(objects: readonly Resource[], files: readonly string[]): (file: string) => string[] {
  const applied: Array<{ folder: string; cluster: string }> = [];
  for (const r of objects) {
    const api = r.apiVersion ?? '';
    if (r.type === 'Kustomization' && api.startsWith('kustomize.toolkit.fluxcd.io/')) {
      const cluster = fluxClusterFolder(r.file);
      const spec = getProperty(r.body, 'spec');
      const target = textOf(getProperty(spec, 'path'));
      if (cluster && target !== undefined) {
        // Flux paths are relative to the repository root, the folder that holds `clusters/`.
        const base = path.posix.dirname(path.posix.dirname(cluster));
        applied.push({ folder: join(base, target), cluster });
      }
    } else if (r.type === 'Application' && api.startsWith('argoproj.io/')) {
      const spec = getProperty(r.body, 'spec');
      const destination = getProperty(spec, 'destination');
      const cluster = `argocd:${
        textOf(getProperty(destination, 'name')) ?? textOf(getProperty(destination, 'server')) ?? 'in-cluster'
      }`;
      const sources = [getProperty(spec, 'source'), ...itemsOf(getProperty(spec, 'sources'))];
      for (const source of sources) {
        const target = textOf(getProperty(source, 'path'));
        const folder = target === undefined ? undefined : argoFolder(r.file, target, files);
        if (folder !== undefined) applied.push({ folder, cluster });
      }
    }
  }
  return (file) => {
    const names = applied.filter((a) => isInside(file, a.folder)).map((a) => a.cluster);
    const own = fluxClusterFolder(file);
    return own ? [own, ...names] : names;
  };
}

/** `clusters/prod` for a file below `clusters/prod/` (at any depth of the path). */
export function fluxClusterFolder(file: string): string | undefined {
  const parts = normalizePath(file).split('/');
  if (parts.length < 3) return undefined;
  const i = parts.lastIndexOf('clusters', parts.length - 3);
  return i >= 0 ? parts.slice(0, i + 2).join('/') : undefined;
}

/**
 * Argo CD paths are relative to the repository root, which the scan does not know: the working
 * directory, else the highest folder above the Application from which the path holds scanned files.
 */
function argoFolder(appFile: string, target: string, files: readonly string[]): string | undefined {
  const above = ancestors(path.posix.dirname(normalizePath(appFile))).reverse();
  for (const base of ['.', ...above]) {
    const folder = join(base, target);
    if (files.some((f) => isInside(f, folder))) return folder;
  }
  return undefined;
}

/** For every manifest a kustomization root renders, the folders of the roots that render it. */
function kustomizationRoots(entries: readonly ScannedEntry[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const e of entries) {
    if (!isKustomization(e.path)) continue;
    const dir = path.posix.dirname(normalizePath(e.path));
    lists.set(
      dir,
      kustomizationResourcePaths(e).map((p) => join(dir, p)),
    );
  }
  const listed = new Set([...lists.values()].flat());
  const out = new Map<string, string[]>();
  for (const root of [...lists.keys()].sort()) {
    if (listed.has(root)) continue;
    const seen = new Set<string>();
    const visit = (dir: string) => {
      if (seen.has(dir) || seen.size > 500) return;
      seen.add(dir);
      for (const item of lists.get(dir) ?? []) {
        if (lists.has(item)) visit(item);
        else {
          const roots = out.get(item);
          if (!roots) out.set(item, [root]);
          else if (!roots.includes(root)) roots.push(root);
        }
      }
    };
    visit(root);
  }
  return out;
}

/**
 * Manifests placed by nothing else: each goes to the highest folder above it whose files (among those
 * scanned) are all loose Kubernetes manifests; the deployment is named by the folder its manifests
 * share, so that it does not depend on how far above them the scan started.
 */
function folderDeployments(
  files: readonly string[],
  entries: readonly ScannedEntry[],
  placed: ReadonlyMap<string, string[]>,
  namedByTop = false,
): Map<string, string> {
  const mixed = new Set<string>();
  for (const e of entries) {
    const p = normalizePath(e.path);
    const other = (e.format !== undefined && e.format !== 'kubernetes') || isKustomization(p);
    if (other || placed.has(e.path) || placed.has(p)) {
      for (const dir of ancestors(path.posix.dirname(p))) mixed.add(dir);
    }
  }
  const tops = new Map<string, string[]>();
  for (const file of files) {
    let top = path.posix.dirname(normalizePath(file));
    for (;;) {
      const parent = parentOf(top);
      if (parent === undefined || mixed.has(parent)) break;
      top = parent;
    }
    const group = tops.get(top);
    if (group) group.push(file);
    else tops.set(top, [file]);
  }
  const out = new Map<string, string>();
  for (const [top, group] of tops) {
    const name = namedByTop ? top : folderDeploymentName(group);
    for (const file of group) out.set(file, name);
  }
  return out;
}

/** The deployment of a folder of manifests: the folder its files (those that hold objects) share. */
export function folderDeploymentName(files: readonly string[]): string {
  return commonFolder(files.map(normalizePath));
}

function commonFolder(files: readonly string[]): string {
  let common = path.posix.dirname(files[0]).split('/');
  for (const f of files.slice(1)) {
    const parts = path.posix.dirname(f).split('/');
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  return common.length === 0 ? '.' : common.join('/') || '/';
}

/** A folder and every folder above it, nearest first, up to `.` or the file system's root. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d: string | undefined = dir; d !== undefined; d = parentOf(d)) out.push(d);
  return out;
}

/** The folder above, never climbing into `..` (outside the working directory) or above `/`. */
export function parentOf(dir: string): string | undefined {
  if (dir === '.' || dir === '/' || dir === '..' || dir.endsWith('/..')) return undefined;
  const parent = path.posix.dirname(dir);
  return parent === dir ? undefined : parent;
}

function isInside(file: string, folder: string): boolean {
  const f = normalizePath(file);
  return folder === '.' ? isRelative(f) : f === folder || f.startsWith(`${folder}/`);
}

function isRelative(file: string): boolean {
  const f = normalizePath(file);
  return !path.posix.isAbsolute(f) && f !== '..' && !f.startsWith('../');
}

function join(base: string, rel: string): string {
  return normalizePath(path.posix.join(base, rel.split('\\').join('/')));
}

function textOf(value: Value | undefined): string | undefined {
  return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined;
}

function itemsOf(value: Value | undefined): Value[] {
  return value?.kind === 'list' ? value.items : [];
}
