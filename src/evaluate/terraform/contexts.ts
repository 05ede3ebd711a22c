import {
  isAutoLoadedVariableFile,
  type LoadHost,
  type Context,
  type LoaderOptions,
  type Resource,
} from '../../model';
// From range.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import { offsetsOf, type SourceRange } from '../../model/range';
import type { LoadedDir } from './module';

/**
 * One way a root is applied: the variable files Terraform is given on top of those it loads by itself
 * (`terraform.tfvars`, `*.auto.tfvars`). A named set is a context of its own; an unnamed one is the
 * root's only evaluation.
 */
export interface VariableSet {
  /** The context's name: the set's file, or `<root>/<environment>` for one the config declares. */
  name?: string;
  files: string[];
}

/** Folders below a root where teams keep one variable file per environment. */
export const ENVIRONMENT_FOLDERS = ['env', 'envs', 'environments', 'vars'];

const TFVARS = /\.tfvars(\.json)?$/;

/**
 * The variable sets of a root, first that applies:
 * 1. `--var-file`: one explicit set (with the config's `varFiles` before it), as Terraform is run;
 * 2. the config's `environments` that cover the root: one set each, named `<root>/<name>`;
 * 3. the config's `varFiles` that cover it: one set;
 * 4. by convention, each `*.tfvars` Terraform does not load by itself, in the root or directly in
 *    its `env/`, `envs/`, `environments/` or `vars/` folder: one set each;
 * 5. none: the auto-loaded files only.
 */
export function variableSets(root: string, host: LoadHost, options: LoaderOptions): VariableSet[] {
  const configVarFiles = (options.configVarFiles ?? [])
    .filter((c) => isWithin(root, c.dir))
    .flatMap((c) => c.files);
  if (options.varFiles.length > 0) return [{ files: [...configVarFiles, ...options.varFiles] }];
  // Configs come farther first: a nearer one's environment replaces a farther one's of the same name.
  const environments = new Map<string, string[]>();
  for (const e of options.configEnvironments ?? [])
    if (isWithin(root, e.dir)) environments.set(e.name, e.files);
  if (environments.size > 0)
    return [...environments]
      .map(([name, files]) => ({ name: joinName(root, name), files: [...configVarFiles, ...files] }))
      .sort((a, b) => compare(a.name, b.name));
  if (configVarFiles.length > 0) return [{ files: configVarFiles }];
  const conventional = [root, ...ENVIRONMENT_FOLDERS.map((f) => joinName(root, f))]
    .flatMap((dir) => host.listDir(dir))
    .filter((f) => TFVARS.test(f) && !isAutoLoadedVariableFile(f))
    .sort(compare);
  if (conventional.length > 0) return conventional.map((f) => ({ name: f, files: [f] }));
  return [{ files: [] }];
}

/**
 * A folder Terraform is run in, even when another folder calls it as a module: it has its own
 * auto-loaded variable file, or declares a backend (or Terraform Cloud), or a provider configuration
 * while every variable it declares has a default. A called folder with a provider block and variables
 * nothing gives a value to is a module written the old way (providers inside modules): run on its own it
 * would only prompt, and evaluating it apart repeats each finding of its callers without their values.
 */
export function isOwnRoot(dir: LoadedDir, host: LoadHost): boolean {
  if (host.listDir(dir.dir).some(isAutoLoadedVariableFile)) return true;
  const blocks = dir.files.flatMap((file) => file.body.filter((item) => item.t === 'block'));
  const hasBackend = blocks.some(
    (block) =>
      block.type === 'terraform' &&
      block.body.some((inner) => inner.t === 'block' && (inner.type === 'backend' || inner.type === 'cloud')),
  );
  if (hasBackend) return true;
  const requiresInput = blocks.some(
    (block) =>
      block.type === 'variable' &&
      !block.body.some((inner) => inner.t === 'attribute' && inner.name === 'default'),
  );
  return !requiresInput && blocks.some((block) => block.type === 'provider');
}

/** One evaluation of a root: its resources and the context it was evaluated under. */
export interface Evaluation {
  root: string;
  context?: string;
  resources: Resource[];
}

/**
 * Contexts for the resources of several evaluations: each is named by its variable set, else by its
 * root. `all` lists every context the same block (file and range) was evaluated under, so that a module
 * called by several roots, and a root applied with several variable sets, yield one finding naming the
 * contexts it holds in when it does not hold in all of them. A single evaluation without a named set
 * has no context.
 */
