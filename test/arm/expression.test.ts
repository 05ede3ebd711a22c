import { parseExpression, parseTemplateString, tokenize } from '../../src/parsers/arm/expression';
import { evaluate, type EvalEnv } from '../../src/evaluate/arm/evaluate';
import {
  EvObject,
  Unknown,
  stringify,
  unknownInside,
  type Ev,
} from '../../src/evaluate/template-functions/values';

function env(parameters: Record<string, Ev> = {}, variables: Record<string, Ev> = {}): EvalEnv {
  const lookup = (table: Record<string, Ev>, name: string) => {
    const key = Object.keys(table).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : table[key];
  };
  return {
    parameter: (n) => lookup(parameters, n),
    variable: (n) => lookup(variables, n),
    resolveResource: () => undefined,
    variableReferences: () => undefined,
  };
}

function run(text: string, e: EvalEnv = env(), copies: { name: string; index: number }[] = []): Ev {
  const parsed = parseTemplateString(text);
  if (parsed.kind !== 'expression') throw new Error(`not an expression: ${text}`);
  return evaluate(parsed.expr, { env: e, copies });
}

/** Plain data for comparisons; unknowns become their reason. */
function plain(v: Ev): unknown {
  if (v instanceof Unknown) return { unknown: v.reason };
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof EvObject) return Object.fromEntries([...v.entries].map(([k, x]) => [k, plain(x)]));
  return v;
}

const obj = (o: Record<string, Ev>) => new EvObject(new Map(Object.entries(o)));

describe('template strings', () => {
  it('tells literals, escaped brackets and expressions apart', () => {
    expect(parseTemplateString('plain')).toEqual({ kind: 'literal', value: 'plain' });
    expect(parseTemplateString('[[not an expression]')).toEqual({
      kind: 'literal',
      value: '[not an expression]',
    });
    expect(parseTemplateString('[half')).toEqual({ kind: 'literal', value: '[half' });
    expect(parseTemplateString("[parameters('a')]").kind).toBe('expression');
  });

  it('reports syntax errors with their offset in the string', () => {
    const bad = parseTemplateString("[concat('a', ]");
    expect(bad).toMatchObject({ kind: 'error', offset: 13 });
    expect(parseTemplateString("[concat('a'")).toMatchObject({ kind: 'literal' });
    expect(parseTemplateString("[concat('a']")).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/',' or '\)'/),
    });
    expect(parseTemplateString("['unterminated]")).toMatchObject({
      kind: 'error',
      message: 'unterminated string',
    });
    expect(parseTemplateString('[a(1) b]')).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/after the expression/),
    });
    expect(parseTemplateString('[#]')).toMatchObject({ kind: 'error', offset: 1 });
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = '[' + 'a('.repeat(5000) + ')'.repeat(5000) + ']';
    expect(parseTemplateString(deep)).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/too deeply/),
    });
  });
});

describe('tokenizer and parser', () => {
  it('reads strings with doubled quotes, numbers, names and punctuation', () => {
    const kinds = tokenize("f('it''s', -3, 4.5).x[0]").map((t) => (t.kind === 'punct' ? t.text : t.kind));
    expect(kinds).toEqual([
      'ident',
      '(',
      'string',
      ',',
      'number',
      ',',
      'number',
      ')',
      '.',
      'ident',
      '[',
      'number',
      ']',
      'end',
    ]);
    expect(tokenize("'it''s'")[0]).toMatchObject({ kind: 'string', text: "it's" });
    expect(tokenize('-3')[0]).toMatchObject({ kind: 'number', value: -3 });
  });

  it('builds calls, property and index access', () => {
    expect(parseExpression("a('x').b['c'][1]")).toMatchObject({
      kind: 'index',
      index: { kind: 'number', value: 1 },
      target: {
        kind: 'index',
        index: { value: 'c' },
        target: { kind: 'property', name: 'b', target: { kind: 'call', name: 'a' } },
      },
    });
    expect(parseExpression('ns.fn(1)')).toMatchObject({ kind: 'call', name: 'ns.fn' });
  });
});

