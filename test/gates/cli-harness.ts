import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const BIN = path.join(REPO, 'bin', 'akslint.js');
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * `npm test` builds first; a lone `jest test/gates` bundles here (the build skips when lib/ is up to
 * date). Test files run in parallel workers, so one builds (holding a lock folder) while the others wait.
 */
export function ensureBuilt(): void {
  const lock = path.join(os.tmpdir(), `akslint-build-${Buffer.from(REPO).toString('hex').slice(-24)}.lock`);
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (waited > 180_000) throw new Error(`waited 3 minutes for another build (remove ${lock} if stale)`);
      sleep(200);
    }
  }
  try {
    execFileSync(process.execPath, [path.join(REPO, 'scripts', 'build.mjs'), '--bundle'], {
      cwd: REPO,
      stdio: 'pipe',
    });
  } finally {
    fs.rmdirSync(lock);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function akslint(args: string[], cwd: string, input?: string, env: NodeJS.ProcessEnv = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder with the given files; removed by the returned cleanup. */
export function tempProject(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-gate-')));
  writeFiles(dir, files);
  return dir;
}

/** `project(files)`: a temporary folder with the files, removed once the test file's tests are done. */
export function temporaryProjects(): (files: Record<string, string>) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return (files) => {
    const dir = tempProject(files);
    dirs.push(dir);
    return dir;
  };
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** `--format json`, as far as the tests read it. */
export interface JsonReport {
  tool: { name: string; version: string };
  summary: Record<string, number> & { findings: number; suppressed: number; filesScanned: number };
  findings: Array<
    Record<string, unknown> & {
      ruleId: string;
      file: string;
      line: number;
      column: number;
      status: string;
      severity: string;
      message: string;
      resource: { address: string };
      expiredSuppression?: { until?: string; line?: number };
    }
  >;
  suppressed?: Array<{
    ruleId: string;
    file: string;
    line: number;
    suppression: { kind: string; reason?: string; until?: string; line?: number };
  }>;
  errors: Array<{ file: string; line: number; column: number; message: string }>;
  skipped: Array<{ file: string; message: string; cluster?: boolean }>;
}

/** The JSON report a run printed (a run of the binary, or an in-process one whose exit code is `status`). */
export function json(result: {
  stdout: string;
  stderr: string;
  code?: number | null;
  status?: number | null;
}): JsonReport {
  try {
    return JSON.parse(result.stdout) as JsonReport;
  } catch {
    throw new Error(`not JSON (exit ${result.code ?? result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export const FIXTURES = path.join(__dirname, '__fixtures__');
/** A cluster that fails AKS101 (local accounts) among others. */
export const INSECURE_CLUSTER = fs.readFileSync(path.join(FIXTURES, 'insecure-cluster.tf'), 'utf8');
/** The secure Terraform example (kept free of findings as rules are added): path -> text. */
export function secureTerraformExample(): Record<string, string> {
  const root = path.join(REPO, 'examples', 'secure', 'terraform');
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(root, full).split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}
