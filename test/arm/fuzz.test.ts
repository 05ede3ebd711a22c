import fc from 'fast-check';
import { MemoryHost } from '../../src/discover/host';
import { armLoader } from '../../src/evaluate/arm';
import { parseTemplateString } from '../../src/parsers/arm/expression';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

const FIXTURE = `{
  "$schema": "${SCHEMA}",
  // a comment
  "languageVersion": "1.0",
  "parameters": {
    "name": { "type": "string", "defaultValue": "aks" },
    "count": { "type": "int", "defaultValue": 2 },
    "off": { "type": "bool" }
  },
  "variables": {
    "prefix": "[toLower(concat(parameters('name'), '-x'))]",
    "copy": [{ "name": "pools", "count": "[parameters('count')]", "input": { "name": "[format('p{0}', copyIndex('pools'))]" } }]
  },
  "resources": [
    {
      "type": "Microsoft.ContainerService/managedClusters",
      "apiVersion": "2024-02-01",
      "name": "[variables('prefix')]",
      "condition": "[not(equals(parameters('name'), ''))]",
      "properties": {
        "disableLocalAccounts": "[parameters('off')]",
        "agentPoolProfiles": "[variables('pools')]",
        "copy": [{ "name": "extra", "count": 2, "input": { "i": "[copyIndex('extra')]" } }]
      },
      "resources": [{ "type": "agentPools", "name": "[concat('u', '1')]", "properties": {} }]
    },
    {
      "type": "Microsoft.Resources/deployments",
      "name": "nested",
      "copy": { "name": "d", "count": "[parameters('count')]" },
      "properties": {
        "expressionEvaluationOptions": { "scope": "inner" },
        "parameters": { "n": { "value": "[copyIndex()]" } },
        "template": { "$schema": "${SCHEMA}", "parameters": { "n": { "type": "int" } },
          "resources": [{ "type": "Microsoft.Network/virtualNetworks", "name": "[string(parameters('n'))]" }] }
      }
    }
  ]
}
`;

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  "'",
  '(',
  ')',
  '[[',
  '/*',
  '//',
  '\n',
  'copyIndex(',
  "parameters('name')",
  "variables('prefix')",
  '"copy": [',
  '"resources": {',
  '\\',
  '\u0000',
  '-1e999',
  'true',
  'null',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 8 })),
  }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
);

function mutate(
  text: string,
  steps: { kind: string; at: number; len?: number; text?: string; other?: number }[],
): string {
  let out = text;
  for (const m of steps) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + (m.len ?? 1));
    else if (m.kind === 'insert') out = out.slice(0, at) + (m.text ?? '') + out.slice(at);
    else {
      const o = out.length === 0 ? 0 : (m.other ?? 0) % out.length;
      const [a, b] = at < o ? [at, o] : [o, at];
      out =
        out.slice(0, a) + out.slice(b, b + 1) + out.slice(a + 1, b) + out.slice(a, a + 1) + out.slice(b + 1);
    }
  }
  return out;
}

async function loadOne(text: string) {
  const files = { 'main.json': text, 'main.parameters.json': '{"parameters": {"off": {"value": true}}}' };
  return armLoader.load([{ path: 'main.json', text }], new MemoryHost(files), {
    varFiles: [],
    parameterFiles: [],
  });
}

describe('fuzz', () => {
  it('the fixture loads cleanly', async () => {
    const r = await loadOne(FIXTURE);
    expect(r.errors).toEqual([]);
    expect(r.resources.length).toBeGreaterThan(3);
  });

  it('mutated templates never throw, never hang, and errors point inside the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (steps) => {
        const text = mutate(FIXTURE, steps);
        const r = await loadOne(text);
        const lines = text.split('\n');
        for (const e of r.errors.filter((x) => x.file === 'main.json')) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.line).toBeLessThanOrEqual(lines.length);
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeLessThanOrEqual(lines[e.line - 1].length + 1);
        }
        for (const res of r.resources) {
          expect(res.range.line).toBeGreaterThanOrEqual(1);
          expect(res.range.endLine).toBeLessThanOrEqual(lines.length);
        }
        await armLoader.parseOnly({ path: 'main.json', text });
      }),
      { numRuns: 400 },
    );
  });

  it('arbitrary expression strings never throw', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        parseTemplateString(`[${s}]`);
      }),
      { numRuns: 2000 },
    );
  });

  it('hostile nesting and huge loops stay bounded', async () => {
    const deepJson = `{"$schema": "${SCHEMA}", "resources": [${'['.repeat(100_000)}`;
    const deep = await loadOne(deepJson);
    expect(deep.errors.length).toBeGreaterThan(0);
    const loops = `{"$schema": "${SCHEMA}", "resources": [{"type": "A.B/c", "name": "[string(copyIndex())]", "copy": {"name": "x", "count": 100000},
      "properties": {"copy": [{"name": "p", "count": 800, "input": {"copy": [{"name": "q", "count": 800, "input": "[copyIndex('q')]"}]}}]}}]}`;
    const big = await loadOne(loops);
    expect(big.resources.length).toBeLessThanOrEqual(800);
  });
});
