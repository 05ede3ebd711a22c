import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'akslint.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run the bundled CLI as a user would (npm test builds lib/ before jest runs). */
export function runCli(
  args: string[],
  opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): CliResult {
  if (!fs.existsSync(path.join(ROOT, 'lib', 'akslint.cjs'))) {
    throw new Error('lib/akslint.cjs is missing: run `npm run build` (npm test does) before the CLI tests');
  }
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface InProcessOptions {
  cwd?: string;
  /** Standard input. */
  input?: string | Uint8Array;
  /** The whole environment the command sees (nothing of the test process's leaks in). */
  env?: NodeJS.ProcessEnv;
  /** Standard output is a terminal this many columns wide. */
  stdoutTTY?: boolean;
  columns?: number;
  stderrTTY?: boolean;
  /** The clock of the progress line. */
  now?: () => number;
}

/**
 * `akslint ARGS` in-process, through the CLI's main(argv) with captured output: the same parsing,
 * commands and exit code as the binary, at a fraction of a process's start-up. runCli runs the bundle.
 */
export async function runMain(args: string[], opts: InProcessOptions = {}): Promise<CliResult> {
  // Loaded on first use: files that only want tempTree do not load the CLI.
  const { main } = require('../src/cli/main') as typeof import('../src/cli/main');
  let stdout = '';
  let stderr = '';
  const input =
    typeof opts.input === 'string' ? Buffer.from(opts.input, 'utf8') : (opts.input ?? new Uint8Array());
  const status = await main(args, {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? {},
    stdout: { write: (t: string) => (stdout += t), isTTY: opts.stdoutTTY, columns: opts.columns },
    stderr: { write: (t: string) => (stderr += t), isTTY: opts.stderrTTY },
    // As the real one: at most one chunk past the limit.
    readStdin: (limit: number) => input.subarray(0, limit + 1),
    now: opts.now,
  });
  return { status, stdout, stderr };
}

/** A temporary folder with the given files; removed by the caller with `fs.rmSync`. */
export function tempTree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}