describe('evaluator', () => {
  const p = env(
    {
      name: 'aks-prod',
      count: 3,
      flag: true,
      tags: obj({ Env: 'prod' }),
      list: ['a', 'b'],
      missing: new Unknown("parameter 'missing' has no default"),
    },
    {
      Prefix: 'pre',
      profile: obj({
        aadProfile: obj({
          managed: true,
          tenantID: new Unknown('subscription() is known only at deployment'),
        }),
      }),
    },
  );
  const cases: [string, unknown][] = [
    ["[parameters('name')]", 'aks-prod'],
    ["[PARAMETERS('NAME')]", 'aks-prod'],
    ["[variables('prefix')]", 'pre'],
    ["[if(parameters('flag'), 'yes', 'no')]", 'yes'],
    ["[if(not(parameters('flag')), parameters('missing'), 'no')]", 'no'],
    ["[equals(parameters('count'), 3)]", true],
    ["[equals('A', 'a')]", false],
    ["[equals(createObject('a', 1), json('{\"A\": 1}'))]", true],
    ['[not(true())]', false],
    ['[and(true, false)]', false],
    ["[and(false, parameters('missing'))]", false],
    ["[or(parameters('missing'), true)]", true],
    ["[bool('True')]", true],
    ['[bool(0)]', false],
    ["[int('42')]", 42],
    ['[string(5)]', '5'],
    ["[string(createObject('a', createArray(1, 'x')))]", '{"a":[1,"x"]}'],
    ["[concat('a', 'b', 1)]", 'ab1'],
    ["[concat(createArray(1), parameters('list'))]", [1, 'a', 'b']],
    ["[format('{0}-{1}-{0}', 'a', 2)]", 'a-2-a'],
    ["[format('{{literal}} {0:N}', 'x')]", '{literal} x'],
    ["[toLower('AbC')]", 'abc'],
    ["[toUpper('AbC')]", 'ABC'],
    ["[empty('')]", true],
    ['[empty(createArray())]', true],
    ["[empty(createObject('a', 1))]", false],
    ['[empty(null())]', true],
    // Substrings compare case-sensitively (Azure's documentation of contains); object keys do not.
    ["[contains('Hello', 'ELL')]", false],
    ["[contains('Hello', 'ell')]", true],
    ["[contains(parameters('list'), 'b')]", true],
    ["[contains(parameters('tags'), 'env')]", true],
    ["[coalesce(null(), null(), 'c')]", 'c'],
    [
      "[union(createObject('a', 1, 'n', createObject('x', 1)), createObject('b', 2, 'n', createObject('y', 2)))]",
      { a: 1, n: { x: 1, y: 2 }, b: 2 },
    ],
    ['[union(createArray(1, 2), createArray(2, 3))]', [1, 2, 3]],
    ['[intersection(createArray(1, 2), createArray(2, 3))]', [2]],
    ["[createObject('k', 'v')]", { k: 'v' }],
    ["[createArray('a', 1)]", ['a', 1]],
    ["[length('abc')]", 3],
    ["[length(parameters('list'))]", 2],
    ["[length(parameters('tags'))]", 1],
    ['[json(\'{"a":[1,true,null]}\').a[1]]', true],
    ['[less(1, 2)]', true],
    ["[lessOrEquals('b', 'a')]", false],
    ['[greater(2, 1)]', true],
    ['[greaterOrEquals(2, 2)]', true],
    ["[first(parameters('list'))]", 'a'],
    ["[first('xyz')]", 'x'],
    ["[last(parameters('list'))]", 'b'],
    ["[split('a,b;c', createArray(',', ';'))]", ['a', 'b', 'c']],
    ["[split('a-b', '-')[1]]", 'b'],
    ["[replace('a.b.c', '.', '-')]", 'a-b-c'],
    ["[trim('  x ')]", 'x'],
    ["[startsWith('Microsoft', 'micro')]", true],
    ["[endsWith('Microsoft', 'SOFT')]", true],
    ["[parameters('tags').env]", 'prod'],
    ["[parameters('tags')['ENV']]", 'prod'],
    ["[parameters('list')[1]]", 'b'],
    ["[variables('profile').aadProfile.managed]", true],
    ["[substring('abcdef', 1, 3)]", 'bcd'],
    ['[add(1, mul(2, 3))]', 7],
    ['[div(7, 2)]', 3],
    ['[range(2, 3)]', [2, 3, 4]],
    ["[padLeft('7', 3, '0')]", '007'],
    ["[take(parameters('list'), 1)]", ['a']],
    ["[skip('abc', 1)]", 'bc'],
    ["[indexOf('abc', 'C')]", 2],
    ['[max(1, 5, 3)]', 5],
    ["[objectKeys(parameters('tags'))]", ['Env']],
    ["[items(createObject('b', 1, 'a', 2))[0].key]", 'a'],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(plain(run(text, p))).toEqual(expected);
  });

  it('decides contains() by the keys and empty() by the entries, whatever the values', () => {
    const o = env({}, { o: obj({ a: new Unknown("parameter 'p' has no default") }) });
    expect(plain(run("[contains(variables('o'), 'A')]", o))).toBe(true);
    expect(plain(run("[contains(variables('o'), 'b')]", o))).toBe(false);
    expect(plain(run("[empty(variables('o'))]", o))).toBe(false);
  });

  it('knows that a resource id is never empty', () => {
    expect(plain(run("[empty(resourceId('Microsoft.Network/virtualNetworks', 'v'))]"))).toBe(false);
    expect(plain(run("[equals(subscriptionResourceId('Microsoft.Network/x', 'v'), '')]"))).toBe(false);
    expect(plain(run("[not(equals(resourceId('Microsoft.Network/x', 'v'), null()))]"))).toBe(true);
    // reference() may return anything, empty included.
    expect(plain(run("[empty(reference('x').y)]"))).toEqual({
      unknown: 'reference() is known only at deployment',
    });
  });

  it('keeps known parts of objects that hold unknowns', () => {
    expect(plain(run("[variables('profile').aadProfile.tenantID]", p))).toEqual({
      unknown: 'subscription() is known only at deployment',
    });
    expect(plain(run("[length(createArray(parameters('missing'), 1))]", p))).toBe(2);
    expect(plain(run("[createObject('a', parameters('missing')).a]", p))).toEqual({
      unknown: "parameter 'missing' has no default",
    });
  });

  it('gives deployment-time functions an unknown value with the reason', () => {
    expect(plain(run('[resourceGroup().location]'))).toEqual({
      unknown: 'resourceGroup() is known only at deployment',
    });
    expect(plain(run("[uniqueString('a')]"))).toEqual({
      unknown: 'uniqueString() is known only at deployment',
    });
    expect(plain(run("[listKeys('x', '2020-01-01').keys[0]]"))).toEqual({
      unknown: 'listKeys() is known only at deployment',
    });
    expect(plain(run("[concat('x-', subscription().id)]"))).toEqual({
      unknown: 'subscription() is known only at deployment',
    });
    expect(plain(run('[utcNow()]'))).toEqual({ unknown: 'utcNow() is known only at deployment' });
  });

  it('explains other unknowns', () => {
    expect(plain(run("[parameters('nope')]"))).toEqual({
      unknown: "parameter 'nope' is not declared in the template",
    });
    expect(plain(run("[variables('nope')]"))).toEqual({
      unknown: "variable 'nope' is not declared in the template",
    });
    expect(plain(run('[lambdaThing(1)]'))).toEqual({ unknown: 'lambdaThing() is not evaluated by akslint' });
    expect(plain(run('[ns.fn(1)]'))).toEqual({
      unknown: 'user-defined function ns.fn() is not declared in the template',
    });
    expect(plain(run('[createArray(1)[3]]'))).toEqual({
      unknown: 'index 3 is outside the array of length 1',
    });
    expect(plain(run('[toLower(1)]'))).toEqual({ unknown: 'toLower() cannot take int' });
    expect(plain(run('[if(true, 1)]'))).toEqual({ unknown: 'if() takes 3 arguments: 2 given' });
    expect(plain(run("[int('x')]"))).toEqual({ unknown: "int() cannot convert string 'x' to an int" });
  });

  it('reads copyIndex with and without loop names and offsets', () => {
    const loops = [
      { name: 'outer', index: 2 },
      { name: 'inner', index: 5 },
    ];
    expect(run('[copyIndex()]', env(), loops)).toBe(5);
    expect(run('[copyIndex(1)]', env(), loops)).toBe(6);
    expect(run("[copyIndex('OUTER')]", env(), loops)).toBe(2);
    expect(run("[copyIndex('outer', 10)]", env(), loops)).toBe(12);
    expect(plain(run('[copyIndex()]'))).toEqual({ unknown: 'copyIndex() is used outside a copy loop' });
  });

  it('applies lambda functions: filter, map, reduce, sort, toObject, mapValues, groupBy', () => {
    const pools = [
      obj({ name: 'system', mode: 'System', hostEncryption: true }),
      obj({ name: 'user', mode: 'User', hostEncryption: false }),
      obj({ name: 'batch', mode: 'User', hostEncryption: false }),
    ];
    const e = env({ pools, count: 2 });
    expect(
      plain(run("[filter(parameters('pools'), lambda('p', equals(lambdaVariables('p').mode, 'User')))]", e)),
    ).toEqual([
      { name: 'user', mode: 'User', hostEncryption: false },
      { name: 'batch', mode: 'User', hostEncryption: false },
    ]);
    expect(run("[map(parameters('pools'), lambda('p', lambdaVariables('p').name))]", e)).toEqual([
      'system',
      'user',
      'batch',
    ]);
    expect(run("[map(parameters('pools'), lambda('p', 'i', lambdaVariables('i')))]", e)).toEqual([0, 1, 2]);
    expect(
      run(
        "[reduce(createArray(1, 2, 3), 10, lambda('acc', 'x', add(lambdaVariables('acc'), lambdaVariables('x'))))]",
        e,
      ),
    ).toBe(16);
    expect(
      run(
        "[sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))]",
        e,
      ),
    ).toEqual([1, 2, 3]);
    expect(
      plain(
        run(
          "[toObject(parameters('pools'), lambda('p', lambdaVariables('p').name), lambda('p', lambdaVariables('p').hostEncryption))]",
          e,
        ),
      ),
    ).toEqual({ system: true, user: false, batch: false });
    expect(plain(run("[toObject(createArray('a'), lambda('x', lambdaVariables('x')))]", e))).toEqual({
      a: 'a',
    });
    expect(
      plain(run("[mapValues(createObject('a', 1, 'b', 2), lambda('v', mul(lambdaVariables('v'), 10)))]", e)),
    ).toEqual({ a: 10, b: 20 });
    expect(
      plain(run("[groupBy(parameters('pools'), lambda('p', lambdaVariables('p').mode))]", e)),
    ).toMatchObject({
      System: [{ name: 'system' }],
      User: [{ name: 'user' }, { name: 'batch' }],
    });
    // Lambdas see the enclosing lambda's variables.
    expect(
      run(
        "[map(createArray(1, 2), lambda('x', map(createArray(10), lambda('y', add(lambdaVariables('x'), lambdaVariables('y'))))))]",
        e,
      ),
    ).toEqual([[11], [12]]);
  });

  it('reads with tryGet (what Bicep compiles .? to), merges, joins and flattens', () => {
    const profile = obj({ name: 'system', tags: obj({ team: 'aks' }), zones: ['1', '2'] });
    const e = env({ profile, pending: new Unknown('parameter pending has no value') });
    expect(run("[tryGet(parameters('profile'), 'name')]", e)).toBe('system');
    expect(run("[tryGet(parameters('profile'), 'enableEncryptionAtHost')]", e)).toBeNull();
    expect(run("[tryGet(parameters('profile'), 'tags', 'team')]", e)).toBe('aks');
    expect(run("[tryGet(parameters('profile'), 'zones', 5)]", e)).toBeNull();
    expect(run("[tryGet(parameters('profile'), 'missing', 'deeper')]", e)).toBeNull();
    expect(plain(run("[tryGet(parameters('pending'), 'name')]", e))).toEqual({
      unknown: 'parameter pending has no value',
    });
    expect(
      plain(
        run(
          "[shallowMerge(createArray(createObject('a', 1, 'b', createObject('x', 1)), createObject('b', 2)))]",
          e,
        ),
      ),
    ).toEqual({
      a: 1,
      b: 2,
    });
    expect(run("[join(createArray('a', 'b'), ',')]", e)).toBe('a,b');
    expect(run('[flatten(createArray(createArray(1), createArray(2, 3)))]', e)).toEqual([1, 2, 3]);
  });

  it('keeps lambda results unknown when an item or the lambda cannot be evaluated', () => {
    const e = env({ pools: new Unknown('parameter pools has no value') });
    expect(plain(run("[map(parameters('pools'), lambda('p', lambdaVariables('p').name))]", e))).toEqual({
      unknown: 'parameter pools has no value',
    });
    expect(plain(run("[filter(createArray(1, 2), lambda('p', resourceGroup().location))]", e))).toEqual({
      unknown: 'resourceGroup() is known only at deployment',
    });
    expect(plain(run("[lambdaVariables('p')]", e))).toEqual({
      unknown: "lambdaVariables('p') is used outside its lambda",
    });
    expect(plain(run("[map(createArray(1), 'notALambda')]", e))).toEqual({
      unknown: 'map() needs a lambda as argument 2',
    });
  });

  it('records references named by resourceId() and reference()', () => {
    const refs = new Set<string>();
    const e: EvalEnv = {
      ...env(),
      resolveResource: (fn, args) => `${fn}:${args.join('|')}`,
      references: refs,
    };
    run("[resourceId('Microsoft.ContainerService/managedClusters', 'aks')]", e);
    run("[reference('cluster').fqdn]", e);
    expect([...refs].sort()).toEqual([
      'reference:cluster',
      'resourceid:Microsoft.ContainerService/managedClusters|aks',
    ]);
  });

  it('does not build values that double at every step', () => {
    // Variables share their values, so each step doubles the size of the previous one.
    const vars: Record<string, Ev> = { v0: 'x'.repeat(1000) };
    const e = env({}, vars);
    for (let i = 1; i < 40; i++)
      vars[`v${i}`] = run(`[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`, e);
    expect(vars.v39).toBeInstanceOf(Unknown);
    expect((vars.v39 as Unknown).reason).toMatch(/too large/);
    const arrays: Record<string, Ev> = { a0: [1, 2, 3, 4] };
    const ea = env({}, arrays);
    for (let i = 1; i < 40; i++)
      arrays[`a${i}`] = run(`[createArray(variables('a${i - 1}'), variables('a${i - 1}'))]`, ea);
    expect(unknownInside(arrays.a39)?.reason).toMatch(/too large/);
    expect(stringify(arrays.a3)).toMatch(/^\[\[\[\[1,2,3,4\]/);
  });
});
