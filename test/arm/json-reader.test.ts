import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { parseJsonDocument, readValidJson } from '../../src/parsers/arm/json';
import { expectMutationsReadAsLibrary } from '../mutations';
import { filesUnder } from '../fixture-files';

const root = path.join(__dirname, '..', '..');

const files = [
  ...filesUnder(path.join(root, 'examples'), /\.json$/),
  ...filesUnder(path.join(root, 'test'), /\.json$/),
  // A few of the benchmark's generated templates, when the corpus is there.
  ...filesUnder(path.join(root, 'bench', 'corpus', 'scale-1', 'arm', 'catalog'), /\.json$/),
];

/** What the direct reader cannot see past: escapes, comments, trailing commas, every kind of number. */
const SNIPPETS = [
  '{"a": "x\\"y\\\\z\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00", "": ""}',
  '// head\n{ /* a */ "a" /* b */ : /* c */ 1 /* d */, // e\r\n "b": [1, 2,], }\n/* tail */',
  '[0, -0, 1.5, -2.25e+3, 4E-2, 1e400, 123456789012345678901234567890, 0.1e1]',
  '{"t": true, "f": false, "n": null, "nested": {"deep": [[{"x": []}]], "empty": {}}}',
  '\t\r\n "a root string" \n',
  '{"key":1}\r\n',
  '{"a":1, "a":2, "A": 3}',
  '{"s": "[concat(\'a\', parameters(\'b\'))]", "u": "\u00e9\u2028"}',
];

/** Pieces the mutations insert: what a JSON reader must refuse or read exactly. */
const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '\\u12',
  '\\x',
  '/',
  '//',
  '/*',
  '*/',
  '\n',
  '\r',
  '\t',
  '\u000b',
  '\u00a0',
  '\u0001',
  '-',
  '0',
  '01',
  '.',
  'e',
  'E+',
  '1.',
  'tru',
  'true',
  'nul',
  'x',
  ' ',
  ',]',
  ',}',
  ',,',
  // Harmless almost anywhere, so that enough mutated texts stay valid: in a string, between tokens.
  ' ',
  '  ',
  '\n',
  '\r\n',
  'a',
  '1',
  '\\n',
  '\\u00e9',
  '/* c */',
  '// c\n',
];

/** parseTree's tree without parent links, when it parses the text without an error. */
function library(text: string): Node | undefined {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length === 0 && tree ? withoutParents(tree) : undefined;
}

function withoutParents(node: Node): Node {
  const { parent: _parent, children, ...rest } = node;
  return children ? { ...rest, children: children.map(withoutParents) } : rest;
}

describe('reading valid JSON directly gives the tree jsonc-parser builds', () => {
  it('finds the files to compare', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each([...files.map((f) => path.relative(root, f)), ...SNIPPETS.map((s) => JSON.stringify(s))])(
    '%s',
    (name) => {
      const text = name.startsWith('"')
        ? (JSON.parse(name) as string)
        : fs.readFileSync(path.join(root, name), 'utf8');
      const expected = library(text);
      if (expected === undefined) expect(readValidJson(text)).toBeUndefined();
      else expect(readValidJson(text)).toEqual(expected);
    },
  );

  it('leaves to the library what it reports an error in, with the library’s message', () => {
    for (const text of [
      '',
      '  // only a comment',
      '{"a": 1} x',
      '{"a": 1 "b": 2}',
      '{"a": 01}',
      '[1,,2]',
      '{"a": tru}',
      '{"a": true1}',
      '{"a": "line\nbreak"}',
      '{"a": "\\q"}',
      '{"a": 1.}',
      '{"a": 1e}',
      '{"a": -}',
      '\uFEFF{"a": 1}',
      '{"a": 1} /* open',
      '{"a": 1} / 2',
    ]) {
      expect(readValidJson(text)).toBeUndefined();
      expect(parseJsonDocument('t.json', text).errors.length).toBeGreaterThan(0);
    }
  });

  it('leaves deep nesting to the library, which says when it is too deep to read', () => {
    expect(readValidJson('['.repeat(300) + ']'.repeat(300))).toBeUndefined();
    expect(parseJsonDocument('t.json', '['.repeat(300) + ']'.repeat(300)).root?.type).toBe('array');
    expect(parseJsonDocument('t.json', '['.repeat(200_000)).errors[0].message).toMatch(/nested too deeply/);
  });

  it('reads no mutated text jsonc-parser rejects, and reads the others as it does', () => {
    const seeds = [
      ...files.map((f) => fs.readFileSync(f, 'utf8')).filter((t) => t.length < 20_000),
      ...SNIPPETS,
    ];
    // Accepted: 170–190 of 3,000 without the bench corpus among the seeds.
    expectMutationsReadAsLibrary(seeds, PIECES, readValidJson, library, { numRuns: 3000, atLeast: 100 });
  });
});
