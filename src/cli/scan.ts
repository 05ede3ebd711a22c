import * as fs from 'node:fs';
import * as path from 'node:path';
import { exitCodeFor, maxFileBytesOf } from '../engine/scan';
import { ConfigCascade, type FailOn } from '../engine/config';
import { createBaseline, parseBaseline, serializeBaseline, type Baseline } from '../engine/baseline';
import { stdinNameFromContent } from '../discover/content';
import { decodeText } from '../discover/decode';
import { bicepModuleCacheDir } from '../discover/host';
import { FORMAT_NAMES, FORMATS_WITH_FIXES, reportChunks } from '../report';
import { batched } from '../report/json-chunks';
import { DEFAULT_WIDTH, formatStylish } from '../report/stylish';
import { sarifChunks } from '../report/sarif';
import { allRules, findRule } from '../../policies';
import type { Rule } from '../../policies/api';
import { UsageError, type CliIo } from './io';
import { scanOrFix, wantsFixes } from './fix';
import { reportOutputs } from './outputs';
import { leanHeapForLargeScans } from './heap';
import type { Shard } from '../engine/shard';

/** `akslint scan` after its flags are parsed (main.ts maps yargs' result onto this). */
export interface ScanCommandOptions {
  /** `-` is standard input. */
  paths: string[];
  /** `--format NAME[=FILE]`, repeatable (none: stylish). */
  formats: string[];
  /** `-o`: the file of the one format given without its own. */
  output?: string;
  failOn?: FailOn;
  failOnUnevaluated?: boolean;
  /** `--max-file-size`, megabytes. */
  maxFileSize?: number;
  softFail?: boolean;
  showUnknown?: boolean;
  varFiles: string[];
  parameterFiles: string[];
  stdinFilename?: string;
  quiet?: boolean;
  color?: boolean;
  config?: string;
  showSuppressed?: boolean;
  requireReason?: boolean;
  reportUnusedSuppressions?: boolean;
  baseline?: string;
  writeBaseline?: string;
  /** `--rule`: only these rules (ids, slugs, or globs on ids such as K8S1*). */
  rules: string[];
  /** `--skip-rule`: not these. */
  skipRules: string[];
  fix?: boolean;
  fixUnsafe?: boolean;
  fixDryRun?: boolean;
  /** `--jobs`: threads that parse and evaluate (large scans only). */
  jobs?: number;
  /** `--shard i/n`. */
  shard?: Shard;
}

/** Seconds of scanning before a progress line appears on a terminal. */
const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 100;

