import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex, type FileError, type SourceRange } from '../../model';

export type JsonNode = Node;

/** A JSON (with comments) document with the positions of every value. */
export interface JsonDocument {
  path: string;
  text: string;
  root?: JsonNode;
  lines: LineIndex;
  errors: FileError[];
}

/** ARM templates allow comments and trailing commas; both are accepted. */
export function parseJsonDocument(path: string, text: string): JsonDocument {
  const lines = new LineIndex(text);
  const parseErrors: ParseError[] = [];
  let root: JsonNode | undefined;
  try {
    const direct = readValidJson(text);
    if (direct) return { path, text, root: direct, lines, errors: [] };
    root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  } catch (err) {
    // The parsers recurse per nesting level: a hostile file (or a template linked from deep inside an
    // evaluation) can exhaust the stack.
    const message =
      err instanceof RangeError ? 'JSON nested too deeply to read' : `cannot parse JSON: ${String(err)}`;
    return { path, text, lines, errors: [{ file: path, line: 1, column: 1, message }] };
  }
  const errors = parseErrors.map((e) => {
    const at = lines.position(e.offset);
    return { file: path, line: at.line, column: at.column, message: describeParseError(e, text) };
  });
  return { path, text, root, lines, errors };
}

/**
 * The tree jsonc-parser's `parseTree` builds (without parent links), read directly from a text that
 * parses without an error (comments and trailing commas allowed); undefined for any other text, which
 * the library reads with its recovery and its error messages. The library's tokenizer and visitor were
 * a third of an ARM scan, and templates are almost always valid.
 */
export function readValidJson(text: string): JsonNode | undefined {
  const reader = new DirectJsonReader(text);
  const root = reader.value(0);
  return root && reader.skipTrivia() && reader.pos >= text.length ? root : undefined;
}

/** Deeper documents are left to the library, which says when the nesting is more than it can read. */
const MAX_DIRECT_DEPTH = 200;

class DirectJsonReader {
  pos = 0;
  /**
   * Children of the containers being read, each container's after its parent's: `pending[0]` to
   * `pending[pendingCount - 1]`. A container read leaves its children's slots to be written over, not
   * cut off: setting the array's length is a call into the runtime, once per container.
   */
  private readonly pending: JsonNode[] = [];
  private pendingCount = 0;

  constructor(private readonly text: string) {}

