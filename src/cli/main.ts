import * as fs from 'node:fs';
import * as path from 'node:path';
import { SEVERITIES, type Severity } from '../model';
import { exitCodeFor } from '../engine/scan';
import { VERSION } from '../engine/version';
import { REPORTERS } from '../report';
import { allRules, findRule } from '../../policies';
import { explainRule, rulesTable } from './rules';
import {
  ConfigError,
  STARTER_CONFIG,
  clusterScopesFromConfig,
  configSearchStart,
  configureRules,
  ignorePatternsFromConfig,
  loadConfig,
  pathsFromConfig,
} from '../engine/config';
import { createBaseline, parseBaseline, serializeBaseline } from '../engine/baseline';
import { stdinNameFromContent } from '../discover/content';
import { decodeText } from '../discover/decode';
import { scanOrFix, wantsFixes } from './fix';

/** A problem with how akslint was called or configured: exit 2 with the message, no stack trace. */
export class UsageError extends Error {}

const STDIN_MARKER = '\u0000stdin';

export async function main(argv: string[]): Promise<void> {
  try {
    process.exitCode = await run(argv);
  } catch (err) {
    const known = err instanceof UsageError || err instanceof ConfigError;
    process.stderr.write(`akslint: ${known ? (err as Error).message : internalMessage(err)}\n`);
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
  // yargs drops a lone "-" (standard input) from positionals: carry it through as a marker.
  const cli = yargs(argv.map((a) => (a === '-' ? STDIN_MARKER : a)))
    .scriptName('akslint')
    .version(VERSION)
    .strict()
    .demandCommand(1, 'Name a command: scan, init, rules or explain.')
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
            describe: 'Lowest severity that fails the run (default: config failOn, else low)',
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
          .option('fix', { type: 'boolean', describe: 'Write the safe fixes, then report what remains' })
          .option('fix-unsafe', { type: 'boolean', describe: 'Write unsafe fixes too (implies --fix)' })
          .option('fix-dry-run', {
            type: 'boolean',
            describe: 'Print the fixes as a unified diff; write nothing',
          }),
      async (args) => {
        const cwd = process.cwd();
        const paths = (args.paths ?? ['.']).map((p) => (String(p) === STDIN_MARKER ? '-' : String(p)));
        let stdin: { path: string; text: string } | undefined;
        if (paths.includes('-')) {
          if (paths.length > 1)
            throw new UsageError('"-" (standard input) cannot be combined with other paths');
          const text = decodeText(fs.readFileSync(0));
          if (text === undefined) throw new UsageError('standard input is not text (it contains NUL bytes)');
          const name = args['stdin-filename'] ?? stdinNameFromContent(text);
          if (!name) {
            throw new UsageError(
              'cannot tell the format of standard input: name it with --stdin-filename (e.g. main.tf, main.bicep)',
            );
          }
          stdin = { path: name.split(path.sep).join('/'), text };
        }
        const loaded = loadConfig({
          cwd,
          explicit: args.config,
          startDir: configSearchStart(cwd, paths),
          resolveRule: (name) => findRule(name)?.id,
        });
        const config = loaded?.config ?? {};
        const baselinePath =
          args.baseline && !args['write-baseline'] ? path.resolve(cwd, args.baseline) : undefined;
        const toBaselinePath = (forFile: string) => (file: string) =>
          path.relative(path.dirname(forFile), path.resolve(cwd, file)).split(path.sep).join('/');
        let baseline;
        if (baselinePath) {
          let text: string;
          try {
            text = fs.readFileSync(baselinePath, 'utf8');
          } catch {
            throw new UsageError(`cannot read the baseline ${args.baseline}`);
          }
          try {
            baseline = parseBaseline(text);
          } catch (err) {
            throw new UsageError(`${args.baseline}: ${(err as Error).message}`);
          }
        }
        if (stdin && wantsFixes(args) && !args['fix-dry-run'])
          throw new UsageError('--fix cannot write to standard input: use --fix-dry-run to see the fixes');
        const { report, dryRun } = await scanOrFix(args, {
          cwd,
          paths,
          stdin,
          varFiles: [
            ...(loaded ? pathsFromConfig(loaded, cwd, config.varFiles) : []),
            ...args['var-file'].map(String),
          ],
          parameterFiles: [
            ...(loaded ? pathsFromConfig(loaded, cwd, config.parameterFiles) : []),
            ...args.parameters.map(String),
          ],
          failOn: (args['fail-on'] as Severity | undefined) ?? config.failOn,
          showUnknown: (args['show-unknown'] || config.showUnknown === true) && !args.quiet,
          rules: configureRules(allRules(), config.rules),
          ignorePaths: loaded ? ignorePatternsFromConfig(loaded, cwd) : undefined,
          clusters: loaded ? clusterScopesFromConfig(loaded, cwd) : undefined,
          requireReason: args['require-reason'] ?? config.requireReason,
          reportUnusedSuppressions: args['report-unused-suppressions'] ?? config.reportUnusedSuppressions,
          baseline:
            baseline && baselinePath
              ? {
                  baseline,
                  file: path.relative(cwd, baselinePath).split(path.sep).join('/'),
                  toBaselinePath: toBaselinePath(baselinePath),
                }
              : undefined,
        });
        if (dryRun !== undefined) {
          process.stdout.write(dryRun);
          exit = exitCodeFor(report);
          return;
        }
        if (args['write-baseline']) {
          const target = path.resolve(cwd, args['write-baseline']);
          fs.writeFileSync(
            target,
            serializeBaseline(createBaseline(report.findings, toBaselinePath(target))),
          );
        }
        const toFile = Boolean(args.output);
        const color = args.color ?? (!toFile && process.stdout.isTTY === true);
        const text = REPORTERS[args.format](report, { color, showSuppressed: args['show-suppressed'] });
        if (args.output) fs.writeFileSync(args.output, text);
        else process.stdout.write(text);
        exit = exitCodeFor(report);
      },
    )
    .command(
      'init',
      'Write a commented starter .akslint.yaml',
      (y) => y.option('force', { type: 'boolean', default: false, describe: 'Overwrite an existing file' }),
      (args) => {
        const target = path.resolve(process.cwd(), '.akslint.yaml');
        if (fs.existsSync(target) && !args.force)
          throw new UsageError('.akslint.yaml already exists (use --force to overwrite it)');
        fs.writeFileSync(target, STARTER_CONFIG);
        process.stdout.write('Wrote .akslint.yaml\n');
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
