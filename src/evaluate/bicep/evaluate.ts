// From value.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import {
  KeyEntry,
  idEqualsEmpty,
  list,
  object,
  moved,
  relocated,
  scalar,
  packed,
  toPlain,
  unknown,
  firstUnknown,
  fromPlain,
} from '../../model/value';
import { sameRange } from '../../model/range';
import {
  type LineIndex,
  type ObjectEntry,
  type ObjectValue,
  type SourceRange,
  type Value,
  type UnknownValue,
} from '../../model';
import type {
  Span,
  ArrayExpr,
  Expr,
  Node,
  FuncStatement,
  ObjectExpr,
  ParamStatement,
  StringExpr,
  VarStatement,
} from '../../parsers/bicep';
import {
  CollectionBudget,
  MAX_EVALUATION_DEPTH,
  MAX_STRING_LENGTH,
  STRING_TOO_LONG,
  TOO_DEEP,
  TOO_MANY_STEPS,
  type StepBudget,
} from '../limits';
import {
  callTemplateFunction,
  notALambda,
  takeInvalid,
  type CallArguments,
  type Lambda,
} from '../template-functions/functions';
import { Unknown, sameKey, type Ev } from '../template-functions/values';
import { FunctionValues } from './function-values';

/** A symbol a template declares that expressions may name: a resource or a module. */
export interface DeclaredSymbol {
  kind: 'resource' | 'module';
  /** Graph address of the (first) instance, for Resource.references. */
  address: string;
  /** The `name` property when it is a plain known string. */
  name?: string;
  type?: string;
  apiVersion?: string;
  existing?: boolean;
  /** Evaluated module outputs, when the module was loaded. */
  outputs?: Map<string, Value>;
}

/** Everything an expression in one template (or parameter file) can see. */
export interface Environment {
  file: string;
  text: string;
  lines: LineIndex;
  params: Map<string, ParamStatement>;
  /** Values given for params from outside: a .bicepparam file or a module call. */
  paramValues: Map<string, Value>;
  /** What to say when a param has neither a given value nor a default. */
  missingParamReason: (name: string) => string;
  vars: Map<string, VarStatement>;
  funcs: Map<string, FuncStatement>;
  symbols: Map<string, DeclaredSymbol>;
  /** Every name imported from another file (types, functions, variables). */
  imports: Set<string>;
  /** Imported symbols by local name: the file (display path) and the name there. */
  importedSymbols: Map<string, { file: string; name: string }>;
  /** `import * as ns from 'file'`: namespace to file. */
  importedNamespaces: Map<string, string>;
  /** The environment of an imported file, when it can be read. */
  resolveImport?: (file: string) => Environment | undefined;
  cache: Map<string, Value>;
  /** Resources each cached variable's value refers to: every reader of the variable refers to them. */
  cachedReferences: Map<string, ReadonlySet<string>>;
  evaluating: Set<string>;
  /** Addresses of declared resources an expression touched, collected per resource body. */
  references: Set<string>;
  /** Reports an expression the Bicep compiler or Azure would reject, as an error at `range`. */
  invalid?: (range: SourceRange, message: string) => void;
  /** Evaluation steps left for this file. */
  steps?: StepBudget;
}

/** Loop variables and lambda parameters, innermost first. */
export type Locals = ReadonlyMap<string, Value> | undefined;

/**
 * A node's range, made on first use and shared by every value written there: a template is evaluated
 * once per parameter file and module call, and one node's range is asked for several times (a key and
 * its string, a member and its target).
 */
export function rangeOf(env: Environment, node: Node): SourceRange {
  const range = node.range;
  if (range !== undefined && range.file === env.file) return range;
  return (node.range = env.lines.range(env.file, node.start, node.end));
}

export function sourceOf(env: Environment, span: Span): string {
  const s = env.text.slice(span.start, span.end);
  return s.length > 200 ? s.slice(0, 197) + '...' : s;
}

