import { MemoryHost } from '../../src/discover/host';
import { armLoader } from '../../src/evaluate/arm';
import { loadBicep } from '../../src/evaluate/bicep';
import { templateFunctions } from '../../src/evaluate/template-functions/functions';
import { lookupPath, type LoadResult, type Value } from '../../src/model';

/**
 * Every function of the shared ARM/Bicep table, called with the same arguments from an ARM template
 * and from a Bicep file: both evaluators must give the same values, the same unknown reasons and
 * the same number of rejected calls.
 */

/** An expression written once, rendered in either language. */
type X =
  | string
  | number
  | boolean
  | null
  | X[]
  | { obj: Record<string, X> }
  | { call: string; args: X[] }
  | { op: '>' | '<' | '+' | '*'; left: X; right: X }
  | { v: string }
  | { get: X; key: string }
  | { lambda: string[]; body: X }
  | { unset: true }
  | { id: true };

const o = (obj: Record<string, X>): X => ({ obj });
const call = (name: string, ...args: X[]): X => ({ call: name, args });
const op = (operator: '>' | '<' | '+' | '*', left: X, right: X): X => ({ op: operator, left, right });
const v = (name: string): X => ({ v: name });
const lambda = (params: string[], body: X): X => ({ lambda: params, body });
const UNSET: X = { unset: true };
/** A resource id: known only at deployment, but never empty. */
const ID: X = { id: true };

const ARM_OPERATORS = { '>': 'greater', '<': 'less', '+': 'add', '*': 'mul' };

function arm(x: X): string {
  if (typeof x === 'string') return `'${x.replace(/'/g, "''")}'`;
  if (typeof x === 'number') return String(x);
  if (typeof x === 'boolean') return `${x}()`;
  if (x === null) return 'null()';
  if (Array.isArray(x)) return `createArray(${x.map(arm).join(', ')})`;
  if ('obj' in x)
    return `createObject(${Object.entries(x.obj)
      .map(([k, item]) => `${arm(k)}, ${arm(item)}`)
      .join(', ')})`;
  if ('call' in x) return `${x.call}(${x.args.map(arm).join(', ')})`;
  if ('op' in x) return `${ARM_OPERATORS[x.op]}(${arm(x.left)}, ${arm(x.right)})`;
  if ('v' in x) return `lambdaVariables('${x.v}')`;
  if ('get' in x) return `${arm(x.get)}.${x.key}`;
  if ('lambda' in x) return `lambda(${[...x.lambda.map((p) => `'${p}'`), arm(x.body)].join(', ')})`;
  if ('unset' in x) return "parameters('unset')";
  return "resourceId('Microsoft.Test/things', 'x')";
}

const LITERALS = ['true', 'false', 'null'];

function bicep(x: X): string {
  if (typeof x === 'string')
    return `'${x.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\$\{/g, '\\${')}'`;
  if (typeof x === 'number' || typeof x === 'boolean' || x === null) return String(x);
  if (Array.isArray(x)) return `[${x.map(bicep).join(', ')}]`;
  if ('obj' in x)
    return `{ ${Object.entries(x.obj)
      .map(([k, item]) => `${bicep(k)}: ${bicep(item)}`)
      .join(', ')} }`;
  // Bicep writes these as literals: true() is not Bicep.
  if ('call' in x && LITERALS.includes(x.call) && x.args.length === 0) return x.call;
  if ('call' in x) return `${x.call}(${x.args.map(bicep).join(', ')})`;
  if ('op' in x) return `(${bicep(x.left)} ${x.op} ${bicep(x.right)})`;
  if ('v' in x) return x.v;
  if ('get' in x) return `${bicep(x.get)}.${x.key}`;
  if ('lambda' in x) return `(${x.lambda.join(', ')}) => ${bicep(x.body)}`;
  if ('unset' in x) return 'unset';
  return "resourceId('Microsoft.Test/things', 'x')";
}

