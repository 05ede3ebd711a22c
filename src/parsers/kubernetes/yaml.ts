import type { Alias, Document, Node } from 'yaml';

// The yaml package is loaded on first use: a scan without manifests should not pay for it at startup.
let yamlModule: typeof import('yaml') | undefined;
const yaml = (): typeof import('yaml') => (yamlModule ??= require('yaml') as typeof import('yaml'));
import {
  LineIndex,
  list,
  object,
  packed,
  relocated,
  scalar,
  type FileError,
  type ObjectEntry,
  type Scalar,
  type SourceFile,
  type SourceRange,
  type Value,
} from '../../model';
import { oneCopy } from '../strings';
import { readPlainYaml } from './direct';

/** One YAML document of a file: its value (undefined when empty or broken) and where it sits. */
export interface YamlDocument {
  value: Value | undefined;
  range: SourceRange;
  /** Offsets of the document's text in the file, up to the next document (`---` and comments included). */
  start: number;
  end: number;
  /** Syntax errors (and limits reached) in this document: its value is then undefined. */
  errors: FileError[];
  /**
   * Where a template action such as `{{ .Values.x }}` stands as a value: YAML reads it as a map
   * holding a map, which no Kubernetes field is. The value is then undefined.
   */
  templateActionAt?: number;
}

export interface ParsedYaml {
  documents: YamlDocument[];
  /** Errors that stopped the whole file from being read. */
  errors: FileError[];
  /** The file has more than MAX_DOCUMENTS documents: where reading stopped, and the note saying so. */
  documentLimit?: { line: number; message: string };
}

/** Deeper than any real manifest; keeps conversion far from the stack limit. */
export const MAX_DEPTH = 256;

/**
 * Aliases are expanded into copies, so a few lines of anchors can describe billions of nodes
 * ("billion laughs"). Each document may hold this many nodes beyond its own text length.
 */
const NODE_BUDGET_BASE = 50_000;

class TemplateActionFound extends Error {
  constructor(readonly offset: number) {
    super('template action');
  }
}

class YamlLimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

// YAML 1.1 is what kubectl reads (sigs.k8s.io/yaml over go-yaml): `yes`/`no` are booleans, `<<` merges.
const PARSE_OPTIONS = { version: '1.1', prettyErrors: false, strict: false, uniqueKeys: false } as const;

export interface ParseYamlOptions {
  /** Read plain manifests without the yaml package (default); false always composes with yaml. */
  direct?: boolean;
}

