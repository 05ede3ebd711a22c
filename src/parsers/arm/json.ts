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
    root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  } catch (err) {
    // The parser recurses per nesting level: a hostile file can exhaust the stack.
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
