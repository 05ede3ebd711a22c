import { loadBicep } from '../../src/evaluate/bicep';
import { evaluate } from '../../src/evaluate/bicep/evaluate';
import { environmentFor } from '../../src/evaluate/bicep/template';
import { MemoryHost } from '../../src/discover/host';
import type { Value } from '../../src/model';
import { parseBicep } from '../../src/parsers/bicep';
import { dedent } from '../rule-tester';

/** Plain data for a value, with unknowns shown as `?reason`. */
function plain(v: Value): unknown {
  switch (v.kind) {
    case 'scalar':
      return v.value;
    case 'unknown':
      return `?${v.reason}`;
    case 'list':
      return v.items.map(plain);
    case 'object':
      return Object.fromEntries(v.entries.map((e) => [e.key, plain(e.value)]));
  }
}

/** The value of `out` in a resource `r` whose body is `{ out: <expr> }`, after the given declarations. */
function valueOf(declarations: string, expression: string): unknown {
  const text = `${declarations}\nresource r 'Test/things@1' = {\n  out: ${expression}\n}\n`;
  const result = loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
    varFiles: [],
    parameterFiles: [],
  });
  expect(result.errors).toEqual([]);
  const r = result.resources.find((x) => x.address === 'r')!;
  return plain(r.body.entries[0].value);
}

