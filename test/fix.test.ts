import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../src/model';
import { applyFixes, changedLines, editedLines } from '../src/fix';
import { scanAndFix } from '../src/engine/fix';
import { runScan } from '../src/engine/scan';
import { explainRule } from '../src/cli/rules';
import { findRule } from '../policies';
import { ROOT, runMain, tempTree } from './cli-runner';

const readText = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
const key = (f: Finding) => `${f.ruleId} ${f.resource.address} ${f.file}`;

function countBy(findings: readonly Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of findings) if (f.status === 'fail') counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  return counts;
}

describe('fixes on the examples', () => {
  it('applied once, every fix keeps the files parsing, removes its finding and changes only its lines', async () => {
    const opts = { cwd: ROOT, paths: ['examples'] };
    const before = await runScan(opts);
    const fixed = before.findings.filter((f) => f.status === 'fail' && f.fixes);
    expect(fixed.length).toBeGreaterThan(50);
    const { texts, applied } = applyFixes(
      fixed.map((f) => f.fixes![0]),
      readText,
    );
    expect(applied.length).toBeGreaterThan(40);
    const appliedFindings = fixed.filter((f) => applied.includes(f.fixes![0]));

    for (const [file, text] of texts) {
      const touched = editedLines(applied, file);
      expect({ file, untouched: changedLines(readText(file), text).filter((l) => !touched.has(l)) }).toEqual({
        file,
        untouched: [],
      });
    }

    const after = await runScan({ ...opts, overrides: texts });
    expect(after.errors).toEqual(before.errors);
    const remaining = countBy(after.findings);
    const expected = countBy(before.findings);
    for (const f of appliedFindings) expected.set(key(f), expected.get(key(f))! - 1);
    for (const f of appliedFindings) {
      expect({ finding: key(f), left: remaining.get(key(f)) ?? 0 }).toEqual({
        finding: key(f),
        left: Math.min(remaining.get(key(f)) ?? 0, expected.get(key(f))!),
      });
    }
  });

  it('fixing until nothing applies leaves no fixable finding and no parse error', async () => {
    const outcome = await scanAndFix({ cwd: ROOT, paths: ['examples'] }, { unsafe: true, readText });
    expect(outcome.report.errors).toEqual([]);
    expect(outcome.report.findings.filter((f) => f.status === 'fail' && f.fixes)).toEqual([]);
    expect(outcome.report.summary.fixed).toBe(outcome.fixed);
    expect(outcome.fixed).toBeGreaterThan(60);
  });
});

const MANIFEST = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  hostNetwork: true # debugging',
  '  containers:',
  '    - name: web',
  '      image: nginx:1.25',
  '',
].join('\n');

