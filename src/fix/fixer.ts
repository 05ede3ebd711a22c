import { findNodeAtOffset } from 'jsonc-parser';
import {
  asObject,
  lookupPath,
  type ObjectEntry,
  type ObjectValue,
  type Resource,
  type Scalar,
  type SourceFile,
  type TextEdit,
  type Value,
} from '../model';
import { definitionOf, type SourceLookup } from './definitions';
import {
  entryLines,
  firstOpening,
  inlineLiteral,
  isFixObject,
  isLiteral,
  keyLiteral,
  matchingBracket,
  scalarLiteral,
  SourceText,
  syntaxOf,
  type FixValue,
  type Syntax,
} from './text';

/** A setting to fix: a path of keys below an object of a resource (its body by default). */
export interface FixTarget {
  resource: Resource;
  root?: ObjectValue;
  path: readonly string[];
  /** ARM and Bicep keys are case-insensitive. */
  ignoreCase?: boolean;
}

/**
 * Builds the text edits of fixes, in the syntax of the file being edited and with its own indentation,
 * quoting and line endings. It never re-serialises a file: it replaces one literal, or inserts the lines
 * of one attribute (with the blocks or objects leading to it when they are missing). Every method
 * returns undefined when the edit cannot be made safely (the value is computed, comes from a definition
 * used elsewhere, or the text is not shaped as expected), and the finding then has no fix.
 */
export class Fixer implements SourceLookup {
  private readonly texts = new Map<string, string>();
  private readonly sources = new Map<string, SourceText>();

  constructor(files: readonly SourceFile[]) {
    for (const f of files) this.texts.set(f.path, f.text);
  }

  files(): readonly string[] {
    return [...this.texts.keys()];
  }

  source(file: string): SourceText | undefined {
    let src = this.sources.get(file);
    if (!src) {
      const text = this.texts.get(file);
      if (text === undefined) return undefined;
      this.sources.set(file, (src = new SourceText(file, text)));
    }
    return src;
  }

  /** Give the setting `value`: replace it where it is written or defined, or insert it when absent. */
  set(target: FixTarget, value: FixValue): TextEdit[] | undefined {
    const root = target.root ?? target.resource.body;
    const found = lookupPath(root, target.path, { ignoreCase: target.ignoreCase });
    if (found.blockedBy) return undefined;
    if (found.value) return this.replace(target.resource, found.value, value);
    const parent = asObject(found.nearest);
    if (!parent) return undefined;
    const rest = target.path.slice(found.depth);
    const nested = rest.slice(1).reduceRight<FixValue>((v, key) => ({ [key]: v }), value);
    return this.insert(target.resource, parent, rest[0], nested);
  }

  /** Replace a written scalar: the literal itself, or the definition of the variable or parameter it reads. */
  replace(resource: Resource, current: Value, value: FixValue): TextEdit[] | undefined {
    if (current.kind !== 'scalar' || isFixObject(value) || Array.isArray(value)) return undefined;
    const src = this.source(current.range.file);
    const syntax = syntaxOf(current.range.file);
    const text = src?.slice(current.range);
    if (!src || !syntax || text === undefined) return undefined;
    if (isLiteral(syntax, text)) {
      const start = src.offset(current.range.line, current.range.column)!;
      return [src.edit(start, start + text.length, scalarLiteral(syntax, value as Scalar, text))];
    }
    const definition = definitionOf(this, resource, current.range, text);
    if (!definition) return undefined;
    const at = this.source(definition.file)!;
    const defSyntax = syntaxOf(definition.file)!;
    const old = at.text.slice(definition.start, definition.end);
    return [at.edit(definition.start, definition.end, scalarLiteral(defSyntax, value as Scalar, old))];
  }

  /** Add an item at the end of a written list. */
  append(list: Value, item: Scalar): TextEdit[] | undefined {
    if (list.kind !== 'list') return undefined;
    const src = this.source(list.range.file);
    const syntax = syntaxOf(list.range.file);
    const start = src?.offset(list.range.line, list.range.column);
    if (!src || !syntax || start === undefined || syntax === 'bicep') return undefined;
    const literal = scalarLiteral(syntax, item);
    const last = list.items[list.items.length - 1];
    if (src.text[start] === '[') {
      const close = matchingBracket(src, start, syntax);
      if (close === undefined) return undefined;
      if (!last) return [src.edit(start, close + 1, `[${literal}]`)];
      const end = src.offset(last.range.endLine, last.range.endColumn);
      return end === undefined || end > close ? undefined : [src.edit(end, end, `, ${literal}`)];
    }
    if (syntax !== 'yaml' || !last) return undefined;
    const first = src.offset(list.items[0].range.line, list.items[0].range.column)!;
    const dash = src.text.lastIndexOf('-', first);
    const indent = src.text.slice(src.lineStart(dash), dash);
    const end = src.offset(last.range.endLine, last.range.endColumn);
    if (!/^[ ]*$/.test(indent) || end === undefined) return undefined;
    const at = src.lineEnd(endOfContent(src, end));
    return [src.edit(at, at, `${src.eol}${indent}- ${literal}`)];
  }

