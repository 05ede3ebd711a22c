import * as path from 'node:path';
import { failureError, LineIndex } from '../../model';
import type {
  FileError,
  FormatLoader,
  LoadHost,
  LoaderOptions,
  LoadResult,
  FamilyUnit,
  Resource,
  SkipNote,
  SourceFile,
  Value,
} from '../../model';
import { parseBicep, type UsingStatement } from '../../parsers/bicep';
import { ParameterFileCache, type ParameterFile } from '../arm/parameters';
import { paramValue } from './evaluate';
import { jsonParameterFilesFor, jsonParameterValues } from './parameter-files';
import {
  cachedModuleDir,
  cachedTemplateSpecDir,
  parseRegistryReference,
  parseTemplateSpecReference,
} from './registry';
import { folderOf, folderReader, linkedGroups } from '../units';
import { environmentFor, instantiateTemplate, type LoadState, type ParsedFile } from './template';

const isTemplate = (p: string) => /\.bicep$/i.test(p);
const isParamFile = (p: string) => /\.bicepparam$/i.test(p);
const REGISTRY = /^(br|ts)[:/]/i;

export const bicepLoader: FormatLoader = {
  format: 'bicep',
  claims: (p) => isTemplate(p) || isParamFile(p),
  load: async (entries, host, options) => loadBicep(entries, host, options),
  units: bicepUnits,
  parseOnly: async (file) => parseBicep(file.text).errors.length,
};

/** A quoted path in Bicep: a module, a `using` or `extends` target, a file a function loads. */
const QUOTED_PATH = /'([^'\n]+\.(?:bicep|bicepparam|jsonc?))'/gi;

/**
 * Templates, their modules and their parameter files load together: each folder with the folders its
 * files name. Parameter files given on the command line may name any template: then all is one group.
 * A group is then split into a unit per root template where that gives what the group gives (see
 * unitPerRoot): the roots of a platform that call one set of modules were one unit of 190 files in the
 * bench corpus, held whole until its rules ran, and no worker thread could share it.
 */
function bicepUnits(
  entries: SourceFile[],
  host: LoadHost,
  options: LoaderOptions,
): Array<SourceFile[] | FamilyUnit> {
  if (options.parameterFiles.length > 0) return [entries];
  const texts = folderReader(entries, host);
  // Each file's paths read once, for the groups and for the units in them.
  const known = new Map<string, NamedPaths | null>();
  const pathsIn = (file: string, text?: string): NamedPaths | undefined => {
    const key = normalize(file);
    let found = known.get(key);
    if (found === undefined) {
      const read = text ?? host.readFile(key);
      known.set(key, (found = read === undefined ? null : namedPaths(key, read)));
    }
    return found ?? undefined;
  };
  return linkedGroups(entries, (dir) => {
    const named: string[] = [];
    for (const file of texts(dir, (p) => isTemplate(p) || isParamFile(p)))
      for (const target of pathsIn(file.path, file.text)!.all) named.push(folderOf(target));
    return named;
  }).flatMap((group): Array<SourceFile[] | FamilyUnit> => {
    const byPath = new Map(group.map((e) => [normalize(e.path), e.text]));
    const units = unitPerRoot(group, host, (file) => pathsIn(file, byPath.get(file)));
    if (!units) return [group];
    const family = `bicep\u0000${group[0].path}`;
    return units.map((unitEntries) => ({ entries: unitEntries, family }));
  });
}

/** The paths a Bicep file names, resolved. */
interface NamedPaths {
  /** Every quoted path but a registry reference. */
  all: string[];
  /** When each quoted path is a module call's or the file's one `using`: the module calls' paths, and the `using`'s. */
  plain?: { modules: string[]; using?: string };
}

/** What stands before a quoted path on its line when it is a module call's or a `using`'s. */
const STATEMENT_BEFORE = /^[ \t]*(?:(module)[ \t]+[A-Za-z_]\w*|using)[ \t]+$/;

function namedPaths(file: string, text: string): NamedPaths {
  const all: string[] = [];
  const modules: string[] = [];
  let using: string | undefined;
  let plain = true;
  for (const m of text.matchAll(QUOTED_PATH)) {
    if (REGISTRY.test(m[1])) {
      plain = false;
      continue;
    }
    const target = resolveFrom(file, m[1]);
    all.push(target);
    if (!plain) continue;
    const before = STATEMENT_BEFORE.exec(text.slice(text.lastIndexOf('\n', m.index) + 1, m.index));
    if (!before || /\.jsonc?$/i.test(target) || (!before[1] && using !== undefined)) plain = false;
    else if (before[1]) modules.push(target);
    else using = target;
  }
  return plain ? { all, plain: { modules, using } } : { all };
}

