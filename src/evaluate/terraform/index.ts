import * as path from 'node:path';
import type {
  Context,
  FileError,
  FormatLoader,
  LoadHost,
  LoaderOptions,
  LoadResult,
  Resource,
  SourceFile,
  Value,
} from '../../model';
import { StepBudget } from '../limits';
import { failureError, firstUnknown } from '../../model';
import { parseHcl } from '../../parsers/terraform/parser';
import { isTerraformJson, parseTerraformJson } from '../../parsers/terraform/json';
import type { HclFile } from '../../parsers/terraform/syntax';
import { evaluate } from './evaluate';
import { readInstalledModules } from './installed';
import { assignContexts, isOwnRoot, joinContexts, variableSets, type Evaluation } from './contexts';
import { joinDir, localModuleDirs, ModuleInstance, noteLimit, type LoadedDir, type Program } from './module';
import { terraformModuleTexts, terraformUnits } from './units';

/**
 * Module directories one entry directory may pull in through local `source` calls (directly or through
 * the modules it calls). Every entry directory is read whatever their number; this only stops a chain
 * of calls that never ends (a symbolic link back to a parent folder makes a new path at every step).
 */
export const MAX_MODULE_DIRS_PER_ROOT = 2000;
export { MAX_INSTANCES, MAX_MODULE_INSTANCES_PER_ROOT, MAX_RESOURCES_PER_ROOT } from './module';

/**
 * Terraform: every directory holding an entry file (`.tf`, `.tf.json`) is a module; directories called
 * by another loaded directory through a local `source` are evaluated only as that call, unless they are
 * roots of their own too (see isOwnRoot). Each root is evaluated once per variable set (see
 * variableSets), and each evaluation is a context of the resources it yields.
 */
export const terraformLoader: FormatLoader = {
  format: 'terraform',
  claims: (filePath) => isConfiguration(filePath),
  load: loadTerraform,
  units: terraformUnits,
  moduleTexts: terraformModuleTexts,
  link: tellRootsApart,
  // parse-only: source text -> our syntax tree with ranges and syntax errors (the tree-sitter parse and
  // its conversion into HclFile: the parser's product). full = parse-only + evaluation + resources
  // (+ views and rules, measured by the bench). The conversion therefore counts as parsing here.
  parseOnly: async (file) => (await parseTerraform(file.path, file.text)).errors.length,
  contextsAcrossRoots: true,
};

const isConfiguration = (filePath: string): boolean =>
  filePath.endsWith('.tf') || filePath.endsWith('.tf.json');

const parseTerraform = (filePath: string, text: string): Promise<HclFile> =>
  isTerraformJson(filePath) ? parseTerraformJson(filePath, text) : parseHcl(filePath, text);

function dirOf(filePath: string): string {
  const d = path.posix.dirname(filePath.split('\\').join('/'));
  return d === '' ? '.' : d;
}