export function evaluate(expr: Expr, env: Environment, locals?: Locals, depth = 0): Value {
  if (depth > MAX_EVALUATION_DEPTH) {
    readMoreThanLiterals = true;
    return unknown(TOO_DEEP, sourceOf(env, expr), rangeOf(env, expr));
  }
  if (env.steps?.take() === false) {
    readMoreThanLiterals = true;
    const range = rangeOf(env, expr);
    env.steps.refused(range);
    return unknown(TOO_MANY_STEPS, sourceOf(env, expr), range);
  }
  const kind = expr.kind;
  if (
    kind !== 'number' &&
    kind !== 'bool' &&
    kind !== 'null' &&
    kind !== 'object' &&
    kind !== 'array' &&
    (kind !== 'string' || expr.holes.length > 0)
  )
    readMoreThanLiterals = true;
  // The commonest expressions find their own range.
  if (expr.kind === 'string') return evaluateString(expr, env, locals, depth);
  if (expr.kind === 'identifier') return evaluateIdentifier(expr.name, expr, env, locals, depth);
  const range = rangeOf(env, expr);
  const deeper = depth + 1;
  switch (expr.kind) {
    case 'number':
      return scalar(expr.value, range);
    case 'bool':
      return scalar(expr.value, range);
    case 'null':
      return scalar(null, range);
    case 'paren':
      return relocateTop(evaluate(expr.expr, env, locals, deeper), range);
    case 'nonNull':
      return evaluate(expr.expr, env, locals, deeper);
    case 'object':
      return evaluateWritten(expr, env, locals, depth, range);
    case 'array':
      return evaluateWritten(expr, env, locals, depth, range);
    case 'for': {
      const iterable = evaluate(expr.iterable, env, locals, deeper);
      const items = iterationItems(iterable);
      if (!items)
        return unknownFrom(
          iterable.kind === 'unknown' ? iterable : undefined,
          env,
          expr,
          'the loop collection is not known',
        );
      const out: Value[] = [];
      const size = new CollectionBudget();
      for (const [i, item] of items.entries()) {
        const scope = withLocals(locals, loopBindings(expr.item, expr.index, item, i, range));
        let body = expr.body;
        if (body.kind === 'if') {
          const test = evaluate(body.test, env, scope, deeper);
          if (test.kind === 'scalar' && test.value === false) continue;
          body = body.body;
        }
        const value = evaluate(body, env, scope, deeper);
        const tooLarge = size.add(value);
        if (tooLarge) return unknown(tooLarge, sourceOf(env, expr), range);
        out.push(value);
      }
      return size.made(list(out, range));
    }
    case 'if':
      return evaluate(expr.body, env, locals, deeper);
    case 'unary': {
      const v = evaluate(expr.operand, env, locals, deeper);
      if (v.kind === 'unknown') return unknownFrom(v, env, expr);
      if (v.kind !== 'scalar') return unknown(`'${expr.op}' needs a scalar`, sourceOf(env, expr), range);
      if (expr.op === '!') return scalar(!v.value, range);
      return typeof v.value === 'number'
        ? scalar(-v.value, range)
        : unknown("'-' needs a number", sourceOf(env, expr), range);
    }
    case 'binary':
      return evaluateBinary(expr.op, expr.left, expr.right, expr, env, locals, depth);
    case 'ternary': {
      const test = evaluate(expr.test, env, locals, deeper);
      if (test.kind === 'scalar' && typeof test.value === 'boolean') {
        return evaluate(test.value ? expr.consequent : expr.alternate, env, locals, deeper);
      }
      if (test.kind === 'unknown') {
        // Both branches agreeing makes the test irrelevant.
        const a = evaluate(expr.consequent, env, locals, deeper);
        const b = evaluate(expr.alternate, env, locals, deeper);
        const pa = toPlain(a);
        if (pa !== undefined && JSON.stringify(pa) === JSON.stringify(toPlain(b))) return a;
        return unknown(
          `the condition is not known: ${test.reason}`,
          sourceOf(env, expr),
          range,
          false,
          false,
          test.invalid,
        );
      }
      return unknown('the condition is not a boolean', sourceOf(env, expr), range);
    }
    case 'member':
      return evaluateMember(expr.object, expr.property, expr.safe, expr, env, locals, depth);
    case 'index': {
      const target = evaluate(expr.object, env, locals, deeper);
      const index = evaluate(expr.index, env, locals, deeper);
      if (target.kind === 'unknown') return unknownFrom(target, env, expr);
      if (index.kind === 'unknown') return unknownFrom(index, env, expr);
      if (index.kind !== 'scalar')
        return unknown('an index must be a string or a number', sourceOf(env, expr), range);
      if (target.kind === 'list' && typeof index.value === 'number') {
        const item = target.items[index.value];
        if (item) return relocateTop(item, range);
      } else if (target.kind === 'object' && typeof index.value === 'string') {
        const entry = findEntry(target, index.value);
        if (entry) return relocateTop(entry.value, range);
      } else if (target.kind === 'scalar' && target.value === null && expr.safe) return scalar(null, range);
      if (expr.safe) return scalar(null, range);
      return unknown(`index ${JSON.stringify(index.value)} is not in the value`, sourceOf(env, expr), range);
    }
    case 'childAccess': {
      const root = rootIdentifier(expr.object);
      const symbol = root && !locals?.has(root) ? env.symbols.get(root) : undefined;
      const child = symbol ? env.symbols.get(`${root}::${expr.name}`) : undefined;
      if (child) {
        env.references.add(child.address);
        return unknown(
          `${sourceOf(env, expr)} is a resource: its values are known only at deployment`,
          sourceOf(env, expr),
          range,
          true,
        );
      }
      return unknown(`unknown child resource '${expr.name}'`, sourceOf(env, expr), range);
    }
    case 'call':
      return evaluateCall(expr, env, locals, depth);
    case 'lambda':
      return unknown('a lambda is only evaluated as a function argument', sourceOf(env, expr), range);
    case 'error':
      return unknown('syntax error', sourceOf(env, expr), range);
  }
}

