import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN, INSECURE_CLUSTER, REPO, akslint, ensureBuilt, temporaryProjects } from './cli-harness';
import { validateSarifFiles } from './sarif-validator';

beforeAll(() => ensureBuilt());

const project = temporaryProjects();

describe('SARIF of every example passes sarif-multitool (SARIF and GitHub rules)', () => {
  const examples = path.join(REPO, 'examples');
  const folders = fs.existsSync(examples)
    ? fs
        .readdirSync(examples, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .flatMap((e) =>
          fs
            .readdirSync(path.join(examples, e.name), { withFileTypes: true })
            .filter((f) => f.isDirectory())
            .map((f) => `examples/${e.name}/${f.name}`),
        )
    : [];

  it('has examples to check', () => {
    expect(folders.length).toBeGreaterThan(0);
  });

  const results = new Map<string, { code: number | null; stderr: string; problems: string[] }>();
  beforeAll(() => {
    const out = project({});
    const files = folders.map((folder) => path.join(out, `${folder.replace(/\//g, '_')}.sarif`));
    const runs = folders.map((folder, i) =>
      akslint(['scan', folder, '--format', 'sarif', '-o', files[i], '--show-unknown'], REPO),
    );
    const problems = validateSarifFiles(files);
    folders.forEach((folder, i) =>
      results.set(folder, {
        code: runs[i].code,
        stderr: runs[i].stderr,
        problems: problems.get(files[i]) ?? ['missing'],
      }),
    );
  }, 600_000);

  it.each(folders)('%s', (folder) => {
    const r = results.get(folder)!;
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(r.problems).toEqual([]);
  });
});

// The rest of the command line runs in-process in test/cli.test.ts; here what only the binary shows.
describe('the command line as users type it', () => {
  it('honours FORCE_COLOR and NO_COLOR from the environment', () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    expect(akslint(['scan', '.'], d, undefined, { FORCE_COLOR: '1' }).stdout).toContain('\u001b[');
    expect(
      akslint(['scan', '.'], d, undefined, { FORCE_COLOR: undefined, NO_COLOR: '1' }).stdout,
    ).not.toContain('\u001b[');
  });

  it("fits a real terminal's width (run under script(1))", () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = spawnSync(
      'script',
      ['-qec', `stty cols 64; "${process.execPath}" "${BIN}" scan .`, '/dev/null'],
      {
        cwd: d,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: undefined },
      },
    );
    const lines = r.stdout.replace(/\r/g, '').split('\n');
    expect(lines.some((l) => /^ {2}6:3 +high +AKS101/.test(l))).toBe(true);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(64);
  });
});
