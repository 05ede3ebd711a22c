import {
  DistinctRanges,
  TextRange,
  offsetsOf,
  rangeAt,
  sameRange,
  type RangeSource,
  type SourceRange,
} from './range';

/**
 * Every attribute value in the graph. Known values are literals or expressions the evaluator reduced;
 * unknown values keep their source text and why they could not be reduced. Each node keeps its range.
 */
export type Value = ScalarValue | ObjectValue | ListValue | UnknownValue;
export type Scalar = string | number | boolean | null;

/**
 * Where a value read through a reference (a variable, parameter, local, module input, alias) was
 * written before it took the range of the place that uses it, first written first. Absent for a value
 * used where it is written.
 */
export interface Origins {
  origins?: readonly SourceRange[];
}

export interface ScalarValue extends Origins {
  kind: 'scalar';
  value: Scalar;
  range: SourceRange;
}

export interface ObjectEntry {
  key: string;
  keyRange: SourceRange;
  value: Value;
}

/**
 * An entry that keeps its key's offsets and makes the key's range when it is read: a Terraform load
 * keeps a quarter of a million entries until the rules run, and a range object for each key (48 bytes,
 * an object more for the collector to copy) that nearly nothing reads. A spread of it loses `keyRange`:
 * copy an entry with entryWithValue.
 */
export class KeyEntry implements ObjectEntry {
  // Declared and set in the constructor, not parameter properties: see TextRange (model/range.ts).
  declare readonly key: string;
  declare value: Value;
  declare private readonly keyIn: RangeSource;
  declare private readonly keyStart: number;
  declare private readonly keyEnd: number;

  constructor(key: string, value: Value, keyIn: RangeSource, keyStart: number, keyEnd: number) {
    this.key = key;
    this.value = value;
    this.keyIn = keyIn;
    this.keyStart = keyStart;
    this.keyEnd = keyEnd;
  }

  get keyRange(): SourceRange {
    return rangeAt(this.keyIn, this.keyStart, this.keyEnd);
  }

  toJSON(): ObjectEntry {
    return { key: this.key, keyRange: this.keyRange, value: this.value };
  }

  withValue(value: Value): KeyEntry {
    return new KeyEntry(this.key, value, this.keyIn, this.keyStart, this.keyEnd);
  }
}

/**
 * An entry written in a JSON text with its value (the value's range is in the same text, as what the
 * ARM evaluator builds from a template), its key quoted without an escape sequence: it keeps only
 * where its key starts, and makes the key's range from its value's text and its key's length, quotes
 * included. 48 bytes where a KeyEntry is 64: an ARM load of the bench corpus keeps 50,000 entries
 * until the rules run, and the collector copies what is kept. Made only where that holds (see
 * `quotedKeyEntry`); entryWithValue copies it as a plain entry.
 */
class QuotedKeyEntry implements ObjectEntry {
  constructor(
    readonly key: string,
    readonly value: Value,
    private readonly keyStart: number,
  ) {}

  get keyRange(): SourceRange {
    const source = (this.value.range as TextRange).source;
    return rangeAt(source, this.keyStart, this.keyStart + this.key.length + 2);
  }

  toJSON(): ObjectEntry {
    return { key: this.key, keyRange: this.keyRange, value: this.value };
  }
}

/**
 * The entry of `key`, written at `keyStart` to `keyEnd` of the text `keyIn` points at, with `value`:
 * a QuotedKeyEntry when the key is written as it reads between quotes and the value's range points into
 * the same text, else a KeyEntry.
 */
export function quotedKeyEntry(
  key: string,
  value: Value,
  keyIn: RangeSource,
  keyStart: number,
  keyEnd: number,
): ObjectEntry {
  return keyEnd - keyStart === key.length + 2 && offsetsOf(value.range)?.source === keyIn
    ? new QuotedKeyEntry(key, value, keyStart)
    : new KeyEntry(key, value, keyIn, keyStart, keyEnd);
}

