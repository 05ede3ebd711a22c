import * as path from 'node:path';
import { normalizePath, type SourceFile } from '../model';

/**
 * Folders a scan may follow while grouping entry files (links through folders outside the scanned
 * paths included): far above real repositories, it only stops a chain that never ends.
 */
const MAX_LINKED_FOLDERS = 20000;

/**
 * Entry files split into groups that load independently of each other: two entries share a group when
 * their folders are linked, directly or through other folders (`linksOf(folder)` names the folders a
 * folder's files read: module sources, templates, patches). Links are followed through folders that
 * hold no entry too, so that a shared module outside the scanned paths keeps its callers together.
 * Groups come in the order of their first entry, entries in their own order: the result depends on the
 * files only, never on timing.
 */
export function linkedGroups(
  entries: readonly SourceFile[],
  linksOf: (folder: string) => readonly string[],
): SourceFile[][] {
  const parent = new Map<string, string>();
  const find = (folder: string): string => {
    let top = folder;
    while (parent.get(top) !== top) top = parent.get(top)!;
    for (let f = folder; f !== top;) {
      const next = parent.get(f)!;
      parent.set(f, top);
      f = next;
    }
    return top;
  };
  const add = (folder: string): boolean => {
    if (parent.has(folder)) return false;
    parent.set(folder, folder);
    return true;
  };
  const queue: string[] = [];
  for (const e of entries) {
    const folder = folderOf(e.path);
    if (add(folder)) queue.push(folder);
  }
  for (let i = 0; i < queue.length; i++) {
    const folder = queue[i];
    for (const linked of linksOf(folder)) {
      if (add(linked)) {
        if (parent.size > MAX_LINKED_FOLDERS) return [[...entries]];
        queue.push(linked);
      }
      const a = find(folder);
      const b = find(linked);
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const groups = new Map<string, SourceFile[]>();
  for (const e of entries) {
    const top = find(folderOf(e.path));
    const group = groups.get(top);
    if (group) group.push(e);
    else groups.set(top, [e]);
  }
  return [...groups.values()];
}

/** The folder of a display path, normalised (`.` for the working directory). */
export function folderOf(file: string): string {
  const dir = path.posix.dirname(normalizePath(file));
  return dir === '' ? '.' : dir;
}

/**
 * The texts of a folder's files that pass `wanted`: entries with their own text (which may differ from
 * the disk's: a file fixed in memory), the folder's other files as the host reads them.
 */
export function folderReader(
  entries: readonly SourceFile[],
  host: { listDir(dir: string): string[]; readFile(p: string): string | undefined },
): (folder: string, wanted: (file: string) => boolean) => Array<{ path: string; text: string }> {
  const byFolder = new Map<string, Map<string, string>>();
  for (const e of entries) {
    const folder = folderOf(e.path);
    let files = byFolder.get(folder);
    if (!files) byFolder.set(folder, (files = new Map()));
    files.set(normalizePath(e.path), e.text);
  }
  return (folder, wanted) => {
    const given = byFolder.get(folder) ?? new Map<string, string>();
    const out: Array<{ path: string; text: string }> = [];
    for (const [p, text] of given) if (wanted(p)) out.push({ path: p, text });
    for (const p of host.listDir(folder)) {
      const key = normalizePath(p);
      if (given.has(key) || !wanted(key)) continue;
      const text = host.readFile(p);
      if (text !== undefined) out.push({ path: key, text });
    }
    return out;
  };
}
