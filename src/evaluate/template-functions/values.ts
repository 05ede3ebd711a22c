// From value.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import { list, object, sameIgnoringCase, scalar, unknown, unknownWithOrigins } from '../../model/value';
import { type ObjectEntry, type SourceRange, type Value } from '../../model';
import { COLLECTION_TOO_LARGE, MAX_COLLECTION_SIZE, MAX_STRING_LENGTH, STRING_TOO_LONG } from '../limits';

/**
 * What an ARM template function (and so a Bicep expression, which compiles to them) evaluates to:
 * JSON-like data where any part may be unknown.
 * Objects keep their keys as written; lookups ignore case, as Azure does.
 */
export type Ev = null | boolean | number | string | Ev[] | EvObject | Unknown;

export class EvObject {
  constructor(readonly entries: Map<string, Ev> = new Map()) {}

  get(key: string): Ev | undefined {
    const exact = this.entries.get(key);
    if (exact !== undefined) return exact;
    for (const [k, v] of this.entries) if (sameKey(k, key)) return v;
    return undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Sets a key, replacing one that differs only in case; whether there was such a key. */
  set(key: string, value: Ev): boolean {
    let replaced = false;
    for (const k of this.entries.keys()) {
      if (k !== key && sameKey(k, key)) {
        this.entries.delete(k);
        replaced = true;
      }
    }
    this.entries.set(key, value);
    return replaced;
  }
}

/**
 * Whether two keys are the same ignoring case, as `a.toLowerCase() === b.toLowerCase()` says, without
 * lower-casing either where that cannot change the answer: keys of one length are compared folding
 * ASCII (sameIgnoringCase), and keys of different lengths are lower-cased only when one holds İ
 * (U+0130), the one character whose lower case is longer (two code units; test/evaluate/same-key.test.ts
 * checks every code point). Every key set in an object was compared so with every key before it, each
 * lower-cased anew: most of what building an object from data cost.
 */
export function sameKey(a: string, b: string): boolean {
  if (a.length === b.length) return a === b || sameIgnoringCase(a, b);
  return (
    (a.includes(LONGER_IN_LOWER_CASE) || b.includes(LONGER_IN_LOWER_CASE)) &&
    a.toLowerCase() === b.toLowerCase()
  );
}

const LONGER_IN_LOWER_CASE = '\u0130';

export class Unknown {
  /**
   * `deferred`: the value exists once deployed (resourceId(), reference()), only its content is
   * unknown. `nonEmpty`: it is a resource id, never an empty string. `invalid`: Azure would reject
   * the expression (see UnknownValue.invalid).
   */
  constructor(
    readonly reason: string,
    readonly deferred = false,
    readonly nonEmpty = false,
    readonly invalid = false,
  ) {}
}

/**
 * Names as templates write them (functions, parameters, variables), lower-cased once each: expressions
 * name the same few thousands of times, and lower-casing a name with a capital allocated each time.
 */
const lowerCaseNames = new Map<string, string>();

export function lowerCased(name: string): string {
  let lower = lowerCaseNames.get(name);
  if (lower === undefined) {
    lower = name.toLowerCase();
    if (lowerCaseNames.size >= 10_000) lowerCaseNames.clear();
    lowerCaseNames.set(name, lower);
  }
  return lower;
}

export const isUnknown = (v: Ev | undefined): v is Unknown => v instanceof Unknown;

/** The first unknown anywhere inside a value. */
export function unknownInside(v: Ev): Unknown | undefined {
  if (v instanceof Unknown) return v;
  if (Array.isArray(v)) {
    for (const item of v) {
      const u = unknownInside(item);
      if (u) return u;
    }
  } else if (v instanceof EvObject) {
    for (const item of v.entries.values()) {
      const u = unknownInside(item);
      if (u) return u;
    }
  }
  return undefined;
}

const sizes = new WeakMap<object, number>();

/** Number of nodes in a value, counting shared parts each time they occur. */
export function sizeOf(v: Ev): number {
  if (typeof v === 'string') return 1 + Math.floor(v.length / 1000);
  if (v === null || typeof v !== 'object' || v instanceof Unknown) return 1;
  const cached = sizes.get(v);
  if (cached !== undefined) return cached;
  let n = 1;
  const items = Array.isArray(v) ? v : v.entries.values();
  for (const item of items) {
    n += sizeOf(item);
    if (n > MAX_COLLECTION_SIZE) break;
  }
  sizes.set(v, n);
  return n;
}

export const stringTooLong = (): Unknown => new Unknown(STRING_TOO_LONG);
export const collectionTooLarge = (): Unknown => new Unknown(COLLECTION_TOO_LARGE);

/** The value itself, or unknown when it is too large to carry around. */
export function bounded(v: Ev): Ev {
  if (typeof v === 'string') return v.length > MAX_STRING_LENGTH ? stringTooLong() : v;
  return sizeOf(v) > MAX_COLLECTION_SIZE ? collectionTooLarge() : v;
}

export function typeName(v: Ev): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof EvObject) return 'object';
  if (v instanceof Unknown) return 'unknown';
  if (typeof v === 'number') return 'int';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

