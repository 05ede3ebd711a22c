import * as fs from 'node:fs';
import * as path from 'node:path';
import { INSECURE_CLUSTER, akslint, ensureBuilt, json, tempProject } from './cli-harness';

// One scan, several reports: --format NAME=FILE is repeatable (the GitHub Action writes SARIF and
// annotations this way).
describe('scan --format NAME[=FILE] (repeatable)', () => {
  let dir: string;
  beforeAll(() => {
    ensureBuilt();
    dir = tempProject({ 'infra/aks.tf': INSECURE_CLUSTER });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes each format to its file, creating folders, and the one without a file to stdout', () => {
    const r = akslint(
      [
        'scan',
        '--format',
        'sarif=reports/akslint.sarif',
        '--format',
        'github',
        'infra',
        '--format',
        'json=r.json',
      ],
      dir,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=infra\/aks\.tf,line=6,.*AKS101/m);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'reports/akslint.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toContain('AKS101');
    const report = json({ code: 1, stdout: fs.readFileSync(path.join(dir, 'r.json'), 'utf8'), stderr: '' });
    // The same findings in every report: one scan.
    expect(report.findings.length).toBe(sarif.runs[0].results.length);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('::')).length,
    ).toBe(report.findings.length);
  });

  it('keeps --format NAME -o FILE', () => {
    const r = akslint(['scan', 'infra', '--format', 'json', '-o', 'plain.json'], dir);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(
      json({ ...r, stdout: fs.readFileSync(path.join(dir, 'plain.json'), 'utf8') }).summary.filesScanned,
    ).toBe(1);
  });

  it('refuses two reports on standard output, and unknown formats, with exit 2 before scanning', () => {
    const two = akslint(['scan', 'infra', '--format', 'json', '--format', 'sarif'], dir);
    expect(two).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'akslint: only one --format can go to standard output: give the others a file (--format sarif=FILE)\n',
    });
    const unknown = akslint(['scan', 'infra', '--format', 'xml=a.xml'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^akslint: unknown format "xml" \(choose from stylish, json, sarif/);
    expect(fs.existsSync(path.join(dir, 'a.xml'))).toBe(false);
  });
});
