import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language as TsLanguage, Node as TsNode, Parser as TsParser } from 'web-tree-sitter';
import { LineIndex, type FileError } from '../../model';
import type {
  Attribute,
  Block,
  BlockLabel,
  BodyItem,
  Expr,
  ForExpr,
  HclFile,
  ObjectItem,
  SplatStep,
  TemplatePart,
} from './syntax';
import { readErrorFreeHcl } from './fast';
import { assembleTemplate, heredocDecoder, unescapeQuoted, type TemplateSlot } from './template';

let parserPromise: Promise<TsParser> | undefined;

/**
 * A WebAssembly file of a package: beside this code in the bundle (lib/, where the build copies it),
 * else in the package itself (the compiled sources and the tests).
 */
function wasmBytes(packageName: string, file: string): Uint8Array {
  const besideBundle = path.join(__dirname, file);
  if (fs.existsSync(besideBundle)) return fs.readFileSync(besideBundle);
  return fs.readFileSync(require.resolve(`${packageName}/${file}`));
}

/** One parser per process: the runtime and the grammar are loaded once. */
function hclParser(): Promise<TsParser> {
  if (!parserPromise) {
    parserPromise = (async () => {
      // web-tree-sitter is an ES module with a CommonJS build; require() picks the CommonJS one. Loaded
      // here: a scan whose HCL the direct reader reads never needs it.
      const treeSitter = require('web-tree-sitter') as typeof import('web-tree-sitter');
      // Bytes rather than paths: loading by path goes through a dynamic import that jest's VM refuses.
      await treeSitter.Parser.init({ wasmBinary: wasmBytes('web-tree-sitter', 'web-tree-sitter.wasm') });
      const wasm = wasmBytes('@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm');
      const language: TsLanguage = await treeSitter.Language.load(wasm);
      const parser = new treeSitter.Parser();
      parser.setLanguage(language);
      return parser;
    })();
  }
  return parserPromise;
}

const MAX_ERRORS_PER_FILE = 50;
/** Real HCL parses at several MB/s: a second per MB (two at least) is only ever spent on garbage. */
const PARSE_BUDGET_MS_PER_MB = 1000;
const MIN_PARSE_BUDGET_MS = 2000;
/**
 * tree-sitter's memory per byte of text: valid HCL took up to 80 (5 MB of resources or of one list grew
 * the process by 380-430 MB), garbage grows without bound (5 MB of tokens passed 1 GB).
 */
const MAX_PARSE_BYTES_PER_BYTE = 128;
const MIN_PARSE_MEMORY = 128 * 1024 * 1024;
const MAX_DEPTH = 400;

// An identifier (taken whole: `x-1e3` is one name), a hexadecimal number, a traversal step (`x.0`), or a
// decimal number whose exponent follows the integer part.
const EXPONENT_TOKEN =
  /[A-Za-z_\u0080-\uffff][\w\-\u0080-\uffff]*|0[xX]\w*|\.[0-9]+|[0-9]+([eE][-+]?)[0-9]+/g;

/**
 * HCL takes an exponent right after the integer part (`1e3`, `1E+3`), as Terraform does; tree-sitter's
 * grammar only after a fraction. Such a number is given to tree-sitter with its exponent mark spelt as
 * digits, keeping every offset: the conversion reads numbers from the file's own text, so `1e3` still
 * reads as 1000. In a string or a comment the change is invisible to the conversion as well.
 */
function withExponentsReadable(text: string): string {
  if (!/[0-9][eE]/.test(text)) return text;
  return text.replace(EXPONENT_TOKEN, (token, mark: string | undefined) =>
    mark === undefined ? token : token.replace(/[eE+-]/g, '0'),
  );
}

/**
 * Parse one HCL file (.tf or .tfvars) into plain syntax plus its syntax errors. The direct reader
 * (`direct`, see fast.ts) reads the file from its text when it can; it accepts only what tree-sitter
 * accepts without an error (test/terraform/direct.test.ts checks both ways), so such a file never loads
 * the grammar, the larger part of a one-file scan's start. A file with errors, or one the direct reader
 * leaves alone, is parsed by tree-sitter and converted from its tree.
 */