  /** Past whitespace and comments; false at a comment that is not closed or a lone `/`. */
  skipTrivia(): boolean {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else if (c !== 47) break;
      else if (text.charCodeAt(pos + 1) === 47) {
        pos += 2;
        while (pos < text.length && text.charCodeAt(pos) !== 10 && text.charCodeAt(pos) !== 13) pos++;
      } else if (text.charCodeAt(pos + 1) === 42) {
        const end = text.indexOf('*/', pos + 2);
        if (end < 0) return false;
        pos = end + 2;
      } else return false;
    }
    this.pos = pos;
    return true;
  }

  value(depth: number): JsonNode | undefined {
    const text = this.text;
    // Trivia can start only at a character up to a space (whitespace, or a control character skipTrivia
    // stops at) or a comment's `/`: most values, commas and colons follow the token before without any,
    // and half the calls of skipTrivia found nothing to skip. Written out at each place, not as a
    // function: the CLI runs without the compiler's inlining (bin/v8-flags.js).
    const next = text.charCodeAt(this.pos);
    if ((next <= 32 || next === 47) && !this.skipTrivia()) return undefined;
    if (depth > MAX_DIRECT_DEPTH) return undefined;
    const start = this.pos;
    const c = text.charCodeAt(start);
    switch (c) {
      case 123:
        return this.container('object', 125, depth);
      case 91:
        return this.container('array', 93, depth);
      case 34: {
        const value = this.string();
        return value === undefined
          ? undefined
          : { type: 'string', value, offset: start, length: this.pos - start };
      }
      case 116:
        return this.word('true', 'boolean', true);
      case 102:
        return this.word('false', 'boolean', false);
      case 110:
        return this.word('null', 'null', null);
    }
    return c === 45 || (c >= 48 && c <= 57) ? this.number() : undefined;
  }

  /** An object's members (property nodes) or an array's items, up to `close`. */
  private container(type: 'object' | 'array', close: number, depth: number): JsonNode | undefined {
    const text = this.text;
    const start = this.pos++;
    const base = this.pendingCount;
    for (let first = true; ; first = false) {
      let c = text.charCodeAt(this.pos);
      // Past trivia only where some may start (see value).
      if (c <= 32 || c === 47) {
        if (!this.skipTrivia()) return undefined;
        c = text.charCodeAt(this.pos);
      }
      if (c === close) break;
      if (!first) {
        if (c !== 44) return undefined;
        this.pos++;
        if (!this.skipTrivia()) return undefined;
        c = text.charCodeAt(this.pos);
        // A trailing comma.
        if (c === close) break;
      }
      const item = type === 'object' ? this.property(depth) : this.value(depth + 1);
      if (!item) return undefined;
      this.pending[this.pendingCount++] = item;
    }
    this.pos++;
    // Children in an array of their own size (a pushed array keeps room to grow, and trees are kept).
    const children = this.pending.slice(base, this.pendingCount);
    this.pendingCount = base;
    return { type, offset: start, length: this.pos - start, children };
  }

  private property(depth: number): JsonNode | undefined {
    const text = this.text;
    const offset = this.pos;
    if (text.charCodeAt(offset) !== 34) return undefined;
    const name = this.string();
    if (name === undefined) return undefined;
    const key: JsonNode = { type: 'string', value: name, offset, length: this.pos - offset };
    const next = text.charCodeAt(this.pos);
    if ((next <= 32 || next === 47) && !this.skipTrivia()) return undefined;
    if (text.charCodeAt(this.pos) !== 58) return undefined;
    const colonOffset = this.pos++;
    const value = this.value(depth + 1);
    if (!value) return undefined;
    return {
      type: 'property',
      offset,
      length: value.offset + value.length - offset,
      children: [key, value],
      colonOffset,
    };
  }

  /** The content of the string starting at `pos`, unescaped; undefined where the library finds an error. */
  private string(): string | undefined {
    const text = this.text;
    let pos = this.pos + 1;
    let start = pos;
    let out = '';
    for (;;) {
      if (pos >= text.length) return undefined;
      const c = text.charCodeAt(pos);
      if (c === 34) break;
      if (c < 32) return undefined;
      if (c !== 92) {
        pos++;
        continue;
      }
      out += text.slice(start, pos);
      const e = text.charCodeAt(pos + 1);
      pos += 2;
      const plain = ESCAPES[e];
      if (plain !== undefined) out += plain;
      else if (e === 117) {
        const hex = text.slice(pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return undefined;
        out += String.fromCharCode(parseInt(hex, 16));
        pos += 4;
      } else return undefined;
      start = pos;
    }
    this.pos = pos + 1;
    return out + text.slice(start, pos);
  }

  /** `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, as the library's scanner reads it. */
  private number(): JsonNode | undefined {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 45) pos++;
    const first = text.charCodeAt(pos);
    if (first === 48) pos++;
    else if (first >= 49 && first <= 57) pos = digits(text, pos);
    else return undefined;
    if (text.charCodeAt(pos) === 46) {
      const after = digits(text, pos + 1);
      if (after === pos + 1) return undefined;
      pos = after;
    }
    const e = text.charCodeAt(pos);
    if (e === 69 || e === 101) {
      let at = pos + 1;
      const sign = text.charCodeAt(at);
      if (sign === 43 || sign === 45) at++;
      const after = digits(text, at);
      if (after === at) return undefined;
      pos = after;
    }
    this.pos = pos;
    return { type: 'number', value: Number(text.slice(start, pos)), offset: start, length: pos - start };
  }

  private word(word: string, type: 'boolean' | 'null', value: boolean | null): JsonNode | undefined {
    const start = this.pos;
    if (!this.text.startsWith(word, start)) return undefined;
    this.pos = start + word.length;
    return { type, value, offset: start, length: word.length };
  }
}