/** Deep equality as `equals()` defines it: strings compare case-sensitively, object keys case-insensitively. */
export function deepEquals(a: Ev, b: Ev): boolean | Unknown {
  if (a instanceof Unknown) return a;
  if (b instanceof Unknown) return b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const eq = deepEquals(a[i], b[i]);
      if (eq !== true) return eq;
    }
    return true;
  }
  if (a instanceof EvObject || b instanceof EvObject) {
    if (!(a instanceof EvObject) || !(b instanceof EvObject) || a.entries.size !== b.entries.size)
      return false;
    for (const [k, v] of a.entries) {
      const other = b.get(k);
      if (other === undefined) return false;
      const eq = deepEquals(v, other);
      if (eq !== true) return eq;
    }
    return true;
  }
  return a === b;
}

/**
 * A graph Value for an evaluated expression; every node takes the range of the JSON string it came
 * from, and `origins`, where the parameters it read were given (a parameters file), when any.
 */
export function evToValue(
  v: Ev,
  range: SourceRange,
  source: string,
  origins?: readonly SourceRange[],
): Value {
  // Each node is built with its origins, in the field order `relocated` gives its copies: a field added
  // after construction gives the node a property store of its own (an object more for each of the
  // thousands of values an ARM load keeps that read a parameter) and a second hidden class.
  if (v instanceof Unknown)
    return origins
      ? unknownWithOrigins(v.reason, source, range, v.deferred, v.nonEmpty, v.invalid, origins)
      : unknown(v.reason, source, range, v.deferred, v.nonEmpty, v.invalid);
  if (Array.isArray(v)) {
    const items = new Array<Value>(v.length);
    for (let i = 0; i < v.length; i++) items[i] = evToValue(v[i], range, source, origins);
    return origins ? { kind: 'list', items, range, origins } : list(items, range);
  }
  if (v instanceof EvObject) {
    const entries = new Array<ObjectEntry>(v.entries.size);
    let i = 0;
    for (const [key, item] of v.entries)
      entries[i++] = { key, keyRange: range, value: evToValue(item, range, source, origins) };
    return origins ? { kind: 'object', entries, range, origins } : object(entries, range);
  }
  return origins ? { kind: 'scalar', value: v, range, origins } : scalar(v, range);
}

/** An evaluated graph Value as expression data (variables and property copies are built as Values). */
export function valueToEv(v: Value): Ev {
  switch (v.kind) {
    case 'scalar':
      return v.value;
    case 'unknown':
      return new Unknown(v.reason, false, false, v.invalid);
    case 'list':
      return v.items.map(valueToEv);
    case 'object': {
      const obj = new EvObject();
      for (const e of v.entries) obj.set(e.key, valueToEv(e.value));
      return obj;
    }
  }
}

/** Expression data from parsed JSON (the `json()` function, parameter file values). */
export function plainToEv(plain: unknown): Ev {
  if (Array.isArray(plain)) return plain.map(plainToEv);
  if (plain !== null && typeof plain === 'object') {
    const obj = new EvObject();
    for (const [k, v] of Object.entries(plain as Record<string, unknown>)) obj.set(k, plainToEv(v));
    return obj;
  }
  if (typeof plain === 'string' || typeof plain === 'number' || typeof plain === 'boolean') return plain;
  return null;
}

/** Text of a value as `string()` and `format()` write it: JSON for arrays and objects. */
export function stringify(v: Ev): string | Unknown {
  if (v instanceof Unknown) return v;
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const u = unknownInside(v);
  if (u) return u;
  return JSON.stringify(toJson(v));
}

function toJson(v: Ev): unknown {
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof EvObject) {
    const out: Record<string, unknown> = {};
    for (const [k, item] of v.entries)
      Object.defineProperty(out, k, { value: toJson(item), enumerable: true });
    return out;
  }
  return v;
}