/** The entry with another value, its key where it was (a spread would lose a KeyEntry's key range). */
export function entryWithValue(entry: ObjectEntry, value: Value): ObjectEntry {
  return entry instanceof KeyEntry
    ? entry.withValue(value)
    : { key: entry.key, keyRange: entry.keyRange, value };
}

export interface ObjectValue extends Origins {
  kind: 'object';
  entries: ObjectEntry[];
  range: SourceRange;
}

export interface ListValue extends Origins {
  kind: 'list';
  items: Value[];
  range: SourceRange;
}

export interface UnknownValue extends Origins {
  kind: 'unknown';
  /** Human sentence: "var.disable_local has no default and no tfvars value". */
  reason: string;
  /** The expression as written. */
  source: string;
  range: SourceRange;
  /**
   * The value will exist once deployed (another resource's id, a deployment function); only its
   * content is unknown. Rules that only ask whether a setting is present can rely on it.
   */
  deferred?: boolean;
  /**
   * Once known, a non-empty string: the id of a resource the deployment declares or reads
   * (`aks.id`, `resourceId(...)`). `empty()` of it, or a comparison with '' or null, is decided.
   */
  nonEmpty?: boolean;
  /**
   * The expression is invalid, not merely unresolved: the deployment itself would be rejected
   * (`createObject()` with an odd number of arguments). The loader reports it once as an error;
   * rules do not report the unknowns it causes.
   */
  invalid?: boolean;
}

export const scalar = (value: Scalar, range: SourceRange): ScalarValue => ({ kind: 'scalar', value, range });
export const unknown = (
  reason: string,
  source: string,
  range: SourceRange,
  deferred?: boolean,
  nonEmpty?: boolean,
  invalid?: boolean,
): UnknownValue => {
  // The usual combinations of flags each as a literal of its own: a flag set after the object is made
  // goes into a property array, an object more for each of the tens of thousands of unknowns a load keeps.
  if (!invalid) {
    if (!deferred && !nonEmpty) return { kind: 'unknown', reason, source, range };
    if (deferred && !nonEmpty) return { kind: 'unknown', reason, source, range, deferred };
    if (deferred && nonEmpty) return { kind: 'unknown', reason, source, range, deferred, nonEmpty };
  }
  // Set one by one, not spread: the objects the spreads made cost as much again as the unknown.
  const u: UnknownValue = { kind: 'unknown', reason, source, range };
  if (deferred) u.deferred = deferred;
  if (nonEmpty) u.nonEmpty = nonEmpty;
  if (invalid) u.invalid = invalid;
  return u;
};

/**
 * `unknown` with origins, made with them: set afterwards, they would take a property store of their own
 * (an object more for each of the thousands of unknowns an ARM load keeps that read a parameter).
 */
export function unknownWithOrigins(
  reason: string,
  source: string,
  range: SourceRange,
  deferred: boolean | undefined,
  nonEmpty: boolean | undefined,
  invalid: boolean | undefined,
  origins: readonly SourceRange[],
): UnknownValue {
  if (!invalid) {
    if (!deferred && !nonEmpty) return { kind: 'unknown', reason, source, range, origins };
    if (deferred && !nonEmpty) return { kind: 'unknown', reason, source, range, deferred, origins };
    if (deferred && nonEmpty) return { kind: 'unknown', reason, source, range, deferred, nonEmpty, origins };
  }
  const u = unknown(reason, source, range, deferred, nonEmpty, invalid);
  u.origins = origins;
  return u;
}

/** `like` at `range` with the origins given, made with them (see `unknown`). */
function movedUnknown(like: UnknownValue, range: SourceRange, origins: readonly SourceRange[]): UnknownValue {
  return unknownWithOrigins(
    like.reason,
    like.source,
    range,
    like.deferred,
    like.nonEmpty,
    like.invalid,
    origins,
  );
}

/** An unknown at another place (`source`, `range`) with the same cause as `cause`: its reason and flags. */
export const unknownLike = (cause: UnknownValue, source: string, range: SourceRange): UnknownValue =>
  unknown(cause.reason, source, range, cause.deferred, cause.nonEmpty, cause.invalid);

