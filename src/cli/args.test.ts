import { quickScanArgs } from './args';
import type { CliIo } from './io';
import { runWithYargs, scanCommandOptions } from './main';
import type { ScanCommandOptions } from './scan';

const io: CliIo = {
  cwd: process.cwd(),
  env: {},
  stdout: { write: () => true },
  stderr: { write: () => true },
  readStdin: () => new Uint8Array(),
};

/** What yargs hands the scan command for a command line (nothing is scanned). */
async function yargsReading(argv: string[]): Promise<ScanCommandOptions | undefined> {
  let seen: ScanCommandOptions | undefined;
  await runWithYargs(argv, io, async (options) => {
    seen = options;
    return 0;
  });
  return seen;
}

// What pre-commit hooks, editors and CI steps pass: read without yargs.
const QUICK = [
  ['scan', 'main.tf'],
  ['scan', 'a.tf', 'b.bicep', 'azuredeploy.json', '01-namespace.yaml', './deploy/x.yml'],
  ['scan', '--format', 'json', 'main.tf'],
  ['scan', '-f', 'json', '-o', 'out.json', 'infra'],
  ['scan', '--format=sarif=akslint.sarif', '--format', 'github', '.'],
  ['scan', '--fail-on', 'high', '--quiet', 'main.tf'],
  ['scan', '-q', '--show-unknown', '--soft-fail', 'main.tf'],
  ['scan', '--rule', 'AKS101', 'K8S1*', 'main.tf', '--skip-rule=AKS2*'],
  ['scan', '--var-file', 'dev.tfvars', '--var-file', 'prod.tfvars', '--parameters', 'p.json'],
  ['scan', '--max-file-size', '0.5', '--config', 'cfg/.akslint.yaml', 'x.tf'],
  ['scan', '-', '--stdin-filename', 'main.tf'],
  ['scan', '--baseline', 'b.json', '--write-baseline', 'c.json', '--show-suppressed', '--color'],
  ['scan', '--fix', '--fix-unsafe', '--fix-dry-run', '--require-reason', '--report-unused-suppressions'],
  ['scan', '--fail-on-unevaluated', '--fail-on=none', '-c', 'c.yaml'],
  ['scan', '--jobs', '1', '--shard', '2/3', '.'],
  ['scan', '-j', '2', 'main.tf'],
  ['scan'],
];

// Forms yargs reads in ways of its own (or refuses): left to it.
const LEFT_TO_YARGS = [
  ['scan', '--help'],
  ['scan', '--no-color', 'x.tf'],
  ['scan', '--quiet', 'false', 'x.tf'],
  ['scan', '--quiet=true'],
  ['scan', '--fail-on', 'severe'],
  ['scan', '--bogus'],
  ['scan', '--failOn', 'high'],
  ['scan', '-fq', 'json'],
  ['scan', '--', 'x.tf'],
  ['scan', '5'],
  ['scan', '--output', 'a', '--output', 'b'],
  ['scan', '--max-file-size', 'big'],
  ['scan', '--rule', 'AKS101', '-'],
  ['scan', '--format'],
  ['scan', '--config', '-'],
  ['rules'],
  ['--version'],
];

describe('quickScanArgs (scan read without yargs)', () => {
  it.each(QUICK.map((argv) => [argv.join(' '), argv] as const))('reads %s as yargs does', async (_, argv) => {
    const quick = quickScanArgs(argv);
    expect(quick).toBeDefined();
    expect(scanCommandOptions(quick!)).toEqual(await yargsReading(argv));
  });

  it.each(LEFT_TO_YARGS.map((argv) => [argv.join(' '), argv] as const))('leaves %s to yargs', (_, argv) => {
    expect(quickScanArgs(argv)).toBeUndefined();
  });
});
