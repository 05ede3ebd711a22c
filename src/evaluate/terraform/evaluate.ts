// From value.ts and range.ts themselves, not the model's index: compiled to CommonJS (dist/, which the
// bench runs), every call through the index's re-export is a getter call.
import {
  idEqualsEmpty,
  KeyEntry,
  list,
  object,
  packed,
  scalar,
  unknown,
  type ObjectEntry,
  type UnknownValue,
  type Value,
} from '../../model/value';
import type { SourceRange } from '../../model';
import { MAX_SHARED, oneCopy } from '../../parsers/strings';
import {
  CollectionBudget,
  MAX_EVALUATION_DEPTH,
  MAX_STRING_LENGTH,
  STRING_TOO_LONG,
  TOO_DEEP,
  TOO_MANY_STEPS,
  type StepBudget,
} from '../limits';
import type { Expr, HclFile, SplatStep, TemplatePart } from '../../parsers/terraform/syntax';
import { callFunction } from './functions';
import {
  building,
  builtKeyAt,
  builtKeys,
  dropBuilt,
  evaluationError,
  isEvaluationError,
  propagate,
  relocate,
  removeBuilt,
  SCANNED_ENTRIES,
  scalarToString,
  sortedEntries,
  takeBuilt,
  toBool,
  toNumber,
  typeName,
  valuesEqual,
} from './values';

/** What a module offers to the expressions written in it. */
/**
 * What expressions in a module see. Each lookup takes the reader's reference set: a variable, local
 * or output whose value refers to resources passes those references on to whoever reads it.
 */
export interface ModuleEnv {
  variable(name: string, into?: Set<string>): Value | undefined;
  local(name: string, into?: Set<string>): Value | undefined;
  /** The value of `module.<name>`: its outputs (a list or map of them for count/for_each). */
  module(name: string, step?: string, into?: Set<string>): Value | undefined;
  /** Address prefix of this module instance (`module.aks.`, '' at the root). */
  readonly addressPrefix: string;
  readonly moduleDir: string;
  readonly rootDir: string;
  /** Evaluation steps left for the root module being evaluated. */
  readonly steps?: StepBudget;
}

/** Names bound by for expressions, `each`, `count` and dynamic block iterators. */
export interface Binding {
  name: string;
  value: Value;
  parent?: Binding;
}

export interface EvalContext {
  file: HclFile;
  env: ModuleEnv;
  bindings?: Binding;
  /** Addresses of resources the expression refers to (graph edges). */
  references?: Set<string>;
}

export function rangeOf(file: HclFile, s: number, e: number): SourceRange {
  return file.lines.range(file.path, s, e);
}

/** An entry whose key is written at the offsets `s` to `e` of `file` (its range is made when read). */
export function entryAt(file: HclFile, key: string, value: Value, s: number, e: number): ObjectEntry {
  return new KeyEntry(key, value, file.lines.rangeSource(file.path), s, e);
}

/**
 * The text of a node, for an unknown's `source` or a message. One copy of each: a module is evaluated for
 * every root and instance that calls it, and the unknowns it yields, kept until the rules run, would
 * otherwise each hold a slice of its own of the same text.
 */
export function sourceOf(file: HclFile, expr: { s: number; e: number }): string {
  return oneCopy(file.text.slice(expr.s, expr.e));
}

export function bind(ctx: EvalContext, name: string, value: Value): EvalContext {
  return { ...ctx, bindings: { name, value, parent: ctx.bindings } };
}

function lookupBinding(b: Binding | undefined, name: string): Value | undefined {
  for (let cur = b; cur; cur = cur.parent) if (cur.name === name) return cur.value;
  return undefined;
}

/**
 * `bare`: the caller reads only what the value is (to write it into a string, compare it, test it, hand
 * it to a function of plain values), never where, and keeps nothing of it. A string, number or bool read
 * through a reference, and an unknown, may then come back where it was written instead of a copy at the
 * reference: many references are read so (`"aks-${local.name}"`, `var.env == "prod"`), and each copy
 * would be garbage at once.
 */
