import type { Expr } from '../../parsers/arm/expression';
import type { SourceRange } from '../../model';
import {
  EvObject,
  Unknown,
  bounded,
  deepEquals,
  isUnknown,
  plainToEv,
  stringify,
  tooLarge,
  typeName,
  unknownInside,
  MAX_STRING_LENGTH,
  MAX_VALUE_SIZE,
  type Ev,
} from './values';
import { RESOURCE_ID_FUNCTIONS } from '../resource-id-functions';

/** One active `copy` loop: its name and the index of the instance being built. */
export interface CopyFrame {
  name: string;
  index: number | Unknown;
}

/** What expressions can see of the template they are in. */
export interface EvalEnv {
  /** A parameter's value; undefined when the template declares no such parameter. */
  parameter(name: string): Ev | undefined;
  /** A variable's value; undefined when the template declares no such variable. */
  variable(name: string): Ev | undefined;
  /** The resources a variable's value refers to (known once the variable was read). */
  variableReferences(name: string): ReadonlySet<string> | undefined;
  /** A user-defined function (`namespace.name`, lower-cased) applied to values; undefined when not declared. */
  callUserFunction?(name: string, args: readonly Ev[]): Ev | undefined;
  /** Address of the template resource that resourceId()/reference() with these arguments names. */
  resolveResource(functionName: string, args: readonly Ev[]): string | undefined;
  /** Collects the addresses the resource being evaluated refers to. */
  references?: Set<string>;
  /**
   * Where a parameter's or variable's value was given outside the template (a parameters file),
   * known once it was read.
   */
  originsOf?(kind: 'parameter' | 'variable', name: string): readonly SourceRange[] | undefined;
  /**
   * Azure would reject the expression at `offset` (an Expr's `start`, in the JSON string's text):
   * the loader reports it as an error.
   */
  invalid?(offset: number, message: string): void;
}

export interface EvalScope {
  env: EvalEnv;
  /** Active copy loops, innermost last. */
  copies: readonly CopyFrame[];
  /** Parameters of the lambdas being applied, read with lambdaVariables(). */
  lambdas?: ReadonlyMap<string, Ev>;
}

/** Functions whose value exists only while deploying: the scan cannot know it. */
const DEPLOYMENT_TIME = new Set(
  [
    'resourceGroup',
    'subscription',
    'tenant',
    'managementGroup',
    'deployment',
    'deployer',
    'environment',
    'reference',
    'resourceId',
    'subscriptionResourceId',
    'tenantResourceId',
    'managementGroupResourceId',
    'extensionResourceId',
    'resourceInfo',
    'uniqueString',
    'guid',
    'newGuid',
    'utcNow',
    'dateTimeAdd',
    'providers',
    'pickZones',
    'listKeys',
    'listSecrets',
    'listAccountSas',
    'listServiceSas',
    'listCredentials',
    'listAdminCredentials',
    'listClusterAdminCredential',
    'listClusterUserCredential',
    'listConnectionStrings',
    'getSecret',
  ].map((n) => n.toLowerCase()),
);

/** Invalid expressions not yet reported: the innermost call that produced one reports it. */
const unreported = new WeakSet<Unknown>();

/** An unknown for what Azure itself would reject; the call that returns it reports it once. */
function invalid(message: string): Unknown {
  const u = new Unknown(message, false, false, true);
  unreported.add(u);
  return u;
}

export function evaluate(expr: Expr, scope: EvalScope): Ev {
  switch (expr.kind) {
    case 'string':
    case 'number':
      return expr.value;
    case 'property':
      return access(evaluate(expr.target, scope), expr.name);
    case 'index': {
      const target = evaluate(expr.target, scope);
      const index = evaluate(expr.index, scope);
      if (isUnknown(index)) return index;
      return access(target, index);
    }
    case 'call':
      return call(expr, scope);
  }
}

