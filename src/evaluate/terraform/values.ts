// From value.ts themselves, not the model's index: compiled to CommonJS (dist/, which the
// bench runs), every call through the index's re-export is a getter call.
import {
  firstUnknown,
  relocated,
  unknown,
  type ObjectEntry,
  type UnknownValue,
  type Value,
} from '../../model/value';
import type { SourceRange } from '../../model';
import { oneCopy } from '../../parsers/strings';

/**
 * Unknown values that stand for an evaluation error (missing attribute, wrong type, failed function)
 * rather than a value decided at apply time: `try` and `can` treat the two differently.
 */
const errorValues = new WeakSet<UnknownValue>();

export function evaluationError(reason: string, source: string, range: SourceRange): UnknownValue {
  // The same error is met in every instance of a module: one copy of its reason.
  const u = unknown(oneCopy(reason), source, range);
  errorValues.add(u);
  return u;
}

export function isEvaluationError(value: Value): boolean {
  return value.kind === 'unknown' && errorValues.has(value);
}

/**
 * Up to this many entries, the entry a repeated key replaces is found by a scan; past it, by a set
 * (builtKeys). Nearly every block body and object is below it, and a set and a map for every body were
 * 4% of what loading the bench corpus's Terraform allocated (a set for every object, 1%).
 */
export const SCANNED_ENTRIES = 16;

/**
 * The entries of the bodies and objects being evaluated, innermost last: each one's entries are built
 * on top of this stack, from the `top` it found, and copied off at their size when it is done (takeBuilt).
 * An array of their own for each grew as entries were pushed (room for 16 at the first push) and was
 * copied again at its size: about a twentieth of what a full scan of the bench corpus's Terraform
 * allocated. A nested body or object, and a module that an expression instantiates, build above and
 * leave the stack as they found it (dropBuilt, exceptions included).
 */
export const building: { entries: Array<ObjectEntry | undefined>; top: number } = { entries: [], top: 0 };

/** Where among the entries built from `base` on the key is, or -1. */
export function builtKeyAt(base: number, key: string): number {
  const { entries, top } = building;
  for (let k = base; k < top; k++) if (entries[k]!.key === key) return k;
  return -1;
}

/** Removes the entry of the key from the entries built from `base` on (a repeated key replaces it). */
export function removeBuilt(base: number, key: string): void {
  const at = builtKeyAt(base, key);
  if (at < 0) return;
  const entries = building.entries;
  for (let k = at; k < building.top - 1; k++) entries[k] = entries[k + 1];
  entries[--building.top] = undefined;
}

/** The keys of the entries built from `base` on (see SCANNED_ENTRIES). */
export function builtKeys(base: number): Set<string> {
  const keys = new Set<string>();
  for (let k = base; k < building.top; k++) keys.add(building.entries[k]!.key);
  return keys;
}

/** The entries built from `base` on, in an array of their size (see packed). */
export function takeBuilt(base: number): ObjectEntry[] {
  return building.entries.slice(base, building.top) as ObjectEntry[];
}

/** The stack as it was at `base`, nothing kept alive from above it (it keeps its room). */
export function dropBuilt(base: number): void {
  const entries = building.entries;
  for (let k = base; k < building.top; k++) entries[k] = undefined;
  building.top = base;
}

/** The same unknown, restated for the expression that depends on it. */
export function propagate(cause: UnknownValue, source: string, range: SourceRange): UnknownValue {
  const u = unknown(cause.reason, source, range);
  if (errorValues.has(cause)) errorValues.add(u);
  return u;
}

/**
 * A value read through a reference is reported where it is used, not where it was declared. Its objects
 * are copied when read (see `relocated`): many, a resource's `tags = var.tags`, never are.
 */
export function relocate(value: Value, range: SourceRange): Value {
  return relocated(value, range, keepErrorMark, true);
}

function keepErrorMark(from: UnknownValue, to: UnknownValue): void {
  if (errorValues.has(from)) errorValues.add(to);
}

export function deepUnknown(values: readonly Value[]): UnknownValue | undefined {
  for (const v of values) {
    const u = firstUnknown(v);
    if (u) return u;
  }
  return undefined;
}

/** The value's type as Terraform's messages name it (`bool`, `number`, `string`). */
export function typeName(value: Value): string {
  switch (value.kind) {
    case 'scalar':
      return value.value === null ? 'null' : typeof value.value === 'boolean' ? 'bool' : typeof value.value;
    case 'list':
      return 'list';
    case 'object':
      return 'object';
    case 'unknown':
      return 'unknown value';
  }
}

/** Deep equality of two known values (keys compared regardless of order). */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') return a.value === b.value;
  if (a.kind === 'list' && b.kind === 'list') {
    return a.items.length === b.items.length && a.items.every((item, i) => valuesEqual(item, b.items[i]));
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.entries.length !== b.entries.length) return false;
    return a.entries.every((e) => {
      const other = b.entries.find((x) => x.key === e.key);
      return other !== undefined && valuesEqual(e.value, other.value);
    });
  }
  return false;
}

/** Terraform's string form of a primitive, as templates and tostring() print it. */
export function scalarToString(v: string | number | boolean): string {
  return typeof v === 'number' ? formatNumber(v) : String(v);
}

export function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return String(n);
}

/** Terraform converts numeric strings to numbers (and back) where a number is expected. */
export function toNumber(value: Value): number | undefined {
  if (value.kind !== 'scalar') return undefined;
  if (typeof value.value === 'number') return value.value;
  if (typeof value.value === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(value.value)) {
    return Number(value.value);
  }
  return undefined;
}

export function toBool(value: Value): boolean | undefined {
  if (value.kind !== 'scalar') return undefined;
  if (typeof value.value === 'boolean') return value.value;
  if (value.value === 'true') return true;
  if (value.value === 'false') return false;
  return undefined;
}

/** Object entries in Terraform's iteration order (lexical by key). */
export function sortedEntries(value: Value & { kind: 'object' }): ObjectEntry[] {
  return [...value.entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