export function evaluate(expr: Expr, ctx: EvalContext, depth = 0, bare = false): Value {
  // rangeOf, without its call: this runs for every node evaluated.
  const file = ctx.file;
  const range = file.lines.range(file.path, expr.s, expr.e);
  if (depth > MAX_EVALUATION_DEPTH) return evaluationError(TOO_DEEP, sourceOf(ctx.file, expr), range);
  if (ctx.env.steps?.take() === false) {
    ctx.env.steps.refused(range);
    return unknown(TOO_MANY_STEPS, sourceOf(ctx.file, expr), range);
  }
  switch (expr.t) {
    case 'lit':
      return scalar(expr.value, range);
    case 'paren':
      return evaluate(expr.inner, ctx, depth + 1, bare);
    case 'template':
      return evaluateTemplate(expr, ctx, range, depth, bare);
    case 'tuple': {
      const size = new CollectionBudget();
      const items: Value[] = [];
      for (let i = 0; i < expr.items.length; i++) {
        const item = evaluate(expr.items[i], ctx, depth + 1);
        // `[local.a, local.a]` nested thirty times would be a billion nodes.
        const tooLarge = size.add(item);
        if (tooLarge) return unknown(tooLarge, sourceOf(ctx.file, expr), range);
        items.push(item);
      }
      return list(packed(items), range);
    }
    case 'object':
      return evaluateObject(expr, ctx, range, depth);
    case 'var':
    case 'attr':
    case 'index':
      return evaluateTraversal(expr, ctx, range, depth, bare);
    case 'splat':
      return evaluateSplat(expr, ctx, range, depth);
    case 'call':
      return callFunction(expr, ctx, range, depth);
    case 'for':
      return evaluateFor(expr, ctx, range, depth);
    case 'cond': {
      const test = evaluate(expr.test, ctx, depth + 1, true);
      if (test.kind === 'unknown') return propagate(test, sourceOf(ctx.file, expr), range);
      const b = toBool(test);
      if (b === undefined) {
        return evaluationError(
          `the condition is a ${typeName(test)}, not a bool`,
          sourceOf(ctx.file, expr),
          range,
        );
      }
      return evaluate(b ? expr.then : expr.else, ctx, depth + 1, bare);
    }
    case 'unary': {
      const operand = evaluate(expr.operand, ctx, depth + 1, true);
      if (operand.kind === 'unknown') return propagate(operand, sourceOf(ctx.file, expr), range);
      if (expr.op === '!') {
        const b = toBool(operand);
        return b === undefined ? mismatch(expr, ctx, range, 'bool', operand) : scalar(!b, range);
      }
      const n = toNumber(operand);
      return n === undefined ? mismatch(expr, ctx, range, 'number', operand) : scalar(-n, range);
    }
    case 'binary':
      return evaluateBinary(expr, ctx, range, depth);
    case 'invalid':
      return evaluationError('the expression has a syntax error', sourceOf(ctx.file, expr), range);
  }
}

function mismatch(
  expr: Expr,
  ctx: EvalContext,
  range: SourceRange,
  wanted: string,
  got: Value,
): UnknownValue {
  return evaluationError(`expected a ${wanted}, got a ${typeName(got)}`, sourceOf(ctx.file, expr), range);
}

function evaluateBinary(
  expr: Expr & { t: 'binary' },
  ctx: EvalContext,
  range: SourceRange,
  depth: number,
): Value {
  const source = () => sourceOf(ctx.file, expr);
  const left = evaluate(expr.left, ctx, depth + 1, true);
  if (expr.op === '&&' || expr.op === '||') {
    const short = expr.op === '||';
    const l = left.kind === 'unknown' ? undefined : toBool(left);
    if (l === short) return scalar(short, range);
    const right = evaluate(expr.right, ctx, depth + 1, true);
    const r = right.kind === 'unknown' ? undefined : toBool(right);
    if (r === short) return scalar(short, range);
    if (left.kind === 'unknown') return propagate(left, source(), range);
    if (right.kind === 'unknown') return propagate(right, source(), range);
    if (l === undefined) return mismatch(expr, ctx, range, 'bool', left);
    if (r === undefined) return mismatch(expr, ctx, range, 'bool', right);
    return scalar(short ? l || r : l && r, range);
  }
  const right = evaluate(expr.right, ctx, depth + 1, true);
  if (expr.op === '==' || expr.op === '!=') {
    const equal = idEqualsEmpty(left, right);
    if (equal !== undefined) return scalar(expr.op === '==' ? equal : !equal, range);
  }
  if (left.kind === 'unknown') return propagate(left, source(), range);
  if (right.kind === 'unknown') return propagate(right, source(), range);
  if (expr.op === '==' || expr.op === '!=') {
    const equal = valuesEqual(left, right);
    return scalar(expr.op === '==' ? equal : !equal, range);
  }
  const l = toNumber(left);
  const r = toNumber(right);
  if (l === undefined) return mismatch(expr, ctx, range, 'number', left);
  if (r === undefined) return mismatch(expr, ctx, range, 'number', right);
  switch (expr.op) {
    case '+':
      return scalar(l + r, range);
    case '-':
      return scalar(l - r, range);
    case '*':
      return scalar(l * r, range);
    case '/':
      return r === 0 ? evaluationError('division by zero', source(), range) : scalar(l / r, range);
    case '%':
      return r === 0 ? evaluationError('division by zero', source(), range) : scalar(l % r, range);
    case '<':
      return scalar(l < r, range);
    case '<=':
      return scalar(l <= r, range);
    case '>':
      return scalar(l > r, range);
    case '>=':
      return scalar(l >= r, range);
    default:
      return evaluationError(`unknown operator ${expr.op}`, source(), range);
  }
}

