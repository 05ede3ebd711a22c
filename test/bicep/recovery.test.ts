import fc from 'fast-check';
import { parseBicep } from '../../src/parsers/bicep';
import { loadBicep } from '../../src/evaluate/bicep';
import { MemoryHost } from '../../src/discover/host';
import { dedent } from '../rule-tester';

function errorsOf(code: string): string[] {
  return parseBicep(code).errors.map((e) => `${e.line}:${e.column} ${e.message}`);
}

function names(code: string): string[] {
  return parseBicep(code).statements.map((s) => `${s.kind} ${'name' in s ? s.name : ''}`.trim());
}

describe('Bicep parser: error recovery', () => {
  it('reports a missing value and keeps the rest of the resource and the file', () => {
    const code = dedent`
      param a string = 'x'
      resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
        name: 'aks'
        properties: {
          disableLocalAccounts:
          enableRBAC: true
        }
      }
      var b = 2
    `;
    expect(errorsOf(code)).toEqual(['5:26 expected an expression, found end of line']);
    expect(names(code)).toEqual(['param a', 'resource aks', 'var b']);
    const aks = parseBicep(code).statements[1];
    const body = aks.kind === 'resource' && aks.value.kind === 'object' ? aks.value : undefined;
    const properties = body?.properties[1];
    expect(
      properties?.kind === 'property' &&
        properties.value.kind === 'object' &&
        properties.value.properties.length,
    ).toBe(1);
  });

  it('reports an object left open at the end of the file and keeps what it holds', () => {
    const code = "resource aks 'T@1' = {\n  name: 'aks'\n";
    expect(errorsOf(code)).toEqual(["1:22 '{' is not closed with '}'"]);
    const [aks] = parseBicep(code).statements;
    expect(aks.kind === 'resource' && aks.value.kind === 'object' && aks.value.properties.length).toBe(1);
  });

  it('closes open objects at the next declaration and goes on from there', () => {
    const code = dedent`
      resource a 'T@1' = {
        name: 'a'
        properties: {
          x: 1

      resource b 'T@1' = {
        name: 'b'
      }
    `;
    expect(errorsOf(code)).toEqual(["3:15 '{' is not closed with '}'"]);
    expect(names(code)).toEqual(['resource a', 'resource b']);
  });

  it('skips a line that is not Bicep', () => {
    const code = 'var a = 1\nthis is not bicep\nvar b = 2\n';
    expect(errorsOf(code)).toEqual(["2:1 expected a declaration, found 'this'"]);
    expect(names(code)).toEqual(['var a', 'var b']);
  });

  it('reports an unterminated string once', () => {
    const code = "var s = 'abc\nvar t = 1\n";
    expect(errorsOf(code)).toEqual(['1:9 unterminated string']);
    expect(names(code)).toEqual(['var s', 'var t']);
  });

  it('reports text after a declaration', () => {
    expect(errorsOf("param x string 'a'\n")).toEqual([
      "1:16 expected a new line after the param declaration, found ''a''",
    ]);
  });

  it('reports a stray character once', () => {
    expect(errorsOf('var a = 1 $ 2\n')).toEqual(["1:11 unexpected character '$'"]);
  });

  it('reports a half-typed declaration keyword line and keeps the next one', () => {
    const code = "param\nresource r 'T@1' = {\n  name: 'r'\n}\n";
    expect(errorsOf(code)).toEqual(['1:6 expected a parameter name, found end of line']);
    expect(names(code)).toEqual(['resource r']);
  });

  it('refuses nesting deeper than it can handle, without overflowing the stack', () => {
    const deep = 'var x = ' + '['.repeat(50000) + ']'.repeat(50000) + '\n';
    const result = parseBicep(deep);
    expect(result.errors[0].message).toMatch(/nested too deeply/);
    const parens = 'var y = ' + '('.repeat(50000) + '1' + ')'.repeat(50000) + '\n';
    expect(parseBicep(parens).errors[0].message).toMatch(/nested too deeply/);
  });
});

const SEED = dedent`
  targetScope = 'resourceGroup'
  import { poolType } from './types.bicep'
  @description('Cluster name')
  param name string = 'aks-\${env}'
  param env string = 'dev'
  param lock lockType?
  @secure()
  param pw string
  var pools = [for i in range(0, 2): { name: 'p\${i}', count: i + 1 }]
  var flags = { ...base, local: env == 'prod' ? false : true }
  resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = if (!empty(name)) {
    name: name
    location: resourceGroup().location
    identity: { type: 'SystemAssigned' }
    properties: {
      disableLocalAccounts: flags.?local ?? true
      agentPoolProfiles: [for p in pools: {
        name: p.name
        enableEncryptionAtHost: true
      }]
      // akslint-ignore AKS204: cilium
      networkProfile: { networkPolicy: 'cilium', outboundType: 'userDefinedRouting' }
    }
    resource pool 'agentPools' = {
      name: 'user'
      properties: { count: 1 }
    }
  }
  module m './m.bicep' = { name: 'm', params: { x: aks.name, tags: map(items(t), e => e.value) } }
  output id string = aks.id
  var ml = '''
  multi // not a comment
  '''
`;

describe('Bicep parser: fuzzing', () => {
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate'), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete'), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
    fc.record({ kind: fc.constant('duplicate'), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
    fc.record({
      kind: fc.constant('insert'),
      at: fc.nat(),
      text: fc.string({ unit: 'binary', maxLength: 12 }),
    }),
    fc.record({
      kind: fc.constant('insert'),
      at: fc.nat(),
      text: fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        '(',
        "'",
        "'''",
        '${',
        '\n',
        '@',
        '//',
        '/*',
        '?',
        '=>',
        'for',
        'if',
      ),
    }),
  );

  function mutate(text: string, m: { kind: string; at: number; length?: number; text?: string }): string {
    const at = m.at % (text.length + 1);
    if (m.kind === 'truncate') return text.slice(0, at);
    if (m.kind === 'delete') return text.slice(0, at) + text.slice(at + (m.length ?? 1));
    if (m.kind === 'duplicate')
      return text.slice(0, at) + text.slice(at, at + (m.length ?? 1)) + text.slice(at);
    return text.slice(0, at) + (m.text ?? '') + text.slice(at);
  }

  it('never throws, never hangs, and places every error inside the file', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 5 }), (mutations) => {
        const text = mutations.reduce(mutate, SEED);
        const result = parseBicep(text);
        const lines = text.split(/\r\n|\r|\n/);
        for (const e of result.errors) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(text.split('\n').length);
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeLessThanOrEqual((text.split('\n')[e.line - 1] ?? '').length + 1);
          expect(e.start).toBeLessThanOrEqual(text.length);
        }
        expect(lines.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });

  it('loads mutated templates without throwing', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (mutations) => {
        const text = mutations.reduce(mutate, SEED);
        const host = new MemoryHost({
          'main.bicep': text,
          'm.bicep': "param x string\nresource r 'T@1' = { name: x }\n",
        });
        const result = loadBicep([{ path: 'main.bicep', text }], host, { varFiles: [], parameterFiles: [] });
        for (const e of result.errors) expect(e.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });
});
