import { MemoryHost } from '../../src/discover/host';
import { armLoader } from '../../src/evaluate/arm';
import { loadBicep } from '../../src/evaluate/bicep';
import {
  COLLECTION_TOO_LARGE,
  MAX_STRING_LENGTH,
  STRING_TOO_LONG,
  StepBudget,
  TOO_DEEP,
  TOO_MANY_STEPS,
} from '../../src/evaluate/limits';
import { evaluate as evaluateBicep } from '../../src/evaluate/bicep/evaluate';
import { environmentFor } from '../../src/evaluate/bicep/template';
import { evaluate as evaluateHcl, type ModuleEnv } from '../../src/evaluate/terraform/evaluate';
import { lookupPath, type LoadResult, type Value } from '../../src/model';
import { parseBicep } from '../../src/parsers/bicep';
import { parseHcl } from '../../src/parsers/terraform/parser';
import { EMPTY_MODULE_ENV, load as loadTerraform } from '../terraform/helpers';

/**
 * The evaluators' shared limits: expressions that would build a huge string or list, nest too deeply or
 * run too long give a value that is unknown with the limit as its reason, never a crash, an
 * out-of-memory or a guess. Each probe is a small file, as an editor would send it.
 */

function bicep(text: string): LoadResult {
  return loadBicep([{ path: 'main.bicep', text }], new MemoryHost({ 'main.bicep': text }), {
    varFiles: [],
    parameterFiles: [],
  });
}

function arm(variables: Record<string, string>, name: string): Promise<LoadResult> {
  const text = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    variables,
    resources: [{ type: 'Test/things', apiVersion: '1', name: 'r', properties: { out: name } }],
  });
  return armLoader.load([{ path: 'main.json', text }], new MemoryHost({ 'main.json': text }), {
    varFiles: [],
    parameterFiles: [],
  });
}

function terraform(text: string): Promise<LoadResult> {
  return loadTerraform({ 'main.tf': text });
}

