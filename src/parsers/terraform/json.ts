import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { LineIndex, type FileError } from '../../model';
import { parseHcl } from './parser';
import type { Attribute, Block, BodyItem, Expr, HclFile, TemplatePart } from './syntax';

/**
 * Terraform's JSON syntax (`.tf.json`, `.tfvars.json`, what CDK for Terraform writes) as the same
 * syntax the HCL parser produces, so evaluation, modules and rules do not know the difference.
 *
 * JSON has no way to tell a nested block from an attribute holding an object; Terraform decides by
 * the provider schema. We decide by the kind of body: inside resources, data sources and providers an
 * object (or a list of objects) is a nested block, everywhere else an attribute value. Views read
 * both the same way, so for the settings rules check the difference does not show.
 *
 * Strings are templates (`"${var.x}"`). They are parsed by the HCL parser, all of a file's in one go,
 * and every node of such an expression points at its whole JSON string.
 */
export async function parseTerraformJson(filePath: string, text: string): Promise<HclFile> {
  const lines = new LineIndex(text);
  const parseErrors: ParseError[] = [];
  const root = parseTree(text, parseErrors, { allowTrailingComma: false, disallowComments: false });
  const errors: FileError[] = parseErrors.slice(0, 50).map((e) => {
    const at = lines.position(e.offset);
    return { file: filePath, line: at.line, column: at.column, message: `syntax error: ${describe(e)}` };
  });
  const reader = new JsonReader(filePath, text, lines, errors);
  const body = root?.type === 'object' ? reader.topLevel(root) : [];
  if (root && root.type !== 'object' && errors.length === 0)
    errors.push(reader.error(root, 'a Terraform JSON file holds one object'));
  await reader.parseTemplates();
  return { path: filePath, text, lines, body, errors };
}

/**
 * Whether a Terraform input is JSON: configuration (`.tf.json`) or variables (`.tfvars.json`, and any
 * `.json` given as a var file).
 */
export const isTerraformJson = (filePath: string): boolean => filePath.endsWith('.json');

/** Labels each top-level block type takes (`resource "type" "name"`), and how its body reads objects. */
const BLOCK_TYPES: Record<string, { labels: number; objects: ObjectsAre }> = {
  resource: { labels: 2, objects: 'blocks' },
  data: { labels: 2, objects: 'blocks' },
  provider: { labels: 1, objects: 'blocks' },
  module: { labels: 1, objects: 'attributes' },
  variable: { labels: 1, objects: 'attributes' },
  output: { labels: 1, objects: 'attributes' },
  locals: { labels: 0, objects: 'attributes' },
  terraform: { labels: 0, objects: 'blocks' },
  moved: { labels: 0, objects: 'attributes' },
  import: { labels: 0, objects: 'attributes' },
  removed: { labels: 0, objects: 'attributes' },
  check: { labels: 1, objects: 'blocks' },
};

type ObjectsAre = 'blocks' | 'attributes';

/** Arguments Terraform reads as expressions in every resource, never as nested blocks. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider']);

/** Blocks inside attribute-style bodies (a variable's validation) and bodies of their own kind. */
const NESTED_BLOCKS: Record<string, ObjectsAre> = {
  validation: 'attributes',
  required_providers: 'attributes',
  lifecycle: 'attributes',
  precondition: 'attributes',
  postcondition: 'attributes',
};

const MAX_DEPTH = 200;

interface PendingTemplate {
  node: JsonNode;
  /** Where the template's expression goes once parsed. */
  assign: (expr: Expr) => void;
}

class JsonReader {
  private readonly templates: PendingTemplate[] = [];

  constructor(
    private readonly filePath: string,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly errors: FileError[],
  ) {}

  error(node: JsonNode, message: string): FileError {
    const at = this.lines.position(node.offset);
    return { file: this.filePath, line: at.line, column: at.column, message };
  }

  /** A configuration file (`.tf.json`): block types at the top; a variables file: attributes. */
  topLevel(root: JsonNode): BodyItem[] {
    if (!this.filePath.endsWith('.tf.json')) return this.body(root, 'attributes', 0);
    const out: BodyItem[] = [];
    for (const prop of properties(root)) {
      const type = prop.key.value as string;
      if (type === '//') continue;
      const kind = BLOCK_TYPES[type];
      if (!kind) {
        this.errors.push(this.error(prop.key, `unknown block type "${type}" in Terraform JSON`));
        continue;
      }
      this.labelled(prop.key, prop.value, type, kind.labels, [], kind.objects, out);
    }
    return out;
  }