export async function parseHcl(
  filePath: string,
  text: string,
  { direct = true }: { direct?: boolean } = {},
): Promise<HclFile> {
  const lines = new LineIndex(text);
  const read = direct ? readErrorFreeHcl(text) : undefined;
  if (read) return { path: filePath, text, lines, body: read, errors: [] };
  const parser = await hclParser();
  const budgetMs = Math.max(MIN_PARSE_BUDGET_MS, (PARSE_BUDGET_MS_PER_MB * text.length) / 1e6);
  // tree-sitter's error recovery grows faster than linearly on text that is not HCL at all (megabytes
  // of garbage take minutes, and can exhaust its memory): give up after a budget no real file needs.
  // The budget is CPU time, not wall time, so that a busy machine (a CI runner, an editor beside a
  // build) does not turn a large valid file into a parse error.
  // Its memory grows with the recovery too: the growth is bounded as well.
  const spent = cpuClock();
  const rssBefore = process.memoryUsage.rss();
  const memoryBudget = Math.max(MIN_PARSE_MEMORY, MAX_PARSE_BYTES_PER_BYTE * text.length);
  let calls = 0;
  let gaveUp = false;
  const tree = parser.parse(withExponentsReadable(text), null, {
    progressCallback: (() => {
      if (++calls % 64 !== 0 || gaveUp) return gaveUp;
      gaveUp = spent() > budgetMs || process.memoryUsage.rss() - rssBefore > memoryBudget;
      return gaveUp;
    }) as () => void,
  });
  if (!tree) {
    // A cancelled parse would otherwise resume on the next call.
    parser.reset();
    // Both budgets are named: which one runs out first depends on the machine, the message must not.
    const message = gaveUp
      ? `syntax error: the file could not be parsed (gave up past its budget of ${Math.round(budgetMs / 1000)} s of CPU time or ${Math.round(memoryBudget / 1024 / 1024)} MB; is it HCL?)`
      : 'syntax error: the file could not be parsed';
    return {
      path: filePath,
      text,
      lines,
      body: [],
      errors: [{ file: filePath, line: 1, column: 1, message }],
    };
  }
  try {
    const root = tree.rootNode;
    const hasError = root.hasError;
    const converter = new Converter(text);
    const body: BodyItem[] = [];
    for (const child of root.children) {
      if (child.type === 'body') converter.body(child, body, 0);
      else if (child.type === 'ERROR') converter.recover(child, body, 0);
    }
    const errors = hasError ? syntaxErrors(root, filePath, text, lines) : [];
    return { path: filePath, text, lines, body, errors };
  } finally {
    tree.delete();
  }
}

/** Milliseconds of CPU this process has spent since the call (user and system). */
function cpuClock(): () => number {
  const start = process.cpuUsage();
  return () => {
    const { user, system } = process.cpuUsage(start);
    return (user + system) / 1000;
  };
}

function syntaxErrors(root: TsNode, file: string, text: string, lines: LineIndex): FileError[] {
  const errors: FileError[] = [];
  const seen = new Set<number>();
  const add = (offset: number, message: string) => {
    if (seen.has(offset) || errors.length >= MAX_ERRORS_PER_FILE) return;
    seen.add(offset);
    const { line, column } = lines.position(offset);
    errors.push({ file, line, column, message });
  };
  const visit = (node: TsNode): void => {
    if (errors.length >= MAX_ERRORS_PER_FILE) return;
    if (node.isMissing) {
      const offset = node.startIndex;
      const where = offset >= text.trimEnd().length ? ' at end of file' : '';
      add(offset, `syntax error: missing '${node.type}'${where}`);
      return;
    }
    if (node.isError) {
      // tree-sitter skips a span around the token it could not place; when it marked that token inside
      // the span (a missing name before `<placeholder>`), the token is the error, not the span's first word.
      const before = errors.length;
      for (const child of node.children) if (child.hasError) visit(child);
      if (errors.length === before)
        add(
          node.startIndex,
          `syntax error: unexpected ${describeToken(text, node.startIndex, node.endIndex)}`,
        );
      return;
    }
    for (const child of node.children) if (child.hasError) visit(child);
  };
  visit(root);
  return errors;
}

function describeToken(text: string, start: number, end: number): string {
  const snippet = text.slice(start, Math.min(end, start + 40));
  const token = /^(?:[\p{L}\p{N}_-]+|"[^"\n]*"?|\S)/u.exec(snippet)?.[0];
  if (!token) return 'end of file';
  return `'${token.length > 30 ? token.slice(0, 30) + '…' : token}'`;
}