/**
 * How an unknown resource id compares with a literal: never equal to '' or null. Undefined when the
 * comparison is not of that kind.
 */
export function idEqualsEmpty(a: Value, b: Value): false | undefined {
  const [id, other] = a.kind === 'unknown' ? [a, b] : [b, a];
  if (id.kind !== 'unknown' || !id.nonEmpty || other.kind !== 'scalar') return undefined;
  return other.value === '' || other.value === null ? false : undefined;
}
export const object = (entries: ObjectEntry[], range: SourceRange): ObjectValue => ({
  kind: 'object',
  entries,
  range,
});
export const list = (items: Value[], range: SourceRange): ListValue => ({ kind: 'list', items, range });

/**
 * Values written in a text that are their own range: `range` is the value itself, a range of offsets
 * into the text (TextRange). A load keeps every value with its range until the rules run, and the
 * collector copies what is kept (twice, young objects surviving two collections): one object of 72
 * bytes where a value and its range were two of 48 (an ARM load of the bench corpus keeps 56,000
 * ranges, 2.7 MB). Made by the ARM evaluator for the JSON it builds values from; nothing changes
 * them once made, as with every value.
 *
 * As JSON (a worker's results) such a value is written as both a value and a range, since a range
 * taken from it (`value.range`, an origin after a move) is the same object: the reader of either
 * finds the members it reads.
 */
export class WrittenScalar extends TextRange implements ScalarValue {
  readonly kind: 'scalar';
  readonly range: SourceRange;

  constructor(
    source: RangeSource,
    start: number,
    end: number,
    readonly value: Scalar,
  ) {
    super(source, start, end);
    this.kind = 'scalar';
    this.range = this;
  }

  override toJSON(): ScalarValue & SourceRange {
    const range = super.toJSON();
    return { kind: 'scalar', value: this.value, range, ...range };
  }
}

/**
 * Where a value was written, as a range alone: a value that is its own range (WrittenScalar and the
 * others) gives a range of its offsets, so that a copy made with it holds no more than a range.
 */
export function writtenRangeOf(value: Value): SourceRange {
  const range = value.range;
  if (range !== (value as unknown)) return range;
  const at = offsetsOf(range)!;
  return rangeAt(at.source, at.start, at.end);
}

/** An object written in a text, its own range (see WrittenScalar). */
export class WrittenObject extends TextRange implements ObjectValue {
  readonly kind: 'object';
  readonly range: SourceRange;

  constructor(
    source: RangeSource,
    start: number,
    end: number,
    readonly entries: ObjectEntry[],
  ) {
    super(source, start, end);
    this.kind = 'object';
    this.range = this;
  }

  override toJSON(): ObjectValue & SourceRange {
    const range = super.toJSON();
    return { kind: 'object', entries: this.entries, range, ...range };
  }
}

/** A list written in a text, its own range (see WrittenScalar). */
export class WrittenList extends TextRange implements ListValue {
  readonly kind: 'list';
  readonly range: SourceRange;

  constructor(
    source: RangeSource,
    start: number,
    end: number,
    readonly items: Value[],
  ) {
    super(source, start, end);
    this.kind = 'list';
    this.range = this;
  }

  override toJSON(): ListValue & SourceRange {
    const range = super.toJSON();
    return { kind: 'list', items: this.items, range, ...range };
  }
}

/**
 * The items of an array built by push (or filter, or a literal with a spread), in an array of their own
 * size: V8 leaves room for 16 more in a grown array, and a scan keeps hundreds of thousands of entries, items and origins arrays (a sixth of
 * its heap was that spare room). For arrays nobody adds to afterwards.
 */
export function packed<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}

export interface LookupOptions {
  /** ARM and Bicep property names are case-insensitive, as Azure treats them. */
  ignoreCase?: boolean;
}

/** The default options, one object: a default of `{}` would be a new object at every call. */
const EXACT_KEYS: LookupOptions = {};