describe('Bicep evaluation', () => {
  it.each([
    ["'a-${1 + 2}-${true}'", 'a-3-true'],
    ["'${[1, 2]}'", '[1,2]'],
    ['1 + 2 * 3', 7],
    ['7 / 2', 3],
    ['7 % 4', 3],
    ['-(2)', -2],
    ['!true', false],
    ['1 < 2 && 2 >= 2', true],
    ["'A' =~ 'a'", true],
    ["'A' == 'a'", false],
    ["'A' !~ 'b'", true],
    ['[1, 2] == [1, 2]', true],
    ['true ? 1 : 2', 1],
    ['false ? 1 : 2', 2],
    ['null ?? 5', 5],
    ['3 ?? 5', 3],
    ['{ a: { b: 1 } }.a.b', 1],
    ['{ a: 1 }.?b', null],
    ['[1, 2][?5]', null],
    ["{ a: 1 }['a']", 1],
    ['[10, 20][1]', 20],
    ['{ ...{ a: 1, b: 2 }, b: 3 }', { a: 1, b: 3 }],
    ['[0, ...[1, 2], 3]', [0, 1, 2, 3]],
    ['[for x in [1, 2, 3]: x * 10]', [10, 20, 30]],
    ['[for (x, i) in [5, 6]: i]', [0, 1]],
    ['[for x in [1, 2, 3]: if (x > 1) { v: x }]', [{ v: 2 }, { v: 3 }]],
    ["concat('a', 'b')", 'ab'],
    ['concat([1], [2])', [1, 2]],
    ["contains('hello', 'ell')", true],
    ["contains(['a'], 'b')", false],
    ["contains({ Key: 1 }, 'key')", true],
    ['empty([])', true],
    ["empty('')", true],
    ['empty({ a: 1 })', false],
    ["length('abc')", 3],
    ['length([1, 2])', 2],
    ["toLower('AbC')", 'abc'],
    ["toUpper('AbC')", 'ABC'],
    ['union({ a: { x: 1 } }, { a: { y: 2 }, b: 3 })', { a: { x: 1, y: 2 }, b: 3 }],
    ['union([1, 2], [2, 3])', [1, 2, 3]],
    ['coalesce(null, null, 4)', 4],
    ["bool('true')", true],
    ["int('42')", 42],
    ['string(5)', '5'],
    ['string({ a: 1 })', '{"a":1}'],
    ["format('{0}-{1}', 'a', 2)", 'a-2'],
    ['json(\'{"a": [1]}\')', { a: [1] }],
    ["createObject('a', 1, 'b', true)", { a: 1, b: true }],
    ['first([7, 8])', 7],
    ['last([7, 8])', 8],
    ["split('a,b', ',')", ['a', 'b']],
    ["join(['a', 'b'], '-')", 'a-b'],
    ["replace('a.b.c', '.', '/')", 'a/b/c'],
    ["startsWith('Standard_D4', 'standard')", true],
    ["endsWith('abc', 'bc')", true],
    ["trim('  x ')", 'x'],
    [
      'items({ b: 2, a: 1 })',
      [
        { key: 'a', value: 1 },
        { key: 'b', value: 2 },
      ],
    ],
    ['range(2, 3)', [2, 3, 4]],
    ['map([1, 2], x => x + 1)', [2, 3]],
    ['filter([1, 2, 3], x => x != 2)', [1, 3]],
    ['reduce([1, 2, 3], 0, (acc, x) => acc + x)', 6],
    ["toObject([{ n: 'a', v: 1 }], x => x.n, x => x.v)", { a: 1 }],
    ['x!', 'value'],
  ])('%s', (expression, expected) => {
    expect(valueOf("var x = 'value'", expression)).toEqual(expected);
  });

  it('reads params from their defaults and vars from other vars', () => {
    expect(valueOf("param env string = 'prod'\nvar name = 'aks-${env}'", 'name')).toBe('aks-prod');
  });

  it('gives a nullable param without a default the value null', () => {
    expect(valueOf('param lock object?', 'lock ?? { none: true }')).toEqual({ none: true });
  });

  it('says why a param without a default is unknown', () => {
    expect(valueOf('param disableLocal bool', 'disableLocal')).toBe(
      '?param disableLocal has no default and no .bicepparam file gives it a value',
    );
  });

  it.each([
    ['resourceGroup().location', '?resourceGroup() is known only at deployment'],
    ['subscription().subscriptionId', '?subscription() is known only at deployment'],
    ["uniqueString('a')", '?uniqueString() is known only at deployment'],
    ['utcNow()', '?utcNow() is known only at deployment'],
    ["reference('x').id", '?reference() is known only at deployment'],
    ["resourceId('Microsoft.Network/virtualNetworks', 'v')", '?resourceId() is known only at deployment'],
    ['environment().name', '?environment() is known only at deployment'],
    ['az.resourceGroup().name', '?resourceGroup() is known only at deployment'],
  ])('%s is unknown with a reason', (expression, expected) => {
    expect(valueOf('', expression)).toBe(expected);
  });

  it('marks values that exist once deployed as deferred, and missing params as not', () => {
    const text = dedent`
      param missing string
      resource law 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
        name: 'law'
      }
      resource r 'T@1' = {
        a: law.id
        b: '\${resourceGroup().id}/x'
        c: missing
        d: concat([law.id], [])
      }
    `;
    const result = loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
      varFiles: [],
      parameterFiles: [],
    });
    const body = result.resources.find((x) => x.address === 'r')!.body;
    const deferred = (v: Value): unknown =>
      v.kind === 'unknown' ? v.deferred === true : v.kind === 'list' ? v.items.map(deferred) : v.kind;
    expect(body.entries.map((e) => [e.key, deferred(e.value)])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', [true]],
    ]);
  });

  it('keeps the known parts of an object with unknown members', () => {
    expect(valueOf('', '{ a: 1, b: newGuid() }')).toEqual({
      a: 1,
      b: '?newGuid() is known only at deployment',
    });
    expect(valueOf('', 'union({ a: 1 }, { b: utcNow() })')).toEqual({
      a: 1,
      b: '?utcNow() is known only at deployment',
    });
  });

  it.each([3, 40])(
    'merges %i object keys ignoring case: a later key or spread replaces an earlier one, at the end',
    (count) => {
      // Past a few dozen keys the merge keeps a map instead of a list: the order is the same.
      const keys = Array.from({ length: count }, (_, i) => `k${i}: ${i}`).join('\n');
      const text = `var base = {\n  K1: 'spread'\n  extra: true\n}\nresource r 'Test/things@1' = {\n  out: {\n${keys}\nk0: 'again'\n...base\n}\n}\n`;
      const result = loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
        varFiles: [],
        parameterFiles: [],
      });
      expect(result.errors).toEqual([]);
      const out = result.resources[0].body.entries[0].value;
      expect(out.kind === 'object' && out.entries.map((e) => [e.key, plain(e.value)])).toEqual([
        ...Array.from({ length: count - 2 }, (_, i) => [`k${i + 2}`, i + 2]),
        ['k0', 'again'],
        ['K1', 'spread'],
        ['extra', true],
      ]);
    },
  );

  it('decides contains() by the keys and empty() by the entries, whatever the values', () => {
    const decls = "param p string\nvar o = { a: p, B: 'x' }";
    expect(valueOf(decls, "contains(o, 'a')")).toBe(true);
    expect(valueOf(decls, "contains(o, 'b')")).toBe(true);
    expect(valueOf(decls, "contains(o, 'c')")).toBe(false);
    expect(valueOf(decls, 'empty(o)')).toBe(false);
    expect(valueOf(decls, "contains(['x', p], 'x')")).toBe(true);
    expect(valueOf(decls, "contains(['x', p], 'y')")).toBe(
      '?param p has no default and no .bicepparam file gives it a value',
    );
  });

  it('knows that a resource id is never empty, declared, existing or built by resourceId()', () => {
    const decls = dedent`
      resource vnet 'Microsoft.Network/virtualNetworks@2023-04-01' existing = {
        name: 'vnet'
      }
      resource law 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
        name: 'law'
      }
    `;
    expect(valueOf(decls, 'empty(vnet.id)')).toBe(false);
    expect(valueOf(decls, '!empty(law.id)')).toBe(true);
    expect(valueOf(decls, "law.id == ''")).toBe(false);
    expect(valueOf(decls, 'vnet.id != null')).toBe(true);
    expect(valueOf(decls, "empty(resourceId('Microsoft.Network/virtualNetworks', 'v'))")).toBe(false);
    // Other deployment-time values may well be empty.
    expect(valueOf(decls, 'empty(vnet.properties.dhcpOptions)')).toBe(
      "?an existing resource's properties is known only at deployment",
    );
  });

  it('decides a condition when the known side of && or || settles it', () => {
    expect(valueOf('', 'false && newGuid() == 1')).toBe(false);
    expect(valueOf('', 'true || newGuid() == 1')).toBe(true);
  });

  it('merges objects with shallowMerge: later objects win, nested objects are replaced', () => {
    expect(valueOf('', 'shallowMerge([{ a: 1, b: { x: 1 } }, { b: 2 }])')).toEqual({ a: 1, b: 2 });
  });

  it('evaluates user-defined functions', () => {
    expect(valueOf("func pre(n string) string => 'aks-${n}'", "pre('x')")).toBe('aks-x');
  });

  it('gives the name of another declared resource and leaves its id unknown', () => {
    const text = dedent`
      param env string = 'dev'
      resource law 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
        name: 'law-\${env}'
      }
      resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
        name: 'kv'
      }
      resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
        name: 'aks'
        properties: {
          workspace: law.name
          workspaceId: law.id
          vault: kv.properties.vaultUri
        }
      }
    `;
    const result = loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
      varFiles: [],
      parameterFiles: [],
    });
    const aks = result.resources.find((r) => r.address === 'aks')!;
    expect(plain(aks.body)).toEqual({
      name: 'aks',
      properties: {
        workspace: 'law-dev',
        workspaceId: '?law.id is known only at deployment',
        vault: "?an existing resource's properties is known only at deployment",
      },
    });
    expect(aks.references).toEqual(['kv', 'law']);
    // Existing resources are read, not deployed.
    expect(result.resources.map((r) => r.address)).toEqual(['law', 'aks']);
  });

  it('gives every resource that reads a variable the references of its value', () => {
    const text = dedent`
      resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
        name: 'aks'
      }
      var clusterId = aks.id
      resource first 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
        name: 'first'
        properties: { target: clusterId }
      }
      resource second 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
        name: 'second'
        properties: { target: clusterId }
      }
    `;
    const result = loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
      varFiles: [],
      parameterFiles: [],
    });
    const refs = Object.fromEntries(result.resources.map((r) => [r.address, r.references]));
    expect(refs).toEqual({ aks: [], first: ['aks'], second: ['aks'] });
  });

  it('points values at where they are used: param values at the reference, literals where written', () => {
    const text = "param local bool = false\nresource r 'T@1' = {\n  a: local\n  b: true\n}\n";
    const result = loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
      varFiles: [],
      parameterFiles: [],
    });
    const [a, b] = result.resources[0].body.entries;
    expect(a.value.range).toMatchObject({ line: 3, column: 6, endLine: 3, endColumn: 11 });
    expect(a.keyRange).toMatchObject({ line: 3, column: 3, endColumn: 4 });
    expect(b.value.range).toMatchObject({ line: 4, column: 6, endColumn: 10 });
  });
});

