import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INSECURE_CLUSTER, REPO, secureTerraformExample, writeFiles } from './cli-harness';

interface HookDefinition {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
  require_serial: boolean;
}

const hooks = parseYaml(
  fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8'),
) as HookDefinition[];
const hook = (id: string) => hooks.find((h) => h.id === id)!;

describe('.pre-commit-hooks.yaml', () => {
  it('runs akslint scan once on all the changed infrastructure files', () => {
    expect(hooks.map((h) => h.id)).toEqual(['akslint', 'akslint-kubernetes']);
    for (const h of hooks)
      expect(h).toMatchObject({
        entry: 'akslint scan',
        language: 'node',
        pass_filenames: true,
        require_serial: true,
      });
    const files = new RegExp(hook('akslint').files);
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
    const manifests = new RegExp(hook('akslint-kubernetes').files);
    expect(['k8s/web.yaml', 'a.yml'].every((f) => manifests.test(f))).toBe(true);
    expect(['main.tf', 'azuredeploy.json', 'aks.bicep'].some((f) => manifests.test(f))).toBe(false);
  });
});

/**
 * The pre-commit versions users run: Debian's (apt-get install pre-commit, on PATH) and the current
 * release from PyPI, which .ci/run installs into a virtualenv under the cache folder.
 */
const PIP_PRE_COMMIT = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
  'akslint',
  'pre-commit-venv',
  'bin',
  'pre-commit',
);
function preCommitVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim().replace(/^pre-commit /, '') : undefined;
}
const installed = [
  { source: 'Debian (PATH)', bin: 'pre-commit' },
  { source: 'PyPI (virtualenv)', bin: PIP_PRE_COMMIT },
].map((p) => ({ ...p, version: preCommitVersion(p.bin) }));

if (process.env.CI) {
  it('has both pre-commit versions installed (.ci/run installs them)', () => {
    expect(installed.filter((p) => !p.version).map((p) => `${p.source}: ${p.bin}`)).toEqual([]);
  });
} else if (installed.some((p) => !p.version)) {
  console.warn(
    `pre-commit gate tests skip ${installed
      .filter((p) => !p.version)
      .map((p) => p.source)
      .join(' and ')}: install it as .ci/run does`,
  );
}
const available = installed.filter((p) => p.version !== undefined);

// The hook as users install it: pre-commit clones this repository at a commit and installs it with
// its `language: node` (npm), then runs the entry on the staged files. The clone holds what is
// committed: commit before running this locally (CI's checkout is clean).
let clone: string;
let rev: string;
let work: string;

beforeAll(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-pre-commit-')));
  clone = path.join(work, 'akslint');
  execFileSync('git', ['clone', '-q', REPO, clone]);
  rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: clone, encoding: 'utf8' }).trim();
  const uncommitted = execFileSync(
    'git',
    ['status', '--porcelain', '--', 'lib', 'bin', 'package.json', '.pre-commit-hooks.yaml'],
    { cwd: REPO, encoding: 'utf8' },
  );
  if (uncommitted)
    console.warn(`the pre-commit tests run the committed hook, not these changes:\n${uncommitted}`);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  namespace: shop
spec:
  containers:
    - name: shell
      image: busybox:1.36
      securityContext:
        privileged: true
