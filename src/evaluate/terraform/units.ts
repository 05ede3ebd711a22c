import { isAutoLoadedVariableFile, type FamilyUnit, type LoadHost, type SourceFile } from '../../model';
import { folderOf, folderReader, linkedGroups } from '../units';
import { isLocalSource, joinDir } from './module';

const isConfiguration = (filePath: string): boolean =>
  filePath.endsWith('.tf') || filePath.endsWith('.tf.json');

/** `source = "./x"` in HCL, `"source": "../x"` in JSON: a cheap, generous reading (a comment counts too). */
const LOCAL_SOURCE = /(?:\bsource\s*=\s*|"source"\s*:\s*)"(\.\.?\/[^"\n]*)"/g;
const DOT_SLASH = /\.\//;
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
  // Each folder's files read once for both readings of its calls.
  const calledBy = new Map<string, FolderCalls>();
  const callsOf = (dir: string): FolderCalls => {
    let calls = calledBy.get(dir);
    if (!calls) calledBy.set(dir, (calls = folderCalls(dir, texts(dir, isConfiguration))));
    return calls;
  };
  return linkedGroups(entries, (dir) => callsOf(dir).generous).flatMap(
    (group): Array<SourceFile[] | FamilyUnit> => {
      const units = unitPerRoot(group, (dir) => callsOf(dir).uncommented, texts, host);
      if (!units) return [group];
      const family = `terraform\u0000${group[0].path}`;
      return units.map((entries) => ({ entries, family }));
    },
  );
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
    for (const dir of calledFolders(queue[i], files)) {
      if (seen.has(dir)) continue;
      seen.add(dir);
      queue.push(dir);
      for (const f of texts(dir, isConfiguration)) out.push(f.text);
    }
  }
  return out;
}

function calledFolders(dir: string, files: ReadonlyArray<{ text: string }>): string[] {
  const out: string[] = [];
  for (const { text } of files) addCalls(dir, text, out);
  return out;
}

/** The folders a folder's files call: read generously, and with comment lines left out. */
interface FolderCalls {
  generous: string[];
  uncommented: string[];
}

function folderCalls(dir: string, files: ReadonlyArray<{ text: string }>): FolderCalls {
  const generous: string[] = [];
  const uncommented: string[] = [];
  for (const { text } of files) {
    // Without a `./`, neither reading finds a call (leaving comment lines out joins no two lines), and
    // most files call no module: looking for a comment line in each of them was most of this.
    if (!DOT_SLASH.test(text)) continue;
    const from = generous.length;
    addCalls(dir, text, generous);
    // Without a comment line, both readings are the same: the text is neither copied nor read again.
    if (hasCommentLine(text)) addCalls(dir, text.replace(COMMENT_LINE, ''), uncommented);
    else for (let i = from; i < generous.length; i++) uncommented.push(generous[i]);
  }
  return { generous, uncommented };
}

function addCalls(dir: string, text: string, out: string[]): void {
  // Most files call no module: a look for `./` is far cheaper than the expression.
  if (!DOT_SLASH.test(text)) return;
  for (const m of text.matchAll(LOCAL_SOURCE)) if (isLocalSource(m[1])) out.push(joinDir(dir, m[1]));
}

/**
 * Whether COMMENT_LINE matches in the text, read line by line: the expression, tried at every offset of
 * a text without a comment line, took most of the time of planning the units.
 */
function hasCommentLine(text: string): boolean {
  // Lines end at \n here; the expression ends them at a lone \r, \u2028 and \u2029 too.
  if ((text.includes('\r') && /\r(?!\n)/.test(text)) || text.includes('\u2028') || text.includes('\u2029')) {
    COMMENT_LINE.lastIndex = 0;
    return COMMENT_LINE.test(text);
  }
  for (let p = 0; ;) {
    let c = text.charCodeAt(p);
    while (c === 32 || c === 9) c = text.charCodeAt(++p);
    if (c === 35 || (c === 47 && text.charCodeAt(p + 1) === 47)) return true;
    const end = text.indexOf('\n', p);
    if (end < 0) return false;
    p = end + 1;
  }
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
  // The places in the group of each folder's entries.
  const byFolder = new Map<string, number[]>();
  // Each folder joined once: the entries of a folder come together (a join each was most of this).
  let lastOf = '';
  let folder = '';
  for (let i = 0; i < group.length; i++) {
    const path = group[i].path;
    if (!isConfiguration(path)) return undefined;
    const of = folderOf(path);
    if (i === 0 || of !== lastOf) folder = joinDir((lastOf = of), '.');
    const list = byFolder.get(folder);
    if (list) list.push(i);
    else byFolder.set(folder, [i]);
  }
  if (byFolder.size < 2) return undefined;
  const reachable = new Map<string, Set<string>>();
  const reach = (from: string): Set<string> => {
    const known = reachable.get(from);
    if (known) return known;
    const seen = new Set([from]);
    const queue = [from];
    for (let i = 0; i < queue.length; i++) {
      for (const next of calls(queue[i])) {
        if (seen.has(next)) continue;
        seen.add(next);
        queue.push(next);
      }
    }
    reachable.set(from, seen);
    return seen;
  };
  const calledByAny = new Set<string>();
  for (const folder of byFolder.keys()) for (const c of reach(folder)) if (c !== folder) calledByAny.add(c);
  const roots = [...byFolder.keys()].filter((f) => !calledByAny.has(f)).sort();
  if (roots.length < 2) return undefined;
  const isRoot = new Set(roots);
  for (const folder of byFolder.keys()) {
    if (isRoot.has(folder)) continue;
    if (host.listDir(folder).some(isAutoLoadedVariableFile)) return undefined;
    if (texts(folder, isConfiguration).some(({ text }) => MAY_BE_OWN_ROOT.test(text))) return undefined;
  }
  const reached = roots.map(reach);
  for (const folder of byFolder.keys()) if (!reached.some((r) => r.has(folder))) return undefined;
  return reached.map((folders) => {
    const places: number[] = [];
    for (const folder of folders) for (const i of byFolder.get(folder) ?? []) places.push(i);
    return places.sort((x, y) => x - y).map((i) => group[i]);
  });
}