function access(target: Ev, key: Ev): Ev {
  if (isUnknown(target)) return target;
  if (Array.isArray(target)) {
    if (typeof key !== 'number' || !Number.isInteger(key))
      return new Unknown(`an array is indexed with ${typeName(key)} ${String(stringify(key))}`);
    if (key < 0 || key >= target.length)
      return new Unknown(`index ${key} is outside the array of length ${target.length}`);
    return target[key];
  }
  if (target instanceof EvObject) {
    if (typeof key !== 'string') return new Unknown(`an object is indexed with ${typeName(key)}`);
    const found = target.get(key);
    return found === undefined ? new Unknown(`the object has no property '${key}'`) : found;
  }
  return new Unknown(`property '${String(key)}' is read from ${typeName(target)}`);
}

type Fn = (args: Ev[], name: string) => Ev;

function call(expr: Extract<Expr, { kind: 'call' }>, scope: EvalScope): Ev {
  const result = callFunction(expr, scope);
  if (result instanceof Unknown && unreported.delete(result)) scope.env.invalid?.(expr.start, result.reason);
  return result;
}

function callFunction(expr: Extract<Expr, { kind: 'call' }>, scope: EvalScope): Ev {
  const name = expr.name.toLowerCase();
  const display = expr.name;
  // Functions that do not evaluate every argument: an unknown in a branch not taken does not matter.
  switch (name) {
    case 'if': {
      if (expr.args.length !== 3) return arity(display, '3', expr.args.length);
      const cond = evaluate(expr.args[0], scope);
      if (isUnknown(cond)) return cond;
      if (typeof cond !== 'boolean') return new Unknown(`if() needs a bool condition, got ${typeName(cond)}`);
      return evaluate(expr.args[cond ? 1 : 2], scope);
    }
    case 'and':
    case 'or': {
      let firstUnknown: Unknown | undefined;
      for (const arg of expr.args) {
        const v = evaluate(arg, scope);
        if (isUnknown(v)) {
          firstUnknown ??= v;
          continue;
        }
        if (typeof v !== 'boolean')
          return new Unknown(`${display}() needs bool arguments, got ${typeName(v)}`);
        if (v === (name === 'or')) return v;
      }
      return firstUnknown ?? name === 'and';
    }
    case 'coalesce': {
      for (const arg of expr.args) {
        const v = evaluate(arg, scope);
        if (isUnknown(v)) return v;
        if (v !== null) return v;
      }
      return null;
    }
    case 'parameters':
    case 'variables': {
      const arg = expr.args.length === 1 ? evaluate(expr.args[0], scope) : undefined;
      if (arg === undefined) return arity(display, '1', expr.args.length);
      if (isUnknown(arg)) return arg;
      if (typeof arg !== 'string') return new Unknown(`${display}() needs a name, got ${typeName(arg)}`);
      const v = name === 'parameters' ? scope.env.parameter(arg) : scope.env.variable(arg);
      const what = name === 'parameters' ? 'parameter' : 'variable';
      return v === undefined ? invalid(`${what} '${arg}' is not declared in the template`) : v;
    }
    case 'copyindex':
      return copyIndex(
        expr.args.map((a) => evaluate(a, scope)),
        scope,
      );
    case 'lambdavariables': {
      const arg = expr.args.length === 1 ? evaluate(expr.args[0], scope) : undefined;
      if (arg === undefined) return arity(display, '1', expr.args.length);
      if (typeof arg !== 'string') return new Unknown(`${display}() needs a name`);
      return scope.lambdas?.get(arg) ?? new Unknown(`lambdaVariables('${arg}') is used outside its lambda`);
    }
    case 'lambda':
      return new Unknown('lambda() is only evaluated as the argument of filter, map, reduce and the like');
  }
  // Own keys only: `constructor()` is a function name the user wrote, not Object's constructor.
  const higherOrder = Object.hasOwn(HIGHER_ORDER, name) ? HIGHER_ORDER[name] : undefined;
  if (higherOrder) return applyHigherOrder(higherOrder, expr, scope, display);
  const args = expr.args.map((a) => evaluate(a, scope));
  if (DEPLOYMENT_TIME.has(name) || name.startsWith('list')) {
    if (name === 'resourceid' || name === 'reference' || name === 'extensionresourceid') {
      const address = scope.env.resolveResource(name, args);
      if (address) scope.env.references?.add(address);
    }
    return new Unknown(`${display}() is known only at deployment`, true, RESOURCE_ID_FUNCTIONS.has(name));
  }
  if (name.includes('.'))
    return (
      scope.env.callUserFunction?.(name, args) ??
      invalid(`user-defined function ${display}() is not declared in the template`)
    );
  const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!fn) return new Unknown(`${display}() is not evaluated by akslint`);
  return bounded(fn(args, display));
}

