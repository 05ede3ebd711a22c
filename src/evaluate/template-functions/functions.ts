import { isSizeError, MAX_COLLECTION_SIZE, MAX_STRING_LENGTH } from '../limits';
import {
  EvObject,
  Unknown,
  bounded,
  collectionTooLarge,
  deepEquals,
  isUnknown,
  plainToEv,
  sizeOf,
  stringTooLong,
  stringify,
  typeName,
  unknownInside,
  type Ev,
} from './values';

/**
 * The ARM template functions, which Bicep compiles to: one table of name, arity, laziness and
 * implementation, used by the ARM and the Bicep evaluator alike. Functions an evaluator answers itself
 * (parameters(), variables(), copyIndex(), lambdaVariables(), user-defined functions) are not here.
 */

/** A lambda argument, applied to values: its body evaluated with its parameters bound. */
export type Lambda = (...values: Ev[]) => Ev;

/**
 * The arguments of one call as an evaluator hands them over, evaluated on demand: `if`, `and`, `or` and
 * `coalesce` leave alone what they do not need, so an unknown in a branch not taken does not matter.
 */
export interface CallArguments {
  readonly length: number;
  value(index: number): Ev;
  /** The argument as a lambda, or unknown when it is not one. */
  lambda(index: number): Lambda | Unknown;
}

/**
 * What a function does with unknown arguments: `shallow` refuses an argument that is itself unknown,
 * `deep` one with an unknown anywhere inside, `keep` lets them through (createArray holds them).
 */
type Unknowns = 'shallow' | 'deep' | 'keep';

interface Arity {
  /** As Azure spells it, for messages and the tests. */
  name: string;
  min: number;
  max: number;
}

export type TemplateFunction = Arity &
  (
    | { kind: 'value'; unknowns: Unknowns; apply(args: Ev[], name: string): Ev }
    | { kind: 'lazy'; apply(args: CallArguments, name: string): Ev }
    | { kind: 'lambda'; values: number; apply(values: Ev[], lambdas: Lambda[], name: string): Ev }
    /** Known only while deploying; `resourceId`: a resource id, never empty. */
    | { kind: 'deployment'; resourceId: boolean; why: string }
  );

/** Invalid expressions not yet reported: the innermost call that produced one reports it. */
const unreported = new WeakSet<Unknown>();

/** An unknown for what Azure itself would reject; the call that returns it reports it once. */
export function invalid(message: string): Unknown {
  const u = new Unknown(message, false, false, true);
  unreported.add(u);
  return u;
}

/** The reason to report when `v` is an invalid unknown not reported yet (it is reported only once). */
export function takeInvalid(v: Ev): string | undefined {
  return v instanceof Unknown && unreported.delete(v) ? v.reason : undefined;
}

/** A lambda function given something else where its lambda goes (argument `index`, from 0). */
export const notALambda = (name: string, index: number): Unknown =>
  new Unknown(`${name}() needs a lambda as argument ${index + 1}`);

export function arity(name: string, expected: string, given: number): Unknown {
  return invalid(`${name}() takes ${expected} argument${expected === '1' ? '' : 's'}: ${given} given`);
}

function expectedCount(min: number, max: number): string {
  if (min === max) return String(min);
  if (max === Infinity) return `at least ${min}`;
  return max === min + 1 ? `${min} or ${max}` : `${min} to ${max}`;
}

/** The first unknown among arguments (anywhere inside them when deep). */
function firstUnknown(args: readonly Ev[], deep: boolean): Unknown | undefined {
  for (const a of args) {
    const u = deep ? unknownInside(a) : isUnknown(a) ? a : undefined;
    if (u) return u;
  }
  return undefined;
}

const wrongType = (name: string, args: readonly Ev[]): Unknown =>
  new Unknown(`${name}() cannot take ${args.map(typeName).join(', ')}`);

function value(
  name: string,
  min: number,
  max: number,
  unknowns: Unknowns,
  apply: (args: Ev[], name: string) => Ev,
): TemplateFunction {
  return { kind: 'value', name, min, max, unknowns, apply };
}

const string1 = (name: string, f: (s: string) => Ev): TemplateFunction =>
  value(name, 1, 1, 'shallow', (args, display) =>
    typeof args[0] === 'string' ? f(args[0]) : wrongType(display, args),
  );