export function getEntry(
  obj: ObjectValue,
  key: string,
  opts: LookupOptions = EXACT_KEYS,
): ObjectEntry | undefined {
  // Read once: a relocated object's entries are a getter (see relocated).
  const entries = obj.entries;
  if (!opts.ignoreCase) {
    for (let i = entries.length - 1; i >= 0; i--) if (entries[i].key === key) return entries[i];
    return undefined;
  }
  for (let i = entries.length - 1; i >= 0; i--) {
    const k = entries[i].key;
    // Most keys differ in length or match exactly.
    if (k.length === key.length && (k === key || sameIgnoringCase(k, key))) return entries[i];
  }
  return undefined;
}

/**
 * `a.toLowerCase() === b.toLowerCase()` for strings of one length, without making either: ASCII letters
 * are folded as they are compared, and only a difference outside ASCII lower-cases both (lower-casing
 * every key of the looked-up length was 14-16% of an ARM or Bicep load, measured).
 */
export function sameIgnoringCase(a: string, b: string): boolean {
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) return a.toLowerCase() === b.toLowerCase();
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

export function getProperty(
  value: Value | undefined,
  key: string,
  opts: LookupOptions = EXACT_KEYS,
): Value | undefined {
  const obj = asObject(value);
  return obj ? getEntry(obj, key, opts)?.value : undefined;
}

/**
 * An object, or the first object of a list: Terraform nested blocks become lists of objects when
 * repeated, and a path through a single-block list reads its first block.
 */
export function asObject(value: Value | undefined): ObjectValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'object') return value;
  if (value.kind === 'list' && value.items.length > 0 && value.items[0].kind === 'object')
    return value.items[0];
  return undefined;
}

export interface PathLookup {
  /** The value at the end of the path, when every step exists. */
  value?: Value;
  /** The entry holding that value (its key range is the attribute's name). */
  entry?: ObjectEntry;
  /** The deepest object on the path that exists: where an absent setting is reported. */
  nearest: Value;
  /** How many steps of the path exist. */
  depth: number;
  /** An unknown value met on the way: the path cannot be followed through it. */
  blockedBy?: UnknownValue;
}

export function lookupPath(
  root: Value,
  path: readonly string[],
  opts: LookupOptions = EXACT_KEYS,
): PathLookup {
  const found: PathLookup = {
    value: undefined,
    entry: undefined,
    nearest: root,
    depth: 0,
    blockedBy: undefined,
  };
  return lookupPathInto(found, root, path, opts);
}

/**
 * lookupPath with its answer written into `found`, whose members it all sets: a caller that reads
 * many paths and keeps no answer (a view reading settings) reuses one object.
 */
export function lookupPathInto(
  found: PathLookup,
  root: Value,
  path: readonly string[],
  opts: LookupOptions = EXACT_KEYS,
): PathLookup {
  let current: Value = root;
  let entry: ObjectEntry | undefined;
  let depth = 0;
  for (; depth < path.length; depth++) {
    if (current.kind === 'unknown') return answer(found, undefined, undefined, current, depth, current);
    const obj = asObject(current);
    const next = obj && getEntry(obj, path[depth], opts);
    if (!next) return answer(found, undefined, undefined, obj ?? current, depth, undefined);
    entry = next;
    current = next.value;
  }
  return answer(found, current, entry, current, depth, undefined);
}

function answer(
  found: PathLookup,
  value: Value | undefined,
  entry: ObjectEntry | undefined,
  nearest: Value,
  depth: number,
  blockedBy: UnknownValue | undefined,
): PathLookup {
  found.value = value;
  found.entry = entry;
  found.nearest = nearest;
  found.depth = depth;
  found.blockedBy = blockedBy;
  return found;
}

/**
 * A value with every node (and key) at one range: a value used somewhere else than written (read
 * through a reference, a parameter, a YAML alias) is reported where it is used. Each node remembers
 * where it was written (`origins`), so a finding can name the file that supplied the value. `copied`
 * sees each unknown and its copy (evaluators keep facts about unknowns by identity).
 */
