import {
  entryWithValue,
  list,
  lookupPathInto,
  object,
  type ObjectEntry,
  type PathLookup,
  type LookupOptions,
  type ObjectValue,
  type Scalar,
  type UnknownValue,
  type Value,
  writtenRangeOf,
} from '../model/value';
import { spanRange, type SourceRange } from '../model/range';

/** What to keep of a value: all of it (`true`), or these keys of an object, and of each item of a list. */
export type ValueShape = true | { readonly [key: string]: ValueShape };

/** The shape that keeps the values at these paths (each whole) and the objects on the way to them. */
export function shapeOfPaths(paths: readonly (readonly string[])[]): ValueShape {
  const out: { [key: string]: ValueShape } = {};
  for (const path of paths) {
    let at = out;
    for (let i = 0; i < path.length; i++) {
      const held = Object.hasOwn(at, path[i]) ? at[path[i]] : undefined;
      if (held === true) break;
      if (i === path.length - 1) at[path[i]] = true;
      else at = (held ?? (at[path[i]] = {})) as { [key: string]: ValueShape };
    }
  }
  return out;
}

export interface KeepOptions {
  /**
   * Keys matched by their lower case (the shape's keys lower-cased): everything a lookup ignoring case
   * finds is kept, and for a lookup of exact keys a few entries more.
   */
  ignoreCase?: boolean;
  /**
   * A node that holds origins kept whole: where a finding's value was written is collected from its
   * node and everything inside it (see OriginsIndex), and a value read through a reference has every
   * node at the one range where it is used, so a finding there would meet the nodes cut away.
   */
  wholeIfSupplied?: boolean;
}

/** A copy of a value with only what the shape keeps (repeated keys kept as written: the last one counts). */
export function keepShape<V extends Value>(value: V, shape: ValueShape, opts?: KeepOptions): V;
export function keepShape(value: Value, shape: ValueShape, opts: KeepOptions = {}): Value {
  if (shape === true || (opts.wholeIfSupplied && value.origins !== undefined)) return value;
  // Copies made by kind, not spread: a value can be a class instance whose own members are more than a
  // plain value's (an ARM value written in its template is its own range: a spread would copy the range's
  // members, its text's index among them, and a worker could not send the copy as JSON).
  const origins = value.origins;
  if (value.kind === 'list') {
    const items = value.items.map((item) => keepShape(item, shape, opts));
    const range = writtenRangeOf(value);
    return origins ? { kind: 'list', items, range, origins } : list(items, range);
  }
  if (value.kind !== 'object') return value;
  const entries: ObjectEntry[] = [];
  for (const e of value.entries) {
    const key = opts.ignoreCase ? e.key.toLowerCase() : e.key;
    if (Object.hasOwn(shape, key)) entries.push(entryWithValue(e, keepShape(e.value, shape[key], opts)));
  }
  const range = writtenRangeOf(value);
  return origins ? { kind: 'object', entries, range, origins } : object(entries, range);
}

/** What a reading starts from: a resource, or an object inside one (a node pool profile). */
export interface ReadRoot {
  body: ObjectValue;
  /** Where an absent setting is reported when no object on its path exists. */
  range: SourceRange;
  /** How settings are named where they are written, when not by their path (a module's inputs). */
  writtenAs?: Readonly<Record<string, string>>;
}

/**
 * A setting as a view read it. `set` when written (with its value), `absent` when not written
 * (value is the platform default, range the nearest enclosing object), `unknown` when written
 * but not reducible (reason says why).
 */
export type Reading<T = Scalar> =
  | { state: 'set'; value: T; raw: Value; range: SourceRange; attribute: string }
  | {
      state: 'absent';
      value: T | undefined;
      range: SourceRange;
      attribute: string;
      /** Who chose the default when it is not the platform's usual one: `AKS Automatic`. */
      defaultSource?: string;
    }
  | {
      state: 'unknown';
      reason: string;
      source: string;
      range: SourceRange;
      attribute: string;
      deferred?: boolean;
      /**
       * The value comes from an expression Azure would reject: the loader reported it as an error,
       * and rules say nothing more about it.
       */
      invalid?: boolean;
    };

/** A setting (or a part of one) that could not be resolved: what is written, where, and why. */
export type Unresolved = Extract<Reading<unknown>, { state: 'unknown' }>;

/**
 * The unresolved reading of an unknown value found at `attribute`; `range` is where findings point
 * (the whole attribute) when not the value's own. Keeps the flags rules and the engine act on.
 */
export function unresolvedOf(
  value: UnknownValue,
  attribute: string,
  range: SourceRange = value.range,
): Unresolved {
  return unresolved(value, attribute, range, value.deferred);
}

/** unresolvedOf, keeping `deferred` only when asked: its flags set one by one, without spread copies. */
function unresolved(
  value: UnknownValue,
  attribute: string,
  range: SourceRange,
  deferred: boolean | undefined,
): Unresolved {
  const u: Unresolved = { state: 'unknown', reason: value.reason, source: value.source, range, attribute };
  if (deferred) u.deferred = deferred;
  if (value.invalid) u.invalid = value.invalid;
  return u;
}