/**
 * The units of one group of linked entries, one per root template (a template no other calls as a
 * module) with its parameter files and every template it reaches through module calls, or undefined when
 * the group must load as one. Loaded apart, each root is evaluated as in the group (under its own
 * parameter files) and each module through the calls of the roots that reach it, as the group would; the
 * join merges a module's findings across units (engine/groups.ts). The group stays one when a file names
 * a path otherwise than by a module call or a `using` (an import, a loaded file, a commented call: the
 * loader might evaluate such a template on its own in every unit that holds it), when JSON files stand
 * beside the templates (parameter files paired by name), when a template called as a module has
 * parameter files beside it (evaluated as a root too, in every unit that calls it), when a root has a
 * parameter file beside it for another template (the loader takes those as the root folder's
 * environments), or when a file reaches a chain of files past what a unit should read.
 */
function unitPerRoot(
  group: readonly SourceFile[],
  host: LoadHost,
  pathsIn: (file: string) => NamedPaths | undefined,
): SourceFile[][] | undefined {
  if (group.length < 2) return undefined;
  const place = new Map<string, number>();
  group.forEach((e, i) => place.set(normalize(e.path), i));
  const folders = new Set(group.map((e) => folderOf(normalize(e.path))));
  for (const dir of folders)
    if (host.listDir(dir).some((p) => /\.jsonc?$/i.test(p) && !/(^|\/)bicepconfig\.json$/i.test(p)))
      return undefined;
  const linksOf = (file: string) => pathsIn(file)?.plain;
  // The templates each template reaches through module calls, itself included.
  const reach = (template: string): Set<string> | undefined => {
    const seen = new Set([template]);
    const queue = [template];
    for (let i = 0; i < queue.length; i++) {
      const found = linksOf(queue[i]);
      if (!found) return undefined;
      for (const next of found.modules) {
        if (seen.has(next)) continue;
        if (seen.size >= MAX_UNIT_TEMPLATES) return undefined;
        seen.add(next);
        queue.push(next);
      }
    }
    return seen;
  };
  // Each parameter file's template; the templates module calls reach.
  const paramsOf = new Map<string, string[]>();
  const called = new Set<string>();
  for (const [file] of place) {
    const found = linksOf(file);
    if (!found) return undefined;
    if (isParamFile(file)) {
      if (found.using === undefined || !isTemplate(found.using)) return undefined;
      let list = paramsOf.get(found.using);
      if (!list) paramsOf.set(found.using, (list = []));
      list.push(file);
    } else for (const m of found.modules) called.add(m);
  }
  for (const m of called) {
    if (paramsOf.has(m)) return undefined;
    if (host.listDir(folderOf(m)).some((p) => isParamFile(p))) return undefined;
  }
  const roots = new Set<string>();
  for (const [file] of place) if (isTemplate(file) && !called.has(file)) roots.add(file);
  for (const template of paramsOf.keys()) roots.add(template);
  if (roots.size < 2) return undefined;
  const covered = new Set<number>();
  const units: SourceFile[][] = [];
  for (const root of [...roots].sort()) {
    const templates = reach(root);
    if (!templates) return undefined;
    // The loader takes every parameter file beside a template as one of its environments: one beside
    // this root for another template would bring that template into this root's unit too.
    for (const p of host.listDir(folderOf(root))) {
      if (isParamFile(p) && linksOf(normalize(p))?.using !== root) return undefined;
    }
    const places: number[] = [];
    for (const t of templates) {
      const at = place.get(t);
      if (at !== undefined) places.push(at);
    }
    for (const p of paramsOf.get(root) ?? []) places.push(place.get(p)!);
    places.sort((a, b) => a - b);
    for (const at of places) covered.add(at);
    units.push(places.map((at) => group[at]));
  }
  return covered.size === group.length ? units : undefined;
}

/** Templates one root may reach through module calls before its group is kept whole. */
const MAX_UNIT_TEMPLATES = 500;

/**
 * Paths normalized, each once: a load looks its templates and parameter files up by path again and
 * again (planning, pairing, evaluating), the same few hundred paths (normalizing was 2% of a load).
 */