/** A lambda(...) argument, applied to values: its body evaluated with its parameters bound. */
type Lambda = (...values: Ev[]) => Ev;

/**
 * ARM's lambda functions: how many leading arguments are values, then how many lambdas follow (the
 * last of which may be left out), and what they compute.
 */
interface HigherOrder {
  values: number;
  lambdas: number;
  optionalLast?: boolean;
  apply: (values: Ev[], lambdas: Lambda[], name: string) => Ev;
}

const HIGHER_ORDER: Record<string, HigherOrder> = {
  filter: {
    values: 1,
    lambdas: 1,
    apply: ([input], [keep], name) =>
      eachItem(input, name, (items) => {
        const out: Ev[] = [];
        for (const [i, item] of items.entries()) {
          const verdict = keep(item, i);
          if (isUnknown(verdict)) return verdict;
          if (verdict === true) out.push(item);
        }
        return out;
      }),
  },
  map: {
    values: 1,
    lambdas: 1,
    apply: ([input], [f], name) =>
      eachItem(input, name, (items) => {
        const out = items.map((item, i) => f(item, i));
        return out.find(isUnknown) ?? out;
      }),
  },
  reduce: {
    values: 2,
    lambdas: 1,
    apply: ([input, initial], [f], name) =>
      eachItem(input, name, (items) => {
        let acc = initial;
        for (const [i, item] of items.entries()) {
          acc = f(acc, item, i);
          if (isUnknown(acc)) return acc;
        }
        return acc;
      }),
  },
  sort: {
    values: 1,
    lambdas: 1,
    apply: ([input], [before], name) =>
      eachItem(input, name, (items) => {
        let unknown: Unknown | undefined;
        const order = (a: Ev, b: Ev): number => {
          const v = before(a, b);
          if (isUnknown(v)) unknown ??= v;
          return v === true ? -1 : 1;
        };
        const sorted = [...items].sort(order);
        return unknown ?? sorted;
      }),
  },
  toobject: {
    values: 1,
    lambdas: 2,
    optionalLast: true,
    apply: ([input], [keyOf, valueOf], name) =>
      keyedItems(input, keyOf, name, (entries: Map<string, Ev>, key, item) => {
        const value = valueOf ? valueOf(item) : item;
        if (isUnknown(value)) return value;
        entries.set(key, value);
      }),
  },
  mapvalues: {
    values: 1,
    lambdas: 1,
    apply: ([input], [f], name) => {
      if (isUnknown(input)) return input;
      if (!(input instanceof EvObject))
        return new Unknown(`${name}() needs an object, got ${typeName(input)}`);
      const entries = new Map<string, Ev>();
      for (const [key, value] of input.entries) {
        const mapped = f(value);
        if (isUnknown(mapped)) return mapped;
        entries.set(key, mapped);
      }
      return new EvObject(entries);
    },
  },
  groupby: {
    values: 1,
    lambdas: 1,
    apply: ([input], [keyOf], name) =>
      keyedItems(input, keyOf, name, (groups: Map<string, Ev>, key, item) => {
        const group = groups.get(key) as Ev[] | undefined;
        if (group) group.push(item);
        else groups.set(key, [item]);
      }),
  },
};

