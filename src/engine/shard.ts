import * as path from 'node:path';
import { normalizePath, type SourceFile } from '../model';
import { clusterMatchers, fluxClusterFolder, parentOf, type ClusterScopes } from '../graph/deployments';
import { isKustomization, kustomizationResourcePaths } from '../parsers/kubernetes/kustomize';
import type { LoadUnit } from './analyze';

/** `--shard i/n`: the `index`-th (1-based) of `count` parts of a scan. */
export interface Shard {
  index: number;
  count: number;
}

/** `i/n` with 1 <= i <= n, else undefined. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const [index, count] = [Number(m[1]), Number(m[2])];
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/** Flux and Argo CD objects place manifests by what they apply: cheaply seen in the text. */
export const GITOPS_OBJECT = /kustomize\.toolkit\.fluxcd\.io|argoproj\.io/;

/**
 * The groups of one shard (see shardGroups: units that can meet in one deployment or platform, since
 * the graph rules pair resources only there, stay in one group). Groups of one family (the roots that
 * call one module, see FamilyUnit) go to one shard, so that the findings they meet there merge in one report,
 * naming the contexts they hold under among all of them. Such families are spread over the shards
 * biggest first, each to the shard with the least text so far: the split depends on the files only, so
 * every job of a CI matrix computes the same one. In the groups' order.
 */
export function groupsOfShard(
  groups: readonly number[][],
  units: readonly LoadUnit[],
  shard: Shard,
): number[][] {
  const families = familiesOf(groups, units);
  const size = families.map((family) => {
    const files = new Set(family.flatMap((g) => groups[g].flatMap((i) => units[i].entries)));
    return [...files].reduce((n, e) => n + e.text.length, 0) + 1;
  });
  const order = families
    .map((_, f) => f)
    .sort((a, b) => size[b] - size[a] || families[a][0] - families[b][0]);
  const load = new Array<number>(shard.count).fill(0);
  const mine = new Set<number>();
  for (const f of order) {
    let target = 0;
    for (let s = 1; s < shard.count; s++) if (load[s] < load[target]) target = s;
    load[target] += size[f];
    if (target === shard.index - 1) for (const g of families[f]) mine.add(g);
  }
  return groups.filter((_, g) => mine.has(g));
}

/** Group indexes joined when their units are of one family (see FamilyUnit), each sorted, by its first group. */
function familiesOf(groups: readonly number[][], units: readonly LoadUnit[]): number[][] {
  const sets = disjointSets(groups.length);
  groups.forEach((group, g) => {
    for (const i of group) if (units[i].family !== undefined) sets.joinOn(units[i].family, g);
  });
  return sets.list();
}

/**
 * Indexes 0 to count - 1 joined into sets: `join` two, `joinOn` every index given one key. `list`: the
 * sets, each sorted, by their first index.
 */
function disjointSets(count: number) {
  const parent = Array.from({ length: count }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const join = (a: number, b: number) => {
    const [x, y] = [find(a), find(b)];
    if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
  };
  const byKey = new Map<string, number>();
  const joinOn = (key: string, i: number) => {
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, i);
    else join(first, i);
  };
  const list = (): number[][] => {
    const sets = new Map<number, number[]>();
    for (let i = 0; i < count; i++) {
      const top = find(i);
      const set = sets.get(top);
      if (set) set.push(i);
      else sets.set(top, [i]);
    }
    return [...sets.values()];
  };
  return { join, joinOn, list };
}

/**
 * Unit indexes joined into groups that load and are checked apart (and may go to different shards):
 * a folder of manifests with the others under the same top folder, a kustomization with what it lists,
 * a Flux cluster folder, everything a config cluster names, and every manifest when Flux or Argo CD
 * objects decide where manifests go. Each group sorted, groups by their first unit.
 */
export function shardGroups(units: readonly LoadUnit[], clusters: ClusterScopes): number[][] {
  const { join, joinOn, list } = disjointSets(units.length);

  const files: Array<{ file: SourceFile; unit: number; kubernetes: boolean }> = [];
  units.forEach((u, i) => {
    for (const file of u.entries) files.push({ file, unit: i, kubernetes: u.format === 'kubernetes' });
  });
  for (const c of clusterMatchers(clusters))
    for (const f of files) if (c.matches(f.file.path)) joinOn(`cluster\u0000${c.name}`, f.unit);

  const manifests = files.filter((f) => f.kubernetes);
  if (manifests.some((f) => GITOPS_OBJECT.test(f.file.text)))
    for (const f of manifests) joinOn('gitops', f.unit);

  // Folders that hold anything but loose manifests: a folder of manifests ends below them.
  const mixed = new Set<string>();
  for (const f of files) {
    if (f.kubernetes && !isKustomization(f.file.path)) continue;
    for (let d: string | undefined = path.posix.dirname(normalizePath(f.file.path)); d; d = parentOf(d))
      mixed.add(d);
  }
  // Every kustomization that lists a path: two overlays listing one base all join it.
  const listed = new Map<string, number[]>();
  for (const f of manifests) {
    const p = normalizePath(f.file.path);
    const flux = fluxClusterFolder(p);
    if (flux) joinOn(`flux\u0000${flux}`, f.unit);
    let top = path.posix.dirname(p);
    for (let up = parentOf(top); up !== undefined && !mixed.has(up); up = parentOf(top)) top = up;
    joinOn(`folder\u0000${top}`, f.unit);
    if (!isKustomization(p)) continue;
    const dir = path.posix.dirname(p);
    for (const item of kustomizationResourcePaths(f.file)) {
      const target = normalizePath(path.posix.join(dir, item.split('\\').join('/')));
      const by = listed.get(target);
      if (by) by.push(f.unit);
      else listed.set(target, [f.unit]);
    }
  }
  // A kustomization renders the files it lists and those in the folders it lists, at any depth.
  if (listed.size > 0) {
    for (const f of manifests) {
      for (let d: string | undefined = normalizePath(f.file.path); d; d = parentOf(d)) {
        for (const by of listed.get(d) ?? []) join(by, f.unit);
        if (d === '.') break;
      }
    }
  }

  return list();
}
