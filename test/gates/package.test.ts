import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INSECURE_CLUSTER, REPO, ensureBuilt, writeFiles } from './cli-harness';

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

// The npm tarball, installed into an empty prefix as a user would, with nothing from this checkout.
describe('the npm package', () => {
  let work: string;
  let tarball: string;
  let packed: PackResult;
  let prefix: string;
  let project: string;

  const run = (cmd: string, args: string[], cwd: string) => {
    const r = spawnSync(cmd, args, {
      cwd,
      encoding: 'utf8',
      timeout: 120_000,
      // No npm settings of this checkout leak into the user's install.
      env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
    });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  beforeAll(() => {
    ensureBuilt();
    work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-package-')));
    const pack = run('npm', ['pack', '--json', '--pack-destination', work], REPO);
    expect(pack).toMatchObject({ code: 0 });
    [packed] = JSON.parse(pack.stdout) as PackResult[];
    tarball = path.join(work, packed.filename);
    prefix = path.join(work, 'prefix');
    fs.mkdirSync(prefix);
    const install = run(
      'npm',
      ['install', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball],
      work,
    );
    expect(install).toMatchObject({ code: 0 });
    project = path.join(work, 'project');
    writeFiles(project, { 'infra/aks.tf': INSECURE_CLUSTER });
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('holds what runs and its documents, nothing else', () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'SECURITY.md',
      'bin/akslint.js',
      'bin/code-cache.js',
      'bin/v8-flags.js',
      'bin/worker.js',
      'lib/THIRD-PARTY-NOTICES.txt',
      'lib/akslint.cjs',
      'lib/lsp.cjs',
      'lib/tree-sitter-terraform.wasm',
      'lib/tree-sitter.cjs',
      'lib/web-tree-sitter.wasm',
      'lib/yaml.cjs',
      'lib/yargs.cjs',
      'package.json',
      'schema/akslint.schema.json',
      'types/index.d.ts',
    ]);
  });

  it('prints only the tarball name on standard output when packed (pre-commit 3 reads it)', () => {
    const again = run('npm', ['pack', '--pack-destination', work], REPO);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${packed.filename}\n`);
  });

  it('installs without dependencies', () => {
    const installed = fs.readdirSync(path.join(prefix, 'node_modules')).filter((n) => !n.startsWith('.'));
    expect(installed).toEqual(['akslint']);
  });

  it('runs `akslint scan` from the installed bin', () => {
    const bin = path.join(prefix, 'node_modules', '.bin', 'akslint');
    const scan = run(bin, ['scan', 'infra', '--format', 'compact'], project);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(1);
    expect(scan.stdout).toMatch(/^infra\/aks\.tf:6:3: high .*local accounts.*\[AKS101\]$/m);
  });

  it('gives programs the JSON report through require() and import', () => {
    const script = (load: string) =>
      `${load}.then(({ scan }) => scan('infra', { cwd: ${JSON.stringify(project)} }))` +
      `.then((r) => console.log(JSON.stringify({ tool: r.tool.name, files: r.summary.filesScanned, ` +
      `rules: [...new Set(r.findings.map((f) => f.ruleId))].includes('AKS101'), file: r.findings[0].file })))`;
    const expected = { tool: 'akslint', files: 1, rules: true, file: 'infra/aks.tf' };
    const viaRequire = run('node', ['-e', script("Promise.resolve(require('akslint'))")], prefix);
    expect(viaRequire.stderr).toBe('');
    expect(JSON.parse(viaRequire.stdout)).toEqual(expected);
    const viaImport = run('node', ['--input-type=module', '-e', script("import('akslint')")], prefix);
    expect(viaImport.stderr).toBe('');
    expect(JSON.parse(viaImport.stdout)).toEqual(expected);
    // The same object the CLI prints with --format json.
    const cli = run(
      path.join(prefix, 'node_modules', '.bin', 'akslint'),
      ['scan', 'infra', '--format', 'json'],
      project,
    );
    const api = run(
      'node',
      [
        '-e',
        `require('akslint').scan('infra', { cwd: ${JSON.stringify(project)} })` +
          `.then((r) => { r.summary.durationMs = 0; console.log(JSON.stringify(r)); })`,
      ],
      prefix,
    );
    const fromCli = JSON.parse(cli.stdout);
    fromCli.summary.durationMs = 0;
    expect(JSON.parse(api.stdout)).toEqual(fromCli);
  });

  it('ships type declarations a TypeScript program compiles against', () => {
    writeFiles(prefix, {
      'use.ts': [
        "import { scan, type Report } from 'akslint';",
        "const report: Promise<Report> = scan(['infra'], { cwd: '.', varFiles: ['prod.tfvars'] });",
        'void report.then((r) => r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`));',
        '',
      ].join('\n'),
      'tsconfig.json': JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          strict: true,
          noEmit: true,
          types: [],
        },
        files: ['use.ts'],
      }),
    });
    const tsc = run(
      process.execPath,
      [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', '.'],
      prefix,
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  });
});