/** An object built from an array's items by the key a lambda gives each (toObject, groupBy). */
function keyedItems(
  input: Ev,
  keyOf: Lambda,
  name: string,
  add: (entries: Map<string, Ev>, key: string, item: Ev) => Unknown | void,
): Ev {
  return eachItem(input, name, (items) => {
    const entries = new Map<string, Ev>();
    for (const item of items) {
      const key = keyOf(item);
      if (isUnknown(key)) return key;
      if (typeof key !== 'string') return new Unknown(`${name}() needs string keys, got ${typeName(key)}`);
      const problem = add(entries, key, item);
      if (problem) return problem;
    }
    return new EvObject(entries);
  });
}

function eachItem(input: Ev, name: string, body: (items: Ev[]) => Ev): Ev {
  if (isUnknown(input)) return input;
  if (!Array.isArray(input)) return new Unknown(`${name}() needs an array, got ${typeName(input)}`);
  return body(input);
}

function applyHigherOrder(
  spec: HigherOrder,
  expr: Extract<Expr, { kind: 'call' }>,
  scope: EvalScope,
  display: string,
): Ev {
  const given = expr.args.length - spec.values;
  if (given !== spec.lambdas && !(spec.optionalLast && given === spec.lambdas - 1))
    return arity(
      display,
      spec.optionalLast
        ? `${spec.values + spec.lambdas - 1} or ${spec.values + spec.lambdas}`
        : String(spec.values + spec.lambdas),
      expr.args.length,
    );
  const values = expr.args.slice(0, spec.values).map((a) => evaluate(a, scope));
  const lambdas: Lambda[] = [];
  for (const arg of expr.args.slice(spec.values)) {
    const lambda = lambdaOf(arg, scope);
    if (lambda instanceof Unknown) return lambda;
    lambdas.push(lambda);
  }
  return spec.apply(values, lambdas, display);
}

/** `lambda('a', 'b', body)`: parameter names, then the body. */
function lambdaOf(arg: Expr, scope: EvalScope): Lambda | Unknown {
  if (arg.kind !== 'call' || arg.name.toLowerCase() !== 'lambda' || arg.args.length < 2)
    return new Unknown('a lambda function needs lambda(...) as its argument');
  const names: string[] = [];
  for (const p of arg.args.slice(0, -1)) {
    if (p.kind !== 'string') return new Unknown('lambda() parameter names must be string literals');
    names.push(p.value);
  }
  const body = arg.args[arg.args.length - 1];
  return (...values: Ev[]) => {
    const lambdas = new Map(scope.lambdas ?? []);
    names.forEach((n, i) => {
      if (i < values.length) lambdas.set(n, values[i]);
    });
    return evaluate(body, { ...scope, lambdas });
  };
}

function copyIndex(args: Ev[], scope: EvalScope): Ev {
  let loopName: string | undefined;
  let offset = 0;
  for (const a of args) {
    if (isUnknown(a)) return a;
    if (typeof a === 'string') loopName = a;
    else if (typeof a === 'number') offset = a;
    else return new Unknown(`copyIndex() takes a loop name and an offset, got ${typeName(a)}`);
  }
  const frames = scope.copies;
  const frame =
    loopName === undefined
      ? frames[frames.length - 1]
      : [...frames].reverse().find((f) => f.name.toLowerCase() === loopName!.toLowerCase());
  if (!frame)
    return new Unknown(
      loopName === undefined
        ? 'copyIndex() is used outside a copy loop'
        : `copyIndex('${loopName}') names no enclosing copy loop`,
    );
  return isUnknown(frame.index) ? frame.index : frame.index + offset;
}

function arity(name: string, expected: string, given: number): Unknown {
  return invalid(`${name}() takes ${expected} argument${expected === '1' ? '' : 's'}: ${given} given`);
}

/** The first unknown among arguments (anywhere inside them when deep). */
function firstUnknown(args: readonly Ev[], deep: boolean): Unknown | undefined {
  for (const a of args) {
    const u = deep ? unknownInside(a) : isUnknown(a) ? a : undefined;
    if (u) return u;
  }
  return undefined;
}

type Check = (args: Ev[], name: string) => Ev;

