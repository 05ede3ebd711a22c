import { parseBicep, type Expr, type Statement } from '../../src/parsers/bicep';
import { dedent } from '../rule-tester';

function parseClean(code: string): Statement[] {
  const result = parseBicep(code);
  expect(result.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
  return result.statements;
}

function only<K extends Statement['kind']>(code: string, kind: K): Extract<Statement, { kind: K }> {
  const statements = parseClean(code);
  expect(statements.map((s) => s.kind)).toEqual([kind]);
  return statements[0] as Extract<Statement, { kind: K }>;
}

/** The value expression of `var x = <expr>`. */
function expr(code: string): Expr {
  return only(`var x = ${code}\n`, 'var').value;
}

/** A compact rendering of an expression tree, to compare shapes. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'string':
      return e.holes.length === 0
        ? JSON.stringify(e.parts[0])
        : `\`${e.parts.map((p, i) => p + (i < e.holes.length ? `\${${show(e.holes[i])}}` : '')).join('')}\``;
    case 'number':
    case 'bool':
      return String(e.value);
    case 'null':
      return 'null';
    case 'identifier':
      return e.name;
    case 'object':
      return `{${e.properties.map((p) => (p.kind === 'spread' ? `...${show(p.expr)}` : `${show(p.key)}: ${show(p.value)}`)).join(', ')}}`;
    case 'array':
      return `[${e.items.map((i) => (i.kind === 'spread' ? `...${show(i.expr)}` : show(i))).join(', ')}]`;
    case 'unary':
      return `(${e.op}${show(e.operand)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'ternary':
      return `(${show(e.test)} ? ${show(e.consequent)} : ${show(e.alternate)})`;
    case 'member':
      return `${show(e.object)}${e.safe ? '.?' : '.'}${e.property}`;
    case 'index':
      return `${show(e.object)}[${e.safe ? '?' : ''}${show(e.index)}]`;
    case 'childAccess':
      return `${show(e.object)}::${e.name}`;
    case 'call':
      return `${e.receiver ? show(e.receiver) + '.' : e.namespace ? e.namespace + '.' : ''}${e.name}(${e.args.map(show).join(', ')})`;
    case 'nonNull':
      return `${show(e.expr)}!`;
    case 'lambda':
      return `(${e.params.join(', ')}) => ${show(e.body)}`;
    case 'for':
      return `[for ${e.index ? `(${e.item}, ${e.index})` : e.item} in ${show(e.iterable)}: ${show(e.body)}]`;
    case 'if':
      return `if (${show(e.test)}) ${show(e.body)}`;
    case 'paren':
      return show(e.expr);
    case 'error':
      return '<error>';
  }
}

describe('Bicep parser: declarations', () => {
  it('reads targetScope, metadata and assert', () => {
    const statements = parseClean(dedent`
      targetScope = 'subscription'
      metadata owner = 'platform'
      assert nameIsShort = length(name) < 20
    `);
    expect(statements.map((s) => s.kind)).toEqual(['targetScope', 'metadata', 'assert']);
  });

  it('reads params with decorators, types and defaults', () => {
    const statements = parseClean(dedent`
      @secure()
      param adminPassword string

      @allowed([
        'dev'
        'prod'
      ])
      @description('Where it runs')
      param env string = 'dev'

      @minValue(1)
      @maxValue(100)
      param count int = 3
    `);
    const [pw, env, count] = statements;
    expect(pw).toMatchObject({ kind: 'param', name: 'adminPassword', value: undefined });
    expect(pw.decorators.map((d) => d.name)).toEqual(['secure']);
    expect(env.decorators.map((d) => d.name)).toEqual(['allowed', 'description']);
    expect(env.kind === 'param' && env.value && show(env.value)).toBe('"dev"');
    expect(count.decorators.map((d) => d.name)).toEqual(['minValue', 'maxValue']);
  });

  it('reads resource-derived types', () => {
    const p = only("param tags resourceInput<'Microsoft.Web/sites@2024-04-01'>.tags?\n", 'param');
    expect(p.type?.nullable).toBe(true);
    const o = only("param props resourceOutput<'Microsoft.Web/sites@2024-04-01'>.properties\n", 'param');
    expect(o.type?.nullable).toBe(false);
  });

  it('reads a nullable param without a default followed by another statement', () => {
    const statements = parseClean(dedent`
      param lock lockType?
      var x = 1
    `);
    expect(statements.map((s) => s.kind)).toEqual(['param', 'var']);
    expect(statements[0]).toMatchObject({ name: 'lock', value: undefined, type: { nullable: true } });
  });

  it('reads typed variables', () => {
    const v = only('var enabled bool = true\n', 'var');
    expect(v.type).toBeDefined();
    expect(show(v.value)).toBe('true');
  });

  it('reads resources with existing, nested children and parent', () => {
    const statements = parseClean(dedent`
      resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' existing = {
        name: 'vnet'
        resource subnet 'subnets' existing = {
          name: 'aks'
        }
      }
      resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
        name: 'aks'
        resource pool 'agentPools' = {
          name: 'user'
        }
      }
      resource pool2 'Microsoft.ContainerService/managedClusters/agentPools@2024-09-01' = {
        parent: aks
        name: 'p2'
      }
    `);
    const [vnet, aks, pool2] = statements;
    expect(vnet).toMatchObject({ kind: 'resource', name: 'vnet', existing: true });
    expect(vnet.kind === 'resource' && vnet.value.kind === 'object' && vnet.value.resources[0].name).toBe(
      'subnet',
    );
    expect(aks.kind === 'resource' && aks.typeString.parts[0]).toBe(
      'Microsoft.ContainerService/managedClusters@2024-09-01',
    );
    expect(pool2.kind === 'resource' && pool2.value.kind === 'object' && show(pool2.value)).toBe(
      '{"parent": aks, "name": "p2"}',
    );
  });

  it('reads conditional and looped resources and modules', () => {
    const statements = parseClean(dedent`
      resource a 'T@1' = if (deploy) {
        name: 'a'
      }
      resource b 'T@1' = [for (n, i) in names: if (i > 0) {
        name: n
      }]
      module m './m.bicep' = [for n in names: {
        name: n
      }]
    `);
    expect(statements.map((s) => ('value' in s && s.value ? show(s.value) : ''))).toEqual([
      'if (deploy) {"name": "a"}',
      '[for (n, i) in names: if ((i > 0)) {"name": n}]',
      '[for n in names: {"name": n}]',
    ]);
  });

  it('reads outputs, including resource outputs', () => {
    const statements = parseClean(dedent`
      output id string = aks.id
      output cluster resource 'Microsoft.ContainerService/managedClusters@2024-09-01' = aks
    `);
    expect(statements.map((s) => s.kind)).toEqual(['output', 'output']);
  });

  it('reads user-defined types: unions, object types, discriminators, sealed, arrays', () => {
    const statements = parseClean(dedent`
      type env = 'dev' | 'prod'
      @sealed()
      type pool = {
        @description('pool name')
        name: string
        count: int?
        zones: string[]
        *: string
      }
      @discriminator('kind')
      type either = aType | bType
      type pair = [string, int]
    `);
    expect(statements.map((s) => s.kind)).toEqual(['type', 'type', 'type', 'type']);
    expect(statements[1].decorators.map((d) => d.name)).toEqual(['sealed']);
    expect(statements[2].decorators.map((d) => d.name)).toEqual(['discriminator']);
  });

  it('reads user-defined functions', () => {
    const f = only("func prefixed(name string, n int) string => '${name}-${n}'\n", 'func');
    expect(f.params).toEqual(['name', 'n']);
    expect(show(f.body)).toBe('`${name}-${n}`');
  });

  it('reads imports, multi-line import lists without commas, and using', () => {
    const statements = parseClean(dedent`
      import { poolType, envType as environment
        tagsType
      } from './types.bicep'
      import * as shared from './shared.bicep'
      using './main.bicep'
      using none
    `);
    expect(statements.map((s) => (s.kind === 'import' ? s.names : s.kind))).toEqual([
      ['poolType', 'environment', 'tagsType'],
      ['shared'],
      'using',
      'using',
    ]);
  });

  it('reads extension and provider statements', () => {
    const statements = parseClean(dedent`
      extension microsoftGraphV1
      extension kubernetes with { namespace: 'default', kubeConfig: '' } as k8s
      provider 'br:mcr.microsoft.com/bicep/providers/kubernetes:1.0.0' with { namespace: 'x' } as k
    `);
    expect(
      statements.map((s) => (s.kind === 'extension' ? `${s.keyword}:${s.alias ?? ''}` : s.kind)),
    ).toEqual(['extension:', 'extension:k8s', 'provider:k']);
  });

  it('keeps comments and #disable-next-line directives, not // inside strings', () => {
    const code = dedent`
      // akslint-ignore AKS101: break-glass account (until 2027-01-01)
      var url = 'https://example.com/a' // trailing
      /* block
         comment */
      #disable-next-line no-unused-vars
      var y = 1
    `;
    const result = parseBicep(code);
    expect(result.errors).toEqual([]);
    expect(result.comments.map((c) => c.kind)).toEqual(['line', 'line', 'block', 'directive']);
    expect(result.comments[0].text).toBe('// akslint-ignore AKS101: break-glass account (until 2027-01-01)');
    const url = result.statements[0];
    expect(url.kind === 'var' && show(url.value)).toBe('"https://example.com/a"');
  });

  it('keeps exact offsets of declarations', () => {
    const code = "var a = 1\n\nresource r 'T@1' = {\n  name: 'r'\n}\n";
    const [, r] = parseClean(code);
    expect(code.slice(r.start, r.end)).toBe("resource r 'T@1' = {\n  name: 'r'\n}");
  });
});

describe('Bicep parser: expressions', () => {
  it.each([
    ["'plain'", '"plain"'],
    ["'it\\'s \\${not} a hole\\n'", JSON.stringify("it's ${not} a hole\n")],
    ["'${a}-${b.c}'", '`${a}-${b.c}`'],
    ["'${'nested ${x}'}'", '`${`nested ${x}`}`'],
    ['cond ? 1 : 2', '(cond ? 1 : 2)'],
    ['a ?? b ?? c', '(a ?? (b ?? c))'],
    ['a || b && c', '(a || (b && c))'],
    ['a == b && c != d', '((a == b) && (c != d))'],
    ['1 + 2 * 3 - 4 % 2', '((1 + (2 * 3)) - (4 % 2))'],
    ['!a && -b < 3', '((!a) && ((-b) < 3))'],
    ['-5', '-5'],
    ["a =~ 'X' || a !~ 'y'", '((a =~ "X") || (a !~ "y"))'],
    ['a.b.c', 'a.b.c'],
    ['a.?b', 'a.?b'],
    ['a?.b', 'a.?b'],
    ['a[?0].b', 'a[?0].b'],
    ["a['k']", 'a["k"]'],
    ['x!', 'x!'],
    ['x!.y', 'x!.y'],
    ['vnet::subnet.id', 'vnet::subnet.id'],
    ['resourceGroup().location', 'resourceGroup().location'],
    ['az.resourceGroup().id', 'az.resourceGroup().id'],
    ['storage.listKeys().keys[0].value', 'storage.listKeys().keys[0].value'],
    ['concat(a, b)', 'concat(a, b)'],
    ['map(xs, x => x.name)', 'map(xs, (x) => x.name)'],
    ['reduce(xs, 0, (cur, next) => cur + next)', 'reduce(xs, 0, (cur, next) => (cur + next))'],
    ['sort(xs, (a, b) => a < b)', 'sort(xs, (a, b) => (a < b))'],
    ['() => 1', '() => 1'],
    ['(a + b) * c', '((a + b) * c)'],
    ['{ ...base, a: 1 }', '{...base, "a": 1}'],
    ['[1, ...rest, 2]', '[1, ...rest, 2]'],
    ["{ 'key-with-dash': 1, ident: 2 }", '{"key-with-dash": 1, "ident": 2}'],
    ["{ '${k}': 1 }", '{`${k}`: 1}'],
    ['[for x in xs: x.name]', '[for x in xs: x.name]'],
    ['[for (x, i) in xs: i]', '[for (x, i) in xs: i]'],
    ['[for x in xs: if (x.on) { n: x }]', '[for x in xs: if (x.on) {"n": x}]'],
    ['[\n  1, 2\n  3\n]', '[1, 2, 3]'],
    ['{ a: 1, b: 2 }', '{"a": 1, "b": 2}'],
  ])('%s', (code, expected) => {
    expect(show(expr(code))).toBe(expected);
  });

  it('reads past a look ahead of hundreds of tokens (a parenthesis on one line, then a lambda)', () => {
    // The parser looks for the `)` that closes a parenthesis before it reads one, pulling every token up
    // to it; the tokens looked at and not consumed stay in order however far that goes.
    const terms = Array.from({ length: 300 }, (_, i) => `a${i}`);
    const sum = terms.reduce((acc, t) => `(${acc} + ${t})`);
    expect(show(expr(`(${terms.join(' + ')}) * 2`))).toBe(`(${sum} * 2)`);
    const args = terms.join(', ');
    expect(show(expr(`map(xs, (x) => f(${args}))`))).toBe(`map(xs, (x) => f(${args}))`);
  });

  it('reads multi-line objects and arrays with newline separators', () => {
    expect(
      show(
        expr(dedent`
          {
            a: 1
            b: [
              'x'
              'y'
            ]
            c: {
              d: true
            }
          }
        `),
      ),
    ).toBe('{"a": 1, "b": ["x", "y"], "c": {"d": true}}');
  });

  it('reads triple-quoted strings literally', () => {
    const e = expr("'''\nline ${not} interpolated\n  'quoted' \\n\n'''");
    expect(e).toMatchObject({
      kind: 'string',
      multiline: true,
      parts: ["line ${not} interpolated\n  'quoted' \\n\n"],
    });
  });

  it('reads ternaries spread over lines', () => {
    expect(show(expr("env == 'prod'\n  ? 3\n  : 1"))).toBe('((env == "prod") ? 3 : 1)');
  });

  it('reads multi-line function arguments', () => {
    expect(show(expr('union(\n  a,\n  {\n    b: 1\n  }\n)'))).toBe('union(a, {"b": 1})');
  });

  it('does not take a prefix ! on the next array item for a non-null assertion', () => {
    expect(show(expr('[\n  a\n  !b\n]'))).toBe('[a, (!b)]');
  });
});