  /** Delete an entry that has lines of its own (YAML only: a key that starts its line). */
  remove(entry: ObjectEntry): TextEdit[] | undefined {
    const src = this.source(entry.keyRange.file);
    if (!src || syntaxOf(entry.keyRange.file) !== 'yaml') return undefined;
    const key = src.offset(entry.keyRange.line, entry.keyRange.column);
    const end = src.offset(entry.value.range.endLine, entry.value.range.endColumn);
    if (key === undefined || end === undefined) return undefined;
    const lineStart = src.lineStart(key);
    if (!/^[ ]*$/.test(src.text.slice(lineStart, key))) return undefined;
    const lineEnd = src.lineEnd(endOfContent(src, end));
    if (!/^\s*(#.*)?$/.test(src.text.slice(end, lineEnd))) return undefined;
    const next = lineEnd + src.eol.length;
    return [src.edit(lineStart, Math.min(next, src.text.length), '')];
  }

  /** Insert `key: value` into a written object, in the object's own layout. */
  private insert(
    resource: Resource,
    parent: ObjectValue,
    key: string,
    value: FixValue,
  ): TextEdit[] | undefined {
    const src = this.source(parent.range.file);
    const syntax = syntaxOf(parent.range.file);
    const start = src?.offset(parent.range.line, parent.range.column);
    const end = src?.offset(parent.range.endLine, parent.range.endColumn);
    if (!src || !syntax || start === undefined || end === undefined) return undefined;
    // A value read through a variable, a parameter or a YAML alias is located where it is used: its
    // keys are not written there, and nothing can be inserted.
    if (!parent.entries.every((e) => keyWritten(src, e))) return undefined;
    if (syntax === 'yaml') return this.insertYaml(src, parent, start, end, key, value);
    const hclBlocks = syntax === 'hcl' && resource.type.startsWith('azurerm_') && src.text[start] !== '{';
    return insertBraced(src, syntax, parent, start, end, key, value, hclBlocks);
  }

  private insertYaml(
    src: SourceText,
    parent: ObjectValue,
    start: number,
    end: number,
    key: string,
    value: FixValue,
  ): TextEdit[] | undefined {
    const unit = src.indentUnit;
    if (src.text[start] === '{') {
      const close = matchingBracket(src, start, 'yaml');
      if (close !== end - 1) return undefined;
      const last = parent.entries[parent.entries.length - 1];
      if (last) {
        const after = src.offset(last.value.range.endLine, last.value.range.endColumn)!;
        return [src.edit(after, after, `, ${keyLiteral('yaml', key)}: ${inlineLiteral('yaml', value)}`)];
      }
      // `securityContext: {}` becomes a block mapping under its key.
      let from = start;
      while (from > 0 && src.text[from - 1] === ' ') from--;
      if (src.text[from - 1] !== ':') return undefined;
      const indent = keyIndent(src, from) + unit;
      const lines = entryLines(key, value, indent, { syntax: 'yaml', unit });
      return [src.edit(from, close + 1, src.eol + lines.join(src.eol))];
    }
    const first = parent.entries[0];
    const last = parent.entries[parent.entries.length - 1];
    if (!first || !last) return undefined;
    const indent = ' '.repeat(first.keyRange.column - 1);
    const lines = entryLines(key, value, indent, { syntax: 'yaml', unit });
    const lastEnd = src.offset(last.value.range.endLine, last.value.range.endColumn);
    if (lastEnd === undefined) return undefined;
    const at = src.lineEnd(endOfContent(src, lastEnd));
    return [src.edit(at, at, src.eol + lines.join(src.eol))];
  }
}

function keyWritten(src: SourceText, entry: ObjectEntry): boolean {
  const text = src.slice(entry.keyRange);
  return text !== undefined && text.replace(/^["']|["']$/g, '').toLowerCase() === entry.key.toLowerCase();
}

/** A range that ends at the start of a line ends, in content, on the line before. */
function endOfContent(src: SourceText, end: number): number {
  return end > 0 && src.position(end).column === 1 ? end - 1 : end;
}

/** The column where the key on this line starts, as indentation (after a `- ` list marker). */
function keyIndent(src: SourceText, offset: number): string {
  const line = src.text.slice(src.lineStart(offset), offset);
  const m = /^([ ]*)(- +)?/.exec(line)!;
  return ' '.repeat(m[1].length + (m[2]?.length ?? 0));
}

/** HCL, Bicep and JSON: objects in braces. */
function insertBraced(
  src: SourceText,
  syntax: Syntax,
  parent: ObjectValue,
  start: number,
  end: number,
  key: string,
  value: FixValue,
  hclBlocks: boolean,
): TextEdit[] | undefined {
  const close = end - 1;
  if (src.text[close] !== '}') return undefined;
  const open = syntax === 'json' ? jsonObjectStart(src, close) : firstOpening(src, start, end, syntax);
  if (open === undefined || src.text[open] !== '{' || matchingBracket(src, open, syntax) !== close)
    return undefined;
  const { eol, indentUnit: unit } = src;
  const openAlone = /^[ \t]*((#|\/\/).*)?$/.test(src.text.slice(open + 1, src.lineEnd(open)));
  const closeAlone = /^[ \t]*$/.test(src.text.slice(src.lineStart(close), close));
  const baseIndent = src.indentAt(closeAlone ? close : open);
  const first = parent.entries[0];
  const firstKey = first && src.offset(first.keyRange.line, first.keyRange.column);
  const childIndent =
    firstKey !== undefined && openAlone && /^[ \t]*$/.test(src.text.slice(src.lineStart(firstKey), firstKey))
      ? src.indentAt(firstKey)
      : baseIndent + unit;
  const lines = entryLines(key, value, childIndent, { syntax, unit, hclBlocks });
  const block = lines.join(eol);
  const empty = parent.entries.length === 0 && /^\s*$/.test(src.text.slice(open + 1, close));

  if (empty) {
    if (!src.text.slice(open, close).includes('\n'))
      return [src.edit(open, close + 1, `{${eol}${block}${eol}${baseIndent}}`)];
    const at = src.lineStart(close);
    return [src.edit(at, at, block + eol)];
  }
  if (openAlone && closeAlone) {
    // JSON: first, so no other line needs a comma.
    if (syntax === 'json') {
      const at = src.lineEnd(open);
      return [src.edit(at, at, eol + block + ',')];
    }
    // HCL: attributes after the last attribute, before nested blocks, as terraform fmt lays them out.
    if (syntax === 'hcl' && !isFixObject(value)) {
      const attributes = parent.entries.filter((e) => isHclAttribute(src, e));
      const lastAttribute = attributes[attributes.length - 1];
      const anchor = lastAttribute
        ? src.offset(lastAttribute.value.range.endLine, lastAttribute.value.range.endColumn)
        : open;
      if (anchor === undefined) return undefined;
      const at = src.lineEnd(anchor);
      return [src.edit(at, at, eol + block)];
    }
    const at = src.lineStart(close);
    return [src.edit(at, at, block + eol)];
  }
  if (syntax === 'hcl') {
    // A single-line block holds one argument only: spread it over lines.
    let contentStart = open + 1;
    while (src.text[contentStart] === ' ' || src.text[contentStart] === '\t') contentStart++;
    let contentEnd = close;
    while (src.text[contentEnd - 1] === ' ' || src.text[contentEnd - 1] === '\t') contentEnd--;
    if (src.text.slice(open, close).includes('\n')) return undefined;
    return [
      src.edit(open + 1, contentStart, eol + childIndent),
      src.edit(contentEnd, close, eol + block + eol + baseIndent),
    ];
  }
  const last = parent.entries[parent.entries.length - 1];
  const after = last && src.offset(last.value.range.endLine, last.value.range.endColumn);
  if (after === undefined || after > close) return undefined;
  return [src.edit(after, after, `, ${keyLiteral(syntax, key)}: ${inlineLiteral(syntax, value)}`)];
}

/** The `{` of the JSON object closing at `close` (Terraform JSON ranges start at the key, not the brace). */
function jsonObjectStart(src: SourceText, close: number): number | undefined {
  const node = findNodeAtOffset(src.jsonTree(), close);
  return node?.type === 'object' && node.offset + node.length === close + 1 ? node.offset : undefined;
}

function isHclAttribute(src: SourceText, entry: ObjectEntry): boolean {
  const after = src.offset(entry.keyRange.endLine, entry.keyRange.endColumn);
  return after !== undefined && /^[ \t]*=/.test(src.text.slice(after, after + 40));
}
