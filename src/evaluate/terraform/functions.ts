import {
  firstUnknown,
  fromPlain,
  list,
  object,
  scalar,
  toPlain,
  unknown,
  type ObjectEntry,
  type SourceRange,
  type Value,
} from '../../model';
import { isSizeError, MAX_STRING_LENGTH, STRING_TOO_LONG } from '../limits';
import type { Expr } from '../../parsers/terraform/syntax';
import { evaluate, sourceOf, type EvalContext } from './evaluate';
import {
  evaluationError,
  isEvaluationError,
  propagate,
  relocate,
  scalarToString,
  sortedEntries,
  toBool,
  toNumber,
  typeName,
  valuesEqual,
} from './values';

class FunctionError extends Error {}

function fail(message: string): never {
  throw new FunctionError(message);
}

type PlainFunction = (...args: unknown[]) => unknown;
type ValueFunction = (args: Value[], range: SourceRange) => Value;

const str = (v: unknown, what = 'argument'): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return scalarToString(v);
  return fail(`${what} must be a string`);
};
const num = (v: unknown): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return fail('argument must be a number');
};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : fail('argument must be a list'));
const rec = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : fail('argument must be a map');

function plainEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** HCL regular expressions are RE2; the common subset is also valid JavaScript. */
function regex(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return fail(`invalid regular expression ${JSON.stringify(pattern)}`);
  }
}