describe('fixes only where they are shown', () => {
  it('JSON and SARIF output carry the fixes the default output does not build', async () => {
    const dir = tempTree({ 'pod.yaml': MANIFEST });
    try {
      const json = JSON.parse((await runMain(['scan', '.', '-f', 'json'], { cwd: dir })).stdout);
      expect(json.findings.some((f: Finding) => f.fixes && f.fixes[0].edits.length > 0)).toBe(true);
      const sarif = JSON.parse((await runMain(['scan', '.', '-f', 'sarif'], { cwd: dir })).stdout);
      expect(sarif.runs[0].results.some((r: { fixes?: unknown[] }) => r.fixes && r.fixes.length > 0)).toBe(
        true,
      );
      const withFixes = await runScan({ cwd: dir, paths: ['.'] });
      const without = await runScan({ cwd: dir, paths: ['.'], fixes: false });
      expect(without.findings.filter((f) => f.fixes)).toEqual([]);
      const strip = (f: Finding) => ({ ...f, fixes: undefined });
      expect(without.findings.map(strip)).toEqual(withFixes.findings.map(strip));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('akslint scan --fix', () => {
  it('--fix-dry-run prints a unified diff of the safe fixes and writes nothing', async () => {
    const dir = tempTree({ 'pod.yaml': MANIFEST });
    try {
      const r = await runMain(['scan', '.', '--fix-dry-run'], { cwd: dir });
      expect(r.stdout).toContain('--- a/pod.yaml\n+++ b/pod.yaml\n');
      expect(r.stdout).toContain('-  hostNetwork: true # debugging\n+  hostNetwork: false # debugging\n');
      expect(r.stdout).toContain('+        allowPrivilegeEscalation: false\n');
      // runAsNonRoot, readOnlyRootFilesystem and drop ALL are unsafe: not applied without --fix-unsafe.
      expect(r.stdout).not.toContain('runAsNonRoot');
      expect(r.stdout).toMatch(
        /fixes would be applied in 1 file; \d+ findings would remain; 3 unsafe fixes more/,
      );
      expect(r.status).toBe(1);
      expect(fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8')).toBe(MANIFEST);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--fix writes safe fixes over several passes (fixes inserting at one place) and reports what remains', async () => {
    const dir = tempTree({ 'pod.yaml': MANIFEST });
    try {
      const r = await runMain(['scan', '.', '--fix', '--format', 'json'], { cwd: dir });
      const report = JSON.parse(r.stdout) as { summary: { fixed: number; findings: number } };
      const text = fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
      expect(text).toContain('  hostNetwork: false # debugging\n');
      // K8S102 and K8S112 both insert securityContext into the container: the second waits a pass.
      expect(text).toContain(
        '      image: nginx:1.25\n      securityContext:\n        allowPrivilegeEscalation: false\n        seccompProfile:\n          type: RuntimeDefault\n',
      );
      expect(text).not.toContain('runAsNonRoot');
      expect(report.summary.fixed).toBeGreaterThanOrEqual(4);
      expect(report.summary.findings).toBeGreaterThan(0);

      const unsafe = await runMain(['scan', '.', '--fix-unsafe'], { cwd: dir });
      const after = fs.readFileSync(path.join(dir, 'pod.yaml'), 'utf8');
      expect(after).toContain('runAsNonRoot: true');
      expect(after).toContain('readOnlyRootFilesystem: true');
      expect(after).toMatch(/drop:\n +- ALL/);
      expect(unsafe.stdout).toMatch(/3 fixes applied/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the encoding of a UTF-16 file it fixes', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MANIFEST, 'utf16le')]);
    const dir = tempTree({});
    try {
      fs.writeFileSync(path.join(dir, 'pod.yaml'), utf16);
      await runMain(['scan', '.', '--fix'], { cwd: dir });
      const bytes = fs.readFileSync(path.join(dir, 'pod.yaml'));
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      expect(bytes.subarray(2).toString('utf16le')).toContain('  hostNetwork: false # debugging\n');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses --fix on standard input, and shows the diff of standard input with --fix-dry-run', async () => {
    const refused = await runMain(['scan', '-', '--fix'], { input: MANIFEST });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--fix-dry-run/);
    const dry = await runMain(['scan', '-', '--fix-dry-run'], { input: MANIFEST });
    expect(dry.stdout).toContain('--- a/<stdin>.yaml');
  });

  it('JSON output carries each fix with its title, safety and edits', async () => {
    const dir = tempTree({ 'pod.yaml': MANIFEST });
    try {
      const r = await runMain(['scan', '.', '--format', 'json'], { cwd: dir });
      const findings = (JSON.parse(r.stdout) as { findings: Finding[] }).findings;
      const hostNetwork = findings.find((f) => f.ruleId === 'K8S107')!;
      expect(hostNetwork.fixes).toEqual([
        {
          title: 'Set spec.hostNetwork: false on Pod shop/web',
          safety: 'safe',
          edits: [{ file: 'pod.yaml', line: 7, column: 16, endLine: 7, endColumn: 20, newText: 'false' }],
        },
      ]);
      expect(findings.find((f) => f.ruleId === 'K8S101')!.fixes![0]).toMatchObject({
        safety: 'unsafe',
        unsafeReason: expect.stringMatching(/root/),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('akslint explain', () => {
  it('says what the fix writes, whether it is safe, and when a value from a variable is fixed', () => {
    const text = explainRule(findRule('AKS101')!);
    expect(text).toContain('Automatic fix\n  Sets local_account_disabled = true');
    expect(text).toMatch(/except when no Entra ID admin group is set/);
    expect(text).toMatch(
      /where it is defined if that definition is in the scanned files and used by nothing else/,
    );
    expect(explainRule(findRule('AKS201')!)).toMatch(
      /Unsafe \(scan --fix-unsafe only\): the setting can only be chosen at creation/,
    );
    expect(explainRule(findRule('AKS203')!)).toContain('No automatic fix');
  });
});