/** Whether the value being built read anything but literals (see ObjectExpr.literal). */
let readMoreThanLiterals = false;

/**
 * An object or array literal, shared when it holds literals alone (see ObjectExpr.literal): nearly half
 * of what the bench corpus's Bicep evaluates is inside such objects and arrays, most of it in modules
 * called from every root. Values are not changed once built, as with the ARM evaluator's shared
 * expression-free subtrees.
 */
function evaluateWritten(
  expr: ObjectExpr | ArrayExpr,
  env: Environment,
  locals: Locals,
  depth: number,
  range: SourceRange,
): Value {
  const known = expr.literal;
  // Used again only where building it again would give the same: no deeper, within the step budget.
  if (known && known.file === env.file && depth <= known.depth && (env.steps?.takeAll(known.steps) ?? true))
    return CollectionBudget.madeBefore(known.value, known.size);
  const outer = readMoreThanLiterals;
  readMoreThanLiterals = false;
  const stepsBefore = env.steps?.taken ?? 0;
  const value =
    expr.kind === 'object'
      ? evaluateObject(expr, env, locals, depth, range)
      : evaluateArray(expr, env, locals, depth, range);
  if (known === undefined) {
    const size = readMoreThanLiterals ? undefined : CollectionBudget.sizeMade(value);
    expr.literal =
      size === undefined
        ? null
        : { value, file: env.file, size, steps: (env.steps?.taken ?? 0) - stepsBefore, depth };
  }
  readMoreThanLiterals ||= outer;
  return value;
}

function evaluateArray(
  expr: ArrayExpr,
  env: Environment,
  locals: Locals,
  depth: number,
  range: SourceRange,
): Value {
  const deeper = depth + 1;
  const items: Value[] = [];
  // `[...a, ...a]` or `[a, a]` nested thirty times would be a billion items.
  const size = new CollectionBudget();
  for (const item of expr.items) {
    if (item.kind === 'spread') {
      const spread = evaluate(item.expr, env, locals, deeper);
      if (spread.kind === 'list') {
        for (const value of spread.items) {
          const tooLarge = size.add(value);
          if (tooLarge) return unknown(tooLarge, sourceOf(env, expr), range);
          items.push(value);
        }
      } else if (spread.kind === 'unknown') return unknownFrom(spread, env, expr);
      else return unknown('a spread in an array needs an array', sourceOf(env, item), rangeOf(env, item));
      continue;
    }
    const value = evaluate(item, env, locals, deeper);
    const tooLarge = size.add(value);
    if (tooLarge) return unknown(tooLarge, sourceOf(env, expr), range);
    items.push(value);
  }
  return size.made(list(packed(items), range));
}

