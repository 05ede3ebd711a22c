import * as path from 'node:path';
import {
  getMember,
  parseJsonDocument,
  stringOf,
  type JsonDocument,
  type JsonNode,
} from '../../parsers/arm/json';
import type { FileError, FormatLoader, LoadHost, LoaderOptions, LoadResult, SourceFile } from '../../model';
import { failureError, normalizePath, uniqueErrors } from '../../model';
import { ParameterFileCache, findParameterFiles, type ParameterFile } from './parameters';
import { evaluateTemplate, type TemplateSink } from './template';
import { folderOf, folderReader, linkedGroups } from '../units';

const TEMPLATE_SCHEMA = /"\$schema"\s*:\s*"[^"]*deploymentTemplate/i;

/** Cheap: the schema is near the top of every template; the loader confirms on the parsed document. */
function claims(path: string, text: string): boolean {
  return /\.jsonc?$/i.test(path) && TEMPLATE_SCHEMA.test(text.slice(0, 8192));
}

function isTemplate(doc: JsonDocument): boolean {
  const schema = stringOf(getMember(doc.root, '$schema'));
  return schema !== undefined && /deploymentTemplate/i.test(schema);
}

/**
 * Parameters files for one template. Files given with `--parameters` that fit the template (every
 * parameter they set is declared by it) replace the ones found beside it.
 */
function parameterFilesFor(
  doc: JsonDocument,
  host: LoadHost,
  options: LoaderOptions,
  cache: ParameterFileCache,
  errors: FileError[],
): ParameterFile[] {
  const declared = new Set(
    (getMember(doc.root, 'parameters')?.children ?? []).map((p) =>
      String(p.children?.[0]?.value).toLowerCase(),
    ),
  );
  const load = (paths: readonly string[], fitOnly: boolean): ParameterFile[] => {
    const out: ParameterFile[] = [];
    for (const p of paths) {
      const read = cache.get(p);
      errors.push(...read.errors);
      if (!read.file) continue;
      if (fitOnly && !read.file.names.every((n) => declared.has(n.toLowerCase()))) continue;
      out.push(read.file);
    }
    return out;
  };
  const explicit = load(options.parameterFiles, true);
  return explicit.length > 0 ? explicit : load(findParameterFiles(doc.path, host), false);
}

function loadTemplate(
  doc: JsonDocument,
  host: LoadHost,
  options: LoaderOptions,
  cache: ParameterFileCache,
  sink: TemplateSink,
): void {
  const root = doc.root!;
  const first = sink.resources.length;
  evaluateUnderParameterFiles(doc, root, host, options, cache, sink);
  // One template with its nested deployments and parameter files is one deployment.
  for (const r of sink.resources.slice(first)) r.deployment = doc.path;
}

function evaluateUnderParameterFiles(
  doc: JsonDocument,
  root: NonNullable<JsonDocument['root']>,
  host: LoadHost,
  options: LoaderOptions,
  cache: ParameterFileCache,
  sink: TemplateSink,
): void {
  const files = parameterFilesFor(doc, host, options, cache, sink.errors);
  const run = { doc, template: root, via: [], addressPrefix: '', sink };
  if (files.length === 0) {
    evaluateTemplate({ ...run, parameters: { values: new Map(), source: 'a parameters file' } });
    return;
  }
  const all = files.map((f) => f.path);
  for (const file of files) {
    evaluateTemplate({
      ...run,
      parameters: { values: file.values, ranges: file.ranges, source: file.path },
      context: files.length > 1 ? { name: file.path, all } : undefined,
      evaluatedAgain: files.length > 1,
    });
  }
}

async function load(entries: SourceFile[], host: LoadHost, options: LoaderOptions): Promise<LoadResult> {
  const files: SourceFile[] = [];
  const given = new Map(entries.map((e) => [normalize(e.path), e]));
  const linkedDocs = new Map<string, JsonDocument | null>();
  const sink: TemplateSink = {
    resources: [],
    errors: [],
    skipped: [],
    readLinkedTemplate(p) {
      const key = normalize(p);
      const known = linkedDocs.get(key);
      if (known !== undefined) return known ?? undefined;
      const entry = given.get(key);
      const text = entry?.text ?? host.readFile(key);
      if (text === undefined) {
        linkedDocs.set(key, null);
        return undefined;
      }
      const doc = parseJsonDocument(entry?.path ?? key, text);
      if (!entry) files.push({ path: key, text });
      sink.errors.push(...doc.errors);
      linkedDocs.set(key, doc);
      return doc;
    },
  };
  const cache = new ParameterFileCache(host);
  const parse = (entry: SourceFile): JsonDocument => {
    files.push(entry);
    const doc = parseJsonDocument(entry.path, entry.text);
    options.onParsed?.(entry.path);
    sink.errors.push(...doc.errors);
    return doc;
  };
  const evaluateOne = (entry: SourceFile, doc: JsonDocument) => {
    try {
      loadTemplate(doc, host, options, cache, sink);
    } catch (err) {
      // Deeply nested input can exhaust the stack while evaluating; the other files still load.
      sink.errors.push(failureError('the template', err, { file: entry.path }));
    }
  };
  if (!entries.some((e) => mayLink(e.text))) {
    // No template links another, so each is its own entry: evaluated as soon as it is parsed, in the
    // order given, its syntax tree dies young instead of outliving the evaluation of every other file.
    for (const entry of entries) {
      const doc = parse(entry);
      if (doc.root && isTemplate(doc)) evaluateOne(entry, doc);
    }
    return loaded(files, cache, sink);
  }
  const parsed = entries.map((entry) => ({ entry, doc: parse(entry) }));
  const templates = parsed.filter(({ doc }) => doc.root && isTemplate(doc));
  for (const { entry, doc } of templates) linkedDocs.set(normalize(entry.path), doc);
  const roots = entryTemplates(templates.map(({ entry, doc }) => ({ path: normalize(entry.path), doc })));
  for (const { entry, doc } of templates) {
    if (roots.has(normalize(entry.path))) evaluateOne(entry, doc);
  }
  return loaded(files, cache, sink);
}