/**
 * Wrap a function: argument count, unknown arguments, then the body. `deep` refuses an unknown anywhere
 * inside an argument, `false` only an argument that is itself unknown, `'keep'` lets unknowns through
 * (createArray and createObject just hold them).
 */
function fn(min: number, max: number, deep: boolean | 'keep', body: Check): Fn {
  return (args, name) => {
    if (args.length < min || args.length > max)
      return arity(
        name,
        min === max ? String(min) : max === Infinity ? `at least ${min}` : `${min} to ${max}`,
        args.length,
      );
    return (deep === 'keep' ? undefined : firstUnknown(args, deep)) ?? body(args, name);
  };
}

const wrongType = (name: string, args: readonly Ev[]): Unknown =>
  new Unknown(`${name}() cannot take ${args.map(typeName).join(', ')}`);

const str = (name: string, f: (s: string, args: Ev[]) => Ev) =>
  fn(1, 1, false, (args) => (typeof args[0] === 'string' ? f(args[0], args) : wrongType(name, args)));

function compare(args: Ev[], name: string, test: (c: number) => boolean): Ev {
  const [a, b] = args;
  if (typeof a === 'number' && typeof b === 'number') return test(a - b);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return wrongType(name, args);
}

function toInt(v: Ev, name: string): Ev {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  return new Unknown(`${name}() cannot convert ${typeName(v)} '${String(stringify(v))}' to an int`);
}

function format(args: Ev[], name: string): Ev {
  const [template, ...rest] = args;
  if (typeof template !== 'string') return wrongType(name, args);
  let failed: Unknown | undefined;
  const out = template.replace(/\{(\d+)(?::[^}]*)?\}|\{\{|\}\}/g, (m, index: string | undefined) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    const value = rest[Number(index)];
    if (value === undefined) {
      failed ??= new Unknown(`format() has no argument {${index}}`);
      return '';
    }
    const s = stringify(value);
    if (isUnknown(s)) {
      failed ??= s;
      return '';
    }
    return s;
  });
  return failed ?? out;
}

function concat(args: Ev[], name: string): Ev {
  if (args.length === 0) return arity(name, 'at least 1', 0);
  if (args.every((a) => Array.isArray(a) || a === null))
    return args.flatMap((a) => (a === null ? [] : (a as Ev[])));
  const parts: string[] = [];
  let length = 0;
  for (const a of args) {
    if (Array.isArray(a) || a instanceof EvObject) return wrongType(name, args);
    const s = stringify(a);
    if (isUnknown(s)) return s;
    length += s.length;
    if (length > MAX_STRING_LENGTH) return tooLarge();
    parts.push(s);
  }
  return parts.join('');
}

function union(args: Ev[], name: string): Ev {
  if (args.every((a) => Array.isArray(a))) {
    const out: Ev[] = [];
    for (const arr of args as Ev[][]) {
      for (const item of arr) if (!out.some((o) => deepEquals(o, item) === true)) out.push(item);
    }
    return out;
  }
  if (args.every((a) => a instanceof EvObject)) {
    const out = new EvObject();
    for (const obj of args as EvObject[]) {
      for (const [k, v] of obj.entries) {
        const prev = out.get(k);
        // Nested objects are merged deeply, as union() does for objects.
        out.set(
          k,
          prev instanceof EvObject && v instanceof EvObject ? (union([prev, v], name) as EvObject) : v,
        );
      }
    }
    return out;
  }
  return wrongType(name, args);
}

function intersection(args: Ev[], name: string): Ev {
  if (args.every((a) => Array.isArray(a))) {
    const [first, ...rest] = args as Ev[][];
    return first.filter((item, i) => {
      if (first.findIndex((o) => deepEquals(o, item) === true) !== i) return false;
      return rest.every((arr) => arr.some((o) => deepEquals(o, item) === true));
    });
  }
  if (args.every((a) => a instanceof EvObject)) {
    const [first, ...rest] = args as EvObject[];
    const out = new EvObject();
    for (const [k, v] of first.entries) {
      if (
        rest.every((o) => {
          const other = o.get(k);
          return other !== undefined && deepEquals(other, v) === true;
        })
      )
        out.set(k, v);
    }
    return out;
  }
  return wrongType(name, args);
}

