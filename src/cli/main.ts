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
import { scanCommand } from './scan';
import { mergeCommand } from './merge';
import { defaultJobs } from '../engine/parallel';
import { parseShard, type Shard } from '../engine/shard';

export { UsageError } from './io';

const STDIN_MARKER = '\u0000stdin';

/**
 * The command line: `argv` without node and the script, everything else through `io`. Returns the exit
 * code and leaves the process alone (bin/akslint.js sets it), so that tests run commands in-process.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await run(argv, io);
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
          .option('format', {
            alias: 'f',
            type: 'string',
            // Repeated, yargs gathers the values (an array option would swallow the paths after it).
            coerce: (v: string | string[]) => [v].flat(),
            describe: `Output format: ${FORMAT_NAMES.join(', ')}; repeatable, each with its own file (--format sarif=akslint.sarif --format github)`,
          })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file' })
          .option('fail-on', {
            choices: [...SEVERITIES, 'none'] as const,
            describe:
              'Lowest severity that fails the run; none: findings never fail it (default: config failOn, else low)',
          })
          .option('fail-on-unevaluated', {
            type: 'boolean',
            describe:
              'Exit 1 when a module that builds a cluster could not be read (a registry module not restored); default: config failOnUnevaluated',
          })
          .option('max-file-size', {
            type: 'number',
            describe:
              'Size limit of a scanned file and of standard input, in MB: a larger one is an error and is not scanned; default: config maxFileSize, else 5',
          })
          .option('soft-fail', {
            type: 'boolean',
            default: false,
            describe: 'Exit 0 even with findings or unreadable files (usage errors still exit 2)',
          })
          .option('rule', {
            type: 'string',
            array: true,
            default: [],
            describe: 'Run only these rules: ids, slugs or globs on ids (AKS101,K8S1*); repeatable',
          })
          .option('skip-rule', {
            type: 'string',
            array: true,
            default: [],
            describe: 'Do not run these rules (same forms as --rule); repeatable',
          })
          .option('show-unknown', {
            type: 'boolean',
            default: false,
            describe: 'List results that could not be decided',
          })
          .option('var-file', {
            type: 'string',
            array: true,
            default: [],
            describe: 'Terraform variable file (repeatable)',
          })
          .option('parameters', {
            type: 'string',
            array: true,
            default: [],
            describe: 'ARM/Bicep parameter file (repeatable)',
          })
          .option('stdin-filename', {
            type: 'string',
            describe: 'Name (and so format) of what is read from standard input',
          })
          .option('quiet', {
            alias: 'q',
            type: 'boolean',
            default: false,
            describe: 'Report only findings that fail the run, and a summary only when some do',
          })
          .option('color', {
            type: 'boolean',
            describe: 'Colour output (default: when writing to a terminal)',
          })
          .option('config', {
            alias: 'c',
            type: 'string',
            describe:
              'Configuration file (default: .akslint.yaml, .akslint.json or package.json "akslint", searched upward)',
          })
          .option('show-suppressed', {
            type: 'boolean',
            default: false,
            describe: 'List suppressed findings too',
          })
          .option('require-reason', {
            type: 'boolean',
            describe: 'Refuse suppressions that give no reason (config requireReason)',
          })
          .option('report-unused-suppressions', {
            type: 'boolean',
            describe: 'Report suppressions that match no finding (config reportUnusedSuppressions)',
          })
          .option('baseline', {
            type: 'string',
            describe: 'Report only findings not recorded in this baseline file',
          })
          .option('write-baseline', {
            type: 'string',
            describe: "Record today's findings in this baseline file",
          })
          .option('jobs', {
            alias: 'j',
            type: 'number',
            describe: `Threads that parse and evaluate a large scan (default: the cores, ${defaultJobs()} here); 1: one thread, for reproducing`,
          })
          .option('shard', {
            type: 'string',
            describe:
              'Scan only part i of n of the deployments (1/3, 2/3, 3/3): one job of a CI matrix; akslint merge joins the reports',
          })
          .option('fix', { type: 'boolean', describe: 'Write the safe fixes, then report what remains' })
          .option('fix-unsafe', { type: 'boolean', describe: 'Write unsafe fixes too (implies --fix)' })
          .option('fix-dry-run', {
            type: 'boolean',
            describe: 'Print the fixes as a unified diff; write nothing',
          }),
      async (args) => {
        exit = await scanCommand(
          {
            paths: (args.paths ?? ['.']).map((p) => (String(p) === STDIN_MARKER ? '-' : String(p))),
            formats: args.format ?? [],
            output: args.output,
            failOn: args['fail-on'] as FailOn | undefined,
            softFail: args['soft-fail'],
            failOnUnevaluated: args['fail-on-unevaluated'],
            maxFileSize: maxFileSizeArg(args['max-file-size']),
            // An explicit --no-show-unknown is not told apart from the default: the config decides then.
            showUnknown: args['show-unknown'] ? true : undefined,
            varFiles: args['var-file'].map(String),
            parameterFiles: args.parameters.map(String),
            stdinFilename: args['stdin-filename'],
            quiet: args.quiet,
            color: args.color,
            config: args.config,
            showSuppressed: args['show-suppressed'],
            requireReason: args['require-reason'],
            reportUnusedSuppressions: args['report-unused-suppressions'],
            baseline: args.baseline,
            writeBaseline: args['write-baseline'],
            rules: args.rule.map(String),
            skipRules: args['skip-rule'].map(String),
            fix: args.fix,
            fixUnsafe: args['fix-unsafe'],
            fixDryRun: args['fix-dry-run'],
            jobs: jobsArg(args.jobs),
            shard: shardArg(args.shard),
          },
          io,
        );
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