/** The result of a load: the files it read, entries first, then the parameters files it read besides. */
function loaded(files: SourceFile[], cache: ParameterFileCache, sink: TemplateSink): LoadResult {
  const seen = new Set(files.map((f) => f.path));
  for (const f of cache.read) if (!seen.has(f.path)) files.push(f);
  return {
    resources: sink.resources,
    errors: uniqueErrors(sink.errors),
    skipped: uniqueSkips(sink.skipped),
    files,
  };
}

/**
 * The templates to evaluate on their own: a template another scanned template links by relativePath is
 * evaluated through that link only, with the parameters it is given there; templates that only link
 * each other (a cycle) are evaluated from the first of them.
 */
function entryTemplates(templates: ReadonlyArray<{ path: string; doc: JsonDocument }>): Set<string> {
  const links = new Map(templates.map((t) => [t.path, staticLinks(t.doc)]));
  const linked = new Set([...links.values()].flat());
  const roots = new Set(templates.map((t) => t.path).filter((p) => !linked.has(p)));
  const covered = new Set<string>();
  const cover = (from: string) => {
    const pending = [from];
    while (pending.length > 0 && covered.size < 10_000) {
      const p = pending.pop()!;
      if (covered.has(p)) continue;
      covered.add(p);
      pending.push(...(links.get(p) ?? []));
    }
  };
  for (const root of roots) cover(root);
  for (const t of [...templates].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (covered.has(t.path)) continue;
    roots.add(t.path);
    cover(t.path);
  }
  return roots;
}

/** The relativePath links written as plain strings in a template's deployments, resolved from its folder. */
function staticLinks(doc: JsonDocument): string[] {
  const out: string[] = [];
  if (!mayLink(doc.text)) return out;
  const visit = (node: JsonNode | undefined, depth: number) => {
    if (!node || depth > 64) return;
    if (node.type === 'object') {
      const rel = stringOf(getMember(getMember(node, 'templateLink'), 'relativePath'));
      if (rel !== undefined && !rel.startsWith('['))
        out.push(
          normalize(path.posix.join(path.posix.dirname(normalize(doc.path)), rel.split('\\').join('/'))),
        );
    }
    for (const child of node.children ?? []) visit(child, depth + 1);
  };
  visit(doc.root, 0);
  return out;
}

/**
 * Whether a template's text may link another by `templateLink.relativePath`: most link nothing, and a
 * key spelled with escapes is the only way to write one that this does not see.
 */
function mayLink(text: string): boolean {
  return /relativepath/i.test(text) || text.includes('\\u');
}

function normalize(p: string): string {
  const n = path.posix.normalize(p.split('\\').join('/'));
  return n.startsWith('./') ? n.slice(2) : n;
}

function uniqueSkips<T extends { file: string; line?: number; message: string }>(notes: T[]): T[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.file}\u0000${n.line}\u0000${n.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A quoted path to a JSON file: a nested template's `relativePath`, most often. */
const QUOTED_JSON_PATH = /"([^"\n:]+\.jsonc?)"/gi;

/**
 * A template reads its nested templates and the parameters files beside it, which other templates of
 * its folder may read too (azuredeploy.parameters.json): each folder loads with the folders its
 * templates name, so that every file is read in one unit.
 */
function armUnits(entries: SourceFile[], host: LoadHost): SourceFile[][] {
  const texts = folderReader(entries, host);
  return linkedGroups(entries, (dir) => {
    const named: string[] = [];
    for (const file of texts(dir, (p) => /\.jsonc?$/i.test(p))) {
      // Most templates name no file: a plain search for the end of one is cheaper than the pattern.
      if (!claims(file.path, file.text) || !/\.jsonc?"/i.test(file.text)) continue;
      for (const m of file.text.matchAll(QUOTED_JSON_PATH))
        named.push(folderOf(normalizePath(path.posix.join(dir, m[1].split('\\').join('/')))));
    }
    return named;
  });
}

export const armLoader: FormatLoader = {
  format: 'arm',
  claims,
  load,
  units: armUnits,
  parseOnly: async (file) => parseJsonDocument(file.path, file.text).errors.length,
};
