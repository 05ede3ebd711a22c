import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITIES } from '../model';
import { VERSION } from '../engine/version';
import { FORMAT_NAMES } from '../report';
import { allRules, findRule } from '../../policies';
import { explainRule, rulesTable } from './rules';
import { ConfigError, STARTER_CONFIG } from '../engine/config';
import type { FailOn } from '../engine/config';
import { processIo, UsageError, type CliIo } from './io';
import { scanCommand, type ScanCommandOptions } from './scan';
import { quickScanArgs, SCAN_OPTIONS, type ScanArgs } from './args';
import { mergeCommand } from './merge';
import { defaultJobs } from '../engine/parallel';
import { parseShard, type Shard } from '../engine/shard';

export { UsageError } from './io';

const STDIN_MARKER = '\u0000stdin';

/**
 * The command line: `argv` without node and the script, everything else through `io`. Returns the exit
 * code and leaves the process alone (bin/akslint.js sets it), so that tests run commands in-process.
 * `starter`: what the process's starter wants to hear of, and the script worker threads run (bin/akslint.js).
 */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
  starter: Pick<CliIo, 'onScanBytes' | 'worker'> = {},
): Promise<number> {
  try {
    return await run(argv, { ...io, ...starter });
  } catch (err) {
    const known = err instanceof UsageError || err instanceof ConfigError;
    io.stderr.write(`akslint: ${known ? (err as Error).message : internalMessage(err)}\n`);
    return 2;
  }
}

/**
 * yargs names an unknown `--dry-run` twice, as written and camel-cased ("dry-run, dryRun"): keep the
 * names as written.
 */
function usageMessage(msg: string): string {
  const m = /^(Unknown arguments?): (.*)$/s.exec(msg);
  if (!m) return msg;
  const names = m[2].split(', ');
  const kept = names.filter((n) => !names.some((o) => o !== n && o.includes('-') && camel(o) === n));
  return `${kept.length === 1 ? 'Unknown argument' : 'Unknown arguments'}: ${kept.join(', ')}`;
}

