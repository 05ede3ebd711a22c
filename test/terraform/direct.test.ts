import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { readErrorFreeHcl } from '../../src/parsers/terraform/fast';
import { parseHcl } from '../../src/parsers/terraform/parser';
import { editsOf, mutated } from '../mutations';
import { filesUnder } from '../fixture-files';

const root = path.join(__dirname, '..', '..');
const HCL = /\.(tf|tfvars)$/;

/** The tree conversion's syntax for an error-free file; undefined when tree-sitter reports errors. */
async function treeSyntax(text: string) {
  const file = await parseHcl('main.tf', text, { direct: false });
  return file.errors.length === 0 ? file.body : undefined;
}

const files = [
  ...filesUnder(path.join(root, 'examples'), HCL),
  ...filesUnder(path.join(__dirname, '__fixtures__'), HCL),
];

const MUTATIONS = [
  '\n',
  ' ',
  '# c\n',
  '"',
  '${',
  '}',
  '[',
  ']',
  '(',
  ')',
  '.',
  '*',
  '-',
  '?',
  ':',
  '<<EOT\n',
  'x',
  '0',
];

describe('reading error-free files directly gives the tree conversion’s syntax', () => {
  it.each(files.map((f) => [path.relative(root, f)]))('%s', async (rel) => {
    const text = fs.readFileSync(path.join(root, rel), 'utf8');
    const expected = await treeSyntax(text);
    if (!expected) return;
    const direct = readErrorFreeHcl(text);
    expect(direct).toBeDefined();
    expect(direct).toEqual(expected);
  });

  const snippets: Array<[string, string]> = [
    [
      'operators',
      'a = 1 + 2 * 3 - 4 / 5 % 6\nb = !x && y || z == w != v\nc = -1 + -x.y * - -2\nd = a < b == c >= d\n',
    ],
    [
      'conditionals',
      'a = x ? 1 : 2\nb = x == 1 ? "a" : y ? 1 : 2\nc = (x ? y : z) ? 1 : 2\nd = x ? (y ? 1 : 2) : 3\n',
    ],
    ['traversals', 'a = var.x.y[0]["k"].z\nb = x.0.y\nc = f(1)[0].a\nd = (x).y\ne = count.index-1\n'],
    ['splats', 'a = x[*].id\nb = x.*.id[0].name\nc = x[*].a[*].b\nd = [x.*][0]\ne = f(x[*])\n'],
    [
      'calls',
      'a = f()\nb = f(1, 2,)\nc = f(x...)\nd = provider::p::fn(1)\ne = merge(a, {b = 1}, [for k in c : k])\n',
    ],
    [
      'for expressions',
      'a = [for x in xs : upper(x) if x != ""]\nb = {for k, v in m : k => v...}\nc = {for i, v in l : v.name => v if i > 0}\nd = [for x in [for y in z : y] : x]\n',
    ],
    [
      'collections',
      'a = []\nb = {}\nc = { a = 1, "b" = 2, (k) = 3 }\nd = { a : 1\n b : 2 }\ne = [1,\n 2,\n]\n',
    ],
    ['numbers and literals', 'a = 0x1F\nb = 1.5\nc = 2.5e3\nd = true\ne = null\nf = false\ng = {true = 1}\n'],
    [
      'exponents without a fraction',
      'a = 1e3\nb = 1E+3\nc = [2e-2, -1e3]\nd = x ? 1e3 : 0x1e3\ne = "1e3 ${1e3}"\nf = x-1e3 # 1e3\ng = x.0\n',
    ],
    [
      'strings',
      'a = "x\\ny\\t\\"q\\" \\u00e9 \\U0001F600"\nb = "$${not} %%{this}"\nc = "a ${b} c ${~ d ~} e"\nd = ""\ne = "$$x $$${y} %x $"\nf = "${a}${b}"\n',
    ],
    [
      'heredocs',
      'a = <<EOT\nline ${x}\n  two $${y}\nEOT\nb = <<-EOT\n    indented\n      more ${z}\n    EOT\nc = <<EOT\nEOT\nd = <<-X\n  EOTX\n  X$\n  X\n',
    ],
    [
      // Text runs are skipped at once up to a quote, an escape, a sign, a line break, or (in a heredoc)
      // a character outside ASCII.
      'text runs in strings and heredocs',
      'a = "déjà vu ${x} 100% $ \\" end \\\\"\nb = <<EOT\n  déjà ${y} 50% $$ %% é$\n  ü\n    EOT x\nEOT\nc = "\u00a0 ok"\n',
    ],
    [
      'blocks',
      'resource "a" "b" {\n  x = 1\n  nested {\n    y = 2\n  }\n  dynamic "d" {\n    for_each = v\n    content { z = d.value }\n  }\n}\nlocals { a = 1 }\nb "\\u00e9" c {}\n',
    ],
    [
      'comments',
      '# c\n// c\n/* c\n*/ a = /* x */ 1 # y\nb = [ # c\n 1, // d\n 2 /* e */ ]\nc = x # t\n  .y\n',
    ],
    ['empty file', ''],
    ['only comments', '# nothing here\n'],
    ['spacing', 'a=1\nb   =   f (1)\nc = x . y\nd={a=1 b=2}\n'],
  ];

  it.each(snippets)('%s', async (_, text) => {
    const expected = await treeSyntax(text);
    expect(expected).toBeDefined();
    const direct = readErrorFreeHcl(text);
    if (direct !== undefined) expect(direct).toEqual(expected);
  });

  it('reads most of those snippets itself', () => {
    const read = snippets.filter(([, text]) => readErrorFreeHcl(text) !== undefined);
    expect(read.length).toBeGreaterThanOrEqual(snippets.length - 2);
  });

  it('gives up on what it leaves to the tree path', () => {
    expect(readErrorFreeHcl('a = "%{ if x }y%{ endif }"\n')).toBeUndefined();
    expect(readErrorFreeHcl('locals {\n  é = 1\n}\n')).toBeUndefined();
    // A blank outside ASCII in a heredoc: how the grammar's scanner reads it is left to it.
    expect(readErrorFreeHcl('a = <<EOT\n  x\u00a0y\nEOT\n')).toBeUndefined();
  });

  it('reads an escape or a sign at the very end of a text as the end', () => {
    for (const end of ['\\', '$', '$$', '%', '%%', '$${', '\\"']) {
      expect(readErrorFreeHcl(`a = "x"\nb = "abc${end}`)).toBeUndefined();
      expect(readErrorFreeHcl(`a = "x"\nb = <<EOT\nabc${end}`)).toBeUndefined();
    }
    expect(readErrorFreeHcl('{ "a": 1 }\n')).toBeUndefined();
  });

  // parseHcl skips tree-sitter for what the direct reader accepts: it must never accept a syntax error.
  it('reads no mutated fixture tree-sitter rejects', async () => {
    const seeds = files.map((f) => fs.readFileSync(f, 'utf8'));
    const pieces = [...MUTATIONS, '{', '=', ',', '=>', '...', '!', '%{', '/*', '\\', "'", '&&', 'for', 'in'];
    let accepted = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), editsOf(pieces), async (seed, edits) => {
        const text = mutated(seeds[seed], edits);
        const direct = readErrorFreeHcl(text);
        const tree = await parseHcl('main.tf', text, { direct: false });
        if (tree.errors.length > 0) rejected++;
        if (direct === undefined) return;
        accepted++;
        expect(tree.errors).toEqual([]);
        expect(direct).toEqual(tree.body);
      }),
      { numRuns: 1000 },
    );
    // Both sides of the property were exercised.
    expect(accepted).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(500);
  });

  it('agrees with the tree on mutated fixtures tree-sitter accepts', async () => {
    const seeds = files.filter((f) => f.endsWith('.tf')).map((f) => fs.readFileSync(f, 'utf8'));
    const pieces = MUTATIONS;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(seeds.length - 1), editsOf(pieces), async (seed, edits) => {
        const text = mutated(seeds[seed], edits);
        const expected = await treeSyntax(text);
        if (!expected) return;
        const direct = readErrorFreeHcl(text);
        if (direct === undefined) return;
        compared++;
        expect(direct).toEqual(expected);
      }),
      { numRuns: 400 },
    );
    expect(compared).toBeGreaterThan(0);
  });
});
