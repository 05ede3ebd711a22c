import type { Attribute, Block, BlockLabel, BodyItem, Expr, ForExpr, ObjectItem, SplatStep } from './syntax';
import { assembleTemplate, heredocDecoder, unescapeQuoted, type TemplateSlot } from './template';

/**
 * A direct reader of HCL text for files tree-sitter has already accepted without a syntax error.
 * Converting tree-sitter's tree costs a wasm call for every node it reads; reading the text again in
 * JavaScript is several times cheaper. It builds exactly what the tree conversion builds (a test
 * compares the two on every fixture and example), and gives up (`undefined`) on anything it does not
 * handle the same way — template directives, `.tfvars` written as one object, names outside ASCII —
 * and the caller then converts the tree.
 */
export function readErrorFreeHcl(text: string): BodyItem[] | undefined {
  try {
    const reader = new Reader(text);
    const body = reader.body(0, false);
    reader.skipSpace();
    return reader.pos === text.length ? body : undefined;
  } catch {
    // GIVE_UP, or anything unforeseen: the tree conversion is always there to fall back on.
    return undefined;
  }
}

const GIVE_UP = new Error('not read directly');
const MAX_DEPTH = 100;

// HCL's numeric literal: an exponent may follow the integer part (`1e3`, `2E+10`); the tree path reads
// it too (parser.ts spells the exponent as digits for tree-sitter, whose grammar wants a fraction).
const NUMBER = /0x[0-9a-zA-Z]+|[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
const DIGITS = /[0-9]+/y;
const SPACE = /\s/;
/**
 * A run of characters that are only text inside a quoted string, and after the start of a heredoc's
 * line (where a character outside ASCII may be a blank, which the heredoc's loop decides): the loops
 * below skip such a run at once. A file named alone is read on V8's baseline compiler, where a loop
 * reading a character at a time costs several times what the expression's run does (measured); the
 * descriptions are most of a module's variables files.
 */
const QUOTED_TEXT = /[^"\\\n$%]*/y;
const HEREDOC_TEXT = /[^\n$%\u0080-\uffff]*/y;

/**
 * Where the name starting at `p` ends (`p` when none starts there): the longest match of
 * `[A-Za-z_](?:[A-Za-z0-9_-]|::)*`, read without a regular expression, whose match array for every name
 * was a third of what the reader allocated. ASCII only: a name with other letters ends early here and
 * the file takes the tree path.
 */
function identifierEnd(text: string, p: number): number {
  const c = text.charCodeAt(p);
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return p;
  let q = p + 1;
  for (;;) {
    const d = text.charCodeAt(q);
    if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95 || d === 45) q++;
    else if (d === 58 && text.charCodeAt(q + 1) === 58) q += 2;
    else return q;
  }
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '>': 4,
  '>=': 4,
  '<': 4,
  '<=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

class Reader {
  pos = 0;

  constructor(private readonly text: string) {}

  private fail(): never {
    throw GIVE_UP;
  }

  /** Whitespace and comments, which tree-sitter keeps out of every node's range. */
  skipSpace(): void {
    const text = this.text;
    let p = this.pos;
    for (;;) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 10 || c === 9 || c === 13) p++;
      else if (c === 35 || (c === 47 && text.charCodeAt(p + 1) === 47)) {
        const nl = text.indexOf('\n', p);
        p = nl < 0 ? text.length : nl;
      } else if (c === 47 && text.charCodeAt(p + 1) === 42) {
        const close = text.indexOf('*/', p + 2);
        if (close < 0) this.fail();
        p = close + 2;
      } else if (c === 11 || c === 12) p++;
      else if (c > 127 && SPACE.test(text[p])) this.fail();
      else break;
    }
    this.pos = p;
  }

  private peek(): number {
    const c = this.text.charCodeAt(this.pos);
    // About half of the looks ahead come right after a token, with nothing to skip. Tested here, not in
    // a helper: the CLI's flags for large scans keep V8 from inlining small functions, and the call was
    // the cost. A `#` or `/` may open a comment, a character outside ASCII may be a blank: skipSpace
    // decides those (the same test in eat, identifier and operator).
    if (c > 32 && c < 128 && c !== 35 && c !== 47) return c;
    this.skipSpace();
    return this.text.charCodeAt(this.pos);
  }

  private eat(token: string): boolean {
    const c = this.text.charCodeAt(this.pos);
    if (!(c > 32 && c < 128 && c !== 35 && c !== 47)) this.skipSpace();
    if (!this.text.startsWith(token, this.pos)) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail();
  }

  /** Where the last name read starts (it ends at `pos`). */
  private nameStart = 0;

  /** The name at `pos` (after blanks), read past; undefined when none starts there. */
  private identifier(): string | undefined {
    const c = this.text.charCodeAt(this.pos);
    if (!(c > 32 && c < 128 && c !== 35 && c !== 47)) this.skipSpace();
    const s = this.pos;
    const e = identifierEnd(this.text, s);
    if (e === s) return undefined;
    this.nameStart = s;
    this.pos = e;
    return this.text.slice(s, e);
  }

  body(depth: number, inBlock: boolean): BodyItem[] {
    if (depth > MAX_DEPTH) this.fail();
    const items: BodyItem[] = [];
    for (;;) {
      const c = this.peek();
      if (Number.isNaN(c) || (inBlock && c === 125)) return items;
      const name = this.identifier() ?? this.fail();
      const nameS = this.nameStart;
      const nameE = this.pos;
      if (this.peek() === 61 && this.text.charCodeAt(this.pos + 1) !== 61) {
        this.pos++;
        const expr = this.expression(depth + 1);
        const attribute: Attribute = {
          t: 'attribute',
          name,
          nameS,
          nameE,
          expr,
          s: nameS,
          e: expr.e,
        };
        items.push(attribute);
        continue;
      }
      const labels: BlockLabel[] = [];
      for (;;) {
        const next = this.peek();
        if (next === 34) {
          const s = this.pos;
          const lit = this.quoted(depth);
          if (lit.t !== 'lit') this.fail();
          labels.push({ value: lit.value as string, s, e: this.pos });
        } else if (next === 123) break;
        else {
          const label = this.identifier() ?? this.fail();
          labels.push({ value: label, s: this.nameStart, e: this.pos });
        }
      }
      this.pos++;
      const body = this.body(depth + 1, true);
      this.expect('}');
      const block: Block = {
        t: 'block',
        type: name,
        typeS: nameS,
        typeE: nameE,
        labels,
        body,
        s: nameS,
        e: this.pos,
      };
      items.push(block);
    }
  }

  expression(depth: number): Expr {
    if (depth > MAX_DEPTH) this.fail();
    const test = this.binary(0, depth);
    if (this.peek() !== 63) return test;
    this.pos++;
    const then = this.expression(depth + 1);
    this.expect(':');
    // Right-associative, as HCL reads `a ? b : c ? d : e`.
    const otherwise = this.expression(depth + 1);
    return { t: 'cond', test, then, else: otherwise, s: test.s, e: otherwise.e };
  }

  private operator(): string | undefined {
    const c = this.text.charCodeAt(this.pos);
    if (!(c > 32 && c < 128 && c !== 35 && c !== 47)) this.skipSpace();
    const text = this.text;
    const p = this.pos;
    const next = text.charCodeAt(p + 1);
    switch (text.charCodeAt(p)) {
      case 43: // +
        return '+';
      case 45: // -
        return '-';
      case 42: // *
        return '*';
      case 47: // /
        return '/';
      case 37: // %
        return '%';
      case 62: // >
        return next === 61 ? '>=' : '>';
      case 60: // < (but not a heredoc)
        return next === 61 ? '<=' : next === 60 ? undefined : '<';
      case 61: // == (a lone = belongs to an object element)
        return next === 61 ? '==' : undefined;
      case 33: // !=
        return next === 61 ? '!=' : undefined;
      case 38: // &&
        return next === 38 ? '&&' : undefined;
      case 124: // ||
        return next === 124 ? '||' : undefined;
      default:
        return undefined;
    }
  }

  /** Precedence climbing, left-associative at every level as in the grammar. */
  private binary(minPrecedence: number, depth: number): Expr {
    let left = this.unary(depth);
    for (;;) {
      const op = this.operator();
      if (op === undefined) return left;
      const precedence = BINARY_PRECEDENCE[op];
      if (precedence <= minPrecedence) return left;
      this.pos += op.length;
      const right = this.binary(precedence, depth + 1);
      left = { t: 'binary', op, left, right, s: left.s, e: right.e };
    }
  }

  private unary(depth: number): Expr {
    const c = this.peek();
    if (c === 45 || c === 33) {
      const s = this.pos;
      this.pos++;
      const operand = this.unary(depth + 1);
      return { t: 'unary', op: c === 45 ? '-' : '!', operand, s, e: operand.e };
    }
    return this.term(depth);
  }

  /** A primary followed by attribute, index and splat steps (a splat takes every step after it). */
  private term(depth: number): Expr {
    if (depth > MAX_DEPTH) this.fail();
    let expr = this.primary(depth);
    const s = expr.s;
    for (;;) {
      const c = this.peek();
      if (c === 46) {
        const next = this.text.charCodeAt(this.pos + 1);
        if (next === 42) {
          this.pos += 2;
          const { steps, e } = this.splatSteps(depth);
          expr = { t: 'splat', target: expr, steps, s, e };
        } else if (next === 46) {
          return expr;
        } else {
          this.pos++;
          expr = this.dotStep(expr, s);
        }
      } else if (c === 91) {
        if (this.text.startsWith('[*]', this.pos)) {
          this.pos += 3;
          const { steps, e } = this.splatSteps(depth);
          expr = { t: 'splat', target: expr, steps, s, e };
        } else {
          this.pos++;
          const key = this.expression(depth + 1);
          this.expect(']');
          expr = { t: 'index', target: expr, key, s, e: this.pos };
        }
      } else {
        return expr;
      }
    }
  }

  private dotStep(target: Expr, s: number): Expr {
    const c = this.text.charCodeAt(this.pos);
    if (c >= 48 && c <= 57) {
      const key = this.digits();
      return { t: 'index', target, key, s, e: key.e };
    }
    const name = this.identifier() ?? this.fail();
    return { t: 'attr', target, name, s, e: this.pos };
  }

  private digits(): Expr & { t: 'lit' } {
    DIGITS.lastIndex = this.pos;
    const m = DIGITS.exec(this.text) ?? this.fail();
    const s = this.pos;
    this.pos += m[0].length;
    return { t: 'lit', value: Number(m[0]), s, e: this.pos };
  }

  /** The steps a splat takes, and where the last one ends. */
  private splatSteps(depth: number): { steps: SplatStep[]; e: number } {
    const steps: SplatStep[] = [];
    let e = this.pos;
    for (;;) {
      const c = this.peek();
      if (c === 46) {
        const next = this.text.charCodeAt(this.pos + 1);
        if (next === 42 || next === 46) break;
        this.pos++;
        if (next >= 48 && next <= 57) steps.push({ t: 'index', key: this.digits() });
        else steps.push({ t: 'attr', name: this.identifier() ?? this.fail() });
      } else if (c === 91) {
        if (this.text.startsWith('[*]', this.pos)) break;
        this.pos++;
        const key = this.expression(depth + 1);
        this.expect(']');
        steps.push({ t: 'index', key });
      } else {
        break;
      }
      e = this.pos;
    }
    this.pos = e;
    return { steps, e };
  }

  private primary(depth: number): Expr {
    const c = this.peek();
    const s = this.pos;
    if (c === 34) return this.quoted(depth);
    if (c === 40) {
      this.pos++;
      const inner = this.expression(depth + 1);
      this.expect(')');
      return { t: 'paren', inner, s, e: this.pos };
    }
    if (c === 91) return this.tuple(depth);
    if (c === 123) return this.object(depth);
    if (c === 60) return this.heredoc(depth);
    if (c >= 48 && c <= 57) {
      NUMBER.lastIndex = s;
      const m = NUMBER.exec(this.text) ?? this.fail();
      this.pos += m[0].length;
      return { t: 'lit', value: Number(m[0]), s, e: this.pos };
    }
    const name = this.identifier() ?? this.fail();
    const e = this.pos;
    switch (name) {
      case 'true':
      case 'false':
        return { t: 'lit', value: name === 'true', s, e };
      case 'null':
        return { t: 'lit', value: null, s, e };
    }
    if (this.peek() === 40) return this.call(name, s, depth);
    return { t: 'var', name, s, e };
  }

  private call(name: string, s: number, depth: number): Expr {
    this.pos++;
    const args: Expr[] = [];
    let expandLast = false;
    if (this.peek() !== 41) {
      for (;;) {
        args.push(this.expression(depth + 1));
        if (this.eat('...')) {
          expandLast = true;
          break;
        }
        if (!this.eat(',')) break;
        if (this.peek() === 41) break;
      }
    }
    this.expect(')');
    return { t: 'call', name, args, expandLast, s, e: this.pos };
  }

  private forIntro(depth: number): { keyVar?: string; valueVar: string; collection: Expr } | undefined {
    const save = this.pos;
    const keyword = this.identifier();
    if (keyword !== 'for' || this.peek() === 61 || this.peek() === 58) {
      this.pos = save;
      return undefined;
    }
    const first = this.identifier();
    if (!first) {
      this.pos = save;
      return undefined;
    }
    let keyVar: string | undefined;
    let valueVar = first;
    if (this.eat(',')) {
      keyVar = first;
      valueVar = this.identifier() ?? this.fail();
    }
    if (this.identifier() !== 'in') this.fail();
    const collection = this.expression(depth + 1);
    if (collection.t === 'cond') this.fail();
    this.expect(':');
    return { keyVar, valueVar, collection };
  }

  private forCondition(depth: number): Expr | undefined {
    const save = this.pos;
    if (this.identifier() === 'if') return this.expression(depth + 1);
    this.pos = save;
    return undefined;
  }

  private tuple(depth: number): Expr {
    const s = this.pos;
    this.pos++;
    const intro = this.forIntro(depth);
    if (intro) {
      const valueExpr = this.expression(depth + 1);
      const condition = this.forCondition(depth);
      this.expect(']');
      const result: ForExpr = {
        t: 'for',
        keyVar: intro.keyVar,
        valueVar: intro.valueVar,
        collection: intro.collection,
        keyExpr: undefined,
        valueExpr,
        condition,
        group: false,
        s,
        e: this.pos,
      };
      return result;
    }
    const items: Expr[] = [];
    while (this.peek() !== 93) {
      items.push(this.expression(depth + 1));
      if (!this.eat(',')) break;
    }
    this.expect(']');
    return { t: 'tuple', items, s, e: this.pos };
  }

  private object(depth: number): Expr {
    const s = this.pos;
    this.pos++;
    const intro = this.forIntro(depth);
    if (intro) {
      const keyExpr = this.expression(depth + 1);
      this.expect('=>');
      const valueExpr = this.expression(depth + 1);
      const group = this.eat('...');
      const condition = this.forCondition(depth);
      this.expect('}');
      const result: ForExpr = {
        t: 'for',
        keyVar: intro.keyVar,
        valueVar: intro.valueVar,
        collection: intro.collection,
        keyExpr,
        valueExpr,
        condition,
        group,
        s,
        e: this.pos,
      };
      return result;
    }
    const items: ObjectItem[] = [];
    while (this.peek() !== 125) {
      const key = this.expression(depth + 1);
      const c = this.peek();
      if ((c !== 61 && c !== 58) || this.text.charCodeAt(this.pos + 1) === 61) this.fail();
      this.pos++;
      const value = this.expression(depth + 1);
      items.push({ key, value });
      this.eat(',');
    }
    this.expect('}');
    return { t: 'object', items, s, e: this.pos };
  }

  /** `"..."`: a string literal when it has no interpolation, else a template. */
  private quoted(depth: number): Expr {
    const text = this.text;
    const s = this.pos;
    const slots: TemplateSlot[] = [];
    let p = s + 1;
    for (;;) {
      // Past the end (an escape as the text's last character) it matches nothing, and sets lastIndex to
      // 0: `p` stays, and reads as the end.
      QUOTED_TEXT.lastIndex = p;
      if (QUOTED_TEXT.test(text)) p = QUOTED_TEXT.lastIndex;
      const c = text.charCodeAt(p);
      if (c === 34) break;
      if (Number.isNaN(c) || c === 10) this.fail();
      if (c === 92) p += 2;
      else if (c === 36 || c === 37) p = this.templateSign(p, slots, depth);
      else p++;
    }
    this.pos = p + 1;
    if (slots.length === 0) return { t: 'lit', value: unescapeQuoted(text.slice(s + 1, p)), s, e: this.pos };
    return { t: 'template', parts: assembleTemplate(text, slots, s + 1, p, unescapeQuoted), s, e: this.pos };
  }

  /**
   * `$` or `%` at `p` inside a template, read as the grammar's scanner reads it: `${` opens an
   * interpolation, `$${` is literal, and `$$` before anything else is two literal characters.
   * Directives (`%{`) are left to the tree path. Returns where literal text resumes.
   */
  private templateSign(p: number, slots: TemplateSlot[], depth: number): number {
    const text = this.text;
    const c = text.charCodeAt(p);
    const next = text.charCodeAt(p + 1);
    if (next === 123) {
      if (c === 37) this.fail();
      this.pos = p;
      slots.push(this.interpolation(depth));
      return this.pos;
    }
    if (next === c) return text.charCodeAt(p + 2) === 123 ? p + 3 : p + 2;
    return p + 1;
  }

  /** `${ expr }` at `pos`, with its strip markers. */
  private interpolation(depth: number): TemplateSlot {
    const s = this.pos;
    this.pos += 2;
    const stripBefore = this.text.charCodeAt(this.pos) === 126;
    if (stripBefore) this.pos++;
    if (this.peek() === 125) this.fail();
    const expr = this.expression(depth + 1);
    const stripAfter = this.peek() === 126;
    if (stripAfter) this.pos++;
    if (this.text.charCodeAt(this.pos) !== 125) this.fail();
    this.pos++;
    return { s, e: this.pos, part: { t: 'interp', expr, stripBefore, stripAfter } };
  }

  /**
   * `<<ID` / `<<-ID` up to the first later line holding only ID (after indentation), as the grammar's
   * scanner decides; interpolations in between are read as expressions.
   */
  private heredoc(depth: number): Expr {
    const text = this.text;
    const s = this.pos;
    if (!text.startsWith('<<', s)) this.fail();
    const flush = text.charCodeAt(s + 2) === 45;
    let p = s + (flush ? 3 : 2);
    const idStart = p;
    while (p < text.length && /[A-Za-z0-9_-]/.test(text[p])) p++;
    const id = text.slice(idStart, p);
    if (id === '' || p === idStart) this.fail();
    const afterOpen = text.indexOf('\n', p);
    if (afterOpen < 0 || text.slice(p, afterOpen).trim() !== '') this.fail();
    const contentStart = afterOpen + 1;
    const slots: TemplateSlot[] = [];
    let lineStart = true;
    p = contentStart;
    for (;;) {
      const c = text.charCodeAt(p);
      if (Number.isNaN(c)) this.fail();
      if (c === 10) {
        lineStart = true;
        p++;
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) {
        p++;
        continue;
      }
      if (c > 127 && SPACE.test(text[p])) this.fail();
      if (lineStart && text.startsWith(id, p)) {
        let q = p + id.length;
        while (q < text.length && text.charCodeAt(q) !== 10 && SPACE.test(text[q])) q++;
        if (text.charCodeAt(q) !== 10) {
          // The scanner read the name, the blanks and one more character as literal text.
          lineStart = false;
          p = q + 1;
          continue;
        }
        const contentEnd = Math.max(contentStart, text.lastIndexOf('\n', p - 1) + 1);
        const decode = heredocDecoder(text, contentStart, contentEnd, flush);
        this.pos = p + id.length;
        const parts = assembleTemplate(text, slots, contentStart, contentEnd, decode);
        return { t: 'template', parts, s, e: this.pos };
      }
      lineStart = false;
      if (c === 36 || c === 37) p = this.templateSign(p, slots, depth);
      else {
        HEREDOC_TEXT.lastIndex = p + 1;
        p = HEREDOC_TEXT.test(text) ? HEREDOC_TEXT.lastIndex : p + 1;
      }
    }
  }
}