export async function scanCommand(o: ScanCommandOptions, io: CliIo): Promise<number> {
  const cwd = io.cwd;
  const paths = o.paths.length > 0 ? o.paths : ['.'];
  checkInputs(o, paths, cwd);
  const outputs = reportOutputs(o.formats, o.output, FORMAT_NAMES);
  if (typeof outputs === 'string') throw new UsageError(outputs);
  for (const { format, file } of outputs)
    checkWritable(file === o.output ? '-o' : `--format ${format}=`, file, cwd);
  checkWritable('--write-baseline', o.writeBaseline, cwd);
  const rules = selectRules(o.rules, o.skipRules);

  const config = new ConfigCascade(cwd, (name) => findRule(name)?.id, o.config);
  let stdin: { path: string; text: string; tooLarge?: boolean; named?: boolean } | undefined;
  if (paths.includes('-')) {
    if (paths.length > 1) throw new UsageError('"-" (standard input) cannot be combined with other paths');
    const unnamed = o.stdinFilename ?? '<stdin>';
    const limit = maxFileBytesOf({ maxFileSize: o.maxFileSize, config }, unnamed);
    const bytes = io.readStdin(limit);
    // Over the limit, reading stopped: the scan reports the refusal as it does for a file.
    if (bytes.length > limit) stdin = { path: unnamed.split(path.sep).join('/'), text: '', tooLarge: true };
    else {
      const text = decodeText(bytes);
      if (text === undefined) throw new UsageError('standard input is not text (it contains NUL bytes)');
      const name = o.stdinFilename ?? stdinNameFromContent(text);
      if (!name) {
        throw new UsageError(
          'cannot tell the format of standard input: name it with --stdin-filename (e.g. main.tf, main.bicep)',
        );
      }
      stdin = { path: name.split(path.sep).join('/'), text, named: o.stdinFilename !== undefined };
    }
  }

  const baselinePath = o.baseline && !o.writeBaseline ? path.resolve(cwd, o.baseline) : undefined;
  const toBaselinePath = (forFile: string) => (file: string) =>
    path.relative(path.dirname(forFile), path.resolve(cwd, file)).split(path.sep).join('/');
  const baseline = baselinePath ? readBaseline(o.baseline!, baselinePath) : undefined;

  const fixFlags = { fix: o.fix, 'fix-unsafe': o.fixUnsafe, 'fix-dry-run': o.fixDryRun };
  if (stdin && wantsFixes(fixFlags) && !o.fixDryRun)
    throw new UsageError('--fix cannot write to standard input: use --fix-dry-run to see the fixes');
  const progress = progressLine(io);
  const { report, dryRun } = await scanOrFix(fixFlags, {
    cwd,
    paths,
    stdin,
    config,
    varFiles: o.varFiles,
    parameterFiles: o.parameterFiles,
    bicepModuleCache: bicepModuleCacheDir(io.env),
    failOn: o.failOn,
    failOnUnevaluated: o.failOnUnevaluated,
    maxFileSize: o.maxFileSize,
    showUnknown: o.showUnknown,
    rules,
    requireReason: o.requireReason,
    reportUnusedSuppressions: o.reportUnusedSuppressions,
    failingOnly: o.quiet,
    jobs: o.jobs,
    shard: o.shard,
    // --fix and --fix-dry-run build them whatever the output (engine/fix.ts).
    fixes: outputs.some(({ format }) => FORMATS_WITH_FIXES.includes(format)),
    parallel: {
      minBytes: parallelMinBytes(io.env),
      entry: io.worker?.entry,
      workerData: io.worker?.data,
      onWorkerFailure: (message) =>
        io.stderr.write(
          `akslint: a worker thread failed (${message}); its files were read in the main thread\n`,
        ),
    },
    onProgress: progress.update,
    onDiscovered: (bytes, threads) => {
      leanHeapForLargeScans(bytes);
      io.onScanBytes?.(bytes, threads);
    },
    baseline:
      baseline && baselinePath
        ? {
            baseline,
            file: path.relative(cwd, baselinePath).split(path.sep).join('/'),
            toBaselinePath: toBaselinePath(baselinePath),
          }
        : undefined,
  });
  progress.clear();
  if (dryRun !== undefined) {
    io.stdout.write(dryRun);
    return o.softFail ? 0 : exitCodeFor(report);
  }

  if (o.writeBaseline) {
    const target = path.resolve(cwd, o.writeBaseline);
    const recorded = createBaseline(report.findings, toBaselinePath(target));
    writeFile('--write-baseline', o.writeBaseline, target, serializeBaseline(recorded));
    const count = report.findings.length;
    io.stderr.write(`akslint: wrote ${count} finding${count === 1 ? '' : 's'} to ${o.writeBaseline}\n`);
  }

  // One scan, every report asked for: SARIF for code scanning and annotations for the log, say.
  for (const { format, file } of outputs) {
    const color = o.color ?? (!file && colorFromEnvironment(io.env, io.stdout.isTTY === true));
    const chunks =
      format === 'stylish'
        ? [
            formatStylish(report, {
              color,
              showSuppressed: o.showSuppressed,
              quiet: o.quiet,
              width: file ? DEFAULT_WIDTH : terminalWidth(io),
            }),
          ]
        : format === 'sarif'
          ? // Paths are relative to the working directory of the command, which need not be the process's.
            batched(sarifChunks(report, { showSuppressed: o.showSuppressed === true, srcRoot: cwd }))
          : batched(reportChunks(format, report, { color, showSuppressed: o.showSuppressed === true }));
    if (file)
      writeFile(file === o.output ? '-o' : `--format ${format}=`, file, path.resolve(cwd, file), chunks);
    else for (const chunk of chunks) io.stdout.write(chunk);
  }
  return o.softFail ? 0 : exitCodeFor(report);
}

/**
 * AKSLINT_PARALLEL_MIN_BYTES: the source text from which a scan uses worker threads (default 2 MB), so
 * that tests and benchmarks can spread small scans too.
 */
function parallelMinBytes(env: NodeJS.ProcessEnv): number | undefined {
  const value = Number(env.AKSLINT_PARALLEL_MIN_BYTES);
  return env.AKSLINT_PARALLEL_MIN_BYTES !== undefined && Number.isFinite(value) && value >= 0
    ? value
    : undefined;
}

/** Every path and file named on the command line exists: a misspelt one must not turn into a pass. */
function checkInputs(o: ScanCommandOptions, paths: readonly string[], cwd: string): void {
  const missing = paths.filter((p) => p !== '-' && !fs.existsSync(path.resolve(cwd, p)));
  if (missing.length > 0)
    throw new UsageError(`no such file or folder: ${missing.map((p) => JSON.stringify(p)).join(', ')}`);
  const named: Array<[string, string | undefined]> = [
    ...o.varFiles.map((f): [string, string] => ['--var-file', f]),
    ...o.parameterFiles.map((f): [string, string] => ['--parameters', f]),
    ['--config', o.config],
    ['--baseline', o.writeBaseline ? undefined : o.baseline],
  ];
  for (const [flag, file] of named) {
    if (file === undefined) continue;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path.resolve(cwd, file));
    } catch {
      throw new UsageError(`${flag} ${file}: no such file`);
    }
    if (!stat.isFile()) throw new UsageError(`${flag} ${file}: not a file`);
  }
}

