import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

// yargs is an ES module that jest's module system cannot load, so both readers run in one node process
// over the compiled sources (dist/, which `npm test` builds before jest runs).
const DIST = path.join(__dirname, '..', '..', 'dist', 'src', 'cli');

const READ_BOTH = `
const { runWithYargs, scanCommandOptions } = require(${JSON.stringify(path.join(DIST, 'main.js'))});
const { quickScanArgs } = require(${JSON.stringify(path.join(DIST, 'args.js'))});
const io = { cwd: process.cwd(), env: {}, stdout: { write() {} }, stderr: { write() {} }, readStdin: () => new Uint8Array() };
(async () => {
  const out = [];
  for (const argv of JSON.parse(process.argv[1])) {
    const quick = quickScanArgs(argv);
    let yargs;
    // What yargs makes of a command line the quick reader leaves alone does not matter here.
    if (quick) try {
      await runWithYargs(argv, io, async (o) => { yargs = o; return 0; });
    } catch (err) {
      yargs = { error: err.message };
    }
    out.push({ argv, quick: quick && scanCommandOptions(quick), yargs });
  }
  process.stdout.write('\\n' + JSON.stringify(out));
})();
`;

interface Reading {
  argv: string[];
  quick?: object;
  yargs?: object;
}

function readBoth(cases: string[][]): Reading[] {
  const run = spawnSync(process.execPath, ['-e', READ_BOTH, JSON.stringify(cases)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.slice(run.stdout.lastIndexOf('\n') + 1)) as Reading[];
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
  const readings = fs.existsSync(path.join(DIST, 'args.js')) ? readBoth([...QUICK, ...LEFT_TO_YARGS]) : [];

  it('finds the compiled sources (npm test builds them)', () => {
    expect(readings).toHaveLength(QUICK.length + LEFT_TO_YARGS.length);
  });

  it.each(QUICK.map((argv, i) => [argv.join(' '), i] as const))('reads %s as yargs does', (_, i) => {
    const { quick, yargs } = readings[i];
    expect(quick).toBeDefined();
    expect(quick).toEqual(yargs);
  });

  it.each(LEFT_TO_YARGS.map((argv, i) => [argv.join(' '), QUICK.length + i] as const))(
    'leaves %s to yargs',
    (_, i) => {
      expect(readings[i].quick).toBeUndefined();
    },
  );
});