const normalizedPaths = new Map<string, string>();

function normalize(p: string): string {
  let n = normalizedPaths.get(p);
  if (n === undefined) {
    n = path.posix.normalize(p.split('\\').join('/'));
    if (n.startsWith('./')) n = n.slice(2);
    if (normalizedPaths.size >= 10_000) normalizedPaths.clear();
    normalizedPaths.set(p, n);
  }
  return n;
}

function resolveFrom(file: string, target: string): string {
  return normalize(path.posix.join(path.posix.dirname(file), target.split('\\').join('/')));
}

/**
 * Every `.bicep` entry is evaluated once per `.bicepparam` that names it and once per JSON parameters
 * file paired with it (each an environment of its own), or once on its defaults when there is none. Templates that another scanned template calls as a
 * module are evaluated through that call only, with the parameters it passes.
 */
export function loadBicep(
  entries: readonly SourceFile[],
  host: LoadHost,
  options: LoaderOptions,
): LoadResult {
  const given = new Map(entries.map((e) => [normalize(e.path), e]));
  /** Each file's text by path, read once (null: it cannot be read); `files` lists them as first read. */
  const texts = new Map<string, SourceFile | null>();
  const cache = new Map<string, ParsedFile | null>();
  /** Files whose parse was reported (its errors, `onParsed`): parsed again after `release`, they are not. */
  const reported = new Set<string>();
  const files: SourceFile[] = [];
  const errors: FileError[] = [];
  const skipped: SkipNote[] = [];
  const read = (key: string): SourceFile | undefined => {
    const known = texts.get(key);
    if (known !== undefined) return known ?? undefined;
    const text = given.get(key)?.text ?? host.readFile(key);
    const file = text === undefined ? undefined : { path: given.get(key)?.path ?? key, text };
    texts.set(key, file ?? null);
    if (file) files.push(file);
    return file;
  };
  const state: LoadState = {
    importedFiles: new Map(),
    errors,
    skipped,
    cachedModule(target, fromFile) {
      // Aliases depend on the bicepconfig.json above the calling file: one answer per folder.
      const key = `${target}\u0000${path.posix.dirname(fromFile)}`;
      let found = cachedModules.get(key);
      if (!found) cachedModules.set(key, (found = findCachedModule(target, fromFile)));
      return found;
    },
    parse(filePath) {
      const key = normalize(filePath);
      const hit = cache.get(key);
      if (hit !== undefined) return hit ?? undefined;
      const file = read(key);
      if (file === undefined) {
        cache.set(key, null);
        return undefined;
      }
      const first = !reported.has(key);
      reported.add(key);
      let syntax: ReturnType<typeof parseBicep>;
      try {
        // A module several roots call, each a unit (bicepUnits), is parsed once per thread: the scan's
        // cache keeps the shared files' trees (engine/analyze.ts, withSharedSyntax).
        syntax = options.syntaxCache
          ? options.syntaxCache.parseNow(file.path, file.text, () => parseBicep(file.text))
          : parseBicep(file.text);
      } catch (err) {
        if (first) errors.push(failureError('the file', err, { file: file.path }));
        cache.set(key, null);
        return undefined;
      }
      if (first) {
        options.onParsed?.(file.path);
        for (const e of syntax.errors)
          errors.push({ file: file.path, line: e.line, column: e.column, message: e.message });
      }
      const parsed = { file, syntax };
      cache.set(key, parsed);
      return parsed;
    },
  };
  /**
   * Lets a file's syntax tree go: a root template and its parameter files once the root is evaluated.
   * Parsed before their turn and kept all load long, the trees (more memory than the values evaluated
   * from them) outlived every young-generation collection and were copied by each; parsed on their
   * turn and let go, they die young. One needed again (a root that is also another's module) is parsed
   * again, its problems not told twice.
   */
  const release = (filePath: string) => cache.delete(normalize(filePath));

  const cachedModules = new Map<string, ReturnType<NonNullable<LoadState['cachedModule']>>>();
  const findCachedModule = (
    target: string,
    fromFile: string,
  ): ReturnType<NonNullable<LoadState['cachedModule']>> => {
    const notRestored = { notRead: '`bicep restore` has not put in the module cache' };
    const cacheRoot = options.bicepModuleCache;
    if (cacheRoot === undefined) return notRestored;
    const ref = /^ts[:/]/i.test(target)
      ? parseTemplateSpecReference(target, fromFile, host)
      : parseRegistryReference(target, fromFile, host);
    if (!ref) return notRestored;
    if ('unresolvedAlias' in ref)
      return { notRead: `names alias '${ref.unresolvedAlias}', which no bicepconfig.json above it defines` };
    const dir =
      'subscription' in ref ? cachedTemplateSpecDir(cacheRoot, ref) : cachedModuleDir(cacheRoot, ref);
    const mainPath = `${dir}/main.json`;
    const text = host.readFile(mainPath);
    if (text === undefined) return notRestored;
    const file = { path: mainPath, text };
    files.push(file);
    return { file, dir };
  };

  const templates = new Set<string>();
  const paramFilesOf = new Map<string, Set<string>>();
  const usingTarget = (paramPath: string): string | undefined => {
    const parsed = state.parse(paramPath);
    const using = parsed?.syntax.statements.find((s): s is UsingStatement => s.kind === 'using');
    const target = using?.path?.parts.join('');
    if (!using || target === undefined) return undefined;
    if (REGISTRY.test(target)) {
      skipped.push({
        file: parsed!.file.path,
        line: lineColumn(parsed!, using.start).line,
        message: `parameter file uses a template from a registry ('${target}'), which akslint does not fetch`,
      });
      return undefined;
    }
    return resolveFrom(paramPath, target);
  };
  const addParamFile = (paramPath: string) => {
    const template = usingTarget(paramPath);
    if (!template) return;
    // Whether the template is there: it is parsed when its turn to be evaluated comes.
    if (!read(template)) {
      const parsed = state.parse(paramPath)!;
      const using = parsed.syntax.statements.find((s): s is UsingStatement => s.kind === 'using')!;
      const at = lineColumn(parsed, using.path!.start);
      errors.push({
        file: parsed.file.path,
        ...at,
        message: `template '${using.path!.parts.join('')}' (${template}) not found`,
      });
      return;
    }
    templates.add(template);
    let set = paramFilesOf.get(template);
    if (!set) paramFilesOf.set(template, (set = new Set()));
    set.add(normalize(paramPath));
  };

  for (const key of given.keys()) {
    if (isTemplate(key)) templates.add(key);
    else if (isParamFile(key)) addParamFile(key);
  }
  for (const p of options.parameterFiles) if (isParamFile(p)) addParamFile(p);
  // Parameter files beside a template are its environments even when not named on the command line.
  const dirs = new Set([...templates].map((t) => path.posix.dirname(t)));
  for (const dir of dirs) {
    for (const p of host.listDir(dir)) {
      if (isParamFile(p) && !paramFilesOf.get(usingTarget(p) ?? '')?.has(normalize(p))) addParamFile(p);
    }
  }

  // JSON parameters files beside a template (or given with --parameters) are environments too.
  const jsonCache = new ParameterFileCache(host);
  const jsonFilesOf = new Map<string, ParameterFile[]>();
  for (const template of templates) {
    const file = read(template);
    if (!file) continue;
    const found = jsonParameterFilesFor(
      file.path,
      () => state.parse(template),
      options.parameterFiles,
      host,
      jsonCache,
      errors,
    );
    if (found.length > 0) jsonFilesOf.set(template, found);
  }

  // Templates reached as modules from another template are evaluated through the call only.
  const reach = new Map<string, Set<string>>();
  const reachable = (template: string): Set<string> => {
    const known = reach.get(template);
    if (known) return known;
    const found = new Set<string>();
    reach.set(template, found);
    const pending = [template];
    while (pending.length > 0 && found.size < 500) {
      const parsed = state.parse(pending.pop()!);
      for (const s of parsed?.syntax.statements ?? []) {
        if (s.kind !== 'module') continue;
        const target = s.path.parts.join('');
        // An ARM template module (.json) is not Bicep: the module call notes it, nothing parses it here.
        if (REGISTRY.test(target) || /\.json$/i.test(target)) continue;
        const resolved = resolveFrom(parsed!.file.path, target);
        if (found.has(resolved)) continue;
        found.add(resolved);
        pending.push(resolved);
      }
    }
    return found;
  };
  const sorted = [...templates].sort();
  const calledByOthers = (t: string) => sorted.some((other) => other !== t && reachable(other).has(t));
  const roots = sorted.filter((t) => paramFilesOf.has(t) || jsonFilesOf.has(t) || !calledByOthers(t));
  const resources: Resource[] = [];
  const evaluateRoot = (template: string): void => {
    const parsed = state.parse(template);
    if (!parsed) {
      errors.push({ file: template, line: 1, column: 1, message: `template '${template}' not found` });
      return;
    }
    const paramFiles = [...(paramFilesOf.get(template) ?? [])].sort();
    const jsonFiles = jsonFilesOf.get(template) ?? [];
    const displayOf = (p: string) => state.parse(p)?.file.path ?? p;
    const all = [...paramFiles.map(displayOf), ...jsonFiles.map((f) => f.path)].sort();
    if (all.length === 0) {
      resources.push(
        ...instantiateTemplate(
          {
            parsed,
            paramValues: new Map(),
            missingParamReason: (name) =>
              `param ${name} has no default and no .bicepparam file gives it a value`,
            addressPrefix: '',
            via: [],
            moduleStack: [normalize(template)],
          },
          state,
        ).resources,
      );
      return;
    }
    for (const paramFile of paramFiles) {
      const paramParsed = state.parse(paramFile)!;
      const display = displayOf(paramFile);
      resources.push(
        ...instantiateTemplate(
          {
            parsed,
            paramValues: parameterValues(paramParsed, state),
            missingParamReason: (name) => `param ${name} has no default and ${display} gives it no value`,
            addressPrefix: '',
            via: [],
            context: { name: display, all },
            moduleStack: [normalize(template)],
          },
          state,
        ).resources,
      );
    }
    for (const jsonFile of jsonFiles) {
      resources.push(
        ...instantiateTemplate(
          {
            parsed,
            paramValues: jsonParameterValues(jsonFile, parsed),
            missingParamReason: (name) =>
              `param ${name} has no default and ${jsonFile.path} gives it no value`,
            addressPrefix: '',
            via: [],
            context: { name: jsonFile.path, all },
            moduleStack: [normalize(template)],
          },
          state,
        ).resources,
      );
    }
  };
  /** The templates evaluated so far and those they reach. */
  const covered = new Set<string>();
  const evaluateInTurn = (template: string): void => {
    const first = resources.length;
    try {
      evaluateRoot(template);
      // A template with its modules and parameter files is one deployment.
      const display = state.parse(template)?.file.path ?? template;
      for (const r of resources.slice(first)) r.deployment = display;
    } catch (err) {
      // Half a template would read as settings left out: none of it is kept, the others still load.
      resources.length = first;
      const file = state.parse(template)?.file.path ?? template;
      errors.push(failureError(`the template ${file}`, err, { file }));
    }
    covered.add(template);
    for (const c of reachable(template)) covered.add(c);
    release(template);
    for (const p of paramFilesOf.get(template) ?? []) release(p);
  };
  for (const template of roots) evaluateInTurn(template);
  // Templates that only call each other (a cycle) still get evaluated once, from the first of them.
  for (const template of sorted) if (!covered.has(template)) evaluateInTurn(template);
  const seen = new Set(files.map((f) => f.path));
  for (const f of jsonCache.read) if (!seen.has(f.path)) files.push(f);
  return { resources, errors: unique(errors), skipped: unique(skipped), files };
}