/** The flag as it was typed: `-o out.json`, `--format sarif=out.sarif`. */
function flagWith(flag: string, file: string): string {
  return flag.endsWith('=') ? `${flag}${file}` : `${flag} ${file}`;
}

/** Refuse, before scanning, an output that cannot be written: a folder, or a file we may not write. */
function checkWritable(flag: string, file: string | undefined, cwd: string): void {
  if (!file) return;
  const abs = path.resolve(cwd, file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(abs);
  } catch {
    stat = undefined;
  }
  if (stat?.isDirectory()) throw new UsageError(`${flagWith(flag, file)}: is a folder (name a file in it)`);
  if (stat) {
    try {
      fs.accessSync(abs, fs.constants.W_OK);
    } catch {
      throw new UsageError(`${flagWith(flag, file)}: cannot write to it (permission denied)`);
    }
  }
}

/** Write a report or baseline, creating missing folders as ESLint does; failures are usage errors. */
export function writeFile(flag: string, given: string, abs: string, text: string | Iterable<string>): void {
  let fd: number | undefined;
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fd = fs.openSync(abs, 'w');
    for (const chunk of typeof text === 'string' ? [text] : text) fs.writeSync(fd, chunk);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : e.code === 'EISDIR'
          ? 'is a folder'
          : e.code === 'ENOTDIR' || e.code === 'EEXIST'
            ? 'a part of the path is a file, not a folder'
            : (e.code ?? e.message);
    throw new UsageError(`${flagWith(flag, given)}: cannot write it (${why})`);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

function readBaseline(given: string, abs: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch {
    throw new UsageError(`--baseline ${given}: cannot read it`);
  }
  try {
    return parseBaseline(text);
  } catch (err) {
    throw new UsageError(`${given}: ${(err as Error).message}`);
  }
}

/**
 * `--rule` keeps only the rules named (ids, slugs or aliases, or globs on ids: `K8S1*`), `--skip-rule`
 * drops rules the same way; each takes comma lists and repeats. A name that matches no rule is a
 * usage error, so a typo does not turn into a scan that checks nothing.
 */
export function selectRules(only: readonly string[], skip: readonly string[]): Rule[] {
  const rules = allRules();
  const resolve = (flag: string, given: readonly string[]): Set<string> | undefined => {
    const names = given
      .flatMap((g) => g.split(','))
      .map((n) => n.trim())
      .filter(Boolean);
    if (names.length === 0) return undefined;
    const ids = new Set<string>();
    for (const name of names) {
      const matched = /[*?]/.test(name)
        ? rules.filter((r) => globToRegExp(name).test(r.id)).map((r) => r.id)
        : [findRule(name)?.id].filter((id): id is string => id !== undefined);
      if (matched.length === 0) throw new UsageError(`${flag} ${name}: no such rule (see akslint rules)`);
      for (const id of matched) ids.add(id);
    }
    return ids;
  };
  const kept = resolve('--rule', only);
  const dropped = resolve('--skip-rule', skip);
  return rules.filter((r) => (!kept || kept.has(r.id)) && !dropped?.has(r.id));
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/**
 * Colour as Node.js decides it: FORCE_COLOR 1, 2, 3, true or empty forces it (over NO_COLOR), any other
 * FORCE_COLOR value (0, false) turns it off; NO_COLOR set to anything but empty turns it off
 * (https://no-color.org); otherwise colour when the output is a terminal.
 */
export function colorFromEnvironment(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY;
}

/** COLUMNS when set (tests, and shells that export it), else the terminal's width, else 100. */
function terminalWidth(io: CliIo): number {
  const fromEnv = Number(io.env.COLUMNS);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  if (io.stdout.isTTY && io.stdout.columns) return io.stdout.columns;
  return DEFAULT_WIDTH;
}

/** "parsed 120/4000 files" on stderr, rewritten in place, only on a terminal and only after a second. */
function progressLine(io: CliIo): { update?: (parsed: number, total: number) => void; clear: () => void } {
  if (!io.stderr.isTTY) return { clear: () => undefined };
  const clock = io.now ?? Date.now;
  const started = clock();
  let shownAt = 0;
  let shown = false;
  return {
    update: (parsed, total) => {
      const now = clock();
      if (now - started < PROGRESS_AFTER_MS || (now - shownAt < PROGRESS_EVERY_MS && parsed < total)) return;
      shownAt = now;
      shown = true;
      io.stderr.write(`\r\u001b[Kakslint: parsed ${parsed}/${total} files`);
    },
    clear: () => {
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}