export interface AttributePath {
  /** Keys from the resource body. */
  path: readonly string[];
  /** How the user writes it, for messages: `network_profile.network_policy`, `properties.enableRBAC`. */
  attribute?: string;
  /** Provider major versions that know this name (Terraform renames between azurerm 2.x, 3.x and 4.x). */
  majors?: readonly number[];
}

/** Whole-value range of a present attribute: from its key to the end of its value. */
export function attributeRange(keyRange: SourceRange, value: Value): SourceRange {
  return spanRange(keyRange, value.range);
}

type ReadOptions = LookupOptions & { default?: Scalar; providerMajor?: number };

const NO_OPTIONS: ReadOptions = {};

/**
 * Read the first of several alternative paths that is present (newest provider name first).
 * When none is present the reading is `absent` at the deepest object that exists on the first path.
 */
export function readValue(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: ReadOptions = NO_OPTIONS,
): Reading<Value> {
  return readSetting(resource, alternatives, opts, false);
}

/** Like readValue, for a scalar setting: a non-scalar value counts as unknown for the rule's purpose. */
export function readScalar(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: ReadOptions = NO_OPTIONS,
): Reading<Scalar> {
  return readSetting(resource, alternatives, opts, true);
}

/** What `lookup` holds between readings: nothing of any body. */
const NOTHING: Value = {
  kind: 'scalar',
  value: null,
  range: { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 },
};

/**
 * The answer of each path lookup of readSetting, which keeps none: one object, not one per lookup.
 * Emptied after each reading: it would otherwise keep the last body read alive (in a language
 * server, a subtree of the last file checked).
 */
const lookup: PathLookup = {
  value: undefined,
  entry: undefined,
  nearest: NOTHING,
  depth: 0,
  blockedBy: undefined,
};

function forgetLookup(): void {
  lookup.value = undefined;
  lookup.entry = undefined;
  lookup.nearest = NOTHING;
  lookup.blockedBy = undefined;
}

/**
 * readValue, or readScalar when `asScalar` (an absent setting then reads as the default, a list or
 * object as null): each reading is built once, as the rule receives it (profiled: the rules' most
 * called function, which made two or three objects per reading).
 */
function readSetting(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: ReadOptions,
  asScalar: false,
): Reading<Value>;
function readSetting(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: ReadOptions,
  asScalar: true,
): Reading<Scalar>;
function readSetting(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: ReadOptions,
  asScalar: boolean,
): Reading<Value> | Reading<Scalar> {
  const reading = readAlternatives(resource, alternatives, opts, asScalar);
  forgetLookup();
  return reading;
}

function readAlternatives(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: ReadOptions,
  asScalar: boolean,
): Reading<Value> | Reading<Scalar> {
  let nearest: SourceRange | undefined;
  let nearestDepth = -1;
  for (let i = 0; i < alternatives.length; i++) {
    const alt = alternatives[i];
    const found = lookupPathInto(lookup, resource.body, alt.path, opts);
    if (found.blockedBy)
      return unresolved(found.blockedBy, writtenName(resource, alt), found.blockedBy.range, false);
    const value = found.value;
    if (value && found.entry) {
      const attribute = writtenName(resource, alt);
      const range = attributeRange(found.entry.keyRange, value);
      // null means "not set" to Terraform and to Azure (an ARM property that is null is left out):
      // the platform default applies. Findings still point at the line that writes it.
      if (value.kind === 'scalar' && value.value === null)
        return { state: 'absent', value: asScalar ? opts.default : undefined, range, attribute };
      if (value.kind === 'unknown') return unresolved(value, attribute, range, value.deferred);
      if (!asScalar) return { state: 'set', value, raw: value, range, attribute };
      const scalar = value.kind === 'scalar' ? value.value : null;
      return { state: 'set', value: scalar, raw: value, range, attribute };
    }
    if (found.depth > nearestDepth) {
      nearestDepth = found.depth;
      nearest = found.nearest === resource.body ? resource.range : found.nearest.range;
    }
  }
  return {
    state: 'absent',
    value: asScalar ? opts.default : undefined,
    range: nearest ?? resource.range,
    attribute: nameOf(suggested(alternatives, opts.providerMajor)),
  };
}

/** The name to suggest for an absent setting: the first the user's provider version knows. */
function suggested(alternatives: readonly AttributePath[], major: number | undefined): AttributePath {
  if (major === undefined) return alternatives[0];
  for (const a of alternatives) if (!a.majors || a.majors.includes(major)) return a;
  return alternatives[0];
}

const nameOf = (alt: AttributePath): string => alt.attribute ?? alt.path.join('.');

/** A present setting as the user wrote it: a module input's name rather than the setting it feeds. */
const writtenName = (resource: ReadRoot, alt: AttributePath): string =>
  resource.writtenAs?.[nameOf(alt)] ?? nameOf(alt);

/** Booleans as ARM and Bicep write them sometimes: 'true'/'false' strings count. */
export function asBoolean(value: Scalar | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}