/** Argument lists for each function (by its name in the table); every function has some. */
const CASES: Record<string, X[][]> = {
  if: [
    [true, 'a', 'b'],
    [true, 'a', UNSET],
    [UNSET, 1, 2],
    ['x', 1, 2],
    [true, 1],
  ],
  and: [[true, false], [true, true], [UNSET, false], [true, UNSET], [true, 'x'], [true]],
  or: [[false, true], [false, false], [UNSET, true], [false, UNSET], [true]],
  coalesce: [
    [null, 'a'],
    [null, null],
    [UNSET, 'a'],
    [null, [1, 2]],
  ],
  not: [[true], ['x'], [UNSET]],
  true: [[]],
  false: [[]],
  null: [[]],
  bool: [['TRUE'], [0], [2], ['x']],
  equals: [
    ['a', 'a'],
    ['a', 'A'],
    [
      [1, 2],
      [1, 2],
    ],
    [o({ a: 1 }), o({ A: 1 })],
    [o({ a: 1 }), o({ b: 1 })],
    [ID, ''],
    [ID, null],
    [UNSET, 'a'],
  ],
  less: [
    [1, 2],
    ['b', 'a'],
    ['a', 1],
  ],
  lessOrEquals: [
    [2, 2],
    ['b', 'a'],
  ],
  greater: [
    [1, 2],
    ['b', 'a'],
  ],
  greaterOrEquals: [
    [2, 2],
    [1, 2],
  ],
  int: [['42'], [' -7 '], ['x'], [true]],
  add: [
    [7, 2],
    ['a', 1],
  ],
  sub: [[7, 2]],
  mul: [[-7, 2]],
  div: [
    [7, 2],
    [-7, 2],
    [1, 0],
  ],
  mod: [
    [7, 2],
    [1, 0],
  ],
  min: [[[3, 1, 2]], [3, 1, 2], ['a'], [[]], [[1, UNSET]]],
  max: [[[3, 1, 2]], [3, 1, 2]],
  range: [
    [1, 3],
    [0, 0],
    [1, -1],
    [0, 200000],
  ],
  string: [[o({ a: [1, true, null], b: 'x' })], [1], [true], [null], ['s'], [[UNSET]]],
  concat: [
    ['a', 1, true],
    [[1], [2, 3]],
    [[1], null],
    ['a', [1]],
    [UNSET, 'a'],
  ],
  format: [
    ['{0}-{1}', 'a', 2],
    ['{{x}} {0}', 'y'],
    ['{2}', 'a'],
    ['{0:N2}', 3],
    ['{0:N2}', 'text'],
    ['{0}', [1, 'a']],
    [1],
  ],
  toLower: [['AbC'], [1]],
  toUpper: [['AbC']],
  trim: [['  x y  ']],
  base64: [['hello']],
  base64ToString: [['aGVsbG8=']],
  base64ToJson: [['eyJhIjpbMSwyXX0=']],
  dataUri: [['hi']],
  split: [
    ['a,b;c', [',', ';']],
    ['a,b', ','],
    ['a', ''],
    [1, ','],
  ],
  replace: [
    ['a-b-c', '-', '_'],
    ['abc', '', 'x'],
    ['abc', 1, 'x'],
  ],
  startsWith: [
    ['Hello', 'he'],
    ['Hello', 1],
  ],
  endsWith: [
    ['Hello', 'LO'],
    ['Hello', 'x'],
  ],
  substring: [['hello', 1, 3], ['hello', 2], ['hello'], ['hi', 1, 5], [1, 0]],
  indexOf: [
    ['abcabc', 'BC'],
    [[1, 2, 1], 1],
    [1, 1],
  ],
  lastIndexOf: [
    ['abcabc', 'BC'],
    [[1, 2, 1], 1],
  ],
  padLeft: [
    ['7', 3, '0'],
    [7, 3, '0'],
    ['abc', 2],
    ['a', 400000000],
    ['a', 'x'],
  ],
  json: [['{"a":[1,2],"b":null}'], ['nope'], [1]],
  join: [
    [['a', 'b'], '-'],
    [[1], '-'],
  ],
  empty: [[''], [[]], [o({})], [ID], [null], ['x'], [1], [UNSET]],
  length: [['abc'], [[1, 2]], [o({ a: 1 })], [1]],
  contains: [
    ['Hello', 'ell'],
    ['Hello', 'ELL'],
    [[1, 2], 2],
    [[1, 2], 3],
    [o({ Key: 1 }), 'key'],
    [o({ Key: 1 }), 1],
    [[UNSET, 1], 1],
    [[UNSET, 1], 2],
    [1, 1],
  ],
  union: [
    [o({ a: 1, n: o({ x: 1 }) }), o({ b: 2, n: o({ y: 2 }) })],
    [
      [1, 2],
      [2, 3],
    ],
    ['a', 'b'],
  ],
  intersection: [
    [
      [1, 2, 3, 2],
      [2, 3, 4],
    ],
    [o({ a: 1, b: 2 }), o({ a: 1, b: 3 })],
    ['a', 'b'],
  ],
  createObject: [['a', 1, 'b', [2]], ['a'], [1, 2], [UNSET, 1]],
  createArray: [[1, 'a', UNSET], []],
  array: [['x'], [[1]]],
  first: [[[1, 2, 3]], ['abc'], [[]], [1]],
  last: [[[1, 2, 3]], ['abc'], [[]], [1]],
  take: [
    [[1, 2, 3], 2],
    ['abc', 1],
    [[1], -1],
    [1, 1],
  ],
  skip: [
    [[1, 2, 3], 2],
    ['abc', 5],
  ],
  objectKeys: [[o({ b: 1, a: 2 })], [1]],
  items: [[o({ b: 1, A: 2 })], [1]],
  tryGet: [
    [o({ a: o({ b: 1 }) }), 'a', 'b'],
    [o({ a: 1 }), 'z'],
    [[1, 2], 5],
    [[1, 2], 1],
    [o({ a: null }), 'a', 'b'],
    [o({ a: UNSET }), 'a', 'b'],
    [o({ a: 1 }), 1],
    [[1], 'x'],
    ['s', 'x'],
  ],
  shallowMerge: [
    [[o({ a: 1, n: o({ x: 1 }) }), o({ b: 2, n: o({ y: 1 }) })]],
    [[o({ a: 1 }), 1]],
    [[UNSET]],
    ['x'],
  ],
  flatten: [[[[1], [2, [3]]]], [[1]], [[[1], UNSET]], ['x']],
  any: [[o({ a: 1 })]],
  filter: [
    [[1, 2, 3, 4], lambda(['x'], op('>', v('x'), 2))],
    [[1, 2], lambda(['x', 'i'], op('>', v('i'), 0))],
    [[1, 2], lambda(['x'], op('>', UNSET, 0))],
    ['x', lambda(['x'], true)],
    [[1], 1],
  ],
  map: [
    [[1, 2], lambda(['x'], op('+', v('x'), 1))],
    [[1, 2], lambda(['x', 'i'], op('*', v('x'), v('i')))],
    [[o({ n: 'a' }), o({ n: 'b' })], lambda(['x'], { get: v('x'), key: 'n' })],
    [UNSET, lambda(['x'], v('x'))],
  ],
  reduce: [
    [[1, 2, 3], 0, lambda(['acc', 'x'], op('+', v('acc'), v('x')))],
    [[1, 2], 0, lambda(['acc', 'x'], UNSET)],
  ],
  sort: [
    [[3, 1, 2], lambda(['a', 'b'], op('<', v('a'), v('b')))],
    [['b', 'a'], lambda(['a', 'b'], UNSET)],
  ],
  toObject: [
    [
      [o({ n: 'a', v: 1 }), o({ n: 'b', v: 2 })],
      lambda(['x'], { get: v('x'), key: 'n' }),
      lambda(['x'], { get: v('x'), key: 'v' }),
    ],
    [[o({ n: 'a' })], lambda(['x'], { get: v('x'), key: 'n' })],
    [[1], lambda(['x'], v('x'))],
    [[1], lambda(['x'], UNSET)],
  ],
  mapValues: [
    [o({ a: 1, b: 2 }), lambda(['x'], op('*', v('x'), 10))],
    [[1], lambda(['x'], v('x'))],
  ],
  groupBy: [
    [['apple', 'avocado', 'banana'], lambda(['x'], call('first', v('x')))],
    [[1, 2], lambda(['x'], v('x'))],
  ],
  resourceId: [['Microsoft.Test/things', 'x']],
};