function evaluateTemplate(
  expr: Expr & { t: 'template' },
  ctx: EvalContext,
  range: SourceRange,
  depth: number,
  bare: boolean,
): Value {
  const parts = expr.parts;
  if (parts.length === 1 && parts[0].t === 'interp') {
    const value = evaluate(parts[0].expr, ctx, depth + 1, bare);
    return bare && mayStayBare(value) ? value : relocate(value, range);
  }
  const out: string[] = [];
  const problem = renderTemplate(parts, ctx, depth, out);
  if (problem) return propagate(problem, sourceOf(ctx.file, expr), range);
  let length = 0;
  for (let i = 0; i < out.length; i++) length += out[i].length;
  if (length > MAX_STRING_LENGTH) return unknown(STRING_TOO_LONG, sourceOf(ctx.file, expr), range);
  return scalar(out.join(''), range);
}

/** Appends the rendered parts to `out`; returns the unknown or error that stopped rendering. */
function renderTemplate(
  parts: readonly TemplatePart[],
  ctx: EvalContext,
  depth: number,
  out: string[],
): UnknownValue | undefined {
  let stripNext = false;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    switch (part.t) {
      case 'text':
        out.push(stripNext ? part.text.trimStart() : part.text);
        stripNext = false;
        break;
      case 'interp': {
        if (part.stripBefore && out.length > 0) out[out.length - 1] = out[out.length - 1].trimEnd();
        const value = evaluate(part.expr, ctx, depth + 1, true);
        if (value.kind === 'unknown') return value;
        if (value.kind !== 'scalar' || value.value === null) {
          return evaluationError(
            `a ${typeName(value)} cannot be written into a string`,
            sourceOf(ctx.file, part.expr),
            value.range,
          );
        }
        out.push(scalarToString(value.value));
        stripNext = part.stripAfter;
        break;
      }
      case 'if': {
        const test = evaluate(part.test, ctx, depth + 1);
        if (test.kind === 'unknown') return test;
        const b = toBool(test);
        if (b === undefined) {
          return evaluationError(
            'the %{if} condition is not a bool',
            sourceOf(ctx.file, part.test),
            test.range,
          );
        }
        const problem = renderTemplate(b ? part.then : part.else, ctx, depth + 1, out);
        if (problem) return problem;
        break;
      }
      case 'for': {
        const collection = evaluate(part.collection, ctx, depth + 1);
        if (collection.kind === 'unknown') return collection;
        const pairs = iterationPairs(collection);
        if (!pairs) {
          return evaluationError(
            `cannot iterate over a ${typeName(collection)}`,
            sourceOf(ctx.file, part.collection),
            collection.range,
          );
        }
        for (let k = 0; k < pairs.length; k++) {
          let inner = bind(ctx, part.valueVar, pairs[k][1]);
          if (part.keyVar) inner = bind(inner, part.keyVar, pairs[k][0]);
          const problem = renderTemplate(part.body, inner, depth + 1, out);
          if (problem) return problem;
        }
        break;
      }
    }
  }
  return undefined;
}