export function parseYamlDocuments(file: SourceFile, options: ParseYamlOptions = {}): ParsedYaml {
  const lines = new LineIndex(file.text);
  // What the direct reader reads nests far less than MAX_FLOW_NESTING, and a text of at most
  // MAX_DOCUMENT_BYTES has no document larger: the checks below are for what it leaves to yaml.
  if (options.direct !== false && file.text.length <= MAX_DOCUMENT_BYTES) {
    const direct = readPlainYaml(file.text, file.path, lines, MAX_DOCUMENTS);
    if (direct) {
      const read = direct.map((d, i) => ({
        value: d.value,
        range: d.range,
        start: d.start,
        end: direct[i + 1]?.start ?? file.text.length,
        errors: [],
      }));
      return { documents: read, errors: [] };
    }
  }
  const errors: FileError[] = [];
  const documents: YamlDocument[] = [];
  const tooDeep = flowNestingBeyond(file.text, MAX_FLOW_NESTING);
  if (tooDeep !== undefined) {
    const message = `YAML nested deeper than ${MAX_FLOW_NESTING} levels: the file was not read`;
    return { documents, errors: [errorAt(file, lines, tooDeep, message)] };
  }
  const oversized = documentsLargerThan(file.text, MAX_DOCUMENT_BYTES);
  for (const d of oversized) {
    const mb = (d.end - d.start) / 1024 / 1024;
    errors.push(
      errorAt(
        file,
        lines,
        d.start,
        `YAML document of ${mb.toFixed(1)} MB is larger than the ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB a document may be, and was not read: split it (a List into one document per object)`,
      ),
    );
  }
  // Oversized documents are blanked (offsets kept, so that positions stay) rather than read.
  const text = oversized.length === 0 ? file.text : blanked(file.text, oversized);
  const settle = (doc: Document.Parsed, end: number): void => {
    const start = doc.contents?.range[0] ?? doc.range[0];
    const range = trimmedRange(lines, file.path, start, doc.contents?.range[1] ?? doc.range[1]);
    // A broken document's own range stops where YAML gave up: its text runs to the next document.
    const place = { range, start: doc.range[0], end };
    if (doc.errors.length > 0) {
      const docErrors = doc.errors.map((e) => errorAt(file, lines, e.pos[0], firstLine(e.message)));
      documents.push({ value: undefined, ...place, errors: docErrors });
      return;
    }
    if (!doc.contents) {
      documents.push({ value: undefined, ...place, errors: [] });
      return;
    }
    try {
      const converter = new Converter(doc, file.path, lines, NODE_BUDGET_BASE + file.text.length);
      documents.push({ value: converter.convert(doc.contents as Node, 0), ...place, errors: [] });
    } catch (err) {
      if (err instanceof TemplateActionFound) {
        documents.push({ value: undefined, ...place, errors: [], templateActionAt: err.offset });
        return;
      }
      const offset = err instanceof YamlLimitError ? err.offset : start;
      documents.push({ value: undefined, ...place, errors: [errorAt(file, lines, offset, messageOf(err))] });
    }
  };
  // Documents are composed one at a time, so that only one is held as YAML nodes; each is settled when
  // the next one starts, which is where its text ends.
  let pending: Document.Parsed | undefined;
  let count = 0;
  let documentLimit: ParsedYaml['documentLimit'];
  try {
    const { Composer, Parser } = yaml();
    const composer = new Composer(PARSE_OPTIONS);
    for (const doc of composer.compose(new Parser().parse(text))) {
      if (pending) settle(pending, doc.range[0]);
      pending = doc;
      if (++count > MAX_DOCUMENTS) {
        pending = undefined;
        const { line } = lines.position(doc.range[0]);
        documentLimit = {
          line,
          message: `more than ${MAX_DOCUMENTS.toLocaleString('en-US')} YAML documents in one file: the documents from line ${line} on were not read`,
        };
        break;
      }
    }
  } catch (err) {
    return { documents, errors: [errorAt(file, lines, 0, `YAML could not be parsed: ${messageOf(err)}`)] };
  }
  if (pending) settle(pending, file.text.length);
  return { documents, errors, ...(documentLimit ? { documentLimit } : {}) };
}

/**
 * A document is composed whole, and yaml holds about 150 bytes per byte of a flow-style document: a
 * 5 MB List took 724 MB before any check ran. Larger documents are refused, with their size.
 */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

/**
 * The documents longer than `limit` characters, found lexically: a line starting with `---` or `...`
 * always ends a document (YAML forbids them inside one, even in a block scalar).
 */
export function documentsLargerThan(text: string, limit: number): { start: number; end: number }[] {
  if (text.length <= limit) return [];
  const out: { start: number; end: number }[] = [];
  let start = 0;
  const close = (end: number) => {
    if (end - start > limit) out.push({ start, end });
  };
  for (let i = 0; i < text.length; i = text.indexOf('\n', i) + 1 || text.length) {
    if ((text.startsWith('---', i) || text.startsWith('...', i)) && isMarkerEnd(text.charCodeAt(i + 3))) {
      close(i);
      start = i;
    }
  }
  close(text.length);
  return out;
}

function isMarkerEnd(code: number): boolean {
  return Number.isNaN(code) || code === 10 || code === 13 || code === 32 || code === 9;
}