/** Functions known only at deployment all say so the same way: one call each. */
for (const fn of templateFunctions()) if (fn.kind === 'deployment') CASES[fn.name] ??= [[]];

interface Case {
  label: string;
  arm: string;
  bicep: string;
}

const cases: Case[] = Object.entries(CASES).flatMap(([name, argLists]) =>
  argLists.map((args) => ({
    label: `${name}(${args.map(bicep).join(', ')})`,
    arm: arm(call(name, ...args)),
    bicep: bicep(call(name, ...args)),
  })),
);

function armResult(): Promise<LoadResult> {
  const properties = Object.fromEntries(cases.map((c, i) => [`r${i}`, `[${c.arm}]`]));
  const text = JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { unset: { type: 'string' } },
      resources: [{ type: 'Test/things', apiVersion: '1', name: 'r', properties }],
    },
    null,
    2,
  );
  return armLoader.load([{ path: 'main.json', text }], new MemoryHost({ 'main.json': text }), {
    varFiles: [],
    parameterFiles: [],
  });
}

function bicepResult(): LoadResult {
  const lines = cases.map((c, i) => `    r${i}: ${c.bicep}`);
  const text = `param unset string\nresource r 'Test/things@1' = {\n  name: 'r'\n  properties: {\n${lines.join('\n')}\n  }\n}\n`;
  return loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
    varFiles: [],
    parameterFiles: [],
  });
}