/** Key/value pairs a for expression iterates: index/item for lists, key/value (sorted by key) for objects. */
export function iterationPairs(collection: Value): Array<[Value, Value]> | undefined {
  if (collection.kind === 'list') {
    return collection.items.map((item, i) => [scalar(i, item.range), item]);
  }
  if (collection.kind === 'object') {
    return sortedEntries(collection).map((e) => [scalar(e.key, e.keyRange), e.value]);
  }
  return undefined;
}

/** A bare name is the key itself (`{ env = "prod" }`); parentheses make it an expression. */
function objectKey(expr: Expr, ctx: EvalContext, depth: number): Value | string {
  return expr.t === 'var' ? expr.name : evaluate(expr, ctx, depth + 1);
}

function evaluateObject(
  expr: Expr & { t: 'object' },
  ctx: EvalContext,
  range: SourceRange,
  depth: number,
): Value {
  // This object's entries are built on the stack of entries from here (see building).
  const base = building.top;
  // Made past SCANNED_ENTRIES entries.
  let keys: Set<string> | undefined;
  const size = new CollectionBudget();
  try {
    const items = expr.items;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const key = objectKey(item.key, ctx, depth);
      let name: string;
      if (typeof key === 'string') name = key;
      else if (key.kind === 'unknown') return propagate(key, sourceOf(ctx.file, expr), range);
      else if (key.kind !== 'scalar' || key.value === null)
        return evaluationError('an object key must be a string', sourceOf(ctx.file, item.key), key.range);
      else name = scalarToString(key.value);
      const value = evaluate(item.value, ctx, depth + 1);
      const tooLarge = size.add(value);
      if (tooLarge) return unknown(tooLarge, sourceOf(ctx.file, expr), range);
      // A repeated key replaces the earlier entry.
      if (keys ? keys.has(name) : builtKeyAt(base, name) >= 0) removeBuilt(base, name);
      // A name or a literal is at the key's own offsets; an expression's value may be elsewhere.
      const entry =
        typeof key === 'string' || item.key.t === 'lit'
          ? entryAt(ctx.file, oneCopy(name), value, item.key.s, item.key.e)
          : { key: oneCopy(name), keyRange: key.range, value };
      building.entries[building.top++] = entry;
      if (keys) keys.add(entry.key);
      else if (building.top - base > SCANNED_ENTRIES) keys = builtKeys(base);
    }
    return object(takeBuilt(base), range);
  } finally {
    dropBuilt(base);
  }
}

function evaluateFor(expr: Expr & { t: 'for' }, ctx: EvalContext, range: SourceRange, depth: number): Value {
  const source = () => sourceOf(ctx.file, expr);
  const collection = evaluate(expr.collection, ctx, depth + 1);
  if (collection.kind === 'unknown') return propagate(collection, source(), range);
  const pairs = iterationPairs(collection);
  if (!pairs) return evaluationError(`cannot iterate over a ${typeName(collection)}`, source(), range);
  const items: Value[] = [];
  const entries: ObjectEntry[] = [];
  const groups = new Map<string, Value[]>();
  const seenKeys = new Set<string>();
  const size = new CollectionBudget();
  // Index loops here and in the other evaluators: a for-of's iterator (and destructuring a pair with
  // another) is several calls per item on V8's baseline compiler, which a file named alone runs on.
  for (let i = 0; i < pairs.length; i++) {
    let inner = bind(ctx, expr.valueVar, pairs[i][1]);
    if (expr.keyVar) inner = bind(inner, expr.keyVar, pairs[i][0]);
    if (expr.condition) {
      const keep = evaluate(expr.condition, inner, depth + 1, true);
      if (keep.kind === 'unknown') return propagate(keep, source(), range);
      const b = toBool(keep);
      if (b === undefined) return mismatch(expr, ctx, range, 'bool', keep);
      if (!b) continue;
    }
    const v = relocate(evaluate(expr.valueExpr, inner, depth + 1), range);
    const tooLarge = size.add(v);
    if (tooLarge) return unknown(tooLarge, source(), range);
    if (!expr.keyExpr) {
      items.push(v);
      continue;
    }
    const k = evaluate(expr.keyExpr, inner, depth + 1, true);
    if (k.kind === 'unknown') return propagate(k, source(), range);
    if (k.kind !== 'scalar' || k.value === null) return mismatch(expr, ctx, range, 'string key', k);
    const name = scalarToString(k.value);
    if (expr.group) {
      let group = groups.get(name);
      if (!group) groups.set(name, (group = []));
      group.push(v);
    } else if (seenKeys.has(name)) {
      return evaluationError(`duplicate key "${name}" in for expression (use ... to group)`, source(), range);
    } else {
      entries.push({ key: name, keyRange: range, value: v });
      seenKeys.add(name);
    }
  }
  if (!expr.keyExpr) return list(items, range);
  if (expr.group) {
    for (const [key, values] of groups) entries.push({ key, keyRange: range, value: list(values, range) });
  }
  return object(entries, range);
}

