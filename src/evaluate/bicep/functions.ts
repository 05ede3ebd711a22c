import {
  firstUnknown,
  fromPlain,
  isSizeError,
  list,
  MAX_STRING_LENGTH,
  STRING_TOO_LONG,
  object,
  scalar,
  toPlain,
  unknown,
  type ObjectEntry,
  type SourceRange,
  type Value,
} from '../../model';
import { RESOURCE_ID_FUNCTIONS } from '../resource-id-functions';

/** A lambda argument, already bound to its environment. */
export type Callable = (args: Value[]) => Value;

export interface CallSite {
  range: SourceRange;
  source: string;
  /** Reports a call the Bicep compiler or Azure would reject (see Environment.invalid). */
  invalid?: (range: SourceRange, message: string) => void;
}

// Functions whose result depends on the deployment target or the time of deployment.
const DEPLOYMENT_TIME = new Set(
  [
    'resourceGroup',
    'subscription',
    'managementGroup',
    'tenant',
    'deployment',
    'environment',
    'deployer',
    'reference',
    'resourceId',
    'subscriptionResourceId',
    'tenantResourceId',
    'managementGroupResourceId',
    'extensionResourceId',
    'uniqueString',
    'newGuid',
    'guid',
    'utcNow',
    'dateTimeAdd',
    'dateTimeToEpoch',
    'dateTimeFromEpoch',
    'listKeys',
    'listSecrets',
    'listAccountSas',
    'listServiceSas',
    'getSecret',
    'pickZones',
    'providers',
    'readEnvironmentVariable',
    'externalInput',
    'loadTextContent',
    'loadFileAsBase64',
    'loadJsonContent',
    'loadYamlContent',
    'getSecret',
  ].map((f) => f.toLowerCase()),
);

const WHY: Record<string, string> = {
  readenvironmentvariable: 'is read from the environment when the parameter file is compiled',
  externalinput: 'is supplied by an external tool at deployment',
  loadtextcontent: 'reads a file, which the scan does not follow',
  loadfileasbase64: 'reads a file, which the scan does not follow',
  loadjsoncontent: 'reads a file, which the scan does not follow',
  loadyamlcontent: 'reads a file, which the scan does not follow',
};

type Plain = unknown;

/**
 * Bicep's built-in functions over evaluated values. Deployment-time functions give an unknown value
 * saying so; any unknown argument makes the result unknown with that argument's reason.
 */