async function loadTerraform(
  entries: SourceFile[],
  host: LoadHost,
  options: LoaderOptions,
): Promise<LoadResult> {
  const read = new Map<string, SourceFile>();
  const parsed = new Map<string, HclFile>();
  const program: Program = {
    dirs: new Map(),
    resources: [],
    errors: [],
    skipped: [],
    evaluated: new Set(),
    instances: 0,
    installed: new Map(),
    rootStart: 0,
    limitNoted: new Set(),
    steps: new StepBudget(),
  };
  const entryText = new Map(entries.map((e) => [e.path, e.text]));

  const parseFile = async (filePath: string, text: string): Promise<HclFile> => {
    const cached = parsed.get(filePath);
    if (cached) return cached;
    read.set(filePath, { path: filePath, text });
    const file = options.syntaxCache
      ? await options.syntaxCache.parse(filePath, text, () => parseTerraform(filePath, text))
      : await parseTerraform(filePath, text);
    options.onParsed?.(filePath);
    parsed.set(filePath, file);
    program.errors.push(...file.errors);
    return file;
  };

  const loadDir = async (dir: string, known: string[]): Promise<LoadedDir> => {
    const key = joinDir(dir, '.');
    const existing = program.dirs.get(key);
    if (existing) return existing;
    const listed = host.listDir(dir).filter(isConfiguration);
    const paths = [...new Set([...listed, ...known])].sort();
    const files: HclFile[] = [];
    for (const p of paths) {
      const text = entryText.get(p) ?? host.readFile(p);
      if (text === undefined) continue;
      try {
        files.push(await parseFile(p, text));
      } catch (err) {
        program.errors.push(failureError('the file', err, { file: p }));
      }
    }
    const loaded = { dir: key, files };
    program.dirs.set(key, loaded);
    return loaded;
  };

  const entryDirs = new Map<string, string[]>();
  for (const entry of entries) {
    if (!isConfiguration(entry.path)) continue;
    const dir = joinDir(dirOf(entry.path), '.');
    const list = entryDirs.get(dir) ?? [];
    list.push(entry.path);
    entryDirs.set(dir, list);
  }
  const rootCandidates = [...entryDirs.keys()].sort();
  const callers = new Map<string, Set<string>>();
  const queue = [...rootCandidates];
  // The entry directory each queued module directory was first reached from, and how many it pulled in.
  const originOf = new Map(queue.map((d) => [d, d]));
  // Registry and remote modules are read where `terraform init` installed them; discovery skips
  // `.terraform/`, so their folders are loaded here.
  for (const root of rootCandidates) {
    const { modules, errors } = readInstalledModules(root, host);
    program.errors.push(...errors);
    if (modules.size === 0) continue;
    program.installed.set(root, modules);
    for (const m of modules.values()) {
      queue.push(m.dir);
      if (!originOf.has(m.dir)) originOf.set(m.dir, root);
    }
  }
  const queued = new Set(queue);
  const pulledIn = new Map<string, number>();
  for (let i = 0; i < queue.length; i++) {
    const dir = queue[i];
    const origin = originOf.get(dir)!;
    const loaded = await loadDir(dir, entryDirs.get(dir) ?? []);
    for (const called of localModuleDirs(loaded)) {
      if (called === dir) continue;
      const set = callers.get(called) ?? new Set();
      set.add(dir);
      callers.set(called, set);
      if (program.dirs.has(called) || queued.has(called)) continue;
      const count = (pulledIn.get(origin) ?? 0) + 1;
      if (count > MAX_MODULE_DIRS_PER_ROOT) {
        noteLimit(program, `module-dirs ${origin}`, {
          file: loaded.files[0]?.path ?? dir,
          line: 1,
          message: `${origin} calls more than ${MAX_MODULE_DIRS_PER_ROOT} local module folders; ${called} and the folders after it were not read`,
        });
        continue;
      }
      pulledIn.set(origin, count);
      queued.add(called);
      originOf.set(called, origin);
      queue.push(called);
    }
  }

  const ownRoots = new Set(
    rootCandidates.filter((d) => callers.has(d) && isOwnRoot(program.dirs.get(d)!, host)),
  );
  const roots = chooseRoots(rootCandidates, callers, ownRoots);
  const evaluations: Evaluation[] = [];
  for (const root of roots) {
    const dir = program.dirs.get(root);
    if (!dir) continue;
    program.evaluated.add(root);
    for (const set of variableSets(root, host, options)) {
      const first = program.resources.length;
      program.instances = 0;
      program.steps = new StepBudget(undefined, program.skipped);
      program.rootStart = first;
      try {
        const inputs = await rootVariables(root, set.files, host, parseFile, program.errors);
        new ModuleInstance(program, dir, {
          addressPrefix: '',
          via: [],
          rootDir: root,
          inputs,
          missingInput: (name) => `var.${name} has no default and no tfvars value`,
          stack: [root],
          moduleKey: '',
        }).run();
      } catch (err) {
        // Half a root would read as settings left out: none of it is kept, the other roots still load.
        program.resources.length = first;
        const file = dir.files[0]?.path ?? joinDir(root, 'main.tf');
        const what = `the Terraform configuration in ${root}${set.name ? ` with ${set.name}` : ''}`;
        program.errors.push(failureError(what, err, { file }));
        continue;
      }
      // A root with its modules is one deployment, evaluated once per variable set; references are
      // resolved within one evaluation, since every evaluation repeats the addresses.
      const resources = program.resources.slice(first);
      for (const r of resources) r.deployment = root;
      resolveReferences(resources);
      evaluations.push({ root, context: set.name, resources });
    }
  }
  // Roots' addresses repeat (every environment has its azurerm_kubernetes_cluster.this), and so do those
  // of a module under each root that calls it: each evaluation is a context, so that the graph keeps
  // them apart by address and a finding names the contexts it holds in.
  assignContexts(evaluations);

  // Every resource now has its context and the contexts of its block: what `link` adds when units
  // loaded apart are joined (tellRootsApart) holds already within one load.
  return {
    resources: program.resources,
    // Every evaluation of a file meets its problems again.
    errors: dedupeNotes(program.errors),
    skipped: dedupeNotes(program.skipped),
    files: [...read.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    evaluations: evaluations.length,
  };
}

/**
 * With several evaluations in a scan, a root evaluated once in its own unit (see `units`) is a context
 * of its own too, as `assignContexts` makes it when all roots load together; and a block evaluated by the
 * roots of several units lists the contexts of all of them.
 */
function tellRootsApart(result: LoadResult): void {
  if ((result.evaluations ?? 0) <= 1) return;
  // One context for the resources of one deployment, which come one after the other (nothing changes a
  // context: joinContexts replaces it): a context and a list for each of the corpus's 15,520 resources
  // were 1.7 MB kept until the rules run.
  let last: Context | undefined;
  for (const r of result.resources) {
    if (r.deployment === undefined || r.context) continue;
    if (last?.name !== r.deployment) last = { name: r.deployment, all: [r.deployment] };
    r.context = last;
  }
  // A module that roots of several units call was evaluated under the contexts of each.
  joinContexts(result.resources);
}

/**
 * Entry directories no other loaded directory calls are roots, and so are those Terraform is run in
 * although others call them (see isOwnRoot); so is a directory whose callers are
 * never reached from a root (module call cycles), so that every entry is evaluated once.
 */
function chooseRoots(
  candidates: string[],
  callers: Map<string, Set<string>>,
  ownRoots: ReadonlySet<string>,
): string[] {
  const roots = candidates.filter((d) => !callers.has(d) || ownRoots.has(d));
  const reached = new Set<string>();
  const calls = new Map<string, string[]>();
  for (const [called, from] of callers) {
    for (const f of from) {
      const list = calls.get(f);
      if (list) list.push(called);
      else calls.set(f, [called]);
    }
  }
  const visit = (d: string) => {
    if (reached.has(d)) return;
    reached.add(d);
    for (const c of calls.get(d) ?? []) visit(c);
  };
  roots.forEach(visit);
  for (const d of candidates) {
    if (!reached.has(d)) {
      roots.push(d);
      visit(d);
    }
  }
  return roots;
}

/**
 * terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in lexical order, then the files of
 * the variable set (config varFiles, --var-file, or one environment's files) in order: later wins, as
 * Terraform reads them. A value that is not a literal is an error, as Terraform refuses it.
 */
async function rootVariables(
  root: string,
  setFiles: readonly string[],
  host: LoadHost,
  parseFile: (p: string, text: string) => Promise<HclFile>,
  errors: FileError[],
): Promise<Map<string, Value>> {
  const inDir = host.listDir(root);
  const named = (suffix: string) => inDir.filter((p) => path.posix.basename(p) === suffix);
  const auto = inDir.filter((p) => p.endsWith('.auto.tfvars') || p.endsWith('.auto.tfvars.json')).sort();
  const paths = [...named('terraform.tfvars'), ...named('terraform.tfvars.json'), ...auto, ...setFiles];
  const values = new Map<string, Value>();
  const env = constantEnv(root);
  for (const p of paths) {
    const text = host.readFile(p);
    if (text === undefined) continue;
    const file = await parseFile(p, text);
    for (const item of file.body) {
      if (item.t !== 'attribute') continue;
      const value = evaluate(item.expr, { file, env });
      const notLiteral = isTerraformJson(p) ? undefined : firstUnknown(value);
      if (notLiteral) {
        const r = notLiteral.range;
        errors.push({
          file: r.file,
          line: r.line,
          column: r.column,
          message: `${item.name} = ${notLiteral.source}: not a value (a variable file holds literal values only: strings in quotes, numbers, true/false, lists, maps)`,
        });
      }
      values.set(item.name, value);
    }
  }
  return values;
}

function constantEnv(root: string) {
  return {
    addressPrefix: '',
    moduleDir: root,
    rootDir: root,
    variable: () => undefined,
    local: () => undefined,
    module: () => undefined,
  };
}

/**
 * References are recorded as written (`azurerm_subnet.aks`); a resource with count or for_each has only
 * indexed instances, so an unindexed reference to a single instance names that instance.
 */
function resolveReferences(resources: Resource[]): void {
  const instances = new Map<string, string[]>();
  const addresses = new Set<string>();
  for (const r of resources) {
    addresses.add(r.address);
    if (!r.address.endsWith(']')) continue;
    const base = r.address.replace(/\[[^\]]*\]$/, '');
    const list = instances.get(base);
    if (list) list.push(r.address);
    else if (base !== r.address) instances.set(base, [r.address]);
  }
  const resolve = (ref: string): string => {
    if (addresses.has(ref)) return ref;
    const all = instances.get(ref);
    return all && all.length === 1 ? all[0] : ref;
  };
  for (const r of resources) {
    if (r.references.length > 0 && !resolvedAlready(r, resolve))
      r.references = [...new Set(r.references.map(resolve))].filter((a) => a !== r.address);
    if (r.parent) r.parent = resolve(r.parent);
  }
}

/**
 * Whether the references would stay as they are: each names an address as it is, none the resource
 * itself, none twice. Nearly every resource's do, and mapping, deduplicating and filtering them made
 * three arrays and a set for each.
 */
function resolvedAlready(r: Resource, resolve: (ref: string) => string): boolean {
  const refs = r.references;
  // Compared pairwise: a long list takes the set.
  if (refs.length > 32) return false;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i];
    if (ref === r.address || resolve(ref) !== ref) return false;
    for (let j = 0; j < i; j++) if (refs[j] === ref) return false;
  }
  return true;
}

function dedupeNotes<T extends { file: string; line?: number; column?: number; message: string }>(
  notes: T[],
): T[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.file}\u0000${n.line}\u0000${n.column}\u0000${n.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
