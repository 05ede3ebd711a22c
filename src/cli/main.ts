import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITIES, type Severity } from '../model';
import { exitCodeFor, runScan } from '../engine/scan';
import { VERSION } from '../engine/version';
import { REPORTERS } from '../report';
import { allRules, findRule } from '../../policies';
import { explainRule, rulesTable } from './rules';

/** A problem with how akslint was called or configured: exit 2 with the message, no stack trace. */
export class UsageError extends Error {}

export async function main(argv: string[]): Promise<void> {
  try {
    process.exitCode = await run(argv);
  } catch (err) {
    process.stderr.write(`akslint: ${err instanceof UsageError ? err.message : internalMessage(err)}\n`);
    process.exitCode = 2;
  }
}

function internalMessage(err: unknown): string {
  return `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
}

async function run(argv: string[]): Promise<number> {
  // yargs 18 is ESM-only; this is the one place it is loaded.
  const { default: yargs } = await import('yargs');
  let exit = 0;
  const cli = yargs(argv)
    .scriptName('akslint')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'Name a command: scan, rules or explain.')
    .recommendCommands()
    .completion('completion', 'Print a shell completion script')
    .fail((msg, err) => {
      throw err instanceof UsageError || !err ? new UsageError(msg ?? err?.message ?? 'usage error') : err;
    })
    .command(
      'scan [paths..]',
      'Scan files and folders (- for standard input)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true, default: ['.'], describe: 'Files or folders' })
          .option('format', {
            alias: 'f',
            choices: Object.keys(REPORTERS),
            default: 'stylish',
            describe: 'Output format',
          })
          .option('output', { alias: 'o', type: 'string', describe: 'Write the report to a file' })
          .option('fail-on', {
            choices: SEVERITIES,
            default: 'low' as Severity,
            describe: 'Lowest severity that fails the run',
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
          .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'Report failures only' })
          .option('color', {
            type: 'boolean',
            describe: 'Colour output (default: when writing to a terminal)',
          }),
      async (args) => {
        const cwd = process.cwd();
        const paths = (args.paths ?? ['.']).map(String);
        let stdin: { path: string; text: string } | undefined;
        if (paths.includes('-')) {
          if (paths.length > 1)
            throw new UsageError('"-" (standard input) cannot be combined with other paths');
          if (!args['stdin-filename'])
            throw new UsageError('reading standard input needs --stdin-filename (e.g. manifests.yaml)');
          stdin = {
            path: args['stdin-filename'].split(path.sep).join('/'),
            text: fs.readFileSync(0, 'utf8'),
          };
        }
        const report = await runScan({
          cwd,
          paths,
          stdin,
          varFiles: args['var-file'].map(String),
          parameterFiles: args.parameters.map(String),
          failOn: args['fail-on'],
          showUnknown: args['show-unknown'] && !args.quiet,
        });
        const toFile = Boolean(args.output);
        const color = args.color ?? (!toFile && process.stdout.isTTY === true);
        const text = REPORTERS[args.format](report, { color, showSuppressed: false });
        if (args.output) fs.writeFileSync(args.output, text);
        else process.stdout.write(text);
        exit = exitCodeFor(report);
      },
    )
    .command(
      'rules',
      'List the rules',
      (y) =>
        y.option('format', { choices: ['table', 'json', 'markdown'] as const, default: 'table' as const }),
      (args) => {
        process.stdout.write(rulesTable(allRules(), args.format));
      },
    )
    .command(
      'explain <rule>',
      'Explain a rule: why, how to fix it in each language, references',
      (y) => y.positional('rule', { type: 'string', demandOption: true }),
      (args) => {
        const rule = findRule(args.rule);
        if (!rule) throw new UsageError(`no rule "${args.rule}" (see akslint rules)`);
        process.stdout.write(explainRule(rule));
      },
    )
    .help()
    .wrap(Math.min(110, process.stdout.columns ?? 100));
  await cli.parseAsync();
  return exit;
}