const BINARY_OPERATORS = new Set(['*', '/', '%', '+', '-', '>', '>=', '<', '<=', '==', '!=', '&&', '||']);

class Converter {
  constructor(private readonly text: string) {}

  body(node: TsNode, out: BodyItem[], depth: number): void {
    for (const child of node.children) {
      const type = child.type;
      if (type === 'attribute') {
        const attr = this.attribute(child, depth);
        if (attr) out.push(attr);
      } else if (type === 'block') {
        const block = this.block(child, depth);
        if (block) out.push(block);
      } else if (type === 'ERROR') {
        this.recover(child, out, depth);
      }
    }
  }

  /** Complete attributes and blocks that tree-sitter left inside an error node are still read. */
  recover(node: TsNode, out: BodyItem[], depth: number): void {
    if (depth > MAX_DEPTH) return;
    for (const child of node.children) {
      const type = child.type;
      if (type === 'attribute' && !child.hasError) {
        const attr = this.attribute(child, depth);
        if (attr) out.push(attr);
      } else if (type === 'block') {
        const block = this.block(child, depth);
        if (block) out.push(block);
      } else if (type === 'body' || type === 'ERROR') {
        this.body(child, out, depth + 1);
      }
    }
  }

  attribute(node: TsNode, depth: number): Attribute | undefined {
    const children = node.children;
    const name = children[0];
    const value = children.find((c) => c.type === 'expression');
    if (!name || name.type !== 'identifier') return undefined;
    const nameE = name.endIndex;
    const s = node.startIndex;
    const e = node.endIndex;
    const expr: Expr = value ? this.expression(value, depth + 1) : { t: 'invalid', s: nameE, e };
    return {
      t: 'attribute',
      name: this.text.slice(name.startIndex, nameE),
      nameS: name.startIndex,
      nameE,
      expr,
      s,
      e,
    };
  }

