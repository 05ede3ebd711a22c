import type { Options as YargsOption } from 'yargs';
import { SEVERITIES } from '../model';
import { FORMAT_NAMES } from '../report';
import { defaultJobs } from '../engine/parallel';

/** `akslint scan`'s flags: yargs builds the command (and its help) from them, and `quickScanArgs` reads them. */
export const SCAN_OPTIONS = {
  format: {
    alias: 'f',
    type: 'string',
    // Repeated, yargs gathers the values (an array option would swallow the paths after it).
    coerce: (v: string | string[]) => [v].flat(),
    describe: `Output format: ${FORMAT_NAMES.join(', ')}; repeatable, each with its own file (--format sarif=akslint.sarif --format github)`,
  },
  output: { alias: 'o', type: 'string', describe: 'Write the report to a file' },
  'fail-on': {
    choices: [...SEVERITIES, 'none'],
    describe:
      'Lowest severity that fails the run; none: findings never fail it (default: config failOn, else low)',
  },
  'fail-on-unevaluated': {
    type: 'boolean',
    describe:
      'Exit 1 when a module that builds a cluster could not be read (a registry module not restored); default: config failOnUnevaluated',
  },
  'max-file-size': {
    type: 'number',
    describe:
      'Size limit of a scanned file and of standard input, in MB: a larger one is an error and is not scanned; default: config maxFileSize, else 5',
  },
  'soft-fail': {
    type: 'boolean',
    default: false,
    describe: 'Exit 0 even with findings or unreadable files (usage errors still exit 2)',
  },
  rule: {
    type: 'string',
    array: true,
    default: [],
    describe: 'Run only these rules: ids, slugs or globs on ids (AKS101,K8S1*); repeatable',
  },
  'skip-rule': {
    type: 'string',
    array: true,
    default: [],
    describe: 'Do not run these rules (same forms as --rule); repeatable',
  },
  'show-unknown': {
    type: 'boolean',
    default: false,
    describe: 'List results that could not be decided',
  },
  'var-file': {
    type: 'string',
    array: true,
    default: [],
    describe: 'Terraform variable file (repeatable)',
  },
  parameters: {
    type: 'string',
    array: true,
    default: [],
    describe: 'ARM/Bicep parameter file (repeatable)',
  },
  'stdin-filename': {
    type: 'string',
    describe:
      'Path of the file standard input stands for (an editor buffer): it names the format and the input is evaluated with the files beside it, as that file would be',
  },
  quiet: {
    alias: 'q',
    type: 'boolean',
    default: false,
    describe: 'Report only findings that fail the run, and a summary only when some do',
  },
  color: {
    type: 'boolean',
    describe: 'Colour output (default: when writing to a terminal)',
  },
  config: {
    alias: 'c',
    type: 'string',
    describe:
      'Configuration file (default: .akslint.yaml, .akslint.json or package.json "akslint", searched upward)',
  },
  'show-suppressed': {
    type: 'boolean',
    default: false,
    describe: 'List suppressed findings too',
  },
  'require-reason': {
    type: 'boolean',
    describe: 'Refuse suppressions that give no reason (config requireReason)',
  },
  'report-unused-suppressions': {
    type: 'boolean',
    describe: 'Report suppressions that match no finding (config reportUnusedSuppressions)',
  },
  baseline: {
    type: 'string',
    describe: 'Report only findings not recorded in this baseline file',
  },
  'write-baseline': {
    type: 'string',
    describe: "Record today's findings in this baseline file",
  },
  jobs: {
    alias: 'j',
    type: 'number',
    describe: `Threads that parse and evaluate a large scan (default: the cores, ${defaultJobs()} here); 1: one thread, for reproducing`,
  },
  shard: {
    type: 'string',
    describe:
      'Scan only part i of n of the deployments (1/3, 2/3, 3/3): one job of a CI matrix; akslint merge joins the reports',
  },
  fix: { type: 'boolean', describe: 'Write the safe fixes, then report what remains' },
  'fix-unsafe': { type: 'boolean', describe: 'Write unsafe fixes too (implies --fix)' },
  'fix-dry-run': {
    type: 'boolean',
    describe: 'Print the fixes as a unified diff; write nothing',
  },
} as const satisfies Record<string, YargsOption>;

