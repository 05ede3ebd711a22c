import { getMember, parseJsonDocument, stringOf, type JsonDocument } from '../../parsers/arm/json';
import type { FileError, FormatLoader, LoadHost, LoaderOptions, LoadResult, SourceFile } from '../../model';
import { failureError } from '../../model';
import { ParameterFileCache, findParameterFiles, type ParameterFile } from './parameters';
import { evaluateTemplate, type TemplateSink } from './template';

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
    });
  }
}

async function load(entries: SourceFile[], host: LoadHost, options: LoaderOptions): Promise<LoadResult> {
  const sink: TemplateSink = { resources: [], errors: [], skipped: [] };
  const cache = new ParameterFileCache(host);
  const files: SourceFile[] = [];
  for (const entry of entries) {
    files.push(entry);
    const doc = parseJsonDocument(entry.path, entry.text);
    options.onParsed?.(entry.path);
    sink.errors.push(...doc.errors);
    if (!doc.root || !isTemplate(doc)) continue;
    try {
      loadTemplate(doc, host, options, cache, sink);
    } catch (err) {
      // Deeply nested input can exhaust the stack while evaluating; the other files still load.
      sink.errors.push(failureError('the template', err, { file: entry.path }));
    }
  }
  const seen = new Set(files.map((f) => f.path));
  for (const f of cache.read) if (!seen.has(f.path)) files.push(f);
  return {
    resources: sink.resources,
    errors: unique(sink.errors),
    skipped: uniqueSkips(sink.skipped),
    files,
  };
}

function unique(errors: FileError[]): FileError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.file}\u0000${e.line}\u0000${e.column}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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

export const armLoader: FormatLoader = {
  format: 'arm',
  claims,
  load,
  parseOnly: async (file) => parseJsonDocument(file.path, file.text).errors.length,
};
