import type { Resource } from '../../model';
import {
  asObject,
  getEntry,
  getProperty,
  type ObjectEntry,
  type ObjectValue,
  type Scalar,
  type Value,
} from '../../model/value';
import type { SourceRange } from '../../model/range';
import { attributeRange, type Reading } from '../reading';

export const DEFAULT_NAMESPACE = 'default';

/**
 * Read a setting below an object of a manifest (a container item, a pod spec). `prefix` is how the
 * object is reached from the top of the manifest, so the attribute reads as the user wrote it.
 */
export function readBelow(
  base: ObjectValue | undefined,
  path: readonly string[],
  fallback: SourceRange,
  prefix = '',
  /** Where `base` itself is opened (its key), for a setting missing from it: `spec:` rather than its first child. */
  baseKey?: SourceRange,
): Reading<Value> {
  return readingBelow(base, path, fallback, prefix, baseKey, false) as Reading<Value>;
}

/** A scalar setting; a list or object where a scalar belongs reads as null (never as true). */
export function readScalarBelow(
  base: ObjectValue | undefined,
  path: readonly string[],
  fallback: SourceRange,
  prefix = '',
  baseKey?: SourceRange,
): Reading<Scalar> {
  return readingBelow(base, path, fallback, prefix, baseKey, true) as Reading<Scalar>;
}

/**
 * readBelow and readScalarBelow, each reading built once: the pod spec view makes a score of readings
 * per container and keeps them until the rules are done, and a scalar reading made as a copy of the
 * value's reading was as much again to allocate. The path is walked once, as lookupPath walks it,
 * keeping the last entry met: an absent setting points at that entry's key (the nearest mapping's),
 * which a second lookup of the path's found part gave before (two lookup objects and a slice of the
 * path per absent setting, and the pod spec view reads hundreds of them).
 */
function readingBelow(
  base: ObjectValue | undefined,
  path: readonly string[],
  fallback: SourceRange,
  prefix: string,
  baseKey: SourceRange | undefined,
  scalarOnly: boolean,
): Reading<Value | Scalar> {
  const attribute = prefix + path.join('.');
  if (!base) return { state: 'absent', value: undefined, range: fallback, attribute };
  let current: Value = base;
  /** The entry of the last step taken (undefined before the first). */
  let opening: ObjectEntry | undefined;
  /** Where the walk stopped: the object that lacks the next key, or an unknown it cannot go through. */
  let nearest: Value = base;
  let depth = 0;
  for (; depth < path.length; depth++) {
    if (current.kind === 'unknown') {
      nearest = current;
      break;
    }
    const obj = asObject(current);
    const next = obj && getEntry(obj, path[depth]);
    if (!next) {
      nearest = obj ?? current;
      break;
    }
    opening = next;
    current = next.value;
  }
  if (depth === path.length && opening) {
    const value = current;
    return {
      state: 'set',
      value: scalarOnly ? (value.kind === 'scalar' ? value.value : null) : value,
      raw: value,
      range: attributeRange(opening.keyRange, value),
      attribute,
    };
  }
  // Point at the key that opens the nearest mapping (`securityContext:`), as HCL and JSON findings
  // do: a YAML block mapping itself starts on its first child's line.
  const range =
    opening && opening.value === nearest
      ? attributeRange(opening.keyRange, opening.value)
      : depth === 0 && baseKey
        ? baseKey
        : nearest.range;
  return { state: 'absent', value: undefined, range, attribute };
}

/** Whether readBelow(base, path, …) would read the setting as set (a non-empty path), without making the reading. */
export function isSetBelow(base: ObjectValue | undefined, path: readonly string[]): boolean {
  if (!base || path.length === 0) return false;
  let current: Value = base;
  for (let depth = 0; depth < path.length; depth++) {
    if (current.kind === 'unknown') return false;
    const obj = asObject(current);
    const next = obj && getEntry(obj, path[depth]);
    if (!next) return false;
    current = next.value;
  }
  return true;
}

export function stringOf(value: Value | undefined): string | undefined {
  if (value?.kind !== 'scalar' || value.value === null) return undefined;
  return String(value.value);
}

export function objectOf(value: Value | undefined): ObjectValue | undefined {
  return value?.kind === 'object' ? value : undefined;
}

export function itemsOf(value: Value | undefined): Value[] {
  return value?.kind === 'list' ? value.items : [];
}

/** String items of a list value, with their ranges. */
export function stringItems(value: Value | undefined): { value: string; range: SourceRange }[] {
  return itemsOf(value).flatMap((item) => {
    const s = stringOf(item);
    return s === undefined ? [] : [{ value: s, range: item.range }];
  });
}

/** A map of strings (labels, annotations); non-string values are kept as written. */
export function stringMap(value: Value | undefined): Record<string, string> {
  // No prototype: a key such as `__proto__` or `constructor` is the user's like any other.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  const obj = objectOf(value);
  if (!obj) return out;
  for (const e of obj.entries) {
    const s = stringOf(e.value);
    if (s !== undefined) out[e.key] = s;
  }
  return out;
}

export function metadataOf(resource: Resource): ObjectValue | undefined {
  return objectOf(getProperty(resource.body, 'metadata'));
}

/** The namespace an object lives in: `default` when not written (cluster-scoped kinds have none). */
export function namespaceOf(resource: Resource): string {
  return stringOf(getProperty(metadataOf(resource), 'namespace')) || DEFAULT_NAMESPACE;
}

export interface Annotation {
  key: string;
  value: string | undefined;
  /** From the key to the end of the value. */
  range: SourceRange;
}

/** The annotations of a metadata object, each with its range. */
export function annotationEntries(metadata: ObjectValue | undefined): Annotation[] {
  const annotations = objectOf(getProperty(metadata, 'annotations'));
  return (annotations?.entries ?? []).map((e) => ({
    key: e.key,
    value: stringOf(e.value),
    range: attributeRange(e.keyRange, e.value),
  }));
}

export function labelsOf(resource: Resource): Record<string, string> {
  return stringMap(getProperty(metadataOf(resource), 'labels'));
}

export function annotationsOf(resource: Resource): Record<string, string> {
  return stringMap(getProperty(metadataOf(resource), 'annotations'));
}

/** `Deployment shop/web`, `ClusterRole reader`: how messages name an object. */
export function describeObject(resource: Resource, clusterScoped = false): string {
  return clusterScoped
    ? `${resource.type} ${resource.name}`
    : `${resource.type} ${namespaceOf(resource)}/${resource.name}`;
}

export function kubernetesResources(resources: readonly Resource[]): Resource[] {
  return resources.filter((r) => r.format === 'kubernetes');
}

/** Resources sorted by where they are written, so "the first" is stable. */
export function bySource(a: Resource, b: Resource): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.range.line - b.range.line || a.range.column - b.range.column;
}
