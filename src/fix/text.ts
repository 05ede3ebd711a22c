import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { LineIndex, type Scalar, type SourceRange, type TextEdit } from '../model';
import { readValidJson } from '../parsers/arm/json';

/**
 * The concrete syntax of a file, which decides how a value is written: HCL (.tf, .tfvars), JSON (ARM
 * templates, .tf.json, parameter files), Bicep (.bicep, .bicepparam) or YAML (manifests).
 */
export type Syntax = 'hcl' | 'json' | 'bicep' | 'yaml';

export function syntaxOf(file: string): Syntax | undefined {
  const lower = file.toLowerCase();
  if (/\.(tf|tfvars|hcl)$/.test(lower)) return 'hcl';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(bicep|bicepparam)$/.test(lower)) return 'bicep';
  if (/\.ya?ml$/.test(lower)) return 'yaml';
  return undefined;
}

/** A value a fix writes: a scalar, a list, or an object whose keys become attributes, blocks or keys. */
export type FixValue = Scalar | readonly FixValue[] | { readonly [key: string]: FixValue };

export function isFixObject(v: FixValue): v is { readonly [key: string]: FixValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** One file's text with offset/position conversion and the conventions it follows (line ending, indentation). */
export class SourceText {
  private readonly lines: LineIndex;
  readonly eol: string;
  private unitCache?: string;
  private tree?: JsonNode;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.lines = new LineIndex(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  offset(line: number, column: number): number | undefined {
    return this.lines.offset(line, column);
  }

  position(offset: number): { line: number; column: number } {
    return this.lines.position(offset);
  }

  lineStart(offset: number): number {
    return offset - this.position(offset).column + 1;
  }

  /** Offset of the end of the line holding `offset`, before its line break. */
  lineEnd(offset: number): number {
    let i = offset;
    while (i < this.text.length && this.text[i] !== '\n') i++;
    return i > 0 && this.text[i - 1] === '\r' && i > offset ? i - 1 : i;
  }

  /** Leading whitespace of the line holding `offset`. */
  indentAt(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start, start + 200))![0];
  }

  /** The JSON syntax tree (comments and trailing commas allowed, as ARM allows them). */
  jsonTree(): JsonNode {
    // The loader read the same text the same way; valid JSON (nearly every template) skips the library.
    this.tree ??= readValidJson(this.text) ??
      parseTree(this.text, [], { allowTrailingComma: true, disallowComments: false }) ?? {
        type: 'null',
        offset: 0,
        length: 0,
      };
    return this.tree;
  }

  slice(range: SourceRange): string | undefined {
    const s = this.offset(range.line, range.column);
    const e = this.offset(range.endLine, range.endColumn);
    return s === undefined || e === undefined || e < s ? undefined : this.text.slice(s, e);
  }

  /** One level of indentation as the file writes it: a tab, or the smallest step between nested lines. */
  get indentUnit(): string {
    if (this.unitCache !== undefined) return this.unitCache;
    let unit = 0;
    let prev = -1;
    for (const line of this.text.split('\n')) {
      if (!line.trim() || /^\s*(#|\/\/)/.test(line)) continue;
      if (line.startsWith('\t')) return (this.unitCache = '\t');
      const indent = /^ */.exec(line)![0].length;
      if (prev >= 0 && indent > prev && (unit === 0 || indent - prev < unit)) unit = indent - prev;
      prev = indent;
    }
    return (this.unitCache = ' '.repeat(unit > 0 && unit <= 8 ? unit : 2));
  }

  edit(start: number, end: number, newText: string): TextEdit {
    const s = this.position(start);
    const e = this.position(end);
    return { file: this.file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column, newText };
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const YAML_PLAIN = /^[A-Za-z_/][A-Za-z0-9_./-]*$/;
const YAML_RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

/** A scalar as a literal of the syntax; `like` is the literal it replaces, whose quoting is kept. */
export function scalarLiteral(syntax: Syntax, value: Scalar, like?: string): string {
  if (typeof value !== 'string') return String(value);
  switch (syntax) {
    case 'hcl':
      return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
    case 'json':
      return JSON.stringify(value);
    case 'bicep':
      return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
    case 'yaml': {
      if (like?.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
      if (like?.startsWith('"') || !YAML_PLAIN.test(value) || YAML_RESERVED.test(value))
        return JSON.stringify(value);
      return value;
    }
  }
}

/** A key as the syntax writes it. */
export function keyLiteral(syntax: Syntax, key: string): string {
  if (syntax === 'json') return JSON.stringify(key);
  if (syntax === 'bicep') return IDENTIFIER.test(key) && !key.includes('-') ? key : `'${key}'`;
  if (syntax === 'yaml') return YAML_PLAIN.test(key) ? key : JSON.stringify(key);
  return key;
}

/** A value on one line (inside a single-line object or list). */
export function inlineLiteral(syntax: Syntax, value: FixValue): string {
  if (Array.isArray(value)) {
    const items = value.map((v) => inlineLiteral(syntax, v));
    return syntax === 'bicep' ? `[ ${items.join(' ')} ]` : `[${items.join(', ')}]`;
  }
  if (isFixObject(value)) {
    const sep = syntax === 'hcl' ? ' = ' : ': ';
    const entries = Object.entries(value).map(
      ([k, v]) => `${keyLiteral(syntax, k)}${sep}${inlineLiteral(syntax, v)}`,
    );
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return scalarLiteral(syntax, value as Scalar);
}

export interface EntryStyle {
  syntax: Syntax;
  unit: string;
  /** HCL: nested objects are written as blocks (`network_profile { … }`) rather than `key = { … }`. */
  hclBlocks?: boolean;
}

/** The lines that write `key` with `value` at `indent`, nested objects spread over lines. */
export function entryLines(key: string, value: FixValue, indent: string, style: EntryStyle): string[] {
  const { syntax, unit } = style;
  const k = keyLiteral(syntax, key);
  if (isFixObject(value) && Object.keys(value).length === 0) {
    const empty =
      syntax === 'hcl' && style.hclBlocks ? `${k} {}` : syntax === 'hcl' ? `${k} = {}` : `${k}: {}`;
    return [indent + empty];
  }
  if (isFixObject(value)) {
    const children = Object.entries(value).map(([ck, cv]) => entryLines(ck, cv, indent + unit, style));
    if (syntax === 'json') children.forEach((c, i) => i < children.length - 1 && (c[c.length - 1] += ','));
    const flat = children.flat();
    switch (syntax) {
      case 'hcl':
        return [style.hclBlocks ? `${indent}${k} {` : `${indent}${k} = {`, ...flat, `${indent}}`];
      case 'json':
        return [`${indent}${k}: {`, ...flat, `${indent}}`];
      case 'bicep':
        return [`${indent}${k}: {`, ...flat, `${indent}}`];
      case 'yaml':
        return [`${indent}${k}:`, ...flat];
    }
  }
  if (Array.isArray(value) && syntax === 'yaml') {
    return [`${indent}${k}:`, ...value.map((v) => `${indent}${unit}- ${inlineLiteral(syntax, v)}`)];
  }
  const literal = inlineLiteral(syntax, value);
  return [syntax === 'hcl' ? `${indent}${k} = ${literal}` : `${indent}${k}: ${literal}`];
}

const HCL_LITERAL = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?|"(?:[^"\\$%\n]|\\.|\$(?!\{)|%(?!\{))*")$/;
const BICEP_LITERAL = /^(true|false|null|-?\d+|'(?:[^'\\$\n]|\\.|\$(?!\{))*')$/;

/** Whether text is a literal of the syntax (not a reference, call or interpolation). */
export function isLiteral(syntax: Syntax, text: string): boolean {
  switch (syntax) {
    case 'hcl':
      return HCL_LITERAL.test(text);
    case 'bicep':
      return BICEP_LITERAL.test(text);
    case 'json': {
      try {
        const v: unknown = JSON.parse(text);
        // ARM expressions are strings in brackets; Terraform JSON interpolates ${…}.
        return typeof v !== 'string' || (!/^\[(?!\[)/.test(v) && !v.includes('${'));
      } catch {
        return false;
      }
    }
    case 'yaml':
      return text.length > 0 && !/^[*&!|>]/.test(text) && !text.includes('\n');
  }
}

/**
 * Where a bracketed object or list closes: scanning forward from `open` (which holds `{` or `[`),
 * skipping strings and comments of the syntax. Undefined when unbalanced.
 */
export function matchingBracket(src: SourceText, open: number, syntax: Syntax): number | undefined {
  const t = src.text;
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    const c = t[i];
    if (c === '"' || (c === "'" && (syntax === 'bicep' || syntax === 'yaml'))) {
      i = stringEnd(t, i, c, syntax);
      if (i < 0) return undefined;
      continue;
    }
    if ((c === '#' && syntax !== 'json' && syntax !== 'bicep') || (c === '/' && t[i + 1] === '/')) {
      while (i < t.length && t[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && t[i + 1] === '*') {
      const end = t.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

function stringEnd(t: string, start: number, quote: string, syntax: Syntax): number {
  if (syntax === 'bicep' && t.startsWith("'''", start)) {
    const end = t.indexOf("'''", start + 3);
    return end < 0 ? -1 : end + 2;
  }
  for (let i = start + 1; i < t.length; i++) {
    if (t[i] === '\\' && syntax !== 'yaml') i++;
    else if (t[i] === quote) {
      if (syntax === 'yaml' && quote === "'" && t[i + 1] === "'") i++;
      else return i;
    } else if (t[i] === '\n' && syntax !== 'yaml') return -1;
  }
  return -1;
}

/** The first `{` or `[` at or after `from`, outside strings and comments. */
export function firstOpening(src: SourceText, from: number, to: number, syntax: Syntax): number | undefined {
  const t = src.text;
  for (let i = from; i < to; i++) {
    const c = t[i];
    if (c === '{' || c === '[') return i;
    if (c === '"' || (c === "'" && syntax === 'bicep')) {
      i = stringEnd(t, i, c, syntax);
      if (i < 0) return undefined;
    }
  }
  return undefined;
}