function contains(args: Ev[], name: string): Ev {
  const [container, item] = args;
  if (typeof container === 'string') {
    const s = stringify(item);
    return isUnknown(s) ? s : container.toLowerCase().includes(s.toLowerCase());
  }
  if (Array.isArray(container)) {
    let sawUnknown: Unknown | undefined;
    for (const c of container) {
      const eq = deepEquals(c, item);
      if (eq === true) return true;
      if (isUnknown(eq)) sawUnknown ??= eq;
    }
    return sawUnknown ?? false;
  }
  if (container instanceof EvObject) {
    if (typeof item !== 'string') return wrongType(name, args);
    return container.has(item);
  }
  return wrongType(name, args);
}

function json(args: Ev[], name: string): Ev {
  const [text] = args;
  if (typeof text !== 'string') return wrongType(name, args);
  try {
    return plainToEv(JSON.parse(text));
  } catch {
    return new Unknown(`json() cannot parse '${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`);
  }
}

function emptyOf(v: Ev): Ev {
  if (v === null) return true;
  if (typeof v === 'string' || Array.isArray(v)) return v.length === 0;
  if (v instanceof EvObject) return v.entries.size === 0;
  return new Unknown(`empty() cannot take ${typeName(v)}`);
}

function lengthOf(v: Ev): Ev {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v instanceof EvObject) return v.entries.size;
  return new Unknown(`length() cannot take ${typeName(v)}`);
}

function arith(op: (a: number, b: number) => number | undefined): Fn {
  return fn(2, 2, false, (args, name) => {
    const [a, b] = args;
    if (typeof a !== 'number' || typeof b !== 'number') return wrongType(name, args);
    const r = op(a, b);
    return r === undefined ? new Unknown(`${name}() divides by zero`) : r;
  });
}

function indexOfFn(last: boolean): Fn {
  return fn(2, 2, false, (args, name) => {
    const [a, b] = args;
    if (typeof a === 'string' && typeof b === 'string')
      return last ? a.toLowerCase().lastIndexOf(b.toLowerCase()) : a.toLowerCase().indexOf(b.toLowerCase());
    if (Array.isArray(a)) {
      const found = a.map((x) => deepEquals(x, b) === true);
      return last ? found.lastIndexOf(true) : found.indexOf(true);
    }
    return wrongType(name, args);
  });
}

function takeSkip(take: boolean): Fn {
  return fn(2, 2, false, (args, name) => {
    const [a, n] = args;
    if (typeof n !== 'number' || !(typeof a === 'string' || Array.isArray(a))) return wrongType(name, args);
    const count = Math.max(0, n);
    return take ? a.slice(0, count) : a.slice(count);
  });
}