function evaluateObject(
  expr: ObjectExpr,
  env: Environment,
  locals: Locals,
  depth: number,
  range: SourceRange,
): Value {
  const entries = new EntryList(expr.properties.length);
  const size = new CollectionBudget();
  const keysIn = env.lines.rangeSource(env.file);
  // Whether the object holds exactly the values the budget counted (no spread, no key written twice).
  let counted = true;
  for (const p of expr.properties) {
    if (p.kind === 'spread') {
      const spread = evaluate(p.expr, env, locals, depth + 1);
      counted = false;
      if (spread.kind === 'object') for (const e of spread.entries) entries.add(e);
      else if (spread.kind === 'unknown') return unknownFrom(spread, env, expr);
      else if (!(spread.kind === 'scalar' && spread.value === null))
        return unknown('a spread in an object needs an object', sourceOf(env, p), rangeOf(env, p));
      continue;
    }
    // Most keys are plain names: no value to build for them.
    let key: string;
    if (p.key.holes.length === 0) key = p.key.parts[0];
    else {
      readMoreThanLiterals = true;
      const evaluated = evaluateString(p.key, env, locals, depth);
      if (evaluated.kind !== 'scalar' || typeof evaluated.value !== 'string') {
        const cause = evaluated.kind === 'unknown' ? evaluated : undefined;
        return unknownFrom(cause, env, expr, 'an object key is not known');
      }
      key = evaluated.value;
    }
    const value = evaluate(p.value, env, locals, depth + 1);
    const tooLarge = size.add(value);
    if (tooLarge) return unknown(tooLarge, sourceOf(env, expr), range);
    // The key's range is made when read (see KeyEntry): nearly nothing reads it.
    if (entries.add(new KeyEntry(key, value, keysIn, p.key.start, p.key.end))) counted = false;
  }
  const value = object(entries.list(), range);
  return counted ? size.made(value) : value;
}

/**
 * An object's entries by lower-case key: a later key (or spread) replaces an earlier one and moves to
 * the end. Most objects have a few keys, found faster in an array than a map costs to build. The array
 * is made the size of the properties written, which most objects fill exactly: grown by push and packed
 * at the end, it was two arrays more per object, a fifth of what evaluating Bicep objects allocated.
 */
class EntryList {
  private readonly entries: ObjectEntry[];
  private count = 0;
  private byKey: Map<string, ObjectEntry> | undefined;

  constructor(private readonly expected: number) {
    this.entries = new Array<ObjectEntry>(expected);
  }

  /** Adds the entry; true when it replaced one. */
  add(entry: ObjectEntry): boolean {
    if (this.byKey) {
      const lower = entry.key.toLowerCase();
      const replaced = this.byKey.delete(lower);
      this.byKey.set(lower, entry);
      return replaced;
    }
    const entries = this.entries;
    const count = this.count;
    const at = this.indexOf(entry.key);
    if (at >= 0) {
      // Replaced: the later one moves to the end.
      for (let i = at; i < count - 1; i++) entries[i] = entries[i + 1];
      entries[count - 1] = entry;
      return true;
    }
    if (count >= MAX_LISTED_KEYS) {
      this.byKey = new Map();
      for (let i = 0; i < count; i++) this.byKey.set(entries[i].key.toLowerCase(), entries[i]);
      this.byKey.set(entry.key.toLowerCase(), entry);
      return false;
    }
    entries[this.count++] = entry;
    return false;
  }

  /** Where an entry of the same key, in any case, is. Lower-casing allocates: most keys differ in length. */
  private indexOf(key: string): number {
    const entries = this.entries;
    let lower: string | undefined;
    for (let i = 0; i < this.count; i++) {
      const k = entries[i].key;
      if (k.length !== key.length) continue;
      if (k === key || k.toLowerCase() === (lower ??= key.toLowerCase())) return i;
    }
    return -1;
  }

  list(): ObjectEntry[] {
    if (this.byKey) return [...this.byKey.values()];
    const entries = this.entries;
    // Grown past the properties written (a spread), it has room to spare: packed. Fewer (a key written
    // twice, a spread of nothing), it is cut to its length.
    if (this.count > this.expected) return packed(entries);
    if (this.count < entries.length) entries.length = this.count;
    return entries;
  }
}

const MAX_LISTED_KEYS = 32;