export function relocated(
  value: Value,
  range: SourceRange,
  copied?: (from: UnknownValue, to: UnknownValue) => void,
  objectsOnRead = false,
): Value {
  // Each copy is built with its origins, in the order of the fields `moved` gives them: a field added
  // after construction gives the copies a second hidden class and a property store each. Each case reads
  // `origins` from values of its own kind: one read for all kinds sees too many hidden classes to be fast.
  switch (value.kind) {
    case 'scalar': {
      if (value.range === range) return value;
      const origins = originsAfterMove(value.origins, value.range, range);
      return origins ? { kind: 'scalar', value: value.value, range, origins } : scalar(value.value, range);
    }
    case 'unknown': {
      const origins = originsAfterMove(value.origins, value.range, range);
      const u = origins ? movedUnknown(value, range, origins) : unknownLike(value, value.source, range);
      copied?.(value, u);
      return u;
    }
    case 'list': {
      const origins = originsAfterMove(value.origins, value.range, range);
      const from = value.items;
      const items: Value[] = [];
      for (let i = 0; i < from.length; i++) items.push(relocated(from[i], range, copied, objectsOnRead));
      return origins ? { kind: 'list', items, range, origins } : list(items, range);
    }
    case 'object': {
      const origins = originsAfterMove(value.origins, value.range, range);
      if (objectsOnRead) return new RelocatedObject(value, range, origins, copied);
      const from = value.entries;
      const entries: ObjectEntry[] = [];
      for (let i = 0; i < from.length; i++)
        entries.push({ key: from[i].key, keyRange: range, value: relocated(from[i].value, range, copied) });
      return origins ? { kind: 'object', entries, range, origins } : object(entries, range);
    }
  }
}

/**
 * An object relocated (`relocated` with `objectsOnRead`) whose entries are copied when first read,
 * each as `relocated` copies it then: the same entries, values and origins, made later. Many copies
 * of objects are never read: every Terraform resource copies `tags = var.tags` to its own place and no
 * rule reads tags. In a scan of the bench corpus's Terraform, 9,000 of the 30,000 objects relocated are
 * never read; copied at once, their nodes were 47,000 of the 298,000 a load keeps until the rules run,
 * each with an array of origins (measured: 6.6 MB, 9%, less kept after the load).
 * It holds the object it copies, which must not change afterwards (values do not, once built). A spread
 * of it loses `entries` (a getter): copy it by its members, as `toJSON` does.
 */
class RelocatedObject implements ObjectValue {
  readonly kind = 'object';
  private copies: ObjectEntry[] | undefined = undefined;

  constructor(
    private from: ObjectValue | undefined,
    readonly range: SourceRange,
    readonly origins: readonly SourceRange[] | undefined,
    private copied: ((from: UnknownValue, to: UnknownValue) => void) | undefined,
  ) {}

  get entries(): ObjectEntry[] {
    // No closure here: a function that makes one allocates its context at every call, and the entries
    // are read hundreds of thousands of times per scan.
    return this.copies ?? this.copy();
  }

  private copy(): ObjectEntry[] {
    const { range, copied } = this;
    const from = this.from!.entries;
    const copies = new Array<ObjectEntry>(from.length);
    for (let i = 0; i < from.length; i++)
      copies[i] = { key: from[i].key, keyRange: range, value: relocated(from[i].value, range, copied, true) };
    // What it copied can go: the entries are the copy from now on.
    this.from = undefined;
    this.copied = undefined;
    return (this.copies = copies);
  }

  /** Written as the object `relocated` makes at once (a worker's results are sent as JSON). */
  toJSON(): ObjectValue {
    return { kind: 'object', entries: this.entries, range: this.range, origins: this.origins };
  }
}

/**
 * Whether the value is an object `relocated` copies when read (see RelocatedObject). Every node inside
 * it, and every key, is at its range.
 */
export function isRelocatedObject(value: Value): boolean {
  return value instanceof RelocatedObject;
}