function formatVerb(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(/%(%|[-+# 0]*\d*(?:\.\d+)?[svdqtfgebxXo])/g, (_m, spec: string) => {
    if (spec === '%') return '%';
    const verb = spec[spec.length - 1];
    if (next >= args.length) fail('format has more verbs than arguments');
    const v = args[next++];
    switch (verb) {
      case 's':
        return str(v);
      case 'd':
        return String(Math.trunc(num(v)));
      case 'q':
        return JSON.stringify(str(v));
      case 't':
        return String(v);
      case 'f': {
        const precision = /\.(\d+)/.exec(spec)?.[1];
        return num(v).toFixed(precision ? Number(precision) : 6);
      }
      case 'x':
        return Math.trunc(num(v)).toString(16);
      case 'X':
        return Math.trunc(num(v)).toString(16).toUpperCase();
      case 'o':
        return Math.trunc(num(v)).toString(8);
      case 'b':
        return Math.trunc(num(v)).toString(2);
      default:
        return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? scalarToString(v)
          : JSON.stringify(v);
    }
  });
}

function flattenPlain(v: unknown[], out: unknown[] = []): unknown[] {
  for (const item of v) {
    if (Array.isArray(item)) flattenPlain(item, out);
    else out.push(item);
  }
  return out;
}

function sortStrings(values: string[]): string[] {
  return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const PLAIN_FUNCTIONS: Record<string, PlainFunction> = {
  lower: (s) => str(s).toLowerCase(),
  upper: (s) => str(s).toUpperCase(),
  title: (s) => str(s).replace(/\b\p{L}/gu, (c) => c.toUpperCase()),
  trimspace: (s) => str(s).trim(),
  trim: (s, chars) => {
    const set = new Set(str(chars));
    const t = str(s);
    let a = 0;
    let b = t.length;
    while (a < b && set.has(t[a])) a++;
    while (b > a && set.has(t[b - 1])) b--;
    return t.slice(a, b);
  },
  trimprefix: (s, p) => (str(s).startsWith(str(p)) ? str(s).slice(str(p).length) : str(s)),
  trimsuffix: (s, p) => (str(s).endsWith(str(p)) && str(p) !== '' ? str(s).slice(0, -str(p).length) : str(s)),
  startswith: (s, p) => str(s).startsWith(str(p)),
  endswith: (s, p) => str(s).endsWith(str(p)),
  strcontains: (s, p) => str(s).includes(str(p)),
  substr: (s, offset, length) => {
    const chars = [...str(s)];
    let o = num(offset);
    if (o < 0) o = chars.length + o;
    const l = num(length);
    return chars.slice(o, l < 0 ? undefined : o + l).join('');
  },
  strrev: (s) => [...str(s)].reverse().join(''),
  format: (f, ...args) => formatVerb(str(f), args),
  formatlist: (f, ...args) => {
    const lists = args.filter(Array.isArray) as unknown[][];
    const n = lists.length ? lists[0].length : 1;
    if (lists.some((l) => l.length !== n)) fail('all lists given to formatlist must have the same length');
    return Array.from({ length: n }, (_, i) =>
      formatVerb(
        str(f),
        args.map((a) => (Array.isArray(a) ? a[i] : a)),
      ),
    );
  },
  join: (sep, ...lists) => lists.flatMap((l) => arr(l).map((x) => str(x))).join(str(sep)),
  split: (sep, s) => str(s).split(str(sep)),
  replace: (s, search, replacement) => {
    const pattern = str(search);
    const m = /^\/(.*)\/$/s.exec(pattern);
    if (m) return str(s).replace(regex(m[1], 'g'), str(replacement).replace(/\$\{(\w+)\}/g, '$<$1>'));
    return str(s).split(pattern).join(str(replacement));
  },
  regex: (pattern, s) => {
    const m = regex(str(pattern)).exec(str(s));
    if (!m) return fail('the pattern did not match');
    if (m.groups) return { ...m.groups };
    return m.length > 1 ? m.slice(1) : m[0];
  },
  regexall: (pattern, s) =>
    [...str(s).matchAll(regex(str(pattern), 'g'))].map((m) => (m.length > 1 ? m.slice(1) : m[0])),
  contains: (l, v) => arr(l).some((x) => plainEqual(x, v)),
  distinct: (l) => arr(l).filter((x, i, all) => all.findIndex((y) => plainEqual(x, y)) === i),
  flatten: (l) => flattenPlain(arr(l)),
  reverse: (l) => [...arr(l)].reverse(),
  sort: (l) => sortStrings(arr(l).map((x) => str(x))),
  compact: (l) => arr(l).filter((x) => x !== null && x !== ''),
  index: (l, v) => {
    const i = arr(l).findIndex((x) => plainEqual(x, v));
    return i >= 0 ? i : fail('the value is not in the list');
  },
  range: (...args) => {
    const [start, end, step] =
      args.length === 1
        ? [0, num(args[0]), 1]
        : [num(args[0]), num(args[1]), args.length > 2 ? num(args[2]) : 1];
    if (step === 0) fail('range step must not be zero');
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) {
      // Terraform's own limit (go-cty): a longer range fails the plan, so its value is never a guess.
      if (out.length >= 1024)
        fail(
          'more than 1024 values were generated; either decrease the difference between start and end or use a smaller step',
        );
      out.push(i);
    }
    return out;
  },
  slice: (l, a, b) => arr(l).slice(num(a), num(b)),
  chunklist: (l, size) => {
    const n = num(size);
    if (n <= 0) return [arr(l)];
    const out: unknown[][] = [];
    for (let i = 0; i < arr(l).length; i += n) out.push(arr(l).slice(i, i + n));
    return out;
  },
  setunion: (...sets) => sortIfStrings(dedupe(sets.flatMap((s) => arr(s)))),
  setintersection: (first, ...rest) =>
    sortIfStrings(dedupe(arr(first).filter((x) => rest.every((r) => arr(r).some((y) => plainEqual(x, y)))))),
  setsubtract: (a, b) => sortIfStrings(dedupe(arr(a).filter((x) => !arr(b).some((y) => plainEqual(x, y))))),
  zipmap: (keys, values) => {
    const k = arr(keys);
    const v = arr(values);
    if (k.length !== v.length) fail('zipmap needs lists of the same length');
    return Object.fromEntries(k.map((key, i) => [str(key), v[i]]));
  },
  transpose: (m) => {
    const out: Record<string, string[]> = {};
    for (const [k, vs] of Object.entries(rec(m))) for (const v of arr(vs)) (out[str(v)] ??= []).push(k);
    return out;
  },
  sum: (l) => arr(l).reduce<number>((a, b) => a + num(b), 0),
  min: (...ns) => (ns.length ? Math.min(...ns.map(num)) : fail('min needs at least one number')),
  max: (...ns) => (ns.length ? Math.max(...ns.map(num)) : fail('max needs at least one number')),
  abs: (n) => Math.abs(num(n)),
  ceil: (n) => Math.ceil(num(n)),
  floor: (n) => Math.floor(num(n)),
  signum: (n) => Math.sign(num(n)),
  pow: (a, b) => Math.pow(num(a), num(b)),
  log: (a, b) => Math.log(num(a)) / Math.log(num(b)),
  parseint: (s, base) => {
    const n = parseInt(str(s), num(base));
    return Number.isNaN(n) ? fail('not a number in that base') : n;
  },
  alltrue: (l) => arr(l).every((x) => x === true || x === 'true'),
  anytrue: (l) => arr(l).some((x) => x === true || x === 'true'),
  one: (l) => {
    const items = arr(l);
    if (items.length > 1) fail('one() needs a list of at most one element');
    return items.length ? items[0] : null;
  },
  tobool: (v) => {
    if (v === null || typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return fail('cannot convert to bool');
  },
  tostring: (v) => (v === null ? null : str(v, 'value')),
  tonumber: (v) => (v === null ? null : num(v)),
  toset: (l) => sortIfStrings(dedupe(arr(l))),
  jsonencode: (v) => JSON.stringify(v),
  jsondecode: (s) => {
    try {
      return JSON.parse(str(s));
    } catch {
      return fail('invalid JSON');
    }
  },
  base64encode: (s) => Buffer.from(str(s), 'utf8').toString('base64'),
  base64decode: (s) => Buffer.from(str(s), 'base64').toString('utf8'),
  urlencode: (s) => encodeURIComponent(str(s)),
  indent: (n, s) => str(s).replace(/\n/g, '\n' + ' '.repeat(num(n))),
  chomp: (s) => str(s).replace(/[\r\n]+$/, ''),
};

function dedupe(values: unknown[]): unknown[] {
  return values.filter((x, i, all) => all.findIndex((y) => plainEqual(x, y)) === i);
}

function sortIfStrings(values: unknown[]): unknown[] {
  return values.every((v) => typeof v === 'string') ? sortStrings(values as string[]) : values;
}

/** Functions that work on values directly, so unknown parts inside their arguments survive. */
const VALUE_FUNCTIONS: Record<string, ValueFunction> = {
  length: ([v], range) => {
    if (v.kind === 'list') return scalar(v.items.length, range);
    if (v.kind === 'object') return scalar(v.entries.length, range);
    if (v.kind === 'scalar' && typeof v.value === 'string') return scalar([...v.value].length, range);
    return fail(`length of a ${typeName(v)}`);
  },
  concat: (args, range) =>
    list(
      args.flatMap((a) => (a.kind === 'list' ? a.items : fail('concat needs lists'))),
      range,
    ),
  merge: (args, range) => {
    const entries: ObjectEntry[] = [];
    for (const a of args) {
      if (a.kind === 'scalar' && a.value === null) continue;
      if (a.kind !== 'object') return fail('merge needs maps or objects');
      for (const e of a.entries) {
        const at = entries.findIndex((x) => x.key === e.key);
        if (at >= 0) entries.splice(at, 1);
        entries.push(e);
      }
    }
    return object(entries, range);
  },
  lookup: ([map, key, fallback]) => {
    if (map.kind !== 'object') return fail('lookup needs a map');
    if (key.kind !== 'scalar' || key.value === null) return fail('lookup key must be a string');
    const name = scalarToString(key.value);
    const hit = map.entries.find((e) => e.key === name);
    if (hit) return hit.value;
    if (fallback) return fallback;
    return fail(`the map has no key "${name}"`);
  },
  element: ([l, i], range) => {
    if (l.kind !== 'list' || l.items.length === 0) return fail('element needs a non-empty list');
    const n = toNumber(i);
    if (n === undefined) return fail('element index must be a number');
    return relocate(l.items[((Math.floor(n) % l.items.length) + l.items.length) % l.items.length], range);
  },
  keys: ([m], range) => {
    if (m.kind !== 'object') return fail('keys needs a map');
    return list(
      sortedEntries(m).map((e) => scalar(e.key, range)),
      range,
    );
  },
  values: ([m], range) => {
    if (m.kind !== 'object') return fail('values needs a map');
    return list(
      sortedEntries(m).map((e) => e.value),
      range,
    );
  },
  coalesce: (args) => {
    for (const a of args) {
      if (a.kind === 'unknown') return a;
      if (a.kind === 'scalar' && (a.value === null || a.value === '')) continue;
      return a;
    }
    return fail('no non-null, non-empty argument');
  },
  coalescelist: (args) => {
    for (const a of args) {
      if (a.kind === 'unknown') return a;
      if (a.kind === 'list' && a.items.length > 0) return a;
    }
    return fail('no non-empty list');
  },
  tolist: ([v]) => (v.kind === 'list' ? v : fail(`cannot convert a ${typeName(v)} to a list`)),
  tomap: ([v]) => (v.kind === 'object' ? v : fail(`cannot convert a ${typeName(v)} to a map`)),
  flatten: ([v], range) => {
    const out: Value[] = [];
    const walk = (x: Value): void => {
      if (x.kind === 'list') x.items.forEach(walk);
      else out.push(x);
    };
    if (v.kind !== 'list') return fail('flatten needs a list');
    walk(v);
    return list(out, range);
  },
};

/** Functions whose value depends on the machine, the clock or files: never evaluated. */
const OPAQUE_FUNCTIONS = new Set([
  'file',
  'fileexists',
  'fileset',
  'filebase64',
  'templatefile',
  'timestamp',
  'uuid',
  'bcrypt',
  'plantimestamp',
  'abspath',
  'pathexpand',
]);

const VALUE_FUNCTIONS_NEED_KNOWN_TOP = new Set(Object.keys(VALUE_FUNCTIONS));

export function callFunction(
  expr: Expr & { t: 'call' },
  ctx: EvalContext,
  range: SourceRange,
  depth: number,
): Value {
  const source = sourceOf(ctx.file, expr);
  const name = expr.name.includes('::') ? expr.name.slice(expr.name.lastIndexOf('::') + 2) : expr.name;
  if (name === 'try') {
    for (const arg of expr.args) {
      const v = evaluate(arg, ctx, depth + 1);
      if (isEvaluationError(v)) continue;
      const u = firstUnknown(v);
      if (u) return propagate(u, source, range);
      return relocate(v, range);
    }
    return evaluationError('none of the arguments of try() could be evaluated', source, range);
  }
  if (name === 'can') {
    if (expr.args.length !== 1) return evaluationError('can() takes one argument', source, range);
    const v = evaluate(expr.args[0], ctx, depth + 1);
    if (isEvaluationError(v)) return scalar(false, range);
    const u = firstUnknown(v);
    return u ? propagate(u, source, range) : scalar(true, range);
  }
  if (OPAQUE_FUNCTIONS.has(name)) {
    return unknown(
      `${name}() is not evaluated: it reads files or depends on when Terraform runs`,
      source,
      range,
    );
  }
  let args = expr.args.map((a) => evaluate(a, ctx, depth + 1));
  if (expr.expandLast && args.length > 0) {
    const last = args[args.length - 1];
    if (last.kind === 'unknown') return propagate(last, source, range);
    if (last.kind !== 'list') return evaluationError('only a list can be expanded with ...', source, range);
    args = [...args.slice(0, -1), ...last.items];
  }
  // Own keys only: `constructor(1)` is a function name the user wrote, not Object's constructor.
  const valueFn = Object.hasOwn(VALUE_FUNCTIONS, name) ? VALUE_FUNCTIONS[name] : undefined;
  const plainFn = Object.hasOwn(PLAIN_FUNCTIONS, name) ? PLAIN_FUNCTIONS[name] : undefined;
  if (!valueFn && !plainFn) {
    return unknown(`${expr.name}() is not a function akslint evaluates`, source, range);
  }
  try {
    if (valueFn) {
      const top = VALUE_FUNCTIONS_NEED_KNOWN_TOP.has(name) && name !== 'coalesce' && name !== 'coalescelist';
      if (top) {
        const u = args.find((a) => a.kind === 'unknown');
        if (u && u.kind === 'unknown') return propagate(u, source, range);
      }
      const result = valueFn(args, range);
      if (result.kind === 'unknown') return propagate(result, source, range);
      if (tooLong(result)) return unknown(STRING_TOO_LONG, source, range);
      return result.range === range ? result : relocate(result, range);
    }
    for (const a of args) {
      const u = firstUnknown(a);
      if (u) return propagate(u, source, range);
    }
    const plainArgs = args.map(toPlain);
    const result = plainFn!(...plainArgs);
    if (typeof result === 'string' && result.length > MAX_STRING_LENGTH)
      return unknown(STRING_TOO_LONG, source, range);
    return fromPlain(result, range);
  } catch (err) {
    if (isSizeError(err)) return unknown(STRING_TOO_LONG, source, range);
    // Built-ins fail on odd input (a hostile regex, a huge repeat): that is the user's expression, not a crash.
    const message = err instanceof Error ? err.message : String(err);
    return evaluationError(`${name}(): ${message}`, source, range);
  }
}

const tooLong = (v: Value) =>
  v.kind === 'scalar' && typeof v.value === 'string' && v.value.length > MAX_STRING_LENGTH;

export function isKnownFunction(name: string): boolean {
  return name in PLAIN_FUNCTIONS || name in VALUE_FUNCTIONS || name === 'try' || name === 'can';
}

export { valuesEqual, toBool };