function evaluateString(expr: StringExpr, env: Environment, locals: Locals, depth: number): Value {
  const range = rangeOf(env, expr);
  if (expr.holes.length === 0) return scalar(expr.parts[0], range);
  let out = expr.parts[0];
  for (let i = 0; i < expr.holes.length; i++) {
    const v = evaluate(expr.holes[i], env, locals, depth + 1);
    const inside = firstUnknown(v);
    if (inside) return unknownFrom(inside, env, expr);
    const piece = stringify(toPlain(v));
    if (out.length + piece.length + expr.parts[i + 1].length > MAX_STRING_LENGTH)
      return unknown(STRING_TOO_LONG, sourceOf(env, expr), range);
    out += piece + expr.parts[i + 1];
  }
  return scalar(out, range);
}

/** How Bicep turns a value into text inside an interpolation (and `string()`): JSON for non-strings. */
export function stringify(plain: unknown): string {
  if (typeof plain === 'string') return plain;
  if (plain === null) return 'null';
  if (typeof plain === 'number' || typeof plain === 'boolean') return String(plain);
  return JSON.stringify(plain);
}

function evaluateIdentifier(
  name: string,
  expr: Expr,
  env: Environment,
  locals: Locals,
  depth: number,
): Value {
  const range = rangeOf(env, expr);
  const local = locals?.get(name);
  if (local) return relocateTop(local, range);
  // Every node at the reference's range: parameter values come from defaults or parameter files, and
  // findings about them belong where the template uses them (the same place in every environment).
  if (env.params.has(name)) return relocated(paramValue(name, env, depth), range);
  if (env.vars.has(name)) return relocateTop(varValue(name, env, depth), range);
  const symbol = env.symbols.get(name);
  if (symbol) {
    env.references.add(symbol.address);
    return unknown(`${name} is a ${symbol.kind}: its values are known only at deployment`, name, range, true);
  }
  const imported = importedVar(name, env);
  if (imported) return relocateTop(varValue(imported.name, imported.env, depth), range);
  if (env.imports.has(name))
    return unknown(`${name} is imported from a file akslint could not read`, name, range);
  return unknown(`'${name}' is not declared`, name, range);
}

/** An exported variable of an imported file, with that file's environment. */
function importedVar(name: string, env: Environment): { env: Environment; name: string } | undefined {
  const symbol = env.importedSymbols.get(name);
  const other = symbol && env.resolveImport?.(symbol.file);
  return other && other.vars.has(symbol.name) ? { env: other, name: symbol.name } : undefined;
}

function importedFunc(name: string, namespace: string | undefined, env: Environment) {
  if (namespace !== undefined) {
    const file = env.importedNamespaces.get(namespace);
    const other = file ? env.resolveImport?.(file) : undefined;
    const func = other?.funcs.get(name);
    return other && func ? { env: other, func } : undefined;
  }
  const symbol = env.importedSymbols.get(name);
  const other = symbol && env.resolveImport?.(symbol.file);
  const func = other?.funcs.get(symbol!.name);
  return other && func ? { env: other, func } : undefined;
}

export function paramValue(name: string, env: Environment, depth = 0): Value {
  const given = env.paramValues.get(name);
  if (given) return given;
  const key = `param:${name}`;
  const cached = env.cache.get(key);
  if (cached) return cached;
  const statement = env.params.get(name)!;
  const range = rangeOf(env, statement);
  let value: Value;
  if (env.evaluating.has(key)) value = unknown(`param ${name} refers to itself`, name, range);
  else if (statement.value) {
    env.evaluating.add(key);
    value = evaluate(statement.value, env, undefined, depth + 1);
    env.evaluating.delete(key);
  } else if (statement.type?.nullable) value = scalar(null, range);
  else value = unknown(env.missingParamReason(name), name, range);
  env.cache.set(key, value);
  return value;
}

function varValue(name: string, env: Environment, depth: number): Value {
  const key = `var:${name}`;
  const reader = env.references;
  const cached = env.cache.get(key);
  if (cached) {
    for (const address of env.cachedReferences.get(key) ?? []) reader.add(address);
    return cached;
  }
  const statement = env.vars.get(name)!;
  if (env.evaluating.has(key)) return unknown(`var ${name} refers to itself`, name, rangeOf(env, statement));
  env.evaluating.add(key);
  // A variable is evaluated once; the resources it refers to are kept with it for every reader.
  const collected = new Set<string>();
  env.references = collected;
  let value: Value;
  try {
    value = evaluate(statement.value, env, undefined, depth + 1);
  } finally {
    env.references = reader;
    env.evaluating.delete(key);
  }
  env.cache.set(key, value);
  env.cachedReferences.set(key, collected);
  for (const address of collected) reader.add(address);
  return value;
}

