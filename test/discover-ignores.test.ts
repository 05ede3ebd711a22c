import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover } from '../src/discover';
import { tempTree } from './cli-runner';

/**
 * Git itself is the oracle: in a work tree, the files akslint scans in a folder are exactly those
 * `git ls-files --cached --others --exclude-standard` lists (tracked, or untracked and not ignored),
 * narrowed to scanned extensions and to names without a leading dot.
 */
const TREE: Record<string, string> = {
  '.gitignore': '*.local.tf\n/top-only.tf\nbuild/\n*.yaml\n!keep.yaml\nvendor/\ndocs/**/gen.json\n',
  'main.tf': '',
  'dev.local.tf': '',
  'top-only.tf': '',
  'keep.yaml': '',
  'drop.yaml': '',
  'build/out.tf': '',
  'vendor/lib.tf': '',
  // Git never reads an ignore file inside an excluded folder, so this cannot bring lib.tf back.
  'vendor/.gitignore': '!*.tf\n',
  'vendor/pinned.tf': '',
  'docs/a/b/gen.json': '',
  'docs/a/b/real.json': '',
  // A deeper .gitignore overrides the one above it, in both directions.
  'apps/.gitignore': '!*.yaml\n*.bicep\n!main.bicep\nnested/top-only.tf\n',
  'apps/svc.yaml': '',
  'apps/main.bicep': '',
  'apps/other.bicep': '',
  'apps/top-only.tf': '',
  'apps/nested/top-only.tf': '',
  'apps/nested/.gitignore': 'build\n',
  'apps/nested/build': '',
  'apps/nested/build.tf': '',
  'apps/nested/sub/build/x.tf': '',
  '.hidden/x.tf': '',
  'node_modules/m/main.tf': '',
  'notes.txt': '',
};

const git = (dir: string, ...args: string[]) =>
  spawnSync('git', ['-C', dir, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' },
  });

const scannedByAkslint = (rel: string) =>
  /\.(tf|tfvars|bicep|bicepparam|json|ya?ml)$/.test(rel) &&
  !rel.split('/').some((part) => part.startsWith('.') || part === 'node_modules');

async function discovered(dir: string, paths = ['.']): Promise<string[]> {
  const found = await discover(paths, { cwd: dir });
  return found.files.map((f) => f.path);
}

describe('.gitignore in one walk', () => {
  it('scans what git would list: nested rules, negations, folder rules, tracked files in ignored folders', async () => {
    const dir = tempTree(TREE);
    try {
      expect(git(dir, 'init', '-q').status).toBe(0);
      expect(git(dir, 'add', '-f', 'vendor/pinned.tf', 'drop.yaml').status).toBe(0);
      const listed = git(dir, 'ls-files', '--cached', '--others', '--exclude-standard');
      expect(listed.status).toBe(0);
      const oracle = listed.stdout.split('\n').filter(scannedByAkslint).sort();
      // The oracle is not trivial: each kind of rule above removed something, and tracked files stay.
      expect(oracle).toEqual([
        'apps/main.bicep',
        'apps/nested/build.tf',
        'apps/svc.yaml',
        'apps/top-only.tf',
        'docs/a/b/real.json',
        'drop.yaml',
        'keep.yaml',
        'main.tf',
        'vendor/pinned.tf',
      ]);
      expect(await discovered(dir)).toEqual(oracle);
      // From a folder below the top: the same files, relative to it.
      expect(await discovered(path.join(dir, 'apps'))).toEqual(
        oracle.filter((f) => f.startsWith('apps/')).map((f) => f.slice('apps/'.length)),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies the same rules outside a work tree, where nothing is tracked', async () => {
    const dir = tempTree(TREE);
    try {
      expect(await discovered(dir)).toEqual([
        'apps/main.bicep',
        'apps/nested/build.tf',
        'apps/svc.yaml',
        'apps/top-only.tf',
        'docs/a/b/real.json',
        'keep.yaml',
        'main.tf',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads .akslintignore per folder, also where .gitignore excludes nothing', async () => {
    const dir = tempTree({
      '.akslintignore': 'fixtures/\n',
      'fixtures/bad.tf': '',
      'a/.akslintignore': '*.json\n!keep.json\n',
      'a/drop.json': '',
      'a/keep.json': '',
      'a/b/drop.json': '',
      'a/b/.akslintignore': '!drop.json\n',
      'b/drop.json': '',
    });
    try {
      expect(await discovered(dir)).toEqual(['a/b/drop.json', 'a/keep.json', 'b/drop.json']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('display paths', () => {
  it('names each file relative to the working directory, whether the folder scanned is in it, is it, holds it or is beside it', async () => {
    const dir = tempTree({ 'a.tf': '', 'app/b.tf': '', 'app/deep/c.tf': '', 'other/d.tf': '' });
    try {
      const app = path.join(dir, 'app');
      expect(await discovered(dir, ['app'])).toEqual(['app/b.tf', 'app/deep/c.tf']);
      expect(await discovered(dir, ['./app/'])).toEqual(['app/b.tf', 'app/deep/c.tf']);
      expect(await discovered(app, ['.'])).toEqual(['b.tf', 'deep/c.tf']);
      expect(await discovered(app, ['..'])).toEqual(['../a.tf', '../other/d.tf', 'b.tf', 'deep/c.tf']);
      expect(await discovered(app, ['../other'])).toEqual(['../other/d.tf']);
      expect(await discovered(app, [path.join(dir, 'other')])).toEqual(['../other/d.tf']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
