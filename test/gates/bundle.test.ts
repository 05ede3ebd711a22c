import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, ensureBuilt } from './cli-harness';

const LIB = path.join(REPO, 'lib');
// What the bundle is built from (scripts/build.mjs, BUNDLE_INPUTS).
const SOURCES = ['src', 'policies', 'scripts', 'package.json', 'package-lock.json'];

function filesOf(dir: string): Record<string, Buffer> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, fs.readFileSync(path.join(dir, name))]),
  );
}

/** `git status` of these paths, or undefined outside a git checkout (an unpacked tarball). */
function gitChanges(paths: string[]): string | undefined {
  const r = spawnSync('git', ['status', '--porcelain', '--', ...paths], { cwd: REPO, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : undefined;
}

describe('the committed bundle (lib/)', () => {
  let fresh: string;

  beforeAll(() => {
    ensureBuilt();
    fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-bundle-'));
    execFileSync(process.execPath, [path.join(REPO, 'scripts/build.mjs'), '--bundle', '--out', fresh], {
      cwd: REPO,
      stdio: 'pipe',
    });
  });

  afterAll(() => fs.rmSync(fresh, { recursive: true, force: true }));

  it('is byte for byte what the sources build', () => {
    const built = filesOf(fresh);
    const committed = filesOf(LIB);
    expect(Object.keys(committed)).toEqual(Object.keys(built));
    for (const name of Object.keys(built)) {
      if (!built[name].equals(committed[name])) {
        throw new Error(`lib/${name} is not what the sources build: run \`npm run build\` and commit lib/`);
      }
    }
  });

  it('is committed with the sources it was built from', () => {
    // npm test rebuilds lib/ when a source is newer, so a bundle someone forgot to rebuild shows up as
    // a change to lib/ in a checkout whose sources are as committed (CI's clean clone).
    const sourceChanges = gitChanges(SOURCES);
    if (sourceChanges === undefined || sourceChanges !== '') return;
    expect(gitChanges(['lib'])).toBe('');
  });

  it('holds no source map and no path of the machine that built it', () => {
    expect(Object.keys(filesOf(LIB))).toEqual([
      'THIRD-PARTY-NOTICES.txt',
      'akslint.cjs',
      'lsp.cjs',
      'sources.sha256',
      'tree-sitter-terraform.wasm',
      'tree-sitter.cjs',
      'web-tree-sitter.wasm',
      'yaml.cjs',
      'yargs.cjs',
    ]);
    for (const name of Object.keys(filesOf(LIB)).filter((n) => n.endsWith('.cjs'))) {
      const bundle = fs.readFileSync(path.join(LIB, name), 'utf8');
      expect(bundle.includes('sourceMappingURL')).toBe(false);
      expect(bundle.includes(REPO)).toBe(false);
      // bin/akslint.js reads them as Latin-1.
      expect([...bundle].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    }
  });

  it('names the licence of every package it holds', () => {
    const notices = fs.readFileSync(path.join(LIB, 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const name of ['yargs', 'yaml', 'ajv', 'web-tree-sitter', '@tree-sitter-grammars/tree-sitter-hcl'])
      expect(notices).toMatch(new RegExp(`^${name.replace(/[/.]/g, '\\$&')} \\d+\\.\\d+\\.\\d+ \\(`, 'm'));
    expect(notices).not.toContain('no licence file');
  });
});