type ScanOptionName = keyof typeof SCAN_OPTIONS;

/** `scan`'s parsed flags, as yargs hands them to the command (the fields main.ts reads). */
export type ScanArgs = { paths?: string[] } & { [name in ScanOptionName]?: unknown };

/**
 * `akslint scan` read without yargs, for the commands a pre-commit hook and an editor run: loading
 * yargs and its text-width tables was a sixth of a Terraform one-file scan (profiled), more of the
 * other formats'. Only plain forms are read here (`--name`, `--name=value`, `-x value`, paths);
 * anything else — help, an unknown or negated flag, `--`, a missing or doubtful value, combined short
 * flags — returns undefined and yargs reads the command line as before. Where both read it, the result
 * is the same (src/cli/args.test.ts compares them).
 */
export function quickScanArgs(argv: readonly string[]): ScanArgs | undefined {
  if (argv[0] !== 'scan') return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(SCAN_OPTIONS))
    if ('default' in option) out[name] = option.default;
  const paths: string[] = [];
  const seen = new Set<string>();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-' || !arg.startsWith('-')) {
      if (doubtfulValue(arg)) return undefined;
      paths.push(arg);
      continue;
    }
    const match = /^--([a-z][a-z-]*[a-z])(?:=(.*))?$/s.exec(arg) ?? /^-([a-z])$/.exec(arg);
    if (!match) return undefined;
    const name = optionNamed(match[1]);
    if (!name) return undefined;
    const option: YargsOption = SCAN_OPTIONS[name];
    const inline = match[2];
    if (option.type === 'boolean') {
      // `--quiet false` and `--quiet=false` are yargs' to read.
      if (inline !== undefined || argv[i + 1] === 'true' || argv[i + 1] === 'false') return undefined;
      if (seen.has(name)) return undefined;
      out[name] = true;
    } else if (option.array) {
      const values = inline !== undefined ? [inline] : [];
      // An array flag takes every value up to the next flag, as yargs does (main.ts hands it standard
      // input's `-` in a form that does not stop it).
      while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) values.push(argv[++i]);
      if (values.length === 0 || values.some(doubtfulValue) || argv[i + 1] === '-') return undefined;
      out[name] = [...(seen.has(name) ? (out[name] as string[]) : []), ...values];
    } else {
      const value = inline ?? (i + 1 < argv.length ? argv[++i] : undefined);
      if (value === undefined || value.startsWith('-')) return undefined;
      if (option.type === 'number') {
        if (seen.has(name) || !/^\d+(\.\d+)?$/.test(value)) return undefined;
        out[name] = Number(value);
      } else if (doubtfulValue(value) || (option.choices && !option.choices.includes(value))) {
        return undefined;
      } else if (name === 'format') {
        out[name] = [...(seen.has(name) ? (out[name] as string[]) : []), value];
      } else {
        if (seen.has(name)) return undefined;
        out[name] = value;
      }
    }
    seen.add(name);
  }
  return { ...out, paths: paths.length > 0 ? paths : ['.'] };
}

function optionNamed(written: string): ScanOptionName | undefined {
  if (written.length === 1) {
    for (const [name, option] of Object.entries(SCAN_OPTIONS))
      if ('alias' in option && option.alias === written) return name as ScanOptionName;
    return undefined;
  }
  return Object.hasOwn(SCAN_OPTIONS, written) ? (written as ScanOptionName) : undefined;
}

/** A value yargs might read as a number, a boolean or nothing rather than as the text written. */
function doubtfulValue(value: string): boolean {
  return (
    value === '' ||
    value === 'true' ||
    value === 'false' ||
    /^0x[0-9a-f]+$/i.test(value) ||
    /^-?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(value)
  );
}