/** Plain data with unknowns as `?reason`; a missing parameter's reason (worded per language) as `?unset`. */
function plain(value: Value | undefined, unsetReason: string): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'scalar':
      return value.value;
    case 'unknown':
      return value.reason === unsetReason ? '?unset' : `?${value.reason}`;
    case 'list':
      return value.items.map((item) => plain(item, unsetReason));
    case 'object':
      return Object.fromEntries(value.entries.map((e) => [e.key, plain(e.value, unsetReason)]));
  }
}

function results(result: LoadResult): { values: unknown[]; errors: number[] } {
  const r = result.resources.find((x) => x.address.endsWith('r'));
  if (!r) throw new Error(`no resource: ${JSON.stringify(result.errors)}`);
  const property = (i: number) => lookupPath(r.body, ['properties', `r${i}`], { ignoreCase: true }).value;
  const unsetIndex = cases.findIndex((c) => c.label === "coalesce(unset, 'a')");
  const unset = property(unsetIndex);
  const unsetReason = unset?.kind === 'unknown' ? unset.reason : '';
  // Which property each rejected call belongs to, by the line it is reported on.
  const lines = cases.map((_, i) => property(i)?.range.line);
  return {
    values: cases.map((_, i) => plain(property(i), unsetReason)),
    errors: result.errors.map((e) => lines.indexOf(e.line)).sort((a, b) => a - b),
  };
}

describe('the ARM and Bicep evaluators share one function table', () => {
  let fromArm: ReturnType<typeof results>;
  let fromBicep: ReturnType<typeof results>;
  beforeAll(async () => {
    fromArm = results(await armResult());
    fromBicep = results(bicepResult());
  });

  it('has cases for every function of the table', () => {
    const covered = new Set(Object.keys(CASES).map((n) => n.toLowerCase()));
    expect(
      templateFunctions()
        .map((f) => f.name)
        .filter((n) => !covered.has(n.toLowerCase())),
    ).toEqual([]);
    expect(Object.keys(CASES).filter((n) => !templateFunctions().some((f) => f.name === n))).toEqual([]);
  });

  it.each(cases.map((c, i) => [c.label, i] as const))('%s', (_label, i) => {
    expect(fromBicep.values[i]).toEqual(fromArm.values[i]);
    expect(fromBicep.errors.filter((e) => e === i).length).toBe(fromArm.errors.filter((e) => e === i).length);
  });

  it('computes what Azure documents', () => {
    const at = (label: string) => fromArm.values[cases.findIndex((c) => c.label === label)];
    expect(at("format('{0}-{1}', 'a', 2)")).toBe('a-2');
    expect(at("union({ 'a': 1, 'n': { 'x': 1 } }, { 'b': 2, 'n': { 'y': 2 } })")).toEqual({
      a: 1,
      n: { x: 1, y: 2 },
      b: 2,
    });
    expect(at("padLeft('7', 3, '0')")).toBe('007');
    expect(at("padLeft('a', 400000000)")).toMatch(/^\?the string would be longer than 1,000,000 characters/);
    expect(at('range(0, 200000)')).toMatch(/^\?the value would hold more than 100,000 items/);
    expect(at("empty(resourceId('Microsoft.Test/things', 'x'))")).toBe(false);
    expect(at("if(true, 'a', 'b')")).toBe('a');
    // Lazy: the branch not taken may be unknown.
    expect(at("if(true, 'a', unset)")).toBe('a');
    expect(at('and(true, false)')).toBe(false);
    expect(at('or(unset, true)')).toBe(true);
    // and(arg1, arg2, ...), or(arg1, arg2, ...): the second argument is required.
    for (const label of ['and(true)', 'or(true)']) {
      expect(at(label)).toMatch(/takes at least 2 arguments: 1 given/);
      expect(fromArm.errors).toContain(cases.findIndex((c) => c.label === label));
    }
    expect(at('map([1, 2], (x, i) => (x * i))')).toEqual([0, 2]);
    expect(at("groupBy(['apple', 'avocado', 'banana'], (x) => first(x))")).toEqual({
      a: ['apple', 'avocado'],
      b: ['banana'],
    });
    expect(at('div(-7, 2)')).toBe(-3);
    expect(at("contains('Hello', 'ELL')")).toBe(false);
    expect(at("contains({ 'Key': 1 }, 'key')")).toBe(true);
    expect(at("format('{0:N2}', 3)")).toMatch(/^\?format\(\) format specifier/);
  });
});