describe('Bicep ranges', () => {
  it('are those of the file being evaluated, when one syntax tree is evaluated under two paths', () => {
    const text = 'var v = { x: 1, y: [1, 2, 3] }\n';
    const syntax = parseBicep(text);
    const statement = syntax.statements[0];
    if (statement.kind !== 'var') throw new Error('no var');
    const files = ['a.bicep', 'b.bicep', 'a.bicep'].map((path) => {
      const v = evaluate(
        statement.value,
        environmentFor({ path, text }, syntax, new Map(), () => 'unset'),
      );
      if (v.kind !== 'object' || v.entries[1].value.kind !== 'list') throw new Error('not evaluated');
      return [v.range.file, v.entries[1].keyRange.file, v.entries[1].value.items[2].range.file];
    });
    expect(files).toEqual([
      ['a.bicep', 'a.bicep', 'a.bicep'],
      ['b.bicep', 'b.bicep', 'b.bicep'],
      ['a.bicep', 'a.bicep', 'a.bicep'],
    ]);
  });
});

describe('Bicep expressions that cannot be reduced say why', () => {
  const decls = 'param p string\nparam flag bool';
  it.each([
    ["[...'x']", '?a spread in an array needs an array'],
    ["{ ...'x' }", '?a spread in an object needs an object'],
    ['{ ...null, a: 1 }', { a: 1 }],
    ['[...p]', '?param p has no default and no .bicepparam file gives it a value'],
    ['flag ? 1 : 1', 1],
    [
      'flag ? 1 : 2',
      '?the condition is not known: param flag has no default and no .bicepparam file gives it a value',
    ],
    ["'x' ? 1 : 2", '?the condition is not a boolean'],
    ["[1, 2]['a']", '?index "a" is not in the value'],
    ['[1][[0]]', '?an index must be a string or a number'],
    ['1 / 0', '?division by zero'],
    ["'a' + 1", "?'+' cannot combine these values"],
    ["-'a'", "?'-' needs a number"],
    ['-[1]', "?'-' needs a scalar"],
    ["{ a: 1 }['b']", '?index "b" is not in the value'],
    ['{ a: 1 }.b', "?the object has no property 'b'"],
    ["'s'.b", "?'b' is read from something that is not an object"],
    ["'s'.?b", null],
    ['x => x', '?a lambda is only evaluated as a function argument'],
    ["'${{ a: 1 }}'", '{"a":1}'],
    ["'${null}'", 'null'],
    ['nope', "?'nope' is not declared"],
    ['nope()', '?nope() is not evaluated by akslint'],
  ])('%s', (expression, expected) => {
    expect(valueOf(decls, expression)).toEqual(expected);
  });
});