const ESCAPES: Record<number, string | undefined> = {
  34: '"',
  92: '\\',
  47: '/',
  98: '\b',
  102: '\f',
  110: '\n',
  114: '\r',
  116: '\t',
};

function digits(text: string, from: number): number {
  let pos = from;
  for (let c = text.charCodeAt(pos); c >= 48 && c <= 57; c = text.charCodeAt(++pos));
  return pos;
}

function describeParseError(e: ParseError, text: string): string {
  const found = e.length > 0 ? ` near '${text.slice(e.offset, e.offset + Math.min(e.length, 20))}'` : '';
  const what: Record<string, string> = {
    InvalidSymbol: 'invalid symbol',
    InvalidNumberFormat: 'invalid number',
    PropertyNameExpected: 'property name expected',
    ValueExpected: 'value expected',
    ColonExpected: "':' expected",
    CommaExpected: "',' expected",
    CloseBraceExpected: "'}' expected",
    CloseBracketExpected: "']' expected",
    EndOfFileExpected: 'end of file expected',
    InvalidCommentToken: 'invalid comment',
    UnexpectedEndOfComment: 'comment not closed',
    UnexpectedEndOfString: 'string not closed',
    UnexpectedEndOfNumber: 'number not finished',
    InvalidUnicode: 'invalid unicode escape',
    InvalidEscapeCharacter: 'invalid escape character',
    InvalidCharacter: 'invalid character',
  };
  const code = printParseErrorCode(e.error);
  return `JSON syntax error: ${what[code] ?? code}${found}`;
}

export function nodeRange(doc: JsonDocument, node: JsonNode): SourceRange {
  return doc.lines.range(doc.path, node.offset, node.offset + node.length);
}

/** The value node of a property, names compared case-insensitively as Azure does; the last one wins. */
export function getMember(node: JsonNode | undefined, name: string): JsonNode | undefined {
  const prop = getMemberProperty(node, name);
  return prop?.children?.[1];
}

export function getMemberProperty(node: JsonNode | undefined, name: string): JsonNode | undefined {
  if (!node || node.type !== 'object' || !node.children) return undefined;
  let lower: string | undefined;
  for (let i = node.children.length - 1; i >= 0; i--) {
    const prop = node.children[i];
    const key = prop.children?.[0]?.value;
    // Lower-casing allocates: most keys differ in length or match exactly.
    if (typeof key !== 'string' || key.length !== name.length || !prop.children?.[1]) continue;
    if (key === name || key.toLowerCase() === (lower ??= name.toLowerCase())) return prop;
  }
  return undefined;
}

/** Object members in source order: key text, key node, value node (members without a value are skipped). */
export function members(node: JsonNode | undefined): { key: string; keyNode: JsonNode; value: JsonNode }[] {
  if (!node || node.type !== 'object' || !node.children) return [];
  const out: { key: string; keyNode: JsonNode; value: JsonNode }[] = [];
  for (const prop of node.children) {
    const keyNode = prop.children?.[0];
    const value = prop.children?.[1];
    if (keyNode && value && typeof keyNode.value === 'string')
      out.push({ key: keyNode.value, keyNode, value });
  }
  return out;
}

export function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * Where an offset inside a JSON string's content is in the file. Exact when the string has no
 * escape sequences; otherwise the string's start.
 */
export function offsetInString(doc: JsonDocument, node: JsonNode, contentOffset: number): number {
  const raw = doc.text.slice(node.offset + 1, node.offset + node.length - 1);
  return raw.includes('\\') ? node.offset : node.offset + 1 + contentOffset;
}