function blanked(text: string, parts: readonly { start: number; end: number }[]): string {
  let out = '';
  let at = 0;
  for (const p of parts) {
    // The marker line stays: the document is read as empty.
    const marker = text.startsWith('---', p.start) || text.startsWith('...', p.start);
    const from = marker ? text.indexOf('\n', p.start) + 1 || p.end : p.start;
    // One line of spaces, ending with the document's last line break (the next marker starts a line):
    // yaml reads a long line at once but each line break on its own, slowly. Offsets stay the same.
    const keep = p.end > from && text.charCodeAt(p.end - 1) === 10 ? 1 : 0;
    out += text.slice(at, from) + ' '.repeat(p.end - from - keep) + text.slice(p.end - keep, p.end);
    at = p.end;
  }
  return out + text.slice(at);
}

/** Past this many documents in one file (empty ones too: each costs the parser), the rest is not read. */
export const MAX_DOCUMENTS = 10_000;

/**
 * Flow collections (`[[[…`, `{a: {a: …`) nested deeper than this are refused before YAML reads them: its
 * parser recurses per level and slows down with depth (1 MB of `[` took 30 s and 1 GB). Far above
 * MAX_DEPTH, which a value may not exceed anyway, so that a miscount never refuses a real manifest.
 */
export const MAX_FLOW_NESTING = 1000;

/**
 * The offset where flow brackets first nest deeper than `limit`, or undefined. A lexical count: brackets
 * in quoted strings and comments are skipped, and each document (`---`) starts again from zero.
 */
export function flowNestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      continue;
    }
    if (lineStart && c === 45 && text.startsWith('---', i)) depth = 0;
    lineStart = false;
    if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) {
      // A quoted scalar: skip to its closing quote on this line (a broken one ends with the line).
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== c && text.charCodeAt(j) !== 10) {
        if (c === 34 && text.charCodeAt(j) === 92) j++;
        j++;
      }
      i = j < text.length && text.charCodeAt(j) === 10 ? j - 1 : j;
    } else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      while (i + 1 < text.length && text.charCodeAt(i + 1) !== 10) i++;
    }
  }
  return undefined;
}

/** Syntax errors only, for the parse-only benchmark. */
export function countYamlSyntaxErrors(text: string): number {
  // What the direct reader reads, yaml reads without an error (test/kubernetes/direct.test.ts).
  if (readPlainYaml(text, '', new LineIndex(text), MAX_DOCUMENTS)) return 0;
  try {
    const docs = yaml().parseAllDocuments(text, PARSE_OPTIONS);
    return (Array.isArray(docs) ? docs : [docs]).reduce((n, d) => n + d.errors.length, 0);
  } catch {
    return 1;
  }
}