function evaluateSplat(
  expr: Expr & { t: 'splat' },
  ctx: EvalContext,
  range: SourceRange,
  depth: number,
): Value {
  const target = evaluate(expr.target, ctx, depth + 1);
  if (target.kind === 'unknown') return propagate(target, sourceOf(ctx.file, expr), range);
  const items =
    target.kind === 'list' ? target.items : target.kind === 'scalar' && target.value === null ? [] : [target];
  const out: Value[] = [];
  for (let i = 0; i < items.length; i++) {
    let cur = items[i];
    for (let k = 0; k < expr.steps.length; k++)
      cur = applyStep(cur, expr.steps[k], ctx, range, sourceOf(ctx.file, expr), depth);
    out.push(relocate(cur, range));
  }
  return list(out, range);
}

function applyStep(
  value: Value,
  step: SplatStep,
  ctx: EvalContext,
  range: SourceRange,
  source: string,
  depth: number,
): Value {
  if (step.t === 'attr') return getAttribute(value, step.name, range, source);
  const key = evaluate(step.key, ctx, depth + 1, true);
  return getIndex(value, key, range, source);
}

export function getAttribute(value: Value, name: string, range: SourceRange, source: string): Value {
  if (value.kind === 'unknown') return propagate(value, source, range);
  if (value.kind === 'object') {
    // Read once: a relocated object's entries are a getter (see relocate).
    const entries = value.entries;
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === name) return entries[i].value;
    return evaluationError(`the object has no attribute "${name}"`, source, range);
  }
  return evaluationError(`a ${typeName(value)} has no attribute "${name}"`, source, range);
}

export function getIndex(value: Value, key: Value, range: SourceRange, source: string): Value {
  if (value.kind === 'unknown') return propagate(value, source, range);
  if (key.kind === 'unknown') return propagate(key, source, range);
  if (value.kind === 'list') {
    const n = toNumber(key);
    if (n === undefined || !Number.isInteger(n))
      return evaluationError('a list index must be a whole number', source, range);
    if (n < 0 || n >= value.items.length) {
      return evaluationError(`index ${n} is out of range for a list of ${value.items.length}`, source, range);
    }
    return value.items[n];
  }
  if (value.kind === 'object') {
    if (key.kind !== 'scalar' || key.value === null)
      return evaluationError('a map key must be a string', source, range);
    return getAttribute(value, scalarToString(key.value), range, source);
  }
  return evaluationError(`a ${typeName(value)} cannot be indexed`, source, range);
}

type StepExpr = Expr & { t: 'attr' | 'index' };

/**
 * The steps after the root name of `a.b[0].c` (three of them) are the nodes themselves: this runs for
 * every reference, and an array of its steps for each was 4% of what loading Terraform allocated. A
 * reference has a few steps, each found by walking back from the last; a longer one (written by a
 * generator, or to make the walks add up) is read into an array once.
 */
interface Traversal {
  /** The last step, or the root name itself when no step follows it. */
  expr: Expr;
  length: number;
  /** The steps, first step first, when there are more than SHORT_TRAVERSAL. */
  steps?: readonly StepExpr[];
}

const SHORT_TRAVERSAL = 16;

/** How many steps follow the root name of `expr`, or -1 when its root is not a name. */
function traversalLength(expr: Expr): number {
  let length = 0;
  let cur = expr;
  while (cur.t === 'attr' || cur.t === 'index') {
    length++;
    cur = cur.target;
  }
  return cur.t === 'var' ? length : -1;
}

/** Step `i` of the traversal, first step first. */
function stepAt({ expr, length, steps }: Traversal, i: number): StepExpr {
  if (steps) return steps[i];
  let cur = expr as StepExpr;
  for (let k = length - 1; k > i; k--) cur = cur.target as StepExpr;
  return cur;
}

