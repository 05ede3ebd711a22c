import * as fs from 'node:fs';
import * as path from 'node:path';
import { toPlain } from '../../src/model';
import { evaluate } from '../../src/evaluate/terraform/evaluate';
import { EMPTY_MODULE_ENV } from './helpers';
import { parseHcl } from '../../src/parsers/terraform/parser';
import type { BodyItem, Expr } from '../../src/parsers/terraform/syntax';

import { buildCorpus, DEFAULT_SEED } from '../../bench/generate';
import { filesUnder } from '../fixture-files';

const hcl2json = require('@cdktf/hcl2json') as { parse(name: string, text: string): Promise<unknown> };

const root = path.join(__dirname, '..', '..');
const HCL = /\.(tf|tfvars)$/;

/** Literal: no references, calls or interpolation; strings without escapes hcl2json keeps as written. */
function isLiteral(expr: Expr): boolean {
  switch (expr.t) {
    case 'lit':
      return typeof expr.value !== 'string' || !/[$%]\{/.test(expr.value);
    case 'tuple':
      return expr.items.every(isLiteral);
    case 'object':
      return expr.items.every(
        (i) =>
          (i.key.t === 'var' || (i.key.t === 'lit' && typeof i.key.value === 'string')) && isLiteral(i.value),
      );
    default:
      return false;
  }
}

interface Pair {
  where: string;
  ours: unknown;
  theirs: unknown;
}

const env = EMPTY_MODULE_ENV;

function collect(
  items: BodyItem[],
  json: unknown,
  where: string,
  file: Parameters<typeof evaluate>[1]['file'],
  out: Pair[],
): void {
  const counts = new Map<string, number>();
  const node = json as Record<string, unknown> | undefined;
  for (const item of items) {
    if (item.t === 'attribute') {
      if (isLiteral(item.expr)) {
        out.push({
          where: `${where}.${item.name}`,
          ours: toPlain(evaluate(item.expr, { file, env })),
          theirs: node?.[item.name],
        });
      }
      continue;
    }
    let target: unknown = node?.[item.type];
    let key = item.type;
    for (const label of item.labels) {
      target = (target as Record<string, unknown> | undefined)?.[label.value];
      key += `.${label.value}`;
    }
    const index = counts.get(key) ?? 0;
    counts.set(key, index + 1);
    const blockJson = Array.isArray(target) ? target[index] : undefined;
    collect(item.body, blockJson, `${where}.${key}[${index}]`, file, out);
  }
}

const files = [
  ...filesUnder(path.join(root, 'examples'), HCL),
  ...filesUnder(path.join(__dirname, '__fixtures__'), HCL),
];

// A small slice of the benchmark corpus, generated in memory with the bench's own seed.
const corpus = buildCorpus({ scale: 0.03, seed: DEFAULT_SEED }).filter((f) => /\.(tf|tfvars)$/.test(f.path));

async function compareWithHcl2json(rel: string, text: string): Promise<void> {
  const file = await parseHcl(rel, text);
  if (file.errors.length > 0) return; // Broken examples are the syntax tests' business.
  const theirs = await hcl2json.parse(path.basename(rel), text);
  const pairs: Pair[] = [];
  collect(file.body, theirs, '', file, pairs);
  for (const pair of pairs)
    expect({ where: `${rel}${pair.where}`, value: pair.ours }).toEqual({
      where: `${rel}${pair.where}`,
      value: pair.theirs,
    });
}

describe('literal attributes agree with hcl2json', () => {
  it('has files to compare', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(corpus.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [path.relative(root, f)]))('%s', async (rel) => {
    await compareWithHcl2json(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
  });

  it('every file of a generated bench corpus slice', async () => {
    for (const f of corpus) await compareWithHcl2json(f.path, f.text);
  });
});

describe('numeric literals', () => {
  // HCL's scanner takes an exponent after the integer part too; tree-sitter's grammar only after a fraction.
  // The tree path reads what the direct reader leaves to it (a file with a template directive, say).
  it.each(
    ['1e3', '1e+3', '2E10', '1.5e-3', '1e300', '12', '0.25'].flatMap((n) => [
      [n, 'direct'],
      [n, 'tree'],
    ]),
  )('reads %s as HashiCorp HCL does (%s)', async (n, path) => {
    const text = `locals {\n  n = ${n}\n  after = 1\n}\n`;
    const file = await parseHcl('main.tf', text, { direct: path === 'direct' });
    expect(file.errors).toEqual([]);
    const pairs: Pair[] = [];
    collect(file.body, await hcl2json.parse('main.tf', text), '', file, pairs);
    expect(pairs.map((p) => p.where)).toEqual(['.locals[0].n', '.locals[0].after']);
    for (const pair of pairs) expect(pair.ours).toEqual(pair.theirs);
  });
});
