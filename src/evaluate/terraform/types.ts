// From value.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import { entryWithValue, list, object, scalar, type ObjectEntry, type Value } from '../../model/value';
import type { Expr } from '../../parsers/terraform/syntax';
import { toBool, toNumber } from './values';

/**
 * Terraform converts a variable's value to its declared type: a tfvars "3" becomes a number, and an
 * object type fills in its `optional()` attributes (the default when given, else null, also when the
 * caller passes null). Collections convert their elements. What the type does not describe, or a value
 * that does not fit it, is left as it is: the conversion only ever adds what Terraform would.
 *
 * `defaultOf` evaluates the default expression of an optional attribute.
 */
export function convertToType(value: Value, type: Expr | undefined, defaultOf: (expr: Expr) => Value): Value {
  if (!type || value.kind === 'unknown') return value;
  if (type.t === 'var') return convertPrimitive(value, type.name);
  if (type.t !== 'call' || type.args.length === 0) return value;
  const [inner] = type.args;
  switch (type.name) {
    case 'list':
    case 'set':
      if (value.kind !== 'list') return value;
      return list(
        value.items.map((item) => convertToType(item, inner, defaultOf)),
        value.range,
      );
    case 'map':
      if (value.kind !== 'object') return value;
      return object(
        value.entries.map((e) => entryWithValue(e, convertToType(e.value, inner, defaultOf))),
        value.range,
      );
    case 'tuple':
      if (value.kind !== 'list' || inner.t !== 'tuple') return value;
      return list(
        value.items.map((item, i) => convertToType(item, inner.items[i], defaultOf)),
        value.range,
      );
    case 'object':
      return inner.t === 'object' ? convertObject(value, inner, defaultOf) : value;
    default:
      return value;
  }
}

function convertObject(value: Value, type: Expr & { t: 'object' }, defaultOf: (expr: Expr) => Value): Value {
  if (value.kind !== 'object') return value;
  const entries: ObjectEntry[] = [...value.entries];
  for (const item of type.items) {
    const name = attributeName(item.key);
    if (name === undefined) continue;
    const optional = item.value.t === 'call' && item.value.name === 'optional' ? item.value : undefined;
    const attributeType = optional ? optional.args[0] : item.value;
    const at = entries.findIndex((e) => e.key === name);
    const given = at >= 0 ? entries[at].value : undefined;
    if (optional && (given === undefined || (given.kind === 'scalar' && given.value === null))) {
      const fallback = optional.args[1] ? defaultOf(optional.args[1]) : scalar(null, value.range);
      const filled = convertToType(fallback, attributeType, defaultOf);
      if (at >= 0) entries[at] = entryWithValue(entries[at], filled);
      else entries.push({ key: name, keyRange: value.range, value: filled });
    } else if (given !== undefined) {
      entries[at] = entryWithValue(entries[at], convertToType(given, attributeType, defaultOf));
    }
  }
  return object(entries, value.range);
}

/** An object type's attribute name: `name = type` or `"name" = type`. */
function attributeName(key: Expr): string | undefined {
  if (key.t === 'var') return key.name;
  if (key.t === 'lit' && typeof key.value === 'string') return key.value;
  return undefined;
}

function convertPrimitive(value: Value, name: string): Value {
  if (value.kind !== 'scalar' || value.value === null) return value;
  switch (name) {
    case 'number': {
      const n = toNumber(value);
      return n === undefined ? value : { ...value, value: n };
    }
    case 'bool': {
      const b = toBool(value);
      return b === undefined ? value : { ...value, value: b };
    }
    case 'string':
      return typeof value.value === 'string' ? value : { ...value, value: String(value.value) };
    default:
      return value;
  }
}