function evaluateMember(
  target: Expr,
  property: string,
  safe: boolean,
  expr: Expr,
  env: Environment,
  locals: Locals,
  depth: number,
): Value {
  const range = rangeOf(env, expr);
  // `shared.settings`: a variable of a file imported with `* as shared`.
  if (target.kind === 'identifier' && !locals?.has(target.name) && env.importedNamespaces.has(target.name)) {
    const other = env.resolveImport?.(env.importedNamespaces.get(target.name)!);
    if (other?.vars.has(property)) return relocateTop(varValue(property, other, depth), range);
    return unknown(
      `${property} is not a variable akslint could read from ${target.name}`,
      sourceOf(env, expr),
      range,
    );
  }
  // `aks.name`, `aks.id`, `mod.outputs.x`: the symbol, not a value.
  if (
    target.kind === 'identifier' &&
    !locals?.has(target.name) &&
    !env.params.has(target.name) &&
    !env.vars.has(target.name)
  ) {
    const symbol = env.symbols.get(target.name);
    if (symbol) {
      env.references.add(symbol.address);
      if (property === 'name' && symbol.name !== undefined) return scalar(symbol.name, range);
      if (property === 'type' && symbol.type) return scalar(symbol.type, range);
      if (property === 'apiVersion' && symbol.apiVersion) return scalar(symbol.apiVersion, range);
      const what = symbol.existing ? `an existing resource's ${property}` : `${target.name}.${property}`;
      // A resource's id always exists, declared or existing: only its text is unknown.
      const isResourceId = property === 'id' && symbol.kind !== 'module';
      return unknown(`${what} is known only at deployment`, sourceOf(env, expr), range, true, isResourceId);
    }
  }
  if (
    target.kind === 'member' &&
    target.property === 'outputs' &&
    target.object.kind === 'identifier' &&
    env.symbols.get(target.object.name)?.kind === 'module'
  ) {
    const symbol = env.symbols.get(target.object.name)!;
    env.references.add(symbol.address);
    const out = symbol.outputs?.get(property);
    if (out) return relocated(out, range);
    return unknown(
      `output ${property} of module ${target.object.name} is not known`,
      sourceOf(env, expr),
      range,
      true,
    );
  }
  const value = evaluate(target, env, locals, depth + 1);
  if (value.kind === 'unknown') return unknownFrom(value, env, expr);
  if (value.kind === 'object') {
    const entry = findEntry(value, property);
    if (entry) return relocateTop(entry.value, range);
    if (safe) return scalar(null, range);
    return unknown(`the object has no property '${property}'`, sourceOf(env, expr), range);
  }
  if (value.kind === 'scalar' && value.value === null && safe) return scalar(null, range);
  if (safe) return scalar(null, range);
  return unknown(`'${property}' is read from something that is not an object`, sourceOf(env, expr), range);
}

