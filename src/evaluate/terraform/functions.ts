// From value.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import {
  firstUnknown,
  fromPlain,
  list,
  object,
  scalar,
  toPlain,
  unknown,
  type ObjectEntry,
  type Value,
} from '../../model/value';
import type { SourceRange } from '../../model';
import {
  COLLECTION_TOO_LARGE,
  isSizeError,
  MAX_COLLECTION_SIZE,
  MAX_STRING_LENGTH,
  STRING_TOO_LONG,
  valueTooLarge,
} from '../limits';
import { FormatError, FormatNotEvaluated, formatSpec, goJson, graphemes } from './format';
import type { Expr } from '../../parsers/terraform/syntax';
import { oneCopy } from '../../parsers/strings';
import { evaluate, sourceOf, type EvalContext } from './evaluate';
import {
  deepUnknown,
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

/**
 * A function refusing its input (what Terraform reports as an error): only the message is read, and
 * `can(regex(…))` and `try(…)` make it common (a failed match throws one), so no stack is captured
 * (capturing them was 3% of the AVM AKS module named alone).
 */
class FunctionError extends Error {
  constructor(message: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/** A value Terraform would compute but akslint does not (a limit, an unsupported case): unknown, with the reason. */
class NotEvaluated extends Error {}

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
    // RE2 names groups (?P<name>...), JavaScript (?<name>...).
    return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags);
  } catch {
    return fail(`invalid regular expression ${JSON.stringify(pattern)}`);
  }
}

function format(spec: unknown, args: unknown[]): string {
  try {
    return formatSpec(str(spec), args);
  } catch (err) {
    if (err instanceof FormatError) return fail(err.message);
    throw err;
  }
}