export function callFunction(name: string, args: (Value | Callable)[], at: CallSite): Value {
  const fn = name.toLowerCase();
  const { range, source } = at;
  if (DEPLOYMENT_TIME.has(fn)) {
    // The value exists once deployed; only its content is unknown.
    return unknown(
      `${name}() ${WHY[fn] ?? 'is known only at deployment'}`,
      source,
      range,
      true,
      RESOURCE_ID_FUNCTIONS.has(fn),
    );
  }
  const values = args.filter((a): a is Value => typeof a !== 'function');
  const lambdas = args.filter((a): a is Callable => typeof a === 'function');
  const bad = (why = `${name}() got arguments it cannot use`) => unknown(why, source, range);
  const rejected = (why: string) => {
    at.invalid?.(range, why);
    return unknown(why, source, range, false, false, true);
  };
  if (fn === 'createobject' && values.length % 2 !== 0)
    return rejected(`${name}() takes key and value pairs: ${values.length} arguments given`);

  // Functions that work on values structurally, so a partly unknown object stays partly known.
  switch (fn) {
    case 'union':
      return unionOf(values, at) ?? bad();
    case 'concat':
      if (values.every((v) => v.kind === 'list'))
        return list(
          values.flatMap((v) => (v.kind === 'list' ? v.items : [])),
          range,
        );
      break;
    case 'coalesce': {
      for (const v of values) {
        if (v.kind === 'unknown') return { ...v, source, range };
        if (!(v.kind === 'scalar' && v.value === null)) return v;
      }
      return scalar(null, range);
    }
    case 'if':
      break;
    case 'first':
      if (values[0]?.kind === 'list') return values[0].items[0] ?? scalar(null, range);
      break;
    case 'last':
      if (values[0]?.kind === 'list')
        return values[0].items[values[0].items.length - 1] ?? scalar(null, range);
      break;
    case 'length':
      if (values[0]?.kind === 'list') return scalar(values[0].items.length, range);
      if (values[0]?.kind === 'object') return scalar(values[0].entries.length, range);
      break;
    case 'empty':
      if (values[0]?.kind === 'list') return scalar(values[0].items.length === 0, range);
      if (values[0]?.kind === 'object') return scalar(values[0].entries.length === 0, range);
      if (values[0]?.kind === 'unknown' && values[0].nonEmpty) return scalar(false, range);
      break;
    case 'contains': {
      // The keys decide for an object, whatever its values; a list item found decides for a list.
      const [container, item] = values;
      if (container?.kind === 'object' && item?.kind === 'scalar' && typeof item.value === 'string') {
        const key = item.value.toLowerCase();
        return scalar(
          container.entries.some((e) => e.key.toLowerCase() === key),
          range,
        );
      }
      if (container?.kind === 'list' && item && !firstUnknown(item)) {
        const wanted = JSON.stringify(toPlain(item));
        if (container.items.some((i) => !firstUnknown(i) && JSON.stringify(toPlain(i)) === wanted))
          return scalar(true, range);
      }
      break;
    }
    case 'items':
      if (values[0]?.kind === 'object') {
        const entries = [...values[0].entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
        return list(
          entries.map((e) =>
            object(
              [
                { key: 'key', keyRange: e.keyRange, value: scalar(e.key, e.keyRange) },
                { key: 'value', keyRange: e.keyRange, value: e.value },
              ],
              e.value.range,
            ),
          ),
          range,
        );
      }
      break;
    case 'map':
    case 'filter':
    case 'reduce':
    case 'sort':
    case 'toobject':
    case 'groupby':
    case 'mapvalues':
    case 'flatten':
      return lambdaFunction(fn, values, lambdas, at) ?? bad();
  }

  for (const v of values) {
    const inside = firstUnknown(v);
    if (inside) return unknown(inside.reason, source, range, inside.deferred, false, inside.invalid);
  }
  const plain: Plain[] = values.map((v) => toPlain(v));
  // Padding is the one function that builds a string from a number: bounded before it is built.
  if (fn === 'padleft' && num(plain[1]) && plain[1] > MAX_STRING_LENGTH) return bad(STRING_TOO_LONG);
  let result: ReturnType<typeof plainFunction>;
  try {
    result = plainFunction(fn, plain);
  } catch (err) {
    if (isSizeError(err)) return bad(STRING_TOO_LONG);
    throw err;
  }
  if (typeof result === 'string' && result.length > MAX_STRING_LENGTH) return bad(STRING_TOO_LONG);
  if (result === NOT_HANDLED) return bad(`${name}() is not evaluated by akslint`);
  if (result === INVALID) return bad();
  return fromPlain(result, range);
}

const NOT_HANDLED = Symbol('not handled');
const INVALID = Symbol('invalid');

const str = (v: Plain): v is string => typeof v === 'string';
const num = (v: Plain): v is number => typeof v === 'number';

function plainFunction(fn: string, a: Plain[]): Plain | typeof NOT_HANDLED | typeof INVALID {
  const [x, y, z] = a;
  switch (fn) {
    case 'concat':
      if (a.every(str)) return a.join('');
      if (a.every(Array.isArray)) return (a as Plain[][]).flat();
      return INVALID;
    case 'contains':
      if (str(x) && str(y)) return x.includes(y);
      if (Array.isArray(x)) return x.some((i) => JSON.stringify(i) === JSON.stringify(y));
      if (x && typeof x === 'object' && str(y))
        return Object.keys(x).some((k) => k.toLowerCase() === y.toLowerCase());
      return INVALID;
    case 'empty':
      if (x === null || x === undefined) return true;
      if (str(x) || Array.isArray(x)) return x.length === 0;
      if (typeof x === 'object') return Object.keys(x).length === 0;
      return INVALID;
    case 'length':
      if (str(x) || Array.isArray(x)) return x.length;
      if (x && typeof x === 'object') return Object.keys(x).length;
      return INVALID;
    case 'tolower':
      return str(x) ? x.toLowerCase() : INVALID;
    case 'toupper':
      return str(x) ? x.toUpperCase() : INVALID;
    case 'trim':
      return str(x) ? x.trim() : INVALID;
    case 'bool':
      if (typeof x === 'boolean') return x;
      if (str(x) && /^(true|false)$/i.test(x)) return x.toLowerCase() === 'true';
      if (num(x)) return x !== 0;
      return INVALID;
    case 'int':
      if (num(x)) return Math.trunc(x);
      if (str(x) && /^-?\d+$/.test(x.trim())) return parseInt(x, 10);
      return INVALID;
    case 'string':
      return typeof x === 'string' ? x : x === undefined ? INVALID : stringifyPlain(x);
    case 'json':
      if (!str(x)) return INVALID;
      try {
        return JSON.parse(x);
      } catch {
        return INVALID;
      }
    case 'format':
      if (!str(x)) return INVALID;
      return x.replace(/\{(\d+)(?::[^}]*)?\}/g, (m, i: string) => {
        const v = a[Number(i) + 1];
        return v === undefined ? m : stringifyPlain(v);
      });
    case 'createobject': {
      if (a.length % 2 !== 0) return INVALID;
      const out: Record<string, Plain> = {};
      for (let i = 0; i < a.length; i += 2) {
        if (!str(a[i])) return INVALID;
        out[a[i] as string] = a[i + 1];
      }
      return out;
    }
    case 'createarray':
    case 'array':
      return fn === 'array' && Array.isArray(x) ? x : fn === 'array' ? [x] : a;
    case 'first':
      return str(x) ? x.slice(0, 1) : Array.isArray(x) ? (x[0] ?? null) : INVALID;
    case 'last':
      return str(x) ? x.slice(-1) : Array.isArray(x) ? (x[x.length - 1] ?? null) : INVALID;
    case 'split':
      if (!str(x)) return INVALID;
      if (str(y)) return x.split(y);
      if (Array.isArray(y) && y.every(str)) return x.split(new RegExp(y.map(escapeRegExp).join('|')));
      return INVALID;
    case 'join':
      return Array.isArray(x) && str(y) ? x.map(stringifyPlain).join(y) : INVALID;
    case 'replace':
      return str(x) && str(y) && str(z) ? x.split(y).join(z) : INVALID;
    case 'startswith':
      return str(x) && str(y) ? x.toLowerCase().startsWith(y.toLowerCase()) : INVALID;
    case 'endswith':
      return str(x) && str(y) ? x.toLowerCase().endsWith(y.toLowerCase()) : INVALID;
    case 'indexof':
      return str(x) && str(y) ? x.toLowerCase().indexOf(y.toLowerCase()) : INVALID;
    case 'lastindexof':
      return str(x) && str(y) ? x.toLowerCase().lastIndexOf(y.toLowerCase()) : INVALID;
    case 'substring': {
      if (!str(x) || !num(y)) return INVALID;
      return num(z) ? x.substr(y, z) : x.slice(y);
    }
    case 'take':
      return (str(x) || Array.isArray(x)) && num(y) ? x.slice(0, Math.max(0, y)) : INVALID;
    case 'skip':
      return (str(x) || Array.isArray(x)) && num(y) ? x.slice(Math.max(0, y)) : INVALID;
    case 'range':
      if (!num(x) || !num(y) || y < 0 || y > 10000) return INVALID;
      return Array.from({ length: y }, (_, i) => x + i);
    case 'min':
    case 'max': {
      const nums = (Array.isArray(x) && a.length === 1 ? x : a) as Plain[];
      if (!nums.every(num) || nums.length === 0) return INVALID;
      return fn === 'min' ? Math.min(...(nums as number[])) : Math.max(...(nums as number[]));
    }
    case 'intersection': {
      if (a.every(Array.isArray)) {
        const [head, ...rest] = a as Plain[][];
        return head.filter((i) => rest.every((r) => r.some((j) => JSON.stringify(j) === JSON.stringify(i))));
      }
      return INVALID;
    }
    case 'not':
      return typeof x === 'boolean' ? !x : INVALID;
    case 'and':
      return a.every((v) => typeof v === 'boolean') ? a.every(Boolean) : INVALID;
    case 'or':
      return a.every((v) => typeof v === 'boolean') ? a.some(Boolean) : INVALID;
    case 'equals':
      return JSON.stringify(x) === JSON.stringify(y);
    case 'if':
      return typeof x === 'boolean' ? (x ? y : z) : INVALID;
    case 'base64':
      return str(x) ? Buffer.from(x, 'utf8').toString('base64') : INVALID;
    case 'base64tostring':
      return str(x) ? Buffer.from(x, 'base64').toString('utf8') : INVALID;
    case 'padleft':
      return (str(x) || num(x)) && num(y) ? String(x).padStart(y, str(z) ? z : ' ') : INVALID;
    case 'objectkeys':
      return x && typeof x === 'object' && !Array.isArray(x) ? Object.keys(x) : INVALID;
    case 'tryget': {
      let v: Plain = x;
      for (const k of a.slice(1)) {
        if (v && typeof v === 'object' && (str(k) || num(k))) v = (v as Record<string, Plain>)[k as string];
        else return null;
      }
      return v ?? null;
    }
    case 'shallowmerge': {
      if (!Array.isArray(x) || !x.every((o) => o !== null && typeof o === 'object' && !Array.isArray(o)))
        return INVALID;
      return Object.assign({}, ...(x as Record<string, Plain>[]));
    }
    case 'any':
      return x;
    case 'null':
      return null;
    case 'true':
      return true;
    case 'false':
      return false;
  }
  return NOT_HANDLED;
}