/** A template evaluated under several parameter files meets the same problem once per file. */
function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = JSON.stringify(i);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The values a .bicepparam file assigns (its own vars and params may be used in them), on top of
 * those of the file it `extends`.
 */
function parameterValues(parsed: ParsedFile, state: LoadState, seen: string[] = []): Map<string, Value> {
  const values = new Map<string, Value>();
  const base = parsed.syntax.statements.find((s) => s.kind === 'extends');
  if (base?.kind === 'extends' && seen.length < 10) {
    const basePath = resolveFrom(parsed.file.path, base.path.parts.join(''));
    const baseParsed = seen.includes(basePath) ? undefined : state.parse(basePath);
    if (baseParsed)
      for (const [k, v] of parameterValues(baseParsed, state, [...seen, parsed.file.path])) values.set(k, v);
  }
  const env = environmentFor(
    parsed.file,
    parsed.syntax,
    values,
    (name) => `param ${name} has no value in ${parsed.file.path}`,
    state,
  );
  for (const s of parsed.syntax.statements) {
    if (s.kind === 'param' && s.value) {
      values.delete(s.name);
      values.set(s.name, paramValue(s.name, env));
    }
  }
  return values;
}

function lineColumn(parsed: ParsedFile, offset: number): { line: number; column: number } {
  return new LineIndex(parsed.file.text).position(offset);
}