function camel(kebab: string): string {
  return kebab.replace(/-+([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function internalMessage(err: unknown): string {
  return `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const quick = quickScanArgs(argv);
  return quick ? scanCommand(scanCommandOptions(quick), io) : runWithYargs(argv, io);
}

/**
 * The command line as yargs reads it, for every command (`scan` runs `scan`, which tests replace to see
 * what yargs made of the flags).
 */
export async function runWithYargs(
  argv: string[],
  io: CliIo,
  scan: (options: ScanCommandOptions, io: CliIo) => Promise<number> = scanCommand,
): Promise<number> {
  // yargs 18 is ESM-only; this is the one place it is loaded.
  const { default: yargs } = await import('yargs');
  let exit = 0;
  // yargs drops a lone "-" (standard input) from positionals: carry it through as a marker.
  const args = argv.map((a) => (a === '-' ? STDIN_MARKER : a));
  const cli = yargs(args)
    .scriptName('akslint')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'Name a command: scan, merge, init, rules, explain or lsp.')
    .recommendCommands()
    // Shell completion queries (--get-yargs-completions) work under a hidden name; `completion` is a
    // command of its own so that `completion --help` shows help rather than the script.
    .completion('__completion', false)
    .fail((msg, err) => {
      throw err instanceof UsageError || !err
        ? new UsageError(usageMessage(msg ?? err?.message ?? 'usage error'))
        : err;
    })
    .command(
      'scan [paths..]',
      'Scan files and folders (- for standard input)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'Files or folders' })
          .options(SCAN_OPTIONS),
      async (args) => {
        exit = await scan(scanCommandOptions(args), io);
      },
    )
    .command(
      'merge <reports..>',
      'Merge the JSON or SARIF reports of the jobs of a CI matrix (scan --shard i/n) into one',
      (y) =>
        y
          .positional('reports', {
            type: 'string',
            array: true,
            demandOption: true,
            describe: 'Report files',
          })
          .option('format', {
            alias: 'f',
            type: 'string',
            coerce: (v: string | string[]) => [v].flat(),
            describe: `Output format: ${FORMAT_NAMES.join(', ')}; repeatable, each with its own file (--format junit=akslint.xml --format stylish); default: that of the reports (SARIF logs merge into SARIF only)`,
          })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the merged report to a file' })
          .option('fail-on', {
            choices: [...SEVERITIES, 'none'] as const,
            describe: 'Lowest severity that fails the run; none: findings never fail it (default: low)',
          })
          .option('show-suppressed', {
            type: 'boolean',
            default: false,
            describe: 'List suppressed findings too',
          }),
      (args) => {
        exit = mergeCommand(
          {
            reports: (args.reports ?? []).map(String),
            formats: args.format ?? [],
            output: args.output,
            failOn: args['fail-on'] as FailOn | undefined,
            showSuppressed: args['show-suppressed'],
          },
          io,
        );
      },
    )
    .command(
      'init',
      'Write a commented starter .akslint.yaml',
      (y) => y.option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' }),
      (args) => {
        const target = path.resolve(io.cwd, '.akslint.yaml');
        if (fs.existsSync(target) && !args.force)
          throw new UsageError('.akslint.yaml already exists (use --force to overwrite it)');
        fs.writeFileSync(target, STARTER_CONFIG);
        io.stdout.write('Wrote .akslint.yaml\n');
      },
    )
    .command(
      'rules',
      'List the rules',
      (y) =>
        y.option('format', {
          alias: 'f',
          choices: ['table', 'json', 'markdown'] as const,
          default: 'table' as const,
        }),
      (args) => {
        io.stdout.write(rulesTable(allRules(), args.format));
      },
    )
    .command(
      'explain <rule>',
      'Explain a rule: why, how to fix it in each language, references',
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      (args) => {
        const rule = findRule(args.rule);
        if (!rule) throw new UsageError(`no rule "${args.rule}" (see akslint rules)`);
        io.stdout.write(explainRule(rule));
      },
    )
    .command(
      'completion',
      'Print a shell completion script (bash, zsh): akslint completion >> ~/.bashrc',
      (y) => y,
      () => {
        cli.showCompletionScript();
      },
    )
    .command(
      'lsp',
      'Start the language server (LSP over standard input and output)',
      (y) =>
        y
          .option('stdio', {
            type: 'boolean',
            describe: 'Use standard input and output (the only transport)',
          })
          .option('client-process-id', { type: 'number', hidden: true }),
      async () => {
        // Loaded only here: a scan never pays for the language server.
        const { runLanguageServer } = require('../lsp/server') as typeof import('../lsp/server');
        await runLanguageServer();
      },
    )
    .help()
    .wrap(Math.min(110, io.stdout.columns ?? 100));
  skipHelpCaching(cli);
  // With a callback, yargs hands over what it would print (help, version, the completion script) and
  // never exits the process itself.
  let printed = '';
  await cli.parseAsync(args, (_err: unknown, _argv: unknown, output: string) => {
    printed = output;
  });
  if (printed) io.stdout.write(`${printed}\n`);
  return exit;
}

/** What `scan` runs with, from its flags as yargs or `quickScanArgs` read them. */
export function scanCommandOptions(args: ScanArgs): ScanCommandOptions {
  const strings = (v: unknown) => (v as unknown[]).map(String);
  return {
    paths: (args.paths ?? ['.']).map((p) => (String(p) === STDIN_MARKER ? '-' : String(p))),
    formats: (args.format as string[] | undefined) ?? [],
    output: args.output as string | undefined,
    failOn: args['fail-on'] as FailOn | undefined,
    softFail: args['soft-fail'] as boolean,
    failOnUnevaluated: args['fail-on-unevaluated'] as boolean | undefined,
    maxFileSize: maxFileSizeArg(args['max-file-size'] as number | undefined),
    // An explicit --no-show-unknown is not told apart from the default: the config decides then.
    showUnknown: args['show-unknown'] ? true : undefined,
    varFiles: strings(args['var-file']),
    parameterFiles: strings(args.parameters),
    stdinFilename: args['stdin-filename'] as string | undefined,
    quiet: args.quiet as boolean,
    color: args.color as boolean | undefined,
    config: args.config as string | undefined,
    showSuppressed: args['show-suppressed'] as boolean,
    requireReason: args['require-reason'] as boolean | undefined,
    reportUnusedSuppressions: args['report-unused-suppressions'] as boolean | undefined,
    baseline: args.baseline as string | undefined,
    writeBaseline: args['write-baseline'] as string | undefined,
    rules: strings(args.rule),
    skipRules: strings(args['skip-rule']),
    fix: args.fix as boolean | undefined,
    fixUnsafe: args['fix-unsafe'] as boolean | undefined,
    fixDryRun: args['fix-dry-run'] as boolean | undefined,
    jobs: jobsArg(args.jobs as number | undefined),
    shard: shardArg(args.shard as string | undefined),
  };
}

/** `--jobs`: a whole number of threads, at least 1 (default: every core). */
function jobsArg(value: number | undefined): number {
  if (value === undefined) return defaultJobs();
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError('--jobs must be a whole number of threads, at least 1 (1: one thread)');
  return value;
}

function shardArg(value: string | undefined): Shard | undefined {
  if (value === undefined) return undefined;
  const shard = parseShard(value);
  if (!shard) throw new UsageError(`--shard ${value}: expected i/n with 1 <= i <= n, such as 2/4`);
  return shard;
}

/** `--max-file-size`: a positive number of megabytes (yargs turns text into NaN). */
function maxFileSizeArg(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError('--max-file-size must be a positive number of megabytes, such as 5 or 0.5');
  return value;
}

/**
 * yargs renders the whole help text each time it runs a command, in case the handler fails later and
 * the help must be shown: a tenth of a one-file scan (profiled). Our failures print a message, never
 * the help, so the rendering is skipped; `--help` renders it as before. The hook is yargs-internal: if
 * it is missing, nothing changes.
 */
function skipHelpCaching(cli: object): void {
  const internal = (cli as { getInternalMethods?: () => { getUsageInstance?: () => unknown } })
    .getInternalMethods?.()
    .getUsageInstance?.() as { cacheHelpMessage?: () => void } | undefined;
  if (typeof internal?.cacheHelpMessage === 'function') internal.cacheHelpMessage = () => undefined;
}