function stepsOf(expr: Expr, length: number): StepExpr[] {
  const steps = new Array<StepExpr>(length);
  let cur = expr as StepExpr;
  for (let k = length - 1; k >= 0; k--, cur = cur.target as StepExpr) steps[k] = cur;
  return steps;
}

function traversalRoot(t: Traversal): Expr & { t: 'var' } {
  return (t.length > 0 ? stepAt(t, 0).target : t.expr) as Expr & { t: 'var' };
}

/**
 * Follows the steps from `from` on: the value at the end, relocated to the reference; an unknown met on
 * the way, restated for the reference. The source text is sliced only for an unknown or an error.
 */
function followSteps(
  base: Value,
  t: Traversal,
  from: number,
  ctx: EvalContext,
  range: SourceRange,
  depth: number,
  bare: boolean,
): Value {
  const expr = t.expr;
  let cur = base;
  for (let i = from; i < t.length; i++) {
    const step = stepAt(t, i);
    if (step.t === 'attr') {
      const found = cur.kind === 'object' ? entryValue(cur, step.name) : undefined;
      cur = found ?? getAttribute(cur, step.name, range, sourceOf(ctx.file, expr));
    } else {
      const key = evaluate(step.key, ctx, depth + 1, true);
      const found = indexedValue(cur, key);
      cur = found ?? getIndex(cur, key, range, sourceOf(ctx.file, expr));
    }
    if (cur.kind === 'unknown') return propagate(cur, sourceOf(ctx.file, expr), range);
  }
  return bare && mayStayBare(cur) ? cur : relocate(cur, range);
}

/** What a bare reading (see evaluate) may take where it was written: nothing that has a range to report. */
function mayStayBare(value: Value): boolean {
  return value.kind === 'unknown' || (value.kind === 'scalar' && value.value !== null);
}

function entryValue(value: Value & { kind: 'object' }, name: string): Value | undefined {
  // Read once: a relocated object's entries are a getter (see relocate).
  const entries = value.entries;
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === name) return entries[i].value;
  return undefined;
}

/** What getIndex finds in the common cases (a whole-number index into a list, a string key), else undefined. */
function indexedValue(value: Value, key: Value): Value | undefined {
  if (key.kind !== 'scalar') return undefined;
  if (value.kind === 'list' && typeof key.value === 'number' && Number.isInteger(key.value))
    return value.items[key.value];
  if (value.kind === 'object' && typeof key.value === 'string') return entryValue(value, key.value);
  return undefined;
}