function unionOf(values: Value[], at: CallSite): Value | undefined {
  if (values.length === 0) return undefined;
  const unknownArg = values.find((v) => v.kind === 'unknown');
  if (unknownArg) return { ...unknownArg, source: at.source, range: at.range };
  if (values.every((v) => v.kind === 'object')) {
    let entries: ObjectEntry[] = [];
    for (const v of values) if (v.kind === 'object') entries = mergeObjects(entries, v.entries);
    return object(entries, at.range);
  }
  if (values.every((v) => v.kind === 'list')) {
    const seen = new Set<string>();
    const items: Value[] = [];
    for (const v of values)
      if (v.kind === 'list')
        for (const item of v.items) {
          const key = JSON.stringify(toPlain(item) ?? Math.random());
          if (seen.has(key)) continue;
          seen.add(key);
          items.push(item);
        }
    return list(items, at.range);
  }
  return undefined;
}

/** union() merges objects deeply: nested objects present on both sides are merged too. */
function mergeObjects(base: ObjectEntry[], more: readonly ObjectEntry[]): ObjectEntry[] {
  const out = [...base];
  for (const e of more) {
    const at = out.findIndex((x) => x.key.toLowerCase() === e.key.toLowerCase());
    if (at < 0) {
      out.push(e);
      continue;
    }
    const prev = out[at];
    if (prev.value.kind === 'object' && e.value.kind === 'object') {
      out[at] = { ...e, value: object(mergeObjects(prev.value.entries, e.value.entries), e.value.range) };
    } else out[at] = e;
  }
  return out;
}