function compare(args: Ev[], name: string, test: (c: number) => boolean): Ev {
  const [a, b] = args;
  if (typeof a === 'number' && typeof b === 'number') return test(a - b);
  if (typeof a === 'string' && typeof b === 'string') return test(a < b ? -1 : a > b ? 1 : 0);
  return wrongType(name, args);
}

const comparison = (name: string, test: (c: number) => boolean): TemplateFunction =>
  value(name, 2, 2, 'shallow', (args, display) => compare(args, display, test));

function toInt(v: Ev, name: string): Ev {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return parseInt(v, 10);
  return new Unknown(`${name}() cannot convert ${typeName(v)} '${String(stringify(v))}' to an int`);
}

/** Joins pieces, refusing before the result grows past the string limit. */
function joinBounded(pieces: readonly string[], separator = ''): string | Unknown {
  let length = 0;
  for (const p of pieces) {
    length += p.length + separator.length;
    if (length > MAX_STRING_LENGTH + separator.length) return stringTooLong();
  }
  return pieces.join(separator);
}

function format(args: Ev[], name: string): Ev {
  const [template, ...rest] = args;
  if (typeof template !== 'string') return wrongType(name, args);
  let failed: Unknown | undefined;
  let length = 0;
  const out = template.replace(/\{(\d+)(?::([^}]*))?\}|\{\{|\}\}/g, (m, index?: string, spec?: string) => {
    if (m === '{{') return '{';
    if (m === '}}') return '}';
    if (failed) return '';
    const value = rest[Number(index)];
    if (value === undefined) {
      failed = new Unknown(`${name}() has no argument {${index}}`);
      return '';
    }
    // .NET applies format specifiers ({0:N2}, {0:D3}) to numbers only; akslint refuses rather than guess.
    if (spec !== undefined && typeof value === 'number') {
      failed = new Unknown(`${name}() format specifier '{${index}:${spec}}' is not evaluated by akslint`);
      return '';
    }
    const s = stringify(value);
    if (isUnknown(s)) {
      failed = s;
      return '';
    }
    length += s.length;
    if (length > MAX_STRING_LENGTH) {
      failed = stringTooLong();
      return '';
    }
    return s;
  });
  return failed ?? out;
}

