import * as fs from 'node:fs';
import * as path from 'node:path';
import { VERSION } from '../src/engine/version';
import { ROOT, runCli } from './cli-runner';

describe('akslint --version', () => {
  it('answers from package.json without loading the CLI, the same version the reports carry', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runCli(['--version']);
    expect(r).toMatchObject({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(VERSION).toBe(pkg.version);
    // With another argument the CLI itself answers (yargs), with the same version.
    expect(runCli(['--version', '--no-color']).stdout).toBe(`${pkg.version}\n`);
  });
});