function evaluateBinary(
  op: string,
  leftExpr: Expr,
  rightExpr: Expr,
  expr: Expr,
  env: Environment,
  locals: Locals,
  depth: number,
): Value {
  const range = rangeOf(env, expr);
  const left = evaluate(leftExpr, env, locals, depth + 1);
  if (op === '??') {
    if (left.kind === 'scalar' && left.value === null) return evaluate(rightExpr, env, locals, depth + 1);
    if (left.kind === 'unknown') return unknownFrom(left, env, expr);
    return left;
  }
  // Short-circuits decide even when the other side is unknown.
  if (op === '&&' && left.kind === 'scalar' && left.value === false) return scalar(false, range);
  if (op === '||' && left.kind === 'scalar' && left.value === true) return scalar(true, range);
  const right = evaluate(rightExpr, env, locals, depth + 1);
  if (op === '&&' && right.kind === 'scalar' && right.value === false) return scalar(false, range);
  if (op === '||' && right.kind === 'scalar' && right.value === true) return scalar(true, range);
  if (op === '==' || op === '!=') {
    const equal = idEqualsEmpty(left, right);
    if (equal !== undefined) return scalar(op === '==' ? equal : !equal, range);
  }
  const unknownSide = left.kind === 'unknown' ? left : right.kind === 'unknown' ? right : undefined;
  if (unknownSide) return unknownFrom(unknownSide, env, expr);
  const a = toPlain(left);
  const b = toPlain(right);
  const fail = () => unknown(`'${op}' cannot combine these values`, sourceOf(env, expr), range);
  switch (op) {
    case '&&':
    case '||':
      return typeof a === 'boolean' && typeof b === 'boolean'
        ? scalar(op === '&&' ? a && b : a || b, range)
        : fail();
    case '==':
      return scalar(deepEqual(a, b, false), range);
    case '!=':
      return scalar(!deepEqual(a, b, false), range);
    case '=~':
      return scalar(deepEqual(a, b, true), range);
    case '!~':
      return scalar(!deepEqual(a, b, true), range);
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (!(
        (typeof a === 'number' && typeof b === 'number') ||
        (typeof a === 'string' && typeof b === 'string')
      ))
        return fail();
      const result = op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      return scalar(result, range);
    }
    default: {
      if (typeof a !== 'number' || typeof b !== 'number') return fail();
      if ((op === '/' || op === '%') && b === 0)
        return unknown('division by zero', sourceOf(env, expr), range);
      const result =
        op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? Math.trunc(a / b) : a % b;
      return scalar(result, range);
    }
  }
}

function evaluateCall(
  expr: Extract<Expr, { kind: 'call' }>,
  env: Environment,
  locals: Locals,
  depth: number,
): Value {
  const range = rangeOf(env, expr);
  const source = sourceOf(env, expr);
  const namespace =
    expr.receiver?.kind === 'identifier' && env.importedNamespaces.has(expr.receiver.name)
      ? expr.receiver.name
      : undefined;
  const imported = !expr.namespace ? importedFunc(expr.name, namespace, env) : undefined;
  if (imported) {
    const scope = new Map<string, Value>();
    imported.func.params.forEach((p, i) => {
      const arg = expr.args[i];
      scope.set(
        p,
        arg ? evaluate(arg, env, locals, depth + 1) : unknown(`missing argument ${p}`, source, range),
      );
    });
    return relocateTop(evaluate(imported.func.body, imported.env, scope, depth + 1), range);
  }
  if (expr.receiver) {
    // `storage.listKeys()`, `kv.getSecret('x')`: deployment-time reads of a resource.
    const root = rootIdentifier(expr.receiver);
    const symbol = root ? env.symbols.get(root) : undefined;
    if (symbol) env.references.add(symbol.address);
    return unknown(`${expr.name}() is known only at deployment`, source, range, true);
  }
  const func = !expr.namespace ? env.funcs.get(expr.name) : undefined;
  if (func) {
    const scope = new Map<string, Value>();
    func.params.forEach((p, i) => {
      const arg = expr.args[i];
      scope.set(
        p,
        arg ? evaluate(arg, env, locals, depth + 1) : unknown(`missing argument ${p}`, source, range),
      );
    });
    // A user function sees only its parameters (and the template's other functions).
    return relocateTop(evaluate(func.body, env, scope, depth + 1), range);
  }
  if (!expr.namespace && env.imports.has(expr.name)) {
    return unknown(`${expr.name}() is imported from a file akslint could not read`, source, range);
  }
  // Bicep compiles calls to the ARM template functions: the same table evaluates them.
  const values = new FunctionValues(range, source);
  const result = callTemplateFunction(
    expr.name,
    new CallExpressionArguments(expr, env, locals, depth + 1, values),
  );
  const rejected = takeInvalid(result);
  if (rejected !== undefined) env.invalid?.(range, rejected);
  return values.result(result);
}

/**
 * The arguments of a call to a template function, evaluated on demand, each once. A class rather than
 * closures: a template makes thousands of calls, and the closures and their contexts were most of what
 * a call allocated.
 */
class CallExpressionArguments implements CallArguments {
  private readonly evaluated: (Ev | undefined)[] = [];

  constructor(
    private readonly expr: Extract<Expr, { kind: 'call' }>,
    private readonly env: Environment,
    private readonly locals: Locals,
    /** The depth the arguments are evaluated at. */
    private readonly depth: number,
    private readonly values: FunctionValues,
  ) {}