`;

const INSTALL_TIMEOUT = 600_000;

const eachPreCommit = available.length > 0 ? describe.each(available) : describe.skip.each(installed);

eachPreCommit('the hook with pre-commit $version from $source', ({ bin, version }) => {
  let home: string;
  let repo: string;

  const env = () => ({
    ...process.env,
    PRE_COMMIT_HOME: home,
    GIT_AUTHOR_NAME: 'akslint test',
    GIT_AUTHOR_EMAIL: 'test@example.invalid',
    GIT_COMMITTER_NAME: 'akslint test',
    GIT_COMMITTER_EMAIL: 'test@example.invalid',
    NO_COLOR: '1',
    // Offline-friendly: npm takes what its cache holds; the registry is the only network it may use.
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
  });
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { cwd: repo, env: env(), encoding: 'utf8', timeout: INSTALL_TIMEOUT });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };
  const git = (...args: string[]) => run('git', args);
  const commits = () => Number(git('rev-list', '--count', 'HEAD').out.trim());

  beforeAll(() => {
    home = path.join(work, `home-${version}`);
    repo = path.join(work, `platform-${version}`);
    writeFiles(repo, {
      'README.md': 'platform\n',
      'infra/network.tf': 'resource "azurerm_virtual_network" "hub" {\n  name = "hub"\n}\n',
    });
    expect(git('init', '-q', '-b', 'main').code).toBe(0);
    git('config', 'commit.gpgsign', 'false');
    git('add', '.');
    expect(git('commit', '-q', '-m', 'start').code).toBe(0);
  });

  // try-repo installs the hook anew each time it runs (Debian's pre-commit with all the package's
  // development dependencies): both hooks in one run.
  describe('try-repo, both hooks in one run', () => {
    /** The output of each hook, by the title pre-commit prints for it. */
    const byHook = new Map<string, { status: string; text: string }>();
    let code: number | null;

    beforeAll(() => {
      writeFiles(repo, { 'infra/aks.tf': INSECURE_CLUSTER, 'k8s/debug.yaml': PRIVILEGED_POD });
      git('add', '.');
      const r = run(bin, ['try-repo', clone, '--ref', rev, '--all-files']);
      code = r.code;
      const titles = [...r.out.matchAll(/^(.+?)\.{3,}(Passed|Failed|\(no files to check\)Skipped)$/gm)];
      titles.forEach((m, i) =>
        byHook.set(m[1], {
          status: m[2],
          text: r.out.slice(m.index! + m[0].length, titles[i + 1]?.index ?? r.out.length),
        }),
      );
      expect([...byHook.keys()]).toEqual(['akslint', 'akslint (Kubernetes manifests)']);
    }, INSTALL_TIMEOUT);

    afterAll(() => {
      git('rm', '-q', '--cached', 'infra/aks.tf', 'k8s/debug.yaml');
      fs.rmSync(path.join(repo, 'infra/aks.tf'));
      fs.rmSync(path.join(repo, 'k8s'), { recursive: true });
    });

    it('the akslint hook refuses an insecure cluster and manifest, scanning all files in one run', () => {
      const { status, text } = byHook.get('akslint')!;
      expect(status).toBe('Failed');
      expect(text).toMatch(/^infra\/aks\.tf\n(.*\n)*?\s+6:3\s+high\s+AKS101\s+.*local accounts/m);
      expect(text).toMatch(/^k8s\/debug\.yaml\n(.*\n)*?.*critical\s+K8S104\s+.*privileged/m);
      // require_serial: one process saw every file (pre-commit would otherwise split them per CPU).
      expect(text.match(/files? scanned/g)).toHaveLength(1);
      expect(code).toBe(1);
    });

    it('the akslint-kubernetes hook checks the manifests only', () => {
      const { status, text } = byHook.get('akslint (Kubernetes manifests)')!;
      expect(status).toBe('Failed');
      expect(text).toMatch(/^k8s\/debug\.yaml$/m);
      expect(text).not.toMatch(/aks\.tf/);
    });
  });

  describe('installed as a commit gate (.pre-commit-config.yaml with repo and rev)', () => {
    beforeAll(() => {
      writeFiles(repo, {
        '.pre-commit-config.yaml': `repos:\n  - repo: ${clone}\n    rev: ${rev}\n    hooks:\n      - id: akslint\n`,
      });
      git('add', '.pre-commit-config.yaml');
      expect(git('commit', '-q', '--no-verify', '-m', 'pre-commit').code).toBe(0);
      expect(run(bin, ['install']).code).toBe(0);
      const hooksInstalled = run(bin, ['install-hooks']);
      expect(hooksInstalled).toMatchObject({ code: 0 });
    }, INSTALL_TIMEOUT);

    it('refuses a commit that adds an insecure cluster, showing the finding', () => {
      const before = commits();
      writeFiles(repo, { 'infra/aks.tf': INSECURE_CLUSTER });
      git('add', 'infra/aks.tf');
      const commit = git('commit', '-m', 'add cluster');
      expect(commit.out).toMatch(/akslint\.+Failed/);
      expect(commit.out).toMatch(/infra\/aks\.tf/);
      expect(commit.out).toMatch(/6:3\s+high\s+AKS101\s+.*local accounts/);
      expect(commit.code).not.toBe(0);
      expect(commits()).toBe(before);
    });

    it('accepts the commit once the cluster is fixed', () => {
      const before = commits();
      fs.rmSync(path.join(repo, 'infra/aks.tf'));
      const secure = secureTerraformExample();
      writeFiles(
        repo,
        Object.fromEntries(Object.entries(secure).map(([name, text]) => [`infra/${name}`, text])),
      );
      git('add', '-A', 'infra');
      const commit = git('commit', '-m', 'add cluster');
      expect(commit.out).toMatch(/akslint\.+Passed/);
      expect(commit.code).toBe(0);
      expect(commits()).toBe(before + 1);
    });

    it('does not run on commits without infrastructure files', () => {
      writeFiles(repo, { 'README.md': 'platform, documented\n' });
      git('add', 'README.md');
      const commit = git('commit', '-m', 'docs');
      expect(commit.out).toMatch(/akslint\.+\(no files to check\)Skipped/);
      expect(commit.code).toBe(0);
    });
  });
});
