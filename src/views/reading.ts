import {
  lookupPath,
  spanRange,
  type LookupOptions,
  type ObjectValue,
  type Scalar,
  type SourceRange,
  type UnknownValue,
  type Value,
} from '../model';

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
  const { reason, source, deferred, invalid } = value;
  return {
    state: 'unknown',
    reason,
    source,
    range,
    attribute,
    ...(deferred ? { deferred } : {}),
    ...(invalid ? { invalid } : {}),
  };
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

/**
 * Read the first of several alternative paths that is present (newest provider name first).
 * When none is present the reading is `absent` at the deepest object that exists on the first path.
 */
export function readValue(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: LookupOptions & { default?: Scalar; providerMajor?: number } = {},
): Reading<Value> {
  let nearest: SourceRange | undefined;
  let nearestDepth = -1;
  for (const alt of alternatives) {
    const found = lookupPath(resource.body, alt.path, opts);
    if (found.blockedBy) {
      const { deferred: _deferred, ...blocked } = unresolvedOf(found.blockedBy, writtenName(resource, alt));
      return blocked;
    }
    if (found.value && found.entry) {
      const attribute = writtenName(resource, alt);
      const range = attributeRange(found.entry.keyRange, found.value);
      // null means "not set" to Terraform and to Azure (an ARM property that is null is left out):
      // the platform default applies. Findings still point at the line that writes it.
      if (found.value.kind === 'scalar' && found.value.value === null)
        return { state: 'absent', value: undefined, range, attribute };
      if (found.value.kind === 'unknown') return unresolvedOf(found.value, attribute, range);
      return { state: 'set', value: found.value, raw: found.value, range, attribute };
    }
    if (found.depth > nearestDepth) {
      nearestDepth = found.depth;
      nearest = found.nearest === resource.body ? resource.range : found.nearest.range;
    }
  }
  // Suggest the name the user's provider version knows.
  const major = opts.providerMajor;
  const first =
    alternatives.find((a) => major === undefined || !a.majors || a.majors.includes(major)) ?? alternatives[0];
  return {
    state: 'absent',
    value: undefined,
    range: nearest ?? resource.range,
    attribute: nameOf(first),
  };
}

const nameOf = (alt: AttributePath): string => alt.attribute ?? alt.path.join('.');

/** A present setting as the user wrote it: a module input's name rather than the setting it feeds. */
const writtenName = (resource: ReadRoot, alt: AttributePath): string =>
  resource.writtenAs?.[nameOf(alt)] ?? nameOf(alt);

/** Like readValue, for a scalar setting: a non-scalar value counts as unknown for the rule's purpose. */
export function readScalar(
  resource: ReadRoot,
  alternatives: readonly AttributePath[],
  opts: LookupOptions & { default?: Scalar; providerMajor?: number } = {},
): Reading<Scalar> {
  const r = readValue(resource, alternatives, opts);
  if (r.state === 'absent') return { ...r, value: opts.default };
  if (r.state === 'unknown') return r;
  if (r.value.kind === 'scalar') return { ...r, value: r.value.value };
  if (r.value.kind !== 'unknown') return { ...r, value: null };
  const { deferred: _deferred, ...unresolved } = unresolvedOf(r.value, r.attribute, r.range);
  return unresolved;
}

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