function concat(args: Ev[], name: string): Ev {
  if (args.every((a) => Array.isArray(a) || a === null)) {
    let count = 0;
    for (const a of args) count += a === null ? 0 : (a as Ev[]).length;
    if (count > MAX_COLLECTION_SIZE) return collectionTooLarge();
    return args.flatMap((a) => (a === null ? [] : (a as Ev[])));
  }
  const parts: string[] = [];
  for (const a of args) {
    if (Array.isArray(a) || a instanceof EvObject) return wrongType(name, args);
    const s = stringify(a);
    if (isUnknown(s)) return s;
    parts.push(s);
  }
  return joinBounded(parts);
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
  // A substring is compared case-sensitively, an object's keys not (Azure's documentation of contains).
  if (typeof container === 'string') {
    const s = stringify(item);
    return isUnknown(s) ? s : container.includes(s);
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
    return new Unknown(`${name}() cannot parse '${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`);
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

function arithmetic(name: string, op: (a: number, b: number) => number | undefined): TemplateFunction {
  return value(name, 2, 2, 'shallow', (args, display) => {
    const [a, b] = args;
    if (typeof a !== 'number' || typeof b !== 'number') return wrongType(display, args);
    const r = op(a, b);
    return r === undefined ? new Unknown(`${display}() divides by zero`) : r;
  });
}

function indexOf(name: string, last: boolean): TemplateFunction {
  return value(name, 2, 2, 'shallow', (args, display) => {
    const [a, b] = args;
    if (typeof a === 'string' && typeof b === 'string')
      return last ? a.toLowerCase().lastIndexOf(b.toLowerCase()) : a.toLowerCase().indexOf(b.toLowerCase());
    if (Array.isArray(a)) {
      const found = a.map((x) => deepEquals(x, b) === true);
      return last ? found.lastIndexOf(true) : found.indexOf(true);
    }
    return wrongType(display, args);
  });
}

function takeSkip(name: string, take: boolean): TemplateFunction {
  return value(name, 2, 2, 'shallow', (args, display) => {
    const [a, n] = args;
    if (typeof n !== 'number' || !(typeof a === 'string' || Array.isArray(a)))
      return wrongType(display, args);
    const count = Math.max(0, n);
    return take ? a.slice(0, count) : a.slice(count);
  });
}

function minMax(name: string, pick: (...n: number[]) => number): TemplateFunction {
  return value(name, 1, Infinity, 'shallow', (args, display) => {
    const nums = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
    const inside = firstUnknown(nums, false);
    if (inside) return inside;
    return nums.every((n): n is number => typeof n === 'number') && nums.length > 0
      ? pick(...nums)
      : wrongType(display, args);
  });
}

function startsEnds(name: string, test: (s: string, affix: string) => boolean): TemplateFunction {
  return value(name, 2, 2, 'shallow', (args, display) => {
    const [s, p] = args;
    if (typeof s !== 'string' || typeof p !== 'string') return wrongType(display, args);
    return test(s.toLowerCase(), p.toLowerCase());
  });
}

function eachItem(input: Ev, name: string, body: (items: Ev[]) => Ev): Ev {
  if (isUnknown(input)) return input;
  if (!Array.isArray(input)) return new Unknown(`${name}() needs an array, got ${typeName(input)}`);
  return body(input);
}

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

function higherOrder(
  name: string,
  values: number,
  lambdas: number,
  optionalLast: boolean,
  apply: (values: Ev[], lambdas: Lambda[], name: string) => Ev,
): TemplateFunction {
  const max = values + lambdas;
  return { kind: 'lambda', name, min: optionalLast ? max - 1 : max, max, values, apply };
}

function deployment(name: string, why = 'is known only at deployment'): TemplateFunction {
  const resourceId = /resourceid$/i.test(name);
  return { kind: 'deployment', name, min: 0, max: Infinity, resourceId, why };
}

const READS_A_FILE = 'reads a file, which the scan does not follow';

// Built on first use: a scan with no ARM or Bicep file never needs it (it was a third of the bundle's
// load-time work).
const functionTable = (): readonly TemplateFunction[] => [
  // Logical functions: evaluated lazily.
  {
    kind: 'lazy',
    name: 'if',
    min: 3,
    max: 3,
    apply: (args, name) => {
      const cond = args.value(0);
      if (isUnknown(cond)) return cond;
      if (typeof cond !== 'boolean')
        return new Unknown(`${name}() needs a bool condition, got ${typeName(cond)}`);
      return args.value(cond ? 1 : 2);
    },
  },
  // Two arguments at least, as Azure documents them. Evaluated left to right up to the first that
  // decides: the documentation says nothing of the others, and the value is the same either way.
  ...(['and', 'or'] as const).map((op): TemplateFunction => ({
    kind: 'lazy',
    name: op,
    min: 2,
    max: Infinity,
    apply: (args, name) => {
      let sawUnknown: Unknown | undefined;
      for (let i = 0; i < args.length; i++) {
        const v = args.value(i);
        if (isUnknown(v)) {
          sawUnknown ??= v;
          continue;
        }
        if (typeof v !== 'boolean') return new Unknown(`${name}() needs bool arguments, got ${typeName(v)}`);
        if (v === (op === 'or')) return v;
      }
      return sawUnknown ?? op === 'and';
    },
  })),
  {
    kind: 'lazy',
    name: 'coalesce',
    min: 1,
    max: Infinity,
    apply: (args) => {
      for (let i = 0; i < args.length; i++) {
        const v = args.value(i);
        if (isUnknown(v)) return v;
        if (v !== null) return v;
      }
      return null;
    },
  },
  value('not', 1, 1, 'shallow', (args, name) =>
    typeof args[0] === 'boolean' ? !args[0] : wrongType(name, args),
  ),
  value('true', 0, 0, 'shallow', () => true),
  value('false', 0, 0, 'shallow', () => false),
  value('null', 0, 0, 'shallow', () => null),
  value('bool', 1, 1, 'shallow', (args, name) => {
    const [v] = args;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    return new Unknown(`${name}() cannot convert ${typeName(v)} '${String(stringify(v))}' to a bool`);
  }),

  // Comparison.
  value('equals', 2, 2, 'keep', (args) => {
    const [a, b] = args;
    // A resource id is never empty, nor equal to '' or null, even before it is known.
    const [id, other] = isUnknown(a) ? [a, b] : [b, a];
    if (isUnknown(id) && id.nonEmpty && (other === '' || other === null)) return false;
    return firstUnknown(args, false) ?? deepEquals(a, b);
  }),
  comparison('less', (c) => c < 0),
  comparison('lessOrEquals', (c) => c <= 0),
  comparison('greater', (c) => c > 0),
  comparison('greaterOrEquals', (c) => c >= 0),

  // Numbers.
  value('int', 1, 1, 'shallow', (args, name) => toInt(args[0], name)),
  arithmetic('add', (a, b) => a + b),
  arithmetic('sub', (a, b) => a - b),
  arithmetic('mul', (a, b) => a * b),
  arithmetic('div', (a, b) => (b === 0 ? undefined : Math.trunc(a / b))),
  arithmetic('mod', (a, b) => (b === 0 ? undefined : a % b)),
  minMax('min', Math.min),
  minMax('max', Math.max),
  value('range', 2, 2, 'shallow', (args, name) => {
    const [start, count] = args;
    if (typeof start !== 'number' || typeof count !== 'number' || count < 0) return wrongType(name, args);
    if (count > MAX_COLLECTION_SIZE) return collectionTooLarge();
    return Array.from({ length: count }, (_, i) => start + i);
  }),

  // Strings.
  value('string', 1, 1, 'deep', (args) => stringify(args[0])),
  value('concat', 1, Infinity, 'shallow', concat),
  value('format', 1, Infinity, 'shallow', format),
  string1('toLower', (s) => s.toLowerCase()),
  string1('toUpper', (s) => s.toUpperCase()),
  string1('trim', (s) => s.trim()),
  string1('base64', (s) => Buffer.from(s, 'utf8').toString('base64')),
  string1('base64ToString', (s) => Buffer.from(s, 'base64').toString('utf8')),
  string1('base64ToJson', (s) => json([Buffer.from(s, 'base64').toString('utf8')], 'base64ToJson')),
  string1(
    'dataUri',
    (s) => `data:text/plain;charset=utf8;base64,${Buffer.from(s, 'utf8').toString('base64')}`,
  ),
  value('split', 2, 2, 'shallow', (args, name) => {
    const [s, sep] = args;
    if (typeof s !== 'string') return wrongType(name, args);
    const seps = typeof sep === 'string' ? [sep] : Array.isArray(sep) ? sep : undefined;
    if (!seps || !seps.every((x): x is string => typeof x === 'string' && x.length > 0))
      return wrongType(name, args);
    let parts = [s];
    for (const x of seps) parts = parts.flatMap((p) => p.split(x));
    return parts;
  }),
  value('replace', 3, 3, 'shallow', (args, name) => {
    const [s, from, to] = args;
    if (typeof s !== 'string' || typeof from !== 'string' || typeof to !== 'string')
      return wrongType(name, args);
    if (from === '') return s;
    return joinBounded(s.split(from), to);
  }),
  startsEnds('startsWith', (s, p) => s.startsWith(p)),
  startsEnds('endsWith', (s, p) => s.endsWith(p)),
  // The start index is optional: substring('abc') is the whole string.
  value('substring', 1, 3, 'shallow', (args, name) => {
    const [s, start = 0, len] = args;
    if (typeof s !== 'string' || typeof start !== 'number' || (len !== undefined && typeof len !== 'number'))
      return wrongType(name, args);
    if (start < 0 || start > s.length || (len !== undefined && (len < 0 || start + len > s.length)))
      return new Unknown(`${name}() reads outside the string`);
    return len === undefined ? s.slice(start) : s.slice(start, start + len);
  }),
  indexOf('indexOf', false),
  indexOf('lastIndexOf', true),
  value('padLeft', 2, 3, 'shallow', (args, name) => {
    const [v, width, pad = ' '] = args;
    const s = stringify(v);
    if (isUnknown(s) || typeof width !== 'number' || typeof pad !== 'string') return wrongType(name, args);
    // Bounded before it is built: padLeft('a', 400000000) would take gigabytes.
    if (width > MAX_STRING_LENGTH) return stringTooLong();
    return s.padStart(width, pad);
  }),
  value('json', 1, 1, 'shallow', json),
  value('join', 2, 2, 'deep', (args, name) => {
    const [items, delimiter] = args;
    if (!Array.isArray(items) || typeof delimiter !== 'string') return wrongType(name, args);
    if (!items.every((i): i is string => typeof i === 'string')) return wrongType(name, args);
    return joinBounded(items, delimiter);
  }),

  // Arrays and objects.
  // A resource id is never empty, even before it is known.
  value('empty', 1, 1, 'keep', (args) => {
    const [v] = args;
    if (isUnknown(v)) return v.nonEmpty ? false : v;
    return emptyOf(v);
  }),
  value('length', 1, 1, 'shallow', (args) => lengthOf(args[0])),
  value('contains', 2, 2, 'shallow', contains),
  value('union', 1, Infinity, 'shallow', union),
  value('intersection', 1, Infinity, 'shallow', intersection),
  value('createObject', 0, Infinity, 'keep', (args, name) => {
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
  value('createArray', 0, Infinity, 'keep', (args) => [...args]),
  value('array', 1, 1, 'shallow', (args) => (Array.isArray(args[0]) ? args[0] : [args[0]])),
  value('first', 1, 1, 'shallow', (args, name) => {
    const [v] = args;
    if (typeof v === 'string') return v.slice(0, 1);
    if (Array.isArray(v)) return v.length > 0 ? v[0] : null;
    return wrongType(name, args);
  }),
  value('last', 1, 1, 'shallow', (args, name) => {
    const [v] = args;
    if (typeof v === 'string') return v.slice(-1);
    if (Array.isArray(v)) return v.length > 0 ? v[v.length - 1] : null;
    return wrongType(name, args);
  }),
  takeSkip('take', true),
  takeSkip('skip', false),
  value('objectKeys', 1, 1, 'shallow', (args, name) =>
    args[0] instanceof EvObject ? [...args[0].entries.keys()] : wrongType(name, args),
  ),
  value('items', 1, 1, 'shallow', (args, name) => {
    const [obj] = args;
    if (!(obj instanceof EvObject)) return wrongType(name, args);
    return [...obj.entries]
      .sort(([a], [b]) =>
        a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0,
      )
      .map(
        ([key, v]) =>
          new EvObject(
            new Map<string, Ev>([
              ['key', key],
              ['value', v],
            ]),
          ),
      );
  }),
  // Bicep compiles the safe dereference `a.?b` to tryGet(): null where the key or index is missing.
  value('tryGet', 2, Infinity, 'shallow', (args, name) => {
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
  value('shallowMerge', 1, 1, 'shallow', (args, name) => {
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
  value('flatten', 1, 1, 'shallow', (args, name) => {
    const [arrays] = args;
    if (!Array.isArray(arrays)) return wrongType(name, args);
    const inside = firstUnknown(arrays, false);
    if (inside) return inside;
    if (!arrays.every((a) => Array.isArray(a))) return wrongType(name, args);
    return (arrays as Ev[][]).flat();
  }),
  // Bicep's any() only changes the type the compiler checks.
  value('any', 1, 1, 'keep', (args) => args[0]),

  // Lambda functions: leading values, then lambdas (toObject's value lambda may be left out).
  higherOrder('filter', 1, 1, false, ([input], [keep], name) =>
    eachItem(input, name, (items) => {
      const out: Ev[] = [];
      for (const [i, item] of items.entries()) {
        const verdict = keep(item, i);
        if (isUnknown(verdict)) return verdict;
        if (verdict === true) out.push(item);
      }
      return out;
    }),
  ),
  // An unknown item stays one item: the others are still known.
  higherOrder('map', 1, 1, false, ([input], [f], name) =>
    eachItem(input, name, (items) => {
      const out: Ev[] = [];
      let size = 0;
      for (const [i, item] of items.entries()) {
        const mapped = f(item, i);
        // Bounded while it grows: maps inside maps multiply.
        size += sizeOf(mapped);
        if (size > MAX_COLLECTION_SIZE) return collectionTooLarge();
        out.push(mapped);
      }
      return out;
    }),
  ),
  higherOrder('reduce', 2, 1, false, ([input, initial], [f], name) =>
    eachItem(input, name, (items) => {
      let acc = initial;
      for (const [i, item] of items.entries()) {
        acc = bounded(f(acc, item, i));
        if (isUnknown(acc)) return acc;
      }
      return acc;
    }),
  ),
  higherOrder('sort', 1, 1, false, ([input], [before], name) =>
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
  ),
  higherOrder('toObject', 1, 2, true, ([input], [keyOf, valueOf], name) =>
    keyedItems(input, keyOf, name, (entries, key, item) => {
      const v = valueOf ? valueOf(item) : item;
      if (isUnknown(v)) return v;
      entries.set(key, v);
    }),
  ),
  higherOrder('mapValues', 1, 1, false, ([input], [f], name) => {
    if (isUnknown(input)) return input;
    if (!(input instanceof EvObject)) return new Unknown(`${name}() needs an object, got ${typeName(input)}`);
    return new EvObject(new Map([...input.entries].map(([key, v]) => [key, f(v)])));
  }),
  higherOrder('groupBy', 1, 1, false, ([input], [keyOf], name) =>
    keyedItems(input, keyOf, name, (groups, key, item) => {
      const group = groups.get(key) as Ev[] | undefined;
      if (group) group.push(item);
      else groups.set(key, [item]);
    }),
  ),

  // Known only while deploying: the scan cannot know their values.
  ...[
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
    'getSecret',
  ].map((name) => deployment(name)),
  deployment('readEnvironmentVariable', 'is read from the environment when the parameter file is compiled'),
  deployment('externalInput', 'is supplied by an external tool at deployment'),
  deployment('loadTextContent', READS_A_FILE),
  deployment('loadFileAsBase64', READS_A_FILE),
  deployment('loadJsonContent', READS_A_FILE),
  deployment('loadYamlContent', READS_A_FILE),
];

let table: readonly TemplateFunction[] | undefined;
let byName: ReadonlyMap<string, TemplateFunction> | undefined;

/** Every function of the table (the tests run each of them). */
export function templateFunctions(): readonly TemplateFunction[] {
  return (table ??= functionTable());
}

function functionsByName(): ReadonlyMap<string, TemplateFunction> {
  return (byName ??= new Map(templateFunctions().map((f) => [f.name.toLowerCase(), f])));
}

/** A function as one call names it. */
interface NamedFunction {
  fn: TemplateFunction;
  /** A deployment function's unknowns say why with the name as written: `resourceGroup() is known…`. */
  unknownReason?: string;
}

/**
 * Each name as calls write it, found once (null: no such function): templates call the same few names
 * thousands of times, mostly in mixed case, and lower-casing each allocated.
 */
const byWrittenName = new Map<string, NamedFunction | null>();

function lookUp(name: string): NamedFunction | null {
  let found = byWrittenName.get(name);
  if (found === undefined) {
    const lower = name.toLowerCase();
    const fn = functionsByName().get(lower) ?? (lower.startsWith('list') ? deployment(name) : undefined);
    found = fn ? { fn, unknownReason: fn.kind === 'deployment' ? `${name}() ${fn.why}` : undefined } : null;
    if (byWrittenName.size >= 10_000) byWrittenName.clear();
    byWrittenName.set(name, found);
  }
  return found;
}

/** The function a call names (case-insensitive, as Azure reads names); `list*` reads a resource at deployment. */
export function templateFunction(name: string): TemplateFunction | undefined {
  return lookUp(name)?.fn;
}

/**
 * Applies the function `name` (as written in the call) to its arguments: arity, unknown arguments,
 * then the body; a result past the limits is unknown with the reason. Invalid calls (see `invalid`)
 * come back as unknowns the caller reports through `takeInvalid`.
 */
export function callTemplateFunction(name: string, args: CallArguments): Ev {
  const found = lookUp(name);
  if (!found) return new Unknown(`${name}() is not evaluated by akslint`);
  const fn = found.fn;
  if (args.length < fn.min || args.length > fn.max)
    return arity(name, expectedCount(fn.min, fn.max), args.length);
  try {
    return bounded(apply(found, name, args));
  } catch (err) {
    if (isSizeError(err)) return stringTooLong();
    throw err;
  }
}

function apply({ fn, unknownReason }: NamedFunction, name: string, args: CallArguments): Ev {
  switch (fn.kind) {
    case 'deployment':
      return new Unknown(unknownReason!, true, fn.resourceId);
    case 'lazy':
      return fn.apply(args, name);
    case 'value': {
      const values: Ev[] = [];
      for (let i = 0; i < args.length; i++) values.push(args.value(i));
      const refused = fn.unknowns === 'keep' ? undefined : firstUnknown(values, fn.unknowns === 'deep');
      return refused ?? fn.apply(values, name);
    }
    case 'lambda': {
      const values: Ev[] = [];
      for (let i = 0; i < fn.values; i++) values.push(args.value(i));
      const lambdas: Lambda[] = [];
      for (let i = fn.values; i < args.length; i++) {
        const lambda = args.lambda(i);
        if (lambda instanceof Unknown) return lambda;
        lambdas.push(lambda);
      }
      return fn.apply(values, lambdas, name);
    }
  }
}
