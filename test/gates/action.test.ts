import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { BIN, INSECURE_CLUSTER, REPO, ensureBuilt, tempProject } from './cli-harness';

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
  if?: string;
}
interface Action {
  runs: { using: string; steps: Step[] };
  inputs: Record<string, { default?: string }>;
}

const action = parseYaml(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };

describe('action.yml', () => {
  it('is a composite action that runs the published CLI and uploads SARIF', () => {
    expect(action.runs.using).toBe('composite');
    const uses = action.runs.steps.map((s) => s.uses).filter(Boolean);
    expect(uses).toEqual(['actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3']);
    expect(action.inputs.version.default).toBe(pkg.version);
    const scan = action.runs.steps.find((s) => s.id === 'scan')!;
    expect(scan.run).toMatch(
      /npx --yes "akslint@\$\{AKSLINT_VERSION\}" scan .* --format sarif --output "\$AKSLINT_SARIF"/,
    );
    // No input is spliced into a script.
    for (const step of action.runs.steps) expect(step.run ?? '').not.toMatch(/\$\{\{/);
  });

  it('the scan step writes SARIF and reports the exit code (npx shimmed to this checkout)', () => {
    ensureBuilt();
    const dir = tempProject({
      'infra/aks.tf': INSECURE_CLUSTER,
      'bin/npx': `#!/bin/sh\n# npx --yes akslint@VERSION ARGS...\nshift 2\nexec "${process.execPath}" "${BIN}" "$@"\n`,
    });
    try {
      fs.chmodSync(path.join(dir, 'bin/npx'), 0o755);
      const output = path.join(dir, 'github-output');
      fs.writeFileSync(output, '');
      const scan = action.runs.steps.find((s) => s.id === 'scan')!;
      const r = spawnSync('bash', ['-e', '-c', scan.run!], {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...process.env,
          PATH: `${path.join(dir, 'bin')}:${process.env.PATH}`,
          GITHUB_OUTPUT: output,
          AKSLINT_VERSION: pkg.version,
          AKSLINT_PATHS: 'infra',
          AKSLINT_ARGS: '--fail-on high',
          AKSLINT_SARIF: 'akslint.sarif',
        },
      });
      expect(r.status).toBe(0);
      expect(fs.readFileSync(output, 'utf8')).toBe(`exit-code=1\nsarif-file=${dir}/akslint.sarif\n`);
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'akslint.sarif'), 'utf8'));
      expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('AKS101');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