function lambdaFunction(fn: string, values: Value[], lambdas: Callable[], at: CallSite): Value | undefined {
  const { range, source } = at;
  const [input] = values;
  const lambda = lambdas[0];
  if (!input) return undefined;
  if (input.kind === 'unknown')
    return unknown(input.reason, source, range, input.deferred, false, input.invalid);
  if (fn === 'flatten') {
    if (input.kind !== 'list') return undefined;
    const items: Value[] = [];
    for (const i of input.items) {
      if (i.kind === 'list') items.push(...i.items);
      else if (i.kind === 'unknown') return unknown(i.reason, source, range, false, false, i.invalid);
      else return undefined;
    }
    return list(items, range);
  }
  if (!lambda) return undefined;
  if (fn === 'mapvalues') {
    if (input.kind !== 'object') return undefined;
    return object(
      input.entries.map((e) => ({ ...e, value: lambda([e.value]) })),
      range,
    );
  }
  if (input.kind !== 'list') return undefined;
  const items = input.items;
  switch (fn) {
    case 'map':
      return list(
        items.map((item, i) => lambda([item, scalar(i, range)])),
        range,
      );
    case 'filter': {
      const out: Value[] = [];
      for (let i = 0; i < items.length; i++) {
        const keep = lambda([items[i], scalar(i, range)]);
        if (keep.kind === 'unknown') return unknown(keep.reason, source, range, false, false, keep.invalid);
        if (keep.kind === 'scalar' && keep.value === true) out.push(items[i]);
      }
      return list(out, range);
    }
    case 'reduce': {
      let acc = values[1];
      if (!acc) return undefined;
      for (let i = 0; i < items.length; i++) acc = lambda([acc, items[i], scalar(i, range)]);
      return acc;
    }
    case 'sort': {
      const sorted = [...items];
      let failed = false;
      sorted.sort((a, b) => {
        const lt = lambda([a, b]);
        if (lt.kind !== 'scalar' || typeof lt.value !== 'boolean') failed = true;
        return lt.kind === 'scalar' && lt.value === true ? -1 : 1;
      });
      return failed ? unknown('sort() comparison is not known', source, range) : list(sorted, range);
    }
    case 'toobject': {
      const valueOf = lambdas[1];
      const entries: ObjectEntry[] = [];
      for (const item of items) {
        const key = lambda([item]);
        if (key.kind !== 'scalar' || typeof key.value !== 'string') {
          return unknown(
            key.kind === 'unknown' ? key.reason : 'toObject() key is not a string',
            source,
            range,
          );
        }
        entries.push({ key: key.value, keyRange: item.range, value: valueOf ? valueOf([item]) : item });
      }
      return object(entries, range);
    }
    case 'groupby': {
      const groups = new Map<string, Value[]>();
      for (const item of items) {
        const key = lambda([item]);
        if (key.kind !== 'scalar' || typeof key.value !== 'string') return undefined;
        groups.set(key.value, [...(groups.get(key.value) ?? []), item]);
      }
      return object(
        [...groups].map(([key, group]) => ({ key, keyRange: range, value: list(group, range) })),
        range,
      );
    }
  }
  return undefined;
}

function stringifyPlain(v: Plain): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