const FUNCTIONS: Record<string, Fn> = {
  true: fn(0, 0, false, () => true),
  false: fn(0, 0, false, () => false),
  null: fn(0, 0, false, () => null),
  equals: fn(2, 2, 'keep', (args) => {
    const [a, b] = args;
    const [id, other] = isUnknown(a) ? [a, b] : [b, a];
    if (isUnknown(id) && id.nonEmpty && (other === '' || other === null)) return false;
    return firstUnknown(args, false) ?? deepEquals(a, b);
  }),
  not: fn(1, 1, false, (args, name) => (typeof args[0] === 'boolean' ? !args[0] : wrongType(name, args))),
  bool: fn(1, 1, false, (args, name) => {
    const [v] = args;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    return new Unknown(`${name}() cannot convert ${typeName(v)} '${String(stringify(v))}' to a bool`);
  }),
  int: fn(1, 1, false, (args, name) => toInt(args[0], name)),
  string: fn(1, 1, true, (args) => stringify(args[0])),
  concat: fn(1, Infinity, false, concat),
  format: fn(1, Infinity, false, format),
  tolower: str('toLower', (s) => s.toLowerCase()),
  toupper: str('toUpper', (s) => s.toUpperCase()),
  trim: str('trim', (s) => s.trim()),
  // A resource id is never empty, nor equal to '' or null, even before it is known.
  empty: fn(1, 1, 'keep', (args) => {
    const [v] = args;
    if (isUnknown(v)) return v.nonEmpty ? false : v;
    return emptyOf(v);
  }),
  contains: fn(2, 2, false, contains),
  union: fn(1, Infinity, false, union),
  intersection: fn(1, Infinity, false, intersection),
  createobject: fn(0, Infinity, 'keep', (args, name) => {
    if (args.length % 2 !== 0)
      return invalid(`${name}() takes key and value pairs: ${args.length} arguments given`);
    const out = new EvObject();
    for (let i = 0; i < args.length; i += 2) {
      const key = args[i];
      if (isUnknown(key)) return key;
      if (typeof key !== 'string') return wrongType(name, args);
      out.set(key, args[i + 1]);
    }
    return out;
  }),
  createarray: fn(0, Infinity, 'keep', (args) => [...args]),
  array: fn(1, 1, false, (args) => (Array.isArray(args[0]) ? args[0] : [args[0]])),
  length: fn(1, 1, false, (args) => lengthOf(args[0])),
  json: fn(1, 1, false, json),
  less: fn(2, 2, false, (args, name) => compare(args, name, (c) => c < 0)),
  lessorequals: fn(2, 2, false, (args, name) => compare(args, name, (c) => c <= 0)),
  greater: fn(2, 2, false, (args, name) => compare(args, name, (c) => c > 0)),
  greaterorequals: fn(2, 2, false, (args, name) => compare(args, name, (c) => c >= 0)),
  first: fn(1, 1, false, (args, name) => {
    const [v] = args;
    if (typeof v === 'string') return v.slice(0, 1);
    if (Array.isArray(v)) return v.length > 0 ? v[0] : null;
    return wrongType(name, args);
  }),
  last: fn(1, 1, false, (args, name) => {
    const [v] = args;
    if (typeof v === 'string') return v.slice(-1);
    if (Array.isArray(v)) return v.length > 0 ? v[v.length - 1] : null;
    return wrongType(name, args);
  }),
  split: fn(2, 2, false, (args, name) => {
    const [s, sep] = args;
    if (typeof s !== 'string') return wrongType(name, args);
    const seps = typeof sep === 'string' ? [sep] : Array.isArray(sep) ? sep : undefined;
    if (!seps || !seps.every((x): x is string => typeof x === 'string' && x.length > 0))
      return wrongType(name, args);
    let parts = [s];
    for (const x of seps) parts = parts.flatMap((p) => p.split(x));
    return parts;
  }),
  replace: fn(3, 3, false, (args, name) => {
    const [s, from, to] = args;
    if (typeof s !== 'string' || typeof from !== 'string' || typeof to !== 'string')
      return wrongType(name, args);
    return from === '' ? s : s.split(from).join(to);
  }),
  startswith: fn(2, 2, false, (args, name) => {
    const [s, p] = args;
    if (typeof s !== 'string' || typeof p !== 'string') return wrongType(name, args);
    return s.toLowerCase().startsWith(p.toLowerCase());
  }),
  endswith: fn(2, 2, false, (args, name) => {
    const [s, p] = args;
    if (typeof s !== 'string' || typeof p !== 'string') return wrongType(name, args);
    return s.toLowerCase().endsWith(p.toLowerCase());
  }),
  // The start index is optional: substring('abc') is the whole string.
  substring: fn(1, 3, false, (args, name) => {
    const [s, start = 0, len] = args;
    if (typeof s !== 'string' || typeof start !== 'number' || (len !== undefined && typeof len !== 'number'))
      return wrongType(name, args);
    if (start < 0 || start > s.length || (len !== undefined && (len < 0 || start + len > s.length)))
      return new Unknown(`${name}() reads outside the string`);
    return len === undefined ? s.slice(start) : s.slice(start, start + len);
  }),
  indexof: indexOfFn(false),
  lastindexof: indexOfFn(true),
  padleft: fn(2, 3, false, (args, name) => {
    const [v, width, pad = ' '] = args;
    const s = stringify(v);
    if (isUnknown(s) || typeof width !== 'number' || typeof pad !== 'string') return wrongType(name, args);
    if (width > MAX_STRING_LENGTH) return tooLarge();
    return s.padStart(width, pad);
  }),
  take: takeSkip(true),
  skip: takeSkip(false),
  range: fn(2, 2, false, (args, name) => {
    const [start, count] = args;
    if (typeof start !== 'number' || typeof count !== 'number' || count < 0) return wrongType(name, args);
    if (count > MAX_VALUE_SIZE) return tooLarge();
    return Array.from({ length: count }, (_, i) => start + i);
  }),
  add: arith((a, b) => a + b),
  sub: arith((a, b) => a - b),
  mul: arith((a, b) => a * b),
  div: arith((a, b) => (b === 0 ? undefined : Math.trunc(a / b))),
  mod: arith((a, b) => (b === 0 ? undefined : a % b)),
  min: fn(1, Infinity, false, (args, name) => {
    const nums = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    return nums.every((n): n is number => typeof n === 'number') && nums.length > 0
      ? Math.min(...nums)
      : wrongType(name, args);
  }),
  max: fn(1, Infinity, false, (args, name) => {
    const nums = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    return nums.every((n): n is number => typeof n === 'number') && nums.length > 0
      ? Math.max(...nums)
      : wrongType(name, args);
  }),
  objectkeys: fn(1, 1, false, (args, name) =>
    args[0] instanceof EvObject ? [...args[0].entries.keys()] : wrongType(name, args),
  ),
  items: fn(1, 1, false, (args, name) => {
    const [obj] = args;
    if (!(obj instanceof EvObject)) return wrongType(name, args);
    return [...obj.entries]
      .sort(([a], [b]) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
      )
      .map(
        ([key, value]) =>
          new EvObject(
            new Map<string, Ev>([
              ['key', key],
              ['value', value],
            ]),
          ),
      );
  }),
  // Bicep compiles the safe dereference `a.?b` to tryGet(): null where the key or index is missing.
  tryget: fn(2, Infinity, false, (args, name) => {
    let current: Ev = args[0];
    for (const key of args.slice(1)) {
      if (current === null) return null;
      if (current instanceof EvObject) {
        if (typeof key !== 'string') return wrongType(name, args);
        current = current.get(key) ?? null;
      } else if (Array.isArray(current)) {
        if (typeof key !== 'number' || !Number.isInteger(key)) return wrongType(name, args);
        current = key >= 0 && key < current.length ? current[key] : null;
      } else if (isUnknown(current)) return current;
      else return wrongType(name, args);
    }
    return current;
  }),
  shallowmerge: fn(1, 1, false, (args, name) => {
    const [objects] = args;
    if (!Array.isArray(objects)) return wrongType(name, args);
    const out = new EvObject();
    for (const o of objects) {
      if (isUnknown(o)) return o;
      if (!(o instanceof EvObject)) return wrongType(name, args);
      for (const [k, v] of o.entries) out.set(k, v);
    }
    return out;
  }),
  join: fn(2, 2, true, (args, name) => {
    const [items, delimiter] = args;
    if (!Array.isArray(items) || typeof delimiter !== 'string') return wrongType(name, args);
    if (!items.every((i) => typeof i === 'string')) return wrongType(name, args);
    return items.join(delimiter);
  }),
  flatten: fn(1, 1, false, (args, name) => {
    const [arrays] = args;
    if (!Array.isArray(arrays) || !arrays.every((a) => Array.isArray(a))) return wrongType(name, args);
    return (arrays as Ev[][]).flat();
  }),
};

/** Names of the functions the evaluator reduces (besides parameters, variables, if, and, or, coalesce, copyIndex). */
export const EVALUATED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS);