  block(node: TsNode, depth: number): Block | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const children = node.children;
    const head = children[0];
    if (!head || head.type !== 'identifier') return undefined;
    const typeE = head.endIndex;
    const labels: BlockLabel[] = [];
    const body: BodyItem[] = [];
    for (let i = 1; i < children.length; i++) {
      const child = children[i];
      const type = child.type;
      if (type === 'string_lit') {
        const e = child.endIndex;
        labels.push({
          value: unescapeQuoted(this.text.slice(child.startIndex + 1, e - 1)),
          s: child.startIndex,
          e,
        });
      } else if (type === 'identifier') {
        const e = child.endIndex;
        labels.push({ value: this.text.slice(child.startIndex, e), s: child.startIndex, e });
      } else if (type === 'body') {
        this.body(child, body, depth + 1);
      } else if (type === 'ERROR') {
        this.recover(child, body, depth + 1);
      }
    }
    return {
      t: 'block',
      type: this.text.slice(head.startIndex, typeE),
      typeS: head.startIndex,
      typeE,
      labels,
      body,
      s: node.startIndex,
      e: node.endIndex,
    };
  }

  expression(node: TsNode, depth: number): Expr {
    const s = node.startIndex;
    if (depth > MAX_DEPTH || node.hasError) return { t: 'invalid', s, e: node.endIndex };
    const children = significant(node.children);
    if (children.length === 1 && children[0].type === 'conditional')
      return this.conditional(children[0], depth);
    return this.term(children, 0, children.length, depth);
  }

  /**
   * The grammar nests `a ? b : c ? d : e` as `(a ? b : c) ? d : e`; HCL reads it as `a ? b : (c ? d : e)`.
   * The operands are taken in source order and regrouped to the right.
   */
  private conditional(node: TsNode, depth: number): Expr {
    const operands: TsNode[] = [];
    const collect = (cond: TsNode): boolean => {
      const parts = cond.children.filter((c) => c.type === 'expression');
      if (parts.length !== 3) return false;
      const test = significant(parts[0].children);
      if (test.length === 1 && test[0].type === 'conditional') {
        if (!collect(test[0])) return false;
      } else {
        operands.push(parts[0]);
      }
      operands.push(parts[1], parts[2]);
      return true;
    };
    if (!collect(node)) return { t: 'invalid', s: node.startIndex, e: node.endIndex };
    const exprs = operands.map((o) => this.expression(o, depth + 1));
    let result = exprs[exprs.length - 1];
    for (let i = exprs.length - 3; i >= 0; i -= 2) {
      result = { t: 'cond', test: exprs[i], then: exprs[i + 1], else: result, s: exprs[i].s, e: result.e };
    }
    return result;
  }

  /** An expression term written as a flat run of nodes: a primary followed by attribute, index and splat steps. */
  private term(nodes: TsNode[], from: number, to: number, depth: number): Expr {
    if (from >= to)
      return { t: 'invalid', s: nodes[from - 1]?.endIndex ?? 0, e: nodes[from - 1]?.endIndex ?? 0 };
    const first = nodes[from];
    const s = first.startIndex;
    let expr: Expr;
    let i = from + 1;
    if (first.type === '(') {
      const inner = nodes[from + 1];
      const close = nodes[from + 2];
      if (!inner || inner.type !== 'expression' || !close)
        return { t: 'invalid', s, e: nodes[to - 1].endIndex };
      expr = { t: 'paren', inner: this.expression(inner, depth + 1), s, e: close.endIndex };
      i = from + 3;
    } else {
      expr = this.primary(first, depth);
    }
    for (; i < to; i++) {
      const step = nodes[i];
      const type = step.type;
      const e = step.endIndex;
      if (type === 'get_attr') {
        expr = { t: 'attr', target: expr, name: this.getAttrName(step), s, e };
      } else if (type === 'index') {
        expr = { t: 'index', target: expr, key: this.indexKey(step, depth), s, e };
      } else if (type === 'splat') {
        const inner = step.children[0];
        const steps: SplatStep[] = [];
        if (inner) {
          for (const c of inner.children) {
            if (c.type === 'get_attr') steps.push({ t: 'attr', name: this.getAttrName(c) });
            else if (c.type === 'index') steps.push({ t: 'index', key: this.indexKey(c, depth) });
          }
        }
        expr = { t: 'splat', target: expr, steps, s, e };
      } else {
        return { t: 'invalid', s, e: nodes[to - 1].endIndex };
      }
    }
    return expr;
  }

  private getAttrName(node: TsNode): string {
    const id = node.children[1];
    return id ? this.text.slice(id.startIndex, id.endIndex) : '';
  }

  private indexKey(node: TsNode, depth: number): Expr {
    const inner = node.children[0];
    if (!inner) return { t: 'invalid', s: node.startIndex, e: node.endIndex };
    if (inner.type === 'legacy_index') {
      // `.1`: the digits token is not a node of its own; the key starts after the dot.
      const s = inner.startIndex + 1;
      const e = inner.endIndex;
      return { t: 'lit', value: Number(this.text.slice(s, e)), s, e };
    }
    const expr = inner.children.find((c) => c.type === 'expression');
    return expr ? this.expression(expr, depth + 1) : { t: 'invalid', s: inner.startIndex, e: inner.endIndex };
  }

  private primary(node: TsNode, depth: number): Expr {
    const s = node.startIndex;
    switch (node.type) {
      case 'literal_value':
        return this.literal(node.children[0], s, node.endIndex);
      case 'template_expr': {
        const inner = node.children[0];
        return inner?.type === 'heredoc_template' ? this.heredoc(inner, depth) : this.quoted(inner, depth);
      }
      case 'collection_value':
        return this.collection(node.children[0], depth);
      case 'variable_expr': {
        const e = node.endIndex;
        return { t: 'var', name: this.text.slice(s, e), s, e };
      }
      case 'function_call':
        return this.call(node, depth);
      case 'for_expr':
        return this.forExpr(node.children[0], depth);
      case 'operation':
        return this.operation(node.children[0], depth);
      case 'expression':
        return this.expression(node, depth + 1);
      default:
        return { t: 'invalid', s, e: node.endIndex };
    }
  }

  private literal(node: TsNode | null | undefined, s: number, e: number): Expr {
    if (!node) return { t: 'invalid', s, e };
    const raw = this.text.slice(s, e);
    switch (node.type) {
      case 'numeric_lit':
        return { t: 'lit', value: Number(raw), s, e };
      case 'bool_lit':
        return { t: 'lit', value: raw === 'true', s, e };
      case 'null_lit':
        return { t: 'lit', value: null, s, e };
      case 'string_lit':
        return { t: 'lit', value: unescapeQuoted(raw.slice(1, -1)), s, e };
      default:
        return { t: 'invalid', s, e };
    }
  }

  private quoted(node: TsNode | null | undefined, depth: number): Expr {
    if (!node) return { t: 'invalid', s: 0, e: 0 };
    const s = node.startIndex;
    const e = node.endIndex;
    const children = node.children;
    const open = children[0];
    const close = children[children.length - 1];
    if (!open || !close || close.type !== 'quoted_template_end') return { t: 'invalid', s, e };
    const parts = this.templateParts(children, open.endIndex, close.startIndex, depth, unescapeQuoted);
    return { t: 'template', parts, s, e };
  }

  private heredoc(node: TsNode, depth: number): Expr {
    const s = node.startIndex;
    const e = node.endIndex;
    const children = node.children;
    const flush = children[0]?.endIndex - children[0]?.startIndex === 3;
    const ids = children.filter((c) => c.type === 'heredoc_identifier');
    if (ids.length < 2) return { t: 'invalid', s, e };
    const afterOpen = this.text.indexOf('\n', ids[0].endIndex);
    const contentStart = afterOpen < 0 ? ids[0].endIndex : afterOpen + 1;
    const closeStart = ids[ids.length - 1].startIndex;
    const lastNewline = this.text.lastIndexOf('\n', closeStart - 1);
    const contentEnd = Math.max(contentStart, lastNewline + 1);
    const decode = heredocDecoder(this.text, contentStart, contentEnd, flush);
    const parts = this.templateParts(children, contentStart, contentEnd, depth, decode);
    return { t: 'template', parts, s, e };
  }

  private templateParts(
    nodes: TsNode[],
    from: number,
    to: number,
    depth: number,
    decode: (raw: string, at: number) => string,
  ): TemplatePart[] {
    const slots: TemplateSlot[] = [];
    for (const node of nodes) {
      const type = node.type;
      if (type !== 'template_interpolation' && type !== 'template_directive') continue;
      const s = node.startIndex;
      if (s < from || s >= to) continue;
      const e = node.endIndex;
      if (type === 'template_interpolation') {
        const inner = node.children;
        const expr = inner.find((c) => c.type === 'expression');
        slots.push({
          s,
          e,
          part: {
            t: 'interp',
            expr: expr ? this.expression(expr, depth + 1) : { t: 'invalid', s, e },
            stripBefore: inner[1]?.type === 'strip_marker',
            stripAfter: inner[inner.length - 2]?.type === 'strip_marker',
          },
        });
      } else {
        slots.push({ s, e, part: this.directive(node.children[0], s, e, depth, decode) });
      }
    }
    return assembleTemplate(this.text, slots, from, to, decode);
  }

  private directive(
    node: TsNode | undefined,
    s: number,
    e: number,
    depth: number,
    decode: (raw: string, at: number) => string,
  ): TemplatePart {
    const invalid: TemplatePart = {
      t: 'interp',
      expr: { t: 'invalid', s, e },
      stripBefore: false,
      stripAfter: false,
    };
    if (!node || depth > MAX_DEPTH) return invalid;
    const children = node.children;
    if (node.type === 'template_if') {
      const intro = children[0];
      const elseIntro = children.find((c) => c.type === 'template_else_intro');
      const end = children[children.length - 1];
      const test = intro?.children.find((c) => c.type === 'expression');
      if (!intro || !test || end?.type !== 'template_if_end') return invalid;
      const thenEnd = elseIntro ? elseIntro.startIndex : end.startIndex;
      return {
        t: 'if',
        test: this.expression(test, depth + 1),
        then: this.templateParts(children, intro.endIndex, thenEnd, depth + 1, decode),
        else: elseIntro
          ? this.templateParts(children, elseIntro.endIndex, end.startIndex, depth + 1, decode)
          : [],
      };
    }
    const start = children[0];
    const end = children[children.length - 1];
    if (!start || end?.type !== 'template_for_end') return invalid;
    const intro = start.children;
    const names = intro
      .filter((c) => c.type === 'identifier')
      .map((c) => this.text.slice(c.startIndex, c.endIndex));
    const collection = intro.find((c) => c.type === 'expression');
    if (!collection || names.length === 0) return invalid;
    return {
      t: 'for',
      keyVar: names.length > 1 ? names[0] : undefined,
      valueVar: names[names.length - 1],
      collection: this.expression(collection, depth + 1),
      body: this.templateParts(children, start.endIndex, end.startIndex, depth + 1, decode),
    };
  }

  private collection(node: TsNode | null | undefined, depth: number): Expr {
    if (!node) return { t: 'invalid', s: 0, e: 0 };
    const s = node.startIndex;
    const e = node.endIndex;
    if (node.type === 'tuple') {
      const items: Expr[] = [];
      for (const c of node.children) if (c.type === 'expression') items.push(this.expression(c, depth + 1));
      return { t: 'tuple', items, s, e };
    }
    const items: ObjectItem[] = [];
    for (const c of node.children) {
      if (c.type !== 'object_elem') continue;
      const [key, value] = c.children.filter((x) => x.type === 'expression');
      if (key && value)
        items.push({ key: this.expression(key, depth + 1), value: this.expression(value, depth + 1) });
    }
    return { t: 'object', items, s, e };
  }

  private call(node: TsNode, depth: number): Expr {
    const s = node.startIndex;
    const e = node.endIndex;
    const children = node.children;
    const name = children[0];
    const args: Expr[] = [];
    let expandLast = false;
    const list = children.find((c) => c.type === 'function_arguments');
    if (list) {
      for (const c of list.children) {
        if (c.type === 'expression') args.push(this.expression(c, depth + 1));
        else if (c.type === 'ellipsis') expandLast = true;
      }
    }
    return {
      t: 'call',
      name: name ? this.text.slice(name.startIndex, name.endIndex) : '',
      args,
      expandLast,
      s,
      e,
    };
  }

  private forExpr(node: TsNode | null | undefined, depth: number): Expr {
    if (!node) return { t: 'invalid', s: 0, e: 0 };
    const s = node.startIndex;
    const e = node.endIndex;
    const children = node.children;
    const intro = children.find((c) => c.type === 'for_intro');
    if (!intro) return { t: 'invalid', s, e };
    const introChildren = intro.children;
    const names = introChildren
      .filter((c) => c.type === 'identifier')
      .map((c) => this.text.slice(c.startIndex, c.endIndex));
    const collection = introChildren.find((c) => c.type === 'expression');
    const bodyExprs = children
      .filter((c) => c.type === 'expression')
      .map((c) => this.expression(c, depth + 1));
    const cond = children.find((c) => c.type === 'for_cond')?.children.find((c) => c.type === 'expression');
    if (!collection || names.length === 0 || bodyExprs.length === 0) return { t: 'invalid', s, e };
    const isObject = node.type === 'for_object_expr';
    const result: ForExpr = {
      t: 'for',
      keyVar: names.length > 1 ? names[0] : undefined,
      valueVar: names[names.length - 1],
      collection: this.expression(collection, depth + 1),
      keyExpr: isObject ? bodyExprs[0] : undefined,
      valueExpr: isObject ? (bodyExprs[1] ?? { t: 'invalid', s, e }) : bodyExprs[0],
      condition: cond ? this.expression(cond, depth + 1) : undefined,
      group: isObject && children.some((c) => c.type === 'ellipsis'),
      s,
      e,
    };
    return result;
  }

  private operation(node: TsNode | null | undefined, depth: number): Expr {
    if (!node) return { t: 'invalid', s: 0, e: 0 };
    const s = node.startIndex;
    const e = node.endIndex;
    const children = significant(node.children);
    if (node.type === 'unary_operation') {
      return {
        t: 'unary',
        op: children[0].type,
        operand: this.term(children, 1, children.length, depth + 1),
        s,
        e,
      };
    }
    const at = children.findIndex((c, i) => i > 0 && BINARY_OPERATORS.has(c.type));
    if (at < 0) return { t: 'invalid', s, e };
    return {
      t: 'binary',
      op: children[at].type,
      left: this.term(children, 0, at, depth + 1),
      right: this.term(children, at + 1, children.length, depth + 1),
      s,
      e,
    };
  }
}

function significant(nodes: TsNode[]): TsNode[] {
  for (const n of nodes) if (n.type === 'comment') return nodes.filter((c) => c.type !== 'comment');
  return nodes;
}

export { unescapeQuoted };
