import { isAutoLoadedVariableFile, type FamilyUnit, type LoadHost, type SourceFile } from '../../model';
import { folderOf, folderReader, linkedGroups } from '../units';
import { isLocalSource, joinDir } from './module';

const isConfiguration = (filePath: string): boolean =>
  filePath.endsWith('.tf') || filePath.endsWith('.tf.json');

/** `source = "./x"` in HCL, `"source": "../x"` in JSON: a cheap, generous reading (a comment counts too). */
const LOCAL_SOURCE = /(?:\bsource\s*=\s*|"source"\s*:\s*)"(\.\.?\/[^"\n]*)"/g;
/** A line that is a comment and nothing else. */
const COMMENT_LINE = /^[ \t]*(#|\/\/).*$/gm;
/**
 * What may make a called folder a root of its own (see isOwnRoot): a backend, Terraform Cloud, a
 * provider configuration. Read generously: a comment or a string counts too.
 */
const MAY_BE_OWN_ROOT = /^[ \t]*(backend|cloud|provider)\b|"(backend|cloud|provider)"\s*:/m;

/**
 * Entry folders that call each other through local module sources (directly, or through module
 * folders outside the scanned paths) are linked: which folders are roots depends on their calls. Linked
 * folders with several roots load as one unit per root (the root with every folder it calls, so a
 * module called by several roots is read by each of their units and evaluated once per root, as
 * together), when the roots can be told without parsing (see unitPerRoot); else as one unit.
 */
export function terraformUnits(entries: SourceFile[], host: LoadHost): Array<SourceFile[] | FamilyUnit> {
  const texts = folderReader(entries, host);
  const generous = (dir: string) => calledFolders(dir, texts(dir, isConfiguration), false);
  const called = new Map<string, string[]>();
  const calls = (dir: string): string[] => {
    let list = called.get(dir);
    if (!list) called.set(dir, (list = calledFolders(dir, texts(dir, isConfiguration), true)));
    return list;
  };
  return linkedGroups(entries, generous).flatMap((group): Array<SourceFile[] | FamilyUnit> => {
    const units = unitPerRoot(group, calls, texts, host);
    if (!units) return [group];
    const family = `terraform\u0000${group[0].path}`;
    return units.map((entries) => ({ entries, family }));
  });
}

/**
 * The texts of the local module files that loading these entries may read (through `source = "./…"`,
 * at any depth, generously: a commented call counts too), beside the entries' own: what a look for a
 * resource type in the files behind a unit reads.
 */
export function terraformModuleTexts(entries: SourceFile[], host: LoadHost): string[] {
  const texts = folderReader(entries, host);
  const seen = new Set(entries.map((e) => joinDir(folderOf(e.path), '.')));
  const queue = [...seen];
  const out: string[] = [];
  for (let i = 0; i < queue.length; i++) {
    const files = texts(queue[i], isConfiguration);
    for (const dir of calledFolders(queue[i], files, false)) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      queue.push(dir);
      for (const f of texts(dir, isConfiguration)) out.push(f.text);
    }
  }
  return out;
}

function calledFolders(dir: string, files: ReadonlyArray<{ text: string }>, noComments: boolean): string[] {
  const out: string[] = [];
  for (const { text } of files) {
    const read = noComments ? text.replace(COMMENT_LINE, '') : text;
    for (const m of read.matchAll(LOCAL_SOURCE)) if (isLocalSource(m[1])) out.push(joinDir(dir, m[1]));
  }
  return out;
}

/**
 * The units of one group of linked entry folders, one per root, or undefined when the group must load
 * as one. Roots are the entry folders nothing calls: the calls read here (comment lines left out) are
 * at least those the loader reads, so a folder called by none here is called by none there. A called
 * folder is no root as long as it cannot be a root of its own (no auto-loaded variable file, no backend,
 * cloud or provider block) and some root reaches it (no call cycle cut off from the roots); otherwise the
 * group stays one unit. Each unit: the root's entries and those of every entry folder it reaches, in the
 * group's order.
 */
function unitPerRoot(
  group: readonly SourceFile[],
  calls: (dir: string) => string[],
  texts: ReturnType<typeof folderReader>,
  host: LoadHost,
): SourceFile[][] | undefined {
  const byFolder = new Map<string, SourceFile[]>();
  const folders: string[] = [];
  for (const e of group) {
    if (!isConfiguration(e.path)) return undefined;
    const folder = joinDir(folderOf(e.path), '.');
    folders.push(folder);
    const list = byFolder.get(folder);
    if (list) list.push(e);
    else byFolder.set(folder, [e]);
  }
  if (byFolder.size < 2) return undefined;
  const reach = (from: string): Set<string> => {
    const seen = new Set([from]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      for (const next of calls(queue[i])) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    return seen;
  };
  const calledByAny = new Set<string>();
  for (const folder of byFolder.keys()) for (const c of reach(folder)) if (c !== folder) calledByAny.add(c);
  const roots = [...byFolder.keys()].filter((f) => !calledByAny.has(f)).sort();
  if (roots.length < 2) return undefined;
  for (const folder of byFolder.keys()) {
    if (roots.includes(folder)) continue;
    if (host.listDir(folder).some(isAutoLoadedVariableFile)) return undefined;
    if (texts(folder, isConfiguration).some(({ text }) => MAY_BE_OWN_ROOT.test(text))) return undefined;
  }
  const reached = roots.map(reach);
  for (const folder of byFolder.keys()) if (!reached.some((r) => r.has(folder))) return undefined;
  return reached.map((reachable) => group.filter((_, i) => reachable.has(folders[i])));
}
