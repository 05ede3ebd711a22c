import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { STARTER_CONFIG } from '../../src/engine/config';
import { readPlainConfigYaml } from '../../src/parsers/kubernetes/direct';
import { YAML_MUTATIONS } from '../kubernetes/examples';
import { expectMutationsReadAsLibrary } from '../mutations';
import { filesUnder } from '../fixture-files';

const root = path.join(__dirname, '..', '..');
const SETTING =
  /^(?:root|rules|overrides|ignorePaths|failOn|varFiles|environments|parameterFiles|requireReason|reportUnusedSuppressions|showUnknown|clusters|failOnUnevaluated|maxFileSize|lsp):/m;

/** Config files in the repository, config snippets of the docs, and the configs the tests write. */
const fixtures = [
  ...['examples', 'test'].flatMap((d) => filesUnder(path.join(root, d), /^\.akslint\.ya?ml$/)),
].map((f) => fs.readFileSync(f, 'utf8'));
const docSnippets = [path.join(root, 'README.md'), ...filesUnder(path.join(root, 'docs'), /\.md$/)].flatMap(
  (f) =>
    [...fs.readFileSync(f, 'utf8').matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)]
      .map((m) => m[1])
      .filter((t) => SETTING.test(t)),
);
/** The single-quoted config texts test files write or parse (`'.akslint.yaml': '…'`). */
const testConfigs = [
  ...filesUnder(path.join(root, 'test'), /\.test\.ts$/),
  ...filesUnder(path.join(root, 'src'), /\.test\.ts$/),
]
  .flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/\.akslint\.ya?ml'[,:]\s*'((?:[^'\\\n]|\\.)*)'/g)])
  .map((m) => JSON.parse(`"${m[1].replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string);

const snippets = [
  STARTER_CONFIG,
  'rules:\n  AKS101: off\n  K8S110: high\noverrides:\n  - files: "legacy/**"\n    excludedFiles: [legacy/keep/**]\n    rules:\n      AKS201: off\n',
  'environments:\n  dev: [envs/dev.tfvars]\n  prod:\n    - envs/prod.tfvars\n    - envs/prod-secrets.tfvars\n',
  'lsp:\n  severity:\n    critical: error\n    info: hint\nmaxFileSize: 0.5\nfailOnUnevaluated: yes\n',
  'a: true\nb: True\nc: FALSE\nd: yes\ne: on\nf: 0o17\ng: 017\nh: 0x1F\ni: -0\nj: +12\nk: 1_000\nl: 1.50\nm: .5\nn: 1e3\no: -.inf\np: .NaN\nq: ~\nr: Null\ns: 1:20\nt: 2001-12-14\nu: 0b101\nv: "1"\nw: \'on\'\n',
  '"rules": {"AKS101": "off", K8S110: high}\n"failOn": "low"\n',
  'ignorePaths: |\n  a\n  b\nvarFiles: >-\n  x\n  y\n',
  '# only a comment\n',
  '---\nroot: true\n',
  '---\n',
];
const seeds = [...fixtures, ...docSnippets, ...testConfigs, ...snippets];

/** What config.ts reads with yaml, when yaml reads it without an error; undefined otherwise. */
function library(text: string): { data: unknown } | undefined {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true, logLevel: 'error' });
  if (doc.errors.length > 0) return undefined;
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) as unknown };
  } catch {
    return undefined;
  }
}

// `?? {}` as config.ts: a file of comments only is an empty config either way.
const direct = (text: string) => {
  const read = readPlainConfigYaml(text);
  return read && { data: read.data ?? {} };
};
const withYaml = (text: string) => {
  const read = library(text);
  return read && { data: read.data ?? {} };
};

/** Besides the manifests' mutations: quotes, config keys, and scalars YAML 1.2 types otherwise than 1.1. */
const MUTATIONS = [
  ...YAML_MUTATIONS,
  '"',
  "'",
  'rules:',
  'AKS101: off\n',
  '  - x\n',
  'root: true\n',
  'failOn: low\n',
  'True',
  'null',
  '0o17',
  '0x1F',
  '1.5',
  '.inf',
  '1: ',
  'true: ',
  '__proto__: ',
];

describe('reading plain config files directly gives what yaml reads (YAML 1.2, unique keys)', () => {
  it('finds the configs to compare', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    expect(docSnippets.length).toBeGreaterThan(0);
    expect(testConfigs.length).toBeGreaterThan(20);
  });

  it.each(seeds.map((text, i) => [i, text]))('seed %i', (_, text) => {
    const expected = withYaml(text);
    const got = direct(text);
    if (!expected) expect(got).toBeUndefined();
    else if (got) expect(got).toEqual(expected);
  });

  it('reads every config file, docs snippet and test config yaml reads, but a lone scalar', () => {
    const clean = seeds.filter((t) => library(t) !== undefined);
    const scalarOnly = (t: string) => {
      const data = library(t)?.data;
      return data !== null && typeof data !== 'object';
    };
    expect(clean.filter((t) => direct(t) === undefined)).toEqual(clean.filter(scalarOnly));
  });

  it('types scalars as YAML 1.2 does, not as manifests are read', () => {
    expect(direct('a: yes\nb: on\nc: 017\nd: 0o17\ne: True\nf: 1_000\n')).toEqual({
      data: { a: 'yes', b: 'on', c: 17, d: 15, e: true, f: '1_000' },
    });
  });

  it('leaves to yaml what it does not read as yaml does', () => {
    for (const text of [
      'a: 1\na: 2\n',
      'a: {b: 1, "b": 2}\n',
      'a: &x 1\nb: *x\n',
      '1: a\n',
      'true: a\n',
      '__proto__: {}\n',
      'a: 1\n---\nb: 2\n',
      '{"rules": {}}\n',
    ]) {
      expect(readPlainConfigYaml(text)).toBeUndefined();
    }
  });

  it('reads no mutated config yaml rejects, and reads the others as yaml does', () => {
    expectMutationsReadAsLibrary(seeds, MUTATIONS, direct, withYaml, { numRuns: 4000, atLeast: 800 });
  });
});