function evaluateTraversal(
  expr: Expr,
  ctx: EvalContext,
  range: SourceRange,
  depth: number,
  bare: boolean,
): Value {
  const length = traversalLength(expr);
  if (length < 0) {
    // A step applied to a computed value: (expr).name or f(x)[0].
    const source = sourceOf(ctx.file, expr);
    const target = (expr as { target: Expr }).target;
    const base = evaluate(target, ctx, depth + 1);
    if (expr.t === 'attr') return relocate(getAttribute(base, expr.name, range, source), range);
    if (expr.t === 'index')
      return relocate(getIndex(base, evaluate(expr.key, ctx, depth + 1), range, source), range);
    return evaluationError('unsupported expression', sourceOf(ctx.file, expr), range);
  }
  const t: Traversal = { expr, length, steps: length > SHORT_TRAVERSAL ? stepsOf(expr, length) : undefined };
  const root = traversalRoot(t);
  const bound = lookupBinding(ctx.bindings, root.name);
  if (bound) return followSteps(bound, t, 0, ctx, range, depth, bare);
  const step0 = length > 0 ? stepAt(t, 0) : undefined;
  const step1 = length > 1 ? stepAt(t, 1) : undefined;
  const first = step0?.t === 'attr' ? step0.name : undefined;
  const env = ctx.env;
  switch (root.name) {
    case 'var': {
      if (!first)
        return evaluationError('var must be followed by a variable name', sourceOf(ctx.file, expr), range);
      const value = env.variable(first, ctx.references);
      if (!value)
        return evaluationError(`variable "${first}" is not declared`, sourceOf(ctx.file, expr), range);
      return followSteps(value, t, 1, ctx, range, depth, bare);
    }
    case 'local': {
      if (!first) return evaluationError('local must be followed by a name', sourceOf(ctx.file, expr), range);
      const value = env.local(first, ctx.references);
      if (!value)
        return evaluationError(`local value "${first}" is not declared`, sourceOf(ctx.file, expr), range);
      return followSteps(value, t, 1, ctx, range, depth, bare);
    }
    case 'module': {
      if (!first)
        return evaluationError('module must be followed by a module name', sourceOf(ctx.file, expr), range);
      const next = step1?.t === 'attr' ? step1.name : undefined;
      const direct = next !== undefined ? env.module(first, next, ctx.references) : undefined;
      if (direct) return followSteps(direct, t, 2, ctx, range, depth, bare);
      const value = env.module(first, undefined, ctx.references);
      if (!value)
        return evaluationError(`module "${first}" is not declared`, sourceOf(ctx.file, expr), range);
      return followSteps(value, t, 1, ctx, range, depth, bare);
    }
    case 'path': {
      const dirs: Record<string, string> = { module: env.moduleDir, root: env.rootDir, cwd: '.' };
      const dir = first !== undefined && Object.hasOwn(dirs, first) ? dirs[first] : undefined;
      if (dir === undefined)
        return evaluationError(`path.${first ?? ''} is not a known path`, sourceOf(ctx.file, expr), range);
      return followSteps(scalar(dir, range), t, 1, ctx, range, depth, bare);
    }
    case 'terraform':
      return unknown(
        'terraform.workspace depends on the workspace selected when Terraform runs',
        sourceOf(ctx.file, expr),
        range,
      );
    case 'data': {
      const address = step1 ? `data.${first}.${(step1 as { name?: string }).name ?? ''}` : 'data';
      return unknown(
        `${address} is read from the provider when Terraform plans`,
        sourceOf(ctx.file, expr),
        range,
      );
    }
    case 'self':
      return unknown(
        'self refers to the resource being created, known only after apply',
        sourceOf(ctx.file, expr),
        range,
      );
    case 'count':
    case 'each':
      return evaluationError(
        `${root.name} can only be used in a block that sets ${root.name === 'each' ? 'for_each' : 'count'}`,
        sourceOf(ctx.file, expr),
        range,
      );
  }
  if (first === undefined)
    return evaluationError(`"${root.name}" is not a known name here`, sourceOf(ctx.file, expr), range);
  // A resource reference: `type.name` (optionally indexed) is a graph edge; its attributes exist only after apply.
  const source = sourceOf(ctx.file, expr);
  const indexKey = step1?.t === 'index' ? evaluate(step1.key, ctx, depth + 1, true) : undefined;
  let address = `${env.addressPrefix}${root.name}.${first}`;
  if (indexKey?.kind === 'scalar' && indexKey.value !== null) {
    address +=
      typeof indexKey.value === 'number'
        ? `[${indexKey.value}]`
        : `[${JSON.stringify(String(indexKey.value))}]`;
  }
  ctx.references?.add(address);
  // `type.name` and the steps after it, as written: the source itself, unless blanks or comments stand
  // between the names (`type . name`).
  const at = root.name.length + first.length + 1;
  const asWritten =
    source.startsWith(root.name) &&
    source.charCodeAt(root.name.length) === 46 &&
    source.startsWith(first, root.name.length + 1);
  const what =
    asWritten && (length > 1 || source.length === at)
      ? source
      : `${root.name}.${first}${length > 1 ? source.slice(at) : ''}`;
  // Every resource has a non-empty id once applied (data sources too: they read an existing one).
  const id = length > 1 && source.length === at + 3 && source.startsWith('.id', at);
  return unknown(afterApply(what), source, range, true, id);
}

/**
 * The reason of each reference to a resource attribute (`azurerm_subnet.aks.id is known only after
 * apply`), one string for every reading: a module's references are read again for each root and
 * instance that calls it, and each time the reason was joined from its pieces and looked up.
 */
const afterApplyReasons = new Map<string, string>();

function afterApply(what: string): string {
  let reason = afterApplyReasons.get(what);
  if (reason === undefined) {
    // Bounded as the one-copy table is: past it, the table starts again.
    if (afterApplyReasons.size >= MAX_SHARED) afterApplyReasons.clear();
    reason = oneCopy(`${what} is known only after apply`);
    afterApplyReasons.set(what, reason);
  }
  return reason;
}

export { isEvaluationError };