class Converter {
  private nodes = 0;
  // Resolving an alias searches the whole document for its anchor: once per alias is enough.
  private readonly anchors = new Map<Alias, Node | undefined>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly file: string,
    private readonly lines: LineIndex,
    private readonly budget: number,
  ) {}

  convert(node: Node, depth: number): Value {
    if (++this.nodes > this.budget) {
      throw new YamlLimitError(
        `YAML aliases expand to more than ${this.budget} nodes (an alias bomb?): refusing to expand them`,
        node.range?.[0] ?? 0,
      );
    }
    if (depth > MAX_DEPTH) {
      throw new YamlLimitError(`YAML nested deeper than ${MAX_DEPTH} levels`, node.range?.[0] ?? 0);
    }
    if (yaml().isAlias(node)) return this.convertAlias(node, depth);
    const range = this.rangeOf(node);
    if (yaml().isMap(node)) {
      const at = node.range?.[0];
      if (node.flow && at !== undefined && this.lines.text.startsWith('{{', at))
        throw new TemplateActionFound(at);
      return object(this.entriesOf(node.items, depth), range);
    }
    if (yaml().isSeq(node)) {
      return list(
        node.items.map((item) => this.convertItem(item, range, depth)),
        range,
      );
    }
    if (yaml().isScalar(node)) return scalar(plainScalar(node.value, node.source), range);
    return scalar(null, range);
  }

  private convertAlias(alias: Alias, depth: number): Value {
    if (!this.anchors.has(alias)) this.anchors.set(alias, alias.resolve(this.doc) as Node | undefined);
    const target = this.anchors.get(alias);
    if (!target) {
      throw new YamlLimitError(`YAML alias *${alias.source} has no anchor before it`, alias.range?.[0] ?? 0);
    }
    // The copy stands where the alias is: a finding about the object that uses it (the second container
    // sharing a securityContext) points at that object's own lines, where its suppression would go.
    return relocated(this.convert(target, depth + 1), this.rangeOf(alias));
  }

  private convertItem(item: unknown, parent: SourceRange, depth: number): Value {
    if (item === null || item === undefined) return scalar(null, parent);
    if (yaml().isPair(item)) {
      // A single-pair map inside a flow sequence, `[a: 1]`.
      const entries = this.entriesOf([item], depth);
      return object(entries, entries[0]?.keyRange ?? parent);
    }
    return this.convert(item as Node, depth + 1);
  }

  private entriesOf(pairs: readonly unknown[], depth: number): ObjectEntry[] {
    const entries: ObjectEntry[] = [];
    const merged: ObjectEntry[] = [];
    for (const pair of pairs) {
      if (!yaml().isPair(pair)) continue;
      const keyNode = pair.key as Node | null;
      const keyRange = keyNode?.range ? this.rangeOf(keyNode) : this.lines.range(this.file, 0, 0);
      const valueNode = pair.value as Node | null;
      const value = valueNode ? this.convert(valueNode, depth + 1) : scalar(null, keyRange);
      const key = keyText(keyNode);
      if (key === '<<' && yaml().isScalar(keyNode)) {
        merged.push(...mergeSources(value));
        continue;
      }
      entries.push({ key, keyRange, value });
    }
    // Merged keys never override keys written in the map itself.
    for (const m of merged) if (!entries.some((e) => e.key === m.key)) entries.push(m);
    return packed(entries);
  }

  private rangeOf(node: Node): SourceRange {
    const r = node.range;
    return r ? trimmedRange(this.lines, this.file, r[0], r[1]) : this.lines.range(this.file, 0, 0);
  }
}

/** A block collection's range runs through the line break after it; a finding should end on its last character. */
function trimmedRange(lines: LineIndex, file: string, start: number, end: number): SourceRange {
  let e = end;
  while (e > start && isSpace(lines.text.charCodeAt(e - 1))) e--;
  return lines.range(file, start, e);
}

function isSpace(code: number): boolean {
  return code === 10 || code === 13 || code === 32 || code === 9;
}

function mergeSources(value: Value): ObjectEntry[] {
  if (value.kind === 'object') return value.entries;
  if (value.kind === 'list') {
    // In a merge list, earlier maps win.
    const out: ObjectEntry[] = [];
    for (const item of value.items) {
      if (item.kind !== 'object') continue;
      for (const e of item.entries) if (!out.some((o) => o.key === e.key)) out.push(e);
    }
    return out;
  }
  return [];
}

function keyText(node: Node | null): string {
  if (!node) return '';
  if (yaml().isScalar(node)) {
    if (typeof node.value === 'string') return oneCopy(node.value);
    return oneCopy(node.source ?? String(node.value));
  }
  // Complex keys do not occur in Kubernetes objects; keep something readable.
  return node.range ? `[complex key at ${node.range[0]}]` : '[complex key]';
}

function plainScalar(value: unknown, source: string | undefined): Scalar {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return oneCopy(value);
  if (typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  // Timestamps, binary: Kubernetes fields holding them are strings, so keep what was written.
  return source ?? String(value);
}

function errorAt(file: SourceFile, lines: LineIndex, offset: number, message: string): FileError {
  const clamped = Math.max(0, Math.min(offset, file.text.length));
  const { line, column } = lines.position(clamped);
  return { file: file.path, line, column, message };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  // yaml reports its own stack overflow as a syntax error.
  return /call stack/i.test(line) ? 'YAML too deeply nested to read' : line;
}

function messageOf(err: unknown): string {
  if (err instanceof RangeError) return `YAML too deeply nested to read (${err.message})`;
  return err instanceof Error ? err.message : String(err);
}