  /** `{"label": {"label2": body | [body, ...]}}`: one block per body, labels from the keys. */
  private labelled(
    typeNode: JsonNode,
    value: JsonNode,
    type: string,
    labelsLeft: number,
    labels: Block['labels'],
    objects: ObjectsAre,
    out: BodyItem[],
  ): void {
    if (labelsLeft > 0) {
      if (value.type !== 'object') {
        this.errors.push(this.error(value, `"${type}" needs an object keyed by its label`));
        return;
      }
      for (const prop of properties(value)) {
        if (prop.key.value === '//') continue;
        const label = { value: String(prop.key.value), s: prop.key.offset, e: end(prop.key) };
        this.labelled(typeNode, prop.value, type, labelsLeft - 1, [...labels, label], objects, out);
      }
      return;
    }
    for (const body of value.type === 'array' ? (value.children ?? []) : [value]) {
      if (body.type !== 'object') {
        this.errors.push(this.error(body, `the body of a "${type}" block must be an object`));
        continue;
      }
      const block = this.block(typeNode, type, labels, body, objects, 1);
      if (type === 'variable') typeAsKeyword(block);
      out.push(block);
    }
  }

  private block(
    typeNode: JsonNode,
    type: string,
    labels: Block['labels'],
    body: JsonNode,
    objects: ObjectsAre,
    depth: number,
  ): Block {
    return {
      t: 'block',
      type,
      typeS: typeNode.offset,
      typeE: end(typeNode),
      labels,
      body: this.body(body, objects, depth),
      s: typeNode.offset,
      e: end(body),
    };
  }

  private body(node: JsonNode, objects: ObjectsAre, depth: number): BodyItem[] {
    const out: BodyItem[] = [];
    if (depth > MAX_DEPTH) return out;
    for (const prop of properties(node)) {
      const name = String(prop.key.value);
      if (name === '//') continue;
      const value = prop.value;
      if (name === 'dynamic' && objects === 'blocks' && value.type === 'object') {
        this.dynamic(prop.key, value, depth, out);
        continue;
      }
      const nested = NESTED_BLOCKS[name];
      const asBlocks =
        (nested !== undefined || (objects === 'blocks' && !META_ARGUMENTS.has(name))) && isBlockValue(value);
      if (asBlocks) {
        for (const item of value.type === 'array' ? (value.children ?? []) : [value])
          out.push(this.block(prop.key, name, [], item, nested ?? 'blocks', depth + 1));
        continue;
      }
      out.push(this.attribute(prop.key, value, name));
    }
    return out;
  }

  /** `"dynamic": {"setting": {"for_each": ..., "iterator": ..., "content": {...}}}`. */
  private dynamic(key: JsonNode, value: JsonNode, depth: number, out: BodyItem[]): void {
    for (const prop of properties(value)) {
      const label = { value: String(prop.key.value), s: prop.key.offset, e: end(prop.key) };
      if (prop.value.type !== 'object') continue;
      const body: BodyItem[] = [];
      for (const inner of properties(prop.value)) {
        const name = String(inner.key.value);
        if (name === 'content' && inner.value.type === 'object')
          body.push(this.block(inner.key, 'content', [], inner.value, 'blocks', depth + 2));
        else if (name === 'iterator' && inner.value.type === 'string')
          body.push({
            t: 'attribute',
            name,
            nameS: inner.key.offset,
            nameE: end(inner.key),
            expr: { t: 'var', name: String(inner.value.value), s: inner.value.offset, e: end(inner.value) },
            s: inner.key.offset,
            e: end(inner.value),
          });
        else if (name !== '//') body.push(this.attribute(inner.key, inner.value, name));
      }
      out.push({
        t: 'block',
        type: 'dynamic',
        typeS: key.offset,
        typeE: end(key),
        labels: [label],
        body,
        s: key.offset,
        e: end(prop.value),
      });
    }
  }

  private attribute(key: JsonNode, value: JsonNode, name: string): Attribute {
    const attribute: Attribute = {
      t: 'attribute',
      name,
      nameS: key.offset,
      nameE: end(key),
      expr: this.expression(value, (expr) => (attribute.expr = expr)),
      s: key.offset,
      e: end(value),
    };
    return attribute;
  }