/** The value at `path` in the only resource. */
function valueAt(result: LoadResult, ...path: string[]): Value | undefined {
  expect(result.resources).toHaveLength(1);
  return lookupPath(result.resources[0].body, path, { ignoreCase: true }).value;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function reasonOf(v: Value | undefined): string | undefined {
  return v?.kind === 'unknown' ? v.reason : undefined;
}

/** `count` declarations, each doubling the one before: the last would be 2^count times the first. */
function doubling(
  count: number,
  first: string,
  step: (previous: string) => string,
  declare: (name: string, value: string) => string,
): string {
  const lines = [declare('s0', first)];
  for (let i = 1; i <= count; i++) lines.push(declare(`s${i}`, step(`s${i - 1}`)));
  return lines.join('\n');
}

describe('the 7-line Bicep padLeft probe', () => {
  it('is unknown because the string would be too long, not built', () => {
    const result = bicep(
      [
        "param location string = 'westeurope'",
        "var padded = padLeft('a', 400000000)",
        "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {",
        '  name: padded',
        '  location: location',
        '  properties: {}',
        '}',
      ].join('\n'),
    );
    expect(result.errors).toEqual([]);
    expect(reasonOf(valueAt(result, 'name'))).toBe(STRING_TOO_LONG);
  });
});

describe('Bicep files that double a value thirty times', () => {
  const declare = (name: string, value: string) => `var ${name} = ${value}`;
  const resource = (last: string) =>
    `\nresource r 'Test/things@1' = {\n  name: 'r'\n  properties: {\n    out: ${last}\n  }\n}\n`;

  it.each([
    ['concat() of strings', "'xxxxxxxxxxxxxxxx'", (p: string) => `concat(${p}, ${p})`, STRING_TOO_LONG],
    ['interpolation', "'xxxxxxxxxxxxxxxx'", (p: string) => `'\${${p}}\${${p}}'`, STRING_TOO_LONG],
    ['replace()', "'xxxxxxxxxxxxxxxx'", (p: string) => `replace(${p}, 'x', 'xx')`, STRING_TOO_LONG],
    ['format()', "'xxxxxxxxxxxxxxxx'", (p: string) => `format('{0}{0}', ${p})`, STRING_TOO_LONG],
    ['an interpolated array', "'xx'", (p: string) => `'\${[${p}, ${p}]}'`, STRING_TOO_LONG],
    ['concat() of arrays', "['x']", (p: string) => `concat(${p}, ${p})`, COLLECTION_TOO_LARGE],
    ['an array spread', "['x']", (p: string) => `[...${p}, ...${p}]`, COLLECTION_TOO_LARGE],
    ['nested arrays', "['x']", (p: string) => `[${p}, ${p}]`, COLLECTION_TOO_LARGE],
    ['nested objects', "{ a: 'x' }", (p: string) => `{ a: ${p}, b: ${p} }`, COLLECTION_TOO_LARGE],
  ])('%s is unknown with the limit as the reason', (_what, first, step, reason) => {
    const text = doubling(30, first, step, declare) + resource('s30');
    expect(text.length).toBeLessThan(1300);
    const result = bicep(text);
    expect(result.errors).toEqual([]);
    // Nested doubling stops one level down: the outer value holds the unknown parts.
    expect(JSON.stringify(valueAt(result, 'properties', 'out'))).toContain(`"reason":"${reason}"`);
  });
});

describe('Terraform files that double a value thirty times', () => {
  const declare = (name: string, value: string) => `  ${name} = ${value}`;
  const tf = (body: string) =>
    `locals {\n${body}\n}\nresource "azurerm_kubernetes_cluster" "c" {\n  name = local.s30\n}\n`;

  it.each([
    ['interpolation', '"xxxxxxxxxxxxxxxx"', (p: string) => `"\${local.${p}}\${local.${p}}"`, STRING_TOO_LONG],
    ['join()', '"xxxxxxxxxxxxxxxx"', (p: string) => `join("", [local.${p}, local.${p}])`, STRING_TOO_LONG],
    [
      'format()',
      '"xxxxxxxxxxxxxxxx"',
      (p: string) => `format("%s%s", local.${p}, local.${p})`,
      STRING_TOO_LONG,
    ],
    ['replace()', '"xxxxxxxxxxxxxxxx"', (p: string) => `replace(local.${p}, "x", "xx")`, STRING_TOO_LONG],
    ['jsonencode()', '"xx"', (p: string) => `jsonencode([local.${p}, local.${p}])`, STRING_TOO_LONG],
    ['concat() of lists', '["x"]', (p: string) => `concat(local.${p}, local.${p})`, COLLECTION_TOO_LARGE],
    ['nested lists', '["x"]', (p: string) => `[local.${p}, local.${p}]`, COLLECTION_TOO_LARGE],
    [
      'nested objects',
      '{ a = "x" }',
      (p: string) => `{ a = local.${p}, b = local.${p} }`,
      COLLECTION_TOO_LARGE,
    ],
  ])('%s is unknown with the reason', async (_what, first, step, reason) => {
    const text = tf(doubling(30, first, step, declare));
    expect(text.length).toBeLessThan(1500);
    const result = await terraform(text);
    expect(result.errors).toEqual([]);
    // Nested doubling stops one level down: the outer value holds the unknown parts.
    expect(JSON.stringify(valueAt(result, 'name'))).toContain(`"reason":"${reason}"`);
  });
});

describe('ARM templates that double a value thirty times', () => {
  it.each([
    [
      'concat() of strings',
      'xxxxxxxxxxxxxxxx',
      (p: string) => `[concat(variables('${p}'), variables('${p}'))]`,
      STRING_TOO_LONG,
    ],
    ['padLeft()', 'x', () => "[padLeft('a', 400000000)]", STRING_TOO_LONG],
    [
      'concat() of arrays',
      "[createArray('x')]",
      (p: string) => `[concat(variables('${p}'), variables('${p}'))]`,
      COLLECTION_TOO_LARGE,
    ],
  ])('%s is unknown with the limit as the reason', async (_what, first, step, reason) => {
    const variables: Record<string, string> = { s0: first };
    for (let i = 1; i <= 30; i++) variables[`s${i}`] = step(`s${i - 1}`);
    const result = await arm(variables, "[variables('s30')]");
    expect(reasonOf(valueAt(result, 'properties', 'out'))).toBe(reason);
  });
});

/** Three loops of a thousand: a billion steps. A small budget shows the stop without spending a million steps. */
describe('loops inside loops stop at the step budget', () => {
  const budgetReached = new RegExp(`${escape(TOO_MANY_STEPS)}|${escape(COLLECTION_TOO_LARGE)}`);

  it('in Terraform', async () => {
    const text = 'v = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n';
    const file = await parseHcl('main.tf', text);
    const attribute = file.body[0];
    if (attribute.t !== 'attribute') throw new Error('no attribute');
    const env: ModuleEnv = { ...EMPTY_MODULE_ENV, steps: new StepBudget(10_000) };
    const v = evaluateHcl(attribute.expr, { file, env });
    expect(JSON.stringify(v)).toContain(TOO_MANY_STEPS);
  });

  it('in Bicep', () => {
    const text =
      'var v = [for a in range(0, 1000): [for b in range(0, 1000): [for c in range(0, 1000): c]]]\n';
    const syntax = parseBicep(text);
    const env = environmentFor({ path: 'main.bicep', text }, syntax, new Map(), () => 'unset');
    env.steps = new StepBudget(10_000);
    const statement = syntax.statements[0];
    if (statement.kind !== 'var') throw new Error('no var');
    expect(JSON.stringify(evaluateBicep(statement.value, env))).toContain(TOO_MANY_STEPS);
  });

  it('in ARM, through the template loader with the full budget', async () => {
    const loop = (name: string, body: string) => `map(range(0, 1000), lambda('${name}', ${body}))`;
    const result = await arm({}, `[${loop('a', loop('b', loop('c', "lambdaVariables('c')")))}]`);
    expect(JSON.stringify(valueAt(result, 'properties', 'out'))).toMatch(budgetReached);
  });
});

describe('deep nesting', () => {
  it('is unknown past the depth limit in Bicep', () => {
    const vars = Array.from({ length: 300 }, (_, i) => `var v${i} = ${i === 0 ? "'x'" : `v${i - 1}`}`);
    const result = bicep(`${vars.join('\n')}\nresource r 'Test/things@1' = {\n  name: v299\n}\n`);
    expect(reasonOf(valueAt(result, 'name'))).toBe(TOO_DEEP);
  });

  it('is unknown past the depth limit in Terraform', async () => {
    const result = await terraform(`resource "t" "x" {\n  v = ${'('.repeat(250)}"x"${')'.repeat(250)}\n}\n`);
    expect(reasonOf(valueAt(result, 'v'))).toBe(TOO_DEEP);
  });
});

it('states the string limit once, in one place', () => {
  expect(STRING_TOO_LONG).toContain(MAX_STRING_LENGTH.toLocaleString('en-US'));
});
