import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  BIN,
  INSECURE_CLUSTER,
  REPO,
  secureTerraformExample,
  ensureBuilt,
  tempProject,
  writeFiles,
} from './cli-harness';

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

const hooks = parseYaml(
  fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8'),
) as HookDefinition[];
const hook = hooks.find((h) => h.id === 'akslint')!;

describe('.pre-commit-hooks.yaml', () => {
  it('runs akslint scan on the changed infrastructure files', () => {
    expect(hook).toMatchObject({ entry: 'akslint scan', language: 'node', pass_filenames: true });
    const files = new RegExp(hook.files);
    for (const name of [
      'main.tf',
      'prod.tfvars',
      'aks.bicep',
      'main.bicepparam',
      'azuredeploy.json',
      'k8s/web.yaml',
      'a.yml',
    ])
      expect(files.test(name)).toBe(true);
    for (const name of ['README.md', 'main.go', 'tf', 'script.ts']) expect(files.test(name)).toBe(false);
  });
});

const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasPreCommit && !process.env.CI) {
  // In CI (.ci/run installs pre-commit) this test must run; locally it needs `apt-get install pre-commit`.
  console.warn('skipping the pre-commit gate test: pre-commit is not installed (apt-get install pre-commit)');
}
const gate = hasPreCommit || process.env.CI ? describe : describe.skip;

gate('the pre-commit gate with the real pre-commit', () => {
  let repo: string;
  const env = () => ({
    ...process.env,
    PRE_COMMIT_HOME: path.join(repo, '.cache-pre-commit'),
    GIT_AUTHOR_NAME: 'akslint test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'akslint test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    NO_COLOR: '1',
  });
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: repo, env: env(), encoding: 'utf8', timeout: 120_000 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const commits = () => Number(run('git', ['rev-list', '--count', 'HEAD']).out.trim());

  beforeAll(() => {
    ensureBuilt();
    repo = tempProject({
      '.gitignore': '.cache-pre-commit/\n',
      // A local hook with the published hook's file filter, running this checkout (no network).
      '.pre-commit-config.yaml': [
        'repos:',
        '  - repo: local',
        '    hooks:',
        '      - id: akslint',
        '        name: akslint',
        `        entry: ${JSON.stringify(`node ${BIN} scan`)}`,
        '        language: system',
        `        files: ${JSON.stringify(hook.files)}`,
        '        pass_filenames: true',
        '',
      ].join('\n'),
      'README.md': 'platform\n',
      'infra/network.tf': 'resource "azurerm_virtual_network" "hub" {\n  name = "hub"\n}\n',
    });
    expect(run('git', ['init', '-q', '-b', 'main']).code).toBe(0);
    run('git', ['config', 'commit.gpgsign', 'false']);
    expect(run('git', ['add', '.']).code).toBe(0);
    expect(run('git', ['commit', '-q', '-m', 'start']).code).toBe(0);
    const install = run('pre-commit', ['install']);
    expect(install).toMatchObject({ code: 0 });
  });

  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('refuses a commit that adds an insecure cluster, showing the finding', () => {
    writeFiles(repo, { 'infra/aks.tf': INSECURE_CLUSTER });
    run('git', ['add', 'infra/aks.tf']);
    const commit = run('git', ['commit', '-m', 'add cluster']);
    expect(commit.code).not.toBe(0);
    expect(commit.out).toMatch(/akslint\.+Failed/);
    expect(commit.out).toMatch(/infra\/aks\.tf/);
    expect(commit.out).toMatch(/6:3\s+high\s+AKS101\s+.*local accounts/);
    expect(commits()).toBe(1);
  });

  it('accepts the commit once the cluster is fixed', () => {
    // The fix: the insecure cluster is replaced by the secure example's platform.
    fs.rmSync(path.join(repo, 'infra/aks.tf'));
    const secure = secureTerraformExample();
    writeFiles(
      repo,
      Object.fromEntries(Object.entries(secure).map(([name, text]) => [`infra/${name}`, text])),
    );
    run('git', ['add', '-A', 'infra']);
    const commit = run('git', ['commit', '-m', 'add cluster']);
    expect(commit.out).toMatch(/akslint\.+Passed/);
    expect(commit.code).toBe(0);
    expect(commits()).toBe(2);
  });

  it('does not run on commits without infrastructure files', () => {
    writeFiles(repo, { 'README.md': 'platform, documented\n' });
    run('git', ['add', 'README.md']);
    const commit = run('git', ['commit', '-m', 'docs']);
    expect(commit.code).toBe(0);
    expect(commit.out).toMatch(/akslint\.+\(no files to check\)Skipped/);
  });
});