/** Joins strings, refusing before the result grows past the string limit. */
function joinBounded(pieces: readonly string[], separator: string): string {
  let length = 0;
  for (const p of pieces) {
    length += p.length + separator.length;
    if (length > MAX_STRING_LENGTH + separator.length) throw new NotEvaluated(STRING_TOO_LONG);
  }
  return pieces.join(separator);
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
  // go-cty's substr: offsets and lengths count grapheme clusters; a negative offset counts from the
  // end, a negative length takes the rest, an offset past the end gives "".
  substr: (s, offset, length) => {
    const chars = graphemes(str(s));
    let o = Math.trunc(num(offset));
    const l = Math.trunc(num(length));
    if (o < 0) {
      o = Math.max(0, o + chars.length);
      if (l === 0)
        throw new NotEvaluated('substr() with a negative offset and length 0 is not evaluated by akslint');
    } else if (l === 0) return '';
    if (o >= chars.length) return '';
    return chars.slice(o, l < 0 ? undefined : o + l).join('');
  },
  strrev: (s) => graphemes(str(s)).reverse().join(''),
  format: (f, ...args) => format(f, args),
  join: (sep, ...lists) =>
    joinBounded(
      lists.flatMap((l) => arr(l).map((x) => str(x))),
      str(sep),
    ),
  split: (sep, s) => str(s).split(str(sep)),
  replace: (s, search, replacement) => {
    const pattern = str(search);
    const m = /^\/(.*)\/$/s.exec(pattern);
    if (m) return str(s).replace(regex(m[1], 'g'), str(replacement).replace(/\$\{(\w+)\}/g, '$<$1>'));
    return joinBounded(str(s).split(pattern), str(replacement));
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
    if (args.length < 1 || args.length > 3) fail('range takes one to three arguments');
    const [start, limit] = args.length === 1 ? [0, num(args[0])] : [num(args[0]), num(args[1])];
    // Without a step, range counts down when the limit is below the start: range(4, 1) is [4, 3, 2].
    const step = args.length > 2 ? num(args[2]) : limit < start ? -1 : 1;
    if (step === 0) fail('step must not be zero');
    const out: number[] = [];
    for (let i = start; step > 0 ? i < limit : i > limit; i += step) {
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
  parseint: (s, base) => parseInteger(str(s), num(base)),
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
  jsonencode: (v) => goJson(v),
  jsondecode: (s) => {
    try {
      return JSON.parse(str(s));
    } catch {
      return fail('invalid JSON');
    }
  },
  base64encode: (s) => Buffer.from(str(s), 'utf8').toString('base64'),
  base64decode: (s) => Buffer.from(str(s), 'base64').toString('utf8'),
  urlencode: (s) => queryEscape(str(s)),
  indent: (n, s) => str(s).replace(/\n/g, '\n' + ' '.repeat(num(n))),
  chomp: (s) => str(s).replace(/[\r\n]+$/, ''),
};

/** formatlist(): list arguments are iterated together, other arguments repeat; an unknown item stays one item. */
function formatList(args: Value[], range: SourceRange): Value {
  if (args.length === 0) return fail('formatlist needs a format');
  const [spec, ...rest] = args;
  let count = -1;
  rest.forEach((a, i) => {
    if (a.kind !== 'list') return;
    if (count === -1) count = a.items.length;
    else if (a.items.length !== count)
      fail(
        `argument ${i + 2} has length ${a.items.length}, which is inconsistent with the other lists (${count})`,
      );
  });
  const items: Value[] = [];
  for (let k = 0; k < Math.max(count, count === -1 ? 1 : 0); k++) {
    const values = rest.map((a) => (a.kind === 'list' ? a.items[k] : a));
    const u = deepUnknown(values);
    items.push(
      u
        ? unknown(u.reason, u.source, range, u.deferred, u.nonEmpty, u.invalid)
        : scalar(format(toPlain(spec), values.map(toPlain)), range),
    );
  }
  return list(items, range);
}

/** Go's strconv for big integers: digits 0-9, then a-z, then (above base 36) A-Z; the whole text must parse. */
function parseInteger(text: string, base: number): number {
  if (!Number.isInteger(base) || base < 2 || base > 62)
    fail('base must be a whole number between 2 and 62 inclusive');
  const m = /^([-+]?)([0-9a-zA-Z]+)$/.exec(text);
  let value = 0n;
  for (const c of m?.[2] ?? '!') {
    const code = c.charCodeAt(0);
    const digit =
      c >= '0' && c <= '9'
        ? code - 48
        : c >= 'a' && c <= 'z'
          ? code - 87
          : c >= 'A' && c <= 'Z'
            ? code - (base <= 36 ? 55 : 29)
            : Infinity;
    if (digit >= base) fail(`cannot parse ${JSON.stringify(text)} as a base ${base} integer`);
    value = value * BigInt(base) + BigInt(digit);
  }
  if (m?.[1] === '-') value = -value;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new NotEvaluated(`${text} is too large to read exactly`);
  return n;
}

/** Go's url.QueryEscape: letters, digits and -_.~ stay, a space becomes +, every other byte %XX. */
function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

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
    if (v.kind === 'scalar' && typeof v.value === 'string') return scalar(graphemes(v.value).length, range);
    return fail(`length of a ${typeName(v)}`);
  },
  concat: (args, range) => {
    let count = 0;
    for (const a of args) count += a.kind === 'list' ? a.items.length : fail('concat needs lists');
    if (count > MAX_COLLECTION_SIZE) throw new NotEvaluated(COLLECTION_TOO_LARGE);
    return list(
      args.flatMap((a) => (a.kind === 'list' ? a.items : [])),
      range,
    );
  },
  formatlist: formatList,
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
  // The source text is sliced only for an unknown or an error: most calls give a known value.
  const name = expr.name.includes('::') ? expr.name.slice(expr.name.lastIndexOf('::') + 2) : expr.name;
  if (name === 'try') {
    for (const arg of expr.args) {
      const v = evaluate(arg, ctx, depth + 1);
      if (isEvaluationError(v)) continue;
      const u = firstUnknown(v);
      if (u) return propagate(u, sourceOf(ctx.file, expr), range);
      return relocate(v, range);
    }
    return evaluationError(
      'none of the arguments of try() could be evaluated',
      sourceOf(ctx.file, expr),
      range,
    );
  }
  if (name === 'can') {
    if (expr.args.length !== 1)
      return evaluationError('can() takes one argument', sourceOf(ctx.file, expr), range);
    const v = evaluate(expr.args[0], ctx, depth + 1);
    if (isEvaluationError(v)) return scalar(false, range);
    const u = firstUnknown(v);
    return u ? propagate(u, sourceOf(ctx.file, expr), range) : scalar(true, range);
  }
  if (OPAQUE_FUNCTIONS.has(name)) {
    return unknown(
      `${name}() is not evaluated: it reads files or depends on when Terraform runs`,
      sourceOf(ctx.file, expr),
      range,
    );
  }
  // Own keys only: `constructor(1)` is a function name the user wrote, not Object's constructor.
  const valueFn = Object.hasOwn(VALUE_FUNCTIONS, name) ? VALUE_FUNCTIONS[name] : undefined;
  const plainFn = Object.hasOwn(PLAIN_FUNCTIONS, name) ? PLAIN_FUNCTIONS[name] : undefined;
  // A function of plain values reads only what its arguments are (see evaluate's `bare`).
  const bare = !valueFn && plainFn !== undefined;
  let args = expr.args.map((a) => evaluate(a, ctx, depth + 1, bare));
  if (expr.expandLast && args.length > 0) {
    const last = args[args.length - 1];
    if (last.kind === 'unknown') return propagate(last, sourceOf(ctx.file, expr), range);
    if (last.kind !== 'list')
      return evaluationError('only a list can be expanded with ...', sourceOf(ctx.file, expr), range);
    args = [...args.slice(0, -1), ...last.items];
  }
  if (!valueFn && !plainFn) {
    return unknown(
      oneCopy(`${expr.name}() is not a function akslint evaluates`),
      sourceOf(ctx.file, expr),
      range,
    );
  }
  try {
    if (valueFn) {
      const top = VALUE_FUNCTIONS_NEED_KNOWN_TOP.has(name) && name !== 'coalesce' && name !== 'coalescelist';
      if (top) {
        const u = args.find((a) => a.kind === 'unknown');
        if (u && u.kind === 'unknown') return propagate(u, sourceOf(ctx.file, expr), range);
      }
      const result = valueFn(args, range);
      if (result.kind === 'unknown') return propagate(result, sourceOf(ctx.file, expr), range);
      const tooLarge = valueTooLarge(result);
      if (tooLarge) return unknown(tooLarge, sourceOf(ctx.file, expr), range);
      return result.range === range ? result : relocate(result, range);
    }
    for (const a of args) {
      const u = firstUnknown(a);
      if (u) return propagate(u, sourceOf(ctx.file, expr), range);
    }
    const plainArgs = args.map(toPlain);
    const result = fromPlain(plainFn!(...plainArgs), range);
    const tooLarge = valueTooLarge(result);
    return tooLarge ? unknown(tooLarge, sourceOf(ctx.file, expr), range) : result;
  } catch (err) {
    if (isSizeError(err)) return unknown(STRING_TOO_LONG, sourceOf(ctx.file, expr), range);
    if (err instanceof NotEvaluated || err instanceof FormatNotEvaluated) {
      // A limit reads the same wherever it is reached; other reasons name the function.
      const limit = err.message === STRING_TOO_LONG || err.message === COLLECTION_TOO_LARGE;
      return unknown(limit ? err.message : `${name}(): ${err.message}`, sourceOf(ctx.file, expr), range);
    }
    // Built-ins fail on odd input (a hostile regex, a huge repeat): that is the user's expression, not a crash.
    const message = err instanceof Error ? err.message : String(err);
    return evaluationError(`${name}(): ${message}`, sourceOf(ctx.file, expr), range);
  }
}

export function isKnownFunction(name: string): boolean {
  return name in PLAIN_FUNCTIONS || name in VALUE_FUNCTIONS || name === 'try' || name === 'can';
}

export { valuesEqual, toBool };