  /** A JSON value as an expression; a string that holds a template is parsed later and assigned. */
  private expression(node: JsonNode, assign: (expr: Expr) => void, depth = 0): Expr {
    const s = node.offset;
    const e = end(node);
    if (depth > MAX_DEPTH) return { t: 'invalid', s, e };
    switch (node.type) {
      case 'string': {
        const value = String(node.value);
        if (/[$%]\{/.test(value)) this.templates.push({ node, assign });
        return { t: 'lit', value, s, e };
      }
      case 'number':
      case 'boolean':
      case 'null':
        return { t: 'lit', value: node.value as number | boolean | null, s, e };
      case 'array': {
        const items: Expr[] = [];
        (node.children ?? []).forEach((child, i) => {
          items.push(this.expression(child, (expr) => (items[i] = expr), depth + 1));
        });
        return { t: 'tuple', items, s, e };
      }
      case 'object': {
        const items: { key: Expr; value: Expr }[] = [];
        for (const prop of properties(node)) {
          if (prop.key.value === '//') continue;
          const item = {
            key: { t: 'lit', value: String(prop.key.value), s: prop.key.offset, e: end(prop.key) } as Expr,
            value: undefined as unknown as Expr,
          };
          item.value = this.expression(prop.value, (expr) => (item.value = expr), depth + 1);
          items.push(item);
        }
        return { t: 'object', items, s, e };
      }
      default:
        return { t: 'invalid', s, e };
    }
  }

  /**
   * Parse every template string of the file as one HCL document of heredocs (so quotes inside
   * interpolations need no escaping), then put each expression in its place, pointing at its string.
   */
  async parseTemplates(): Promise<void> {
    if (this.templates.length === 0) return;
    const marker = (i: number) => `AKSLINT_TF_JSON_TEMPLATE_${i}`;
    const contentStarts: number[] = [];
    let source = '';
    this.templates.forEach((t, i) => {
      source += `t${i} = <<${marker(i)}\n`;
      contentStarts.push(source.length);
      source += `${String(t.node.value)}\n${marker(i)}\n`;
    });
    const parsed = await parseHcl(`${this.filePath} (templates)`, source);
    const byName = new Map<string, Attribute>();
    for (const item of parsed.body) if (item.t === 'attribute') byName.set(item.name, item);
    const broken = new Set<number>();
    for (const err of parsed.errors) broken.add(templateAt(parsed, err));
    this.templates.forEach((t, i) => {
      const parsedExpr = byName.get(`t${i}`)?.expr;
      if (broken.has(i) || !parsedExpr || parsedExpr.t !== 'template') {
        this.errors.push(this.error(t.node, 'syntax error: invalid template expression in string'));
        t.assign({ t: 'invalid', s: t.node.offset, e: end(t.node) });
        return;
      }
      const raw = rawOffsets(this.text, t.node);
      const start = contentStarts[i];
      // Offsets of the combined document become offsets of the JSON text, so that source slices
      // (reference names, messages) read the expression as written.
      const toFile = (offset: number) => {
        const k = offset - start;
        return k >= 0 && k < raw.length ? raw[k] : k < 0 ? t.node.offset : end(t.node);
      };
      t.assign(moveOffsets(withoutHeredocNewline(parsedExpr), toFile));
    });
  }
}

/** A variable's `"type": "number"` is the type keyword, as `type = number` is in HCL. */
function typeAsKeyword(block: Block): void {
  for (const item of block.body) {
    if (item.t === 'attribute' && item.name === 'type' && item.expr.t === 'lit') {
      const name = item.expr.value;
      if (typeof name === 'string' && /^[a-z]+$/.test(name))
        item.expr = { t: 'var', name, s: item.expr.s, e: item.expr.e };
    }
  }
}

/** The index of the template a syntax error of the combined document falls in. */
function templateAt(parsed: HclFile, err: FileError): number {
  let found = -1;
  for (const item of parsed.body) {
    if (item.t !== 'attribute') continue;
    const start = parsed.lines.position(item.s);
    if (start.line <= err.line) found = Number(item.name.slice(1));
  }
  return found < 0 ? 0 : found;
}

/** A heredoc ends with a newline the JSON string did not have. */
function withoutHeredocNewline(expr: Expr & { t: 'template' }): Expr {
  const parts: TemplatePart[] = [...expr.parts];
  const last = parts[parts.length - 1];
  if (last?.t === 'text' && last.text.endsWith('\n')) {
    const text = last.text.slice(0, -1);
    if (text === '') parts.pop();
    else parts[parts.length - 1] = { t: 'text', text };
  }
  if (parts.length === 0) return { t: 'lit', value: '', s: expr.s, e: expr.e };
  return { ...expr, parts };
}

/** Every offset of a parsed template (`s`, `e`) moved by `toFile`. */
function moveOffsets<T>(node: T, toFile: (offset: number) => number): T {
  if (Array.isArray(node)) return node.map((n: unknown) => moveOffsets(n, toFile)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    out[k] = (k === 's' || k === 'e') && typeof v === 'number' ? toFile(v) : moveOffsets(v, toFile);
  }
  return out as T;
}

/**
 * For each UTF-16 unit of a JSON string's decoded value (and one past its end), the file offset it
 * was written at: escapes (`\"`, `\u00e9`) take more than one character of the file.
 */
function rawOffsets(text: string, node: JsonNode): number[] {
  const out: number[] = [];
  const last = end(node) - 1;
  for (let j = node.offset + 1; j < last;) {
    out.push(j);
    j += text[j] === '\\' ? (text[j + 1] === 'u' ? 6 : 2) : 1;
  }
  out.push(last);
  return out;
}

function isBlockValue(node: JsonNode): boolean {
  if (node.type === 'object') return true;
  return (
    node.type === 'array' &&
    (node.children ?? []).length > 0 &&
    (node.children ?? []).every((c) => c.type === 'object')
  );
}

function properties(node: JsonNode): { key: JsonNode; value: JsonNode }[] {
  const out: { key: JsonNode; value: JsonNode }[] = [];
  for (const prop of node.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (key && value) out.push({ key, value });
  }
  return out;
}

const end = (node: JsonNode): number => node.offset + node.length;

function describe(e: ParseError): string {
  const code = printParseErrorCode(e.error);
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