/** `to`, a copy of `from` at another range, with `from`'s range added to its origins. */
export function moved<T extends Value>(to: T, from: Value): T {
  const origins = originsAfterMove(from.origins, from.range, to.range);
  if (origins) to.origins = origins;
  return to;
}

/** The origins of a copy at `to` of a value written at `from` that had the origins `before`. */
function originsAfterMove(
  before: readonly SourceRange[] | undefined,
  from: SourceRange,
  to: SourceRange,
): readonly SourceRange[] | undefined {
  if (sameRange(from, to)) return before;
  if (before === undefined) return [from];
  for (let i = 0; i < before.length; i++) if (sameRange(before[i], from)) return before;
  // Its own size, without the spare room of a push or a spread, nor the argument array of a concat.
  const after = new Array<SourceRange>(before.length + 1);
  for (let i = 0; i < before.length; i++) after[i] = before[i];
  after[before.length] = from;
  return after;
}

/**
 * Every place the value, or any part of it, was written before it was used here (first written first,
 * each once): the files that supplied it.
 */
export function originsOf(value: Value, into: DistinctRanges = new DistinctRanges()): SourceRange[] {
  collectOrigins(value, into);
  return into.list;
}

function collectOrigins(value: Value, into: DistinctRanges): void {
  // Index loops: the iterators and closures of for-of and some() were most of its allocation.
  const origins = value.origins;
  if (origins !== undefined) for (let i = 0; i < origins.length; i++) into.add(origins[i]);
  if (value.kind === 'list') {
    const items = value.items;
    for (let i = 0; i < items.length; i++) collectOrigins(items[i], into);
  } else if (value.kind === 'object') {
    const entries = value.entries;
    for (let i = 0; i < entries.length; i++) collectOrigins(entries[i].value, into);
  }
}

/** Plain JavaScript for a fully known value, undefined when anything inside is unknown. */
export function toPlain(value: Value): unknown {
  switch (value.kind) {
    case 'scalar':
      return value.value;
    case 'unknown':
      return undefined;
    case 'list': {
      const out: unknown[] = [];
      for (const item of value.items) {
        const plain = toPlain(item);
        if (plain === undefined) return undefined;
        out.push(plain);
      }
      return out;
    }
    case 'object': {
      // No prototype: a key written `__proto__` is data, as JSON.parse keeps it.
      const out = Object.create(null) as Record<string, unknown>;
      for (const e of value.entries) {
        const plain = toPlain(e.value);
        if (plain === undefined) return undefined;
        out[e.key] = plain;
      }
      return out;
    }
  }
}

/** Build a Value from plain data, every node at one range (values computed from expressions). */
export function fromPlain(plain: unknown, range: SourceRange): Value {
  if (Array.isArray(plain))
    return list(
      plain.map((p) => fromPlain(p, range)),
      range,
    );
  if (plain !== null && typeof plain === 'object') {
    return object(
      Object.entries(plain as Record<string, unknown>).map(([key, v]) => ({
        key,
        keyRange: range,
        value: fromPlain(v, range),
      })),
      range,
    );
  }
  if (
    typeof plain === 'string' ||
    typeof plain === 'number' ||
    typeof plain === 'boolean' ||
    plain === null
  ) {
    return scalar(plain, range);
  }
  return scalar(null, range);
}

/**
 * The first unknown value inside a value (depth first), for messages. Index loops: every Terraform root's
 * variable files are walked whole, and the iterators of for-of made the walk 1% of a scan of the bench
 * corpus's Terraform.
 */
export function firstUnknown(value: Value): UnknownValue | undefined {
  switch (value.kind) {
    case 'unknown':
      return value;
    case 'scalar':
      return undefined;
    case 'list': {
      const items = value.items;
      for (let i = 0; i < items.length; i++) {
        const u = firstUnknown(items[i]);
        if (u) return u;
      }
      return undefined;
    }
    case 'object': {
      const entries = value.entries;
      for (let i = 0; i < entries.length; i++) {
        const u = firstUnknown(entries[i].value);
        if (u) return u;
      }
      return undefined;
    }
  }
}