  get length(): number {
    return this.expr.args.length;
  }

  value(i: number): Ev {
    let v = this.evaluated[i];
    if (v === undefined) {
      const arg = this.expr.args[i];
      v =
        arg.kind === 'lambda'
          ? new Unknown('a lambda is only evaluated as a function argument')
          : this.values.argument(evaluate(arg, this.env, this.locals, this.depth));
      this.evaluated[i] = v;
    }
    return v;
  }

  lambda(i: number): Lambda | Unknown {
    const arg = this.expr.args[i];
    if (arg.kind !== 'lambda') return notALambda(this.expr.name, i);
    const { env, locals, depth, values } = this;
    return (...given: Ev[]) => {
      const scope = new Map(locals ?? []);
      arg.params.forEach((p, j) =>
        scope.set(p, j < given.length ? values.parameter(given[j]) : scalar(null, values.range)),
      );
      return values.argument(evaluate(arg.body, env, scope, depth));
    };
  }
}

function rootIdentifier(expr: Expr): string | undefined {
  let e = expr;
  for (;;) {
    if (e.kind === 'identifier') return e.name;
    if (e.kind === 'member' || e.kind === 'index' || e.kind === 'childAccess') e = e.object;
    else if (e.kind === 'nonNull' || e.kind === 'paren') e = e.expr;
    else return undefined;
  }
}

export function iterationItems(value: Value): Value[] | undefined {
  if (value.kind === 'list') return value.items;
  if (value.kind === 'object') {
    // Bicep loops over an object through items(); a bare object is not a collection.
    return undefined;
  }
  return undefined;
}

export function loopBindings(
  item: string | undefined,
  index: string | undefined,
  value: Value,
  i: number,
  range: SourceRange,
): Map<string, Value> {
  const bindings = new Map<string, Value>();
  if (item) bindings.set(item, value);
  if (index) bindings.set(index, scalar(i, range));
  return bindings;
}

export function withLocals(outer: Locals, inner: Map<string, Value>): Map<string, Value> {
  if (!outer) return inner;
  const merged = new Map(outer);
  for (const [k, v] of inner) merged.set(k, v);
  return merged;
}

function findEntry(obj: ObjectValue, key: string): ObjectEntry | undefined {
  // Property access in Bicep is case-insensitive, like the ARM objects it produces.
  const entries = obj.entries;
  for (let i = entries.length - 1; i >= 0; i--) if (sameKey(entries[i].key, key)) return entries[i];
  return undefined;
}

function deepEqual(a: unknown, b: unknown, ignoreCase: boolean): boolean {
  if (ignoreCase && typeof a === 'string' && typeof b === 'string')
    return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An unknown result of an expression, keeping the reason of the unknown part inside it. */
export function unknownFrom(
  cause: UnknownValue | undefined,
  env: Environment,
  expr: Node,
  fallback = 'not known',
): UnknownValue {
  return unknown(
    cause?.reason ?? fallback,
    sourceOf(env, expr),
    rangeOf(env, expr),
    cause?.deferred,
    cause?.nonEmpty,
    cause?.invalid,
  );
}

/** The value as the referencing expression sees it: its outer range becomes the reference's. */
export function relocateTop(value: Value, range: SourceRange): Value {
  // Made by kind, not spread (V8's generic copy, at every reference). A copy that will have origins is
  // made with the member, which `moved` then sets: added afterwards, it would be a property store more.
  if (value.origins === undefined && sameRange(value.range, range)) {
    switch (value.kind) {
      case 'scalar':
        return scalar(value.value, range);
      case 'list':
        return list(value.items, range);
      case 'object':
        return object(value.entries, range);
      case 'unknown':
        return { ...value, range };
    }
  }
  const origins = value.origins;
  switch (value.kind) {
    case 'scalar':
      return moved({ kind: 'scalar', value: value.value, range, origins }, value);
    case 'list':
      return moved({ kind: 'list', items: value.items, range, origins }, value);
    case 'object':
      return moved({ kind: 'object', entries: value.entries, range, origins }, value);
    case 'unknown':
      return moved({ ...value, range }, value);
  }
}

export { firstUnknown, fromPlain };