export function assignContexts(evaluations: readonly Evaluation[]): void {
  if (evaluations.length === 1 && evaluations[0].context === undefined) return;
  const contextsOf = new Definitions<Set<string>>();
  // Each resource's definition, in the order of the loops below: it is looked up once.
  const definitions: Set<string>[] = [];
  for (const e of evaluations) {
    const name = e.context ?? e.root;
    for (const r of e.resources) {
      let names = contextsOf.get(r.range);
      if (names) names.add(name);
      else contextsOf.set(r.range, (names = new Set([name])));
      definitions.push(names);
    }
  }
  const allOf = new Map<Set<string>, string[]>();
  for (const names of definitions) if (!allOf.has(names)) allOf.set(names, [...names].sort(compare));
  let i = 0;
  for (const e of evaluations) {
    const name = e.context ?? e.root;
    // Resources of one evaluation with one list share one context (nothing changes a context).
    let last: Context | undefined;
    for (const r of e.resources) {
      const all = allOf.get(definitions[i++])!;
      if (last?.all !== all) last = { name, all };
      r.context = last;
    }
  }
}

/**
 * Resources of evaluations loaded apart (the units of a scan, each with its contexts), as one: each
 * context's `all` lists every context any of them evaluated the same block under.
 */
export function joinContexts(resources: readonly Resource[]): void {
  const contextsOf = new Definitions<JoinedContexts>();
  // Each resource's definition, in the order of the loops below: it is looked up once.
  const definitions: Set<string>[] = [];
  for (const r of resources) {
    if (!r.context) continue;
    const all = r.context.all;
    let joined = contextsOf.get(r.range);
    if (!joined) contextsOf.set(r.range, (joined = { names: new Set(all), lastAdded: all }));
    else if (joined.lastAdded !== all) {
      for (const n of all) joined.names.add(n);
      joined.lastAdded = all;
    }
    definitions.push(joined.names);
  }
  const allOf = new Map<Set<string>, string[]>();
  let i = 0;
  for (const r of resources) {
    if (!r.context) continue;
    const names = definitions[i++];
    if (names.size === r.context.all.length) continue;
    let all = allOf.get(names);
    if (!all) allOf.set(names, (all = [...names].sort(compare)));
    r.context = { name: r.context.name, all };
  }
}

/**
 * The contexts a definition was evaluated under, and the last list added to them: the resources of one
 * definition that assignContexts placed share one list (a module's resources under 300 roots list 300
 * contexts each), so each list is added once, not once per resource.
 */
interface JoinedContexts {
  names: Set<string>;
  lastAdded: readonly string[];
}

/**
 * Values by the block a resource was declared by (its file and range), which is the same in every
 * context it is evaluated under: by file, then by where the block starts, then among the few blocks
 * starting there. A key string made of the range for each resource (its numbers formatted, joined, then
 * hashed) took 40 ms for the bench corpus's 15,520 Terraform resources; a range made from offsets is
 * placed by its offsets, so that no file's lines are worked out for it (that was most of what working
 * out lines cost in a scan).
 */
class Definitions<T> {
  private readonly byFile = new Map<string, Map<number, Array<{ range: SourceRange; value: T }>>>();

  get(range: SourceRange): T | undefined {
    const onLine = this.byFile.get(range.file)?.get(startOf(range));
    if (!onLine) return undefined;
    for (const d of onLine) if (sameSpan(d.range, range)) return d.value;
    return undefined;
  }

  /** Adds the value of a definition `get` did not find. */
  set(range: SourceRange, value: T): void {
    let starts = this.byFile.get(range.file);
    if (!starts) this.byFile.set(range.file, (starts = new Map()));
    const start = startOf(range);
    const at = starts.get(start);
    if (at) at.push({ range, value });
    else starts.set(start, [{ range, value }]);
  }
}

/**
 * Where a range starts: its offset, or minus its line for a range of lines and columns. A definition's
 * ranges are all made alike, by the loader that read its file.
 */
function startOf(range: SourceRange): number {
  return offsetsOf(range)?.start ?? -range.line;
}

/** Two ranges of one file that start alike (see startOf) are the same span. */
function sameSpan(a: SourceRange, b: SourceRange): boolean {
  const x = offsetsOf(a);
  const y = offsetsOf(b);
  if (x && y) return x.end === y.end;
  return !x && !y && a.column === b.column && a.endLine === b.endLine && a.endColumn === b.endColumn;
}

/** Whether a module folder is `dir` or inside it (both relative to the working directory); undefined: anywhere. */
export function isWithin(moduleDir: string, dir: string | undefined): boolean {
  if (dir === undefined) return true;
  if (dir === '.') return moduleDir !== '..' && !moduleDir.startsWith('../');
  return moduleDir === dir || moduleDir.startsWith(`${dir}/`);
}

function joinName(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

function compare(a: string | undefined, b: string | undefined): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}
