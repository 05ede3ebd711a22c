import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { runScan } from '../src/engine/scan';
import type { ScanReport } from '../src/model';
import { ROOT, runMain, tempTree } from './cli-runner';

/** Scan a temporary folder as `akslint scan .` would, in process. */
async function scanTree(files: Record<string, string | Buffer>, paths = ['.']): Promise<ScanReport> {
  const dir = tempTree({});
  try {
    for (const [rel, content] of Object.entries(files)) {
      fs.mkdirSync(`${dir}/${rel}`.replace(/\/[^/]*$/, ''), { recursive: true });
      fs.writeFileSync(`${dir}/${rel}`, content);
    }
    return await runScan({ cwd: dir, paths, today: '2026-01-01' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const where = (r: ScanReport, ruleId: string) =>
  r.findings.filter((f) => f.ruleId === ruleId).map((f) => `${f.file}:${f.line}:${f.column}`);

const PRIVILEGED_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'shop' },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', securityContext: { privileged: true } }] },
};
const PRIVILEGED_POD_JSON = JSON.stringify(PRIVILEGED_POD, null, 2) + '\n';

describe('Kubernetes manifests written as JSON', () => {
  it('scans a JSON object and a JSON List, with JSON line numbers', async () => {
    const list = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [PRIVILEGED_POD] }, null, 2);
    const r = await scanTree({ 'pod.json': PRIVILEGED_POD_JSON, 'list.json': list });
    expect(r.summary.filesScanned).toBe(2);
    expect(r.errors).toEqual([]);
    // `"privileged": true` is on line 14 of the object, line 18 inside the List's items.
    expect(where(r, 'K8S104')).toEqual(['list.json:18:15', 'pod.json:14:11']);
  });

  it('leaves ARM templates, parameter files, Terraform JSON and other JSON to their own readers', async () => {
    const arm = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      apiVersion: '2024-01-01',
      kind: 'template',
      resources: [],
    };
    const r = await scanTree({
      'azuredeploy.json': JSON.stringify(arm),
      'main.tf.json': JSON.stringify({
        resource: { azurerm_resource_group: { rg: { name: 'rg', location: 'westeurope' } } },
      }),
      'package.json': JSON.stringify({ name: 'x', kind: 'app' }),
      'nested.json': JSON.stringify({ items: [{ apiVersion: 'v1', kind: 'Pod' }] }),
    });
    expect(r.errors).toEqual([]);
    expect(r.findings).toEqual([]);
    // The resource group of main.tf.json; nothing read as a Kubernetes object.
    expect(r.summary.resources).toBe(1);
  });

  it('reads a JSON manifest from standard input without a name', async () => {
    const r = await runMain(['scan', '-', '--format', 'json'], { input: PRIVILEGED_POD_JSON });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; file: string; line: number }[];
    expect(findings.find((f) => f.ruleId === 'K8S104')).toMatchObject({ file: '<stdin>.json', line: 14 });
  });
});

describe('YAML with template text', () => {
  it('sees a privileged Deployment after a PrometheusRule full of {{ }} on standard input', async () => {
    const stream = [
      'apiVersion: monitoring.coreos.com/v1',
      'kind: PrometheusRule',
      'metadata: {name: kube-alerts, namespace: monitoring}',
      'spec:',
      '  groups:',
      '    - name: pods',
      '      rules:',
      '        - alert: PodCrashLooping',
      '          annotations:',
      "            description: '{{ with $labels }}{{ .namespace }}/{{ .pod }}{{ end }} restarts'",
      '            summary: |',
      '              {{ if gt $value 3.0 }}Many restarts{{ else }}Restarts{{ end }}',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: agent, namespace: ops}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: agent',
      '          image: agent:1.0',
      '          securityContext: {privileged: true}',
      '',
    ].join('\n');
    const r = await runMain(['scan', '-', '--format', 'json'], { input: stream });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.skipped).toEqual([]);
    expect(where(report, 'K8S104')).toEqual(['<stdin>.yaml:23:29']);
  });
});

/** The files of a folder, relative path to bytes. */
function readTree(dir: string, rel = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) Object.assign(out, readTree(dir, child));
    else out[child] = fs.readFileSync(path.join(dir, child));
  }
  return out;
}

const ENCODINGS: Record<string, (text: string) => Buffer> = {
  'UTF-8 with BOM': (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]),
  'UTF-16 LE with BOM': (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')]),
  'UTF-16 BE with BOM': (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()]),
};

const located = (r: ScanReport) =>
  r.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`);

describe('text encodings', () => {
  const formats = ['terraform', 'bicep', 'arm', 'kubernetes'];
  const cases = formats.flatMap((format) => Object.keys(ENCODINGS).map((encoding) => [format, encoding]));

  it.each(cases)(
    '%s example encoded as %s gives the findings of its UTF-8 text',
    async (format, encoding) => {
      const plain = readTree(path.join(ROOT, 'examples', 'insecure', format));
      const encoded = Object.fromEntries(
        Object.entries(plain).map(([rel, bytes]) => [rel, ENCODINGS[encoding](bytes.toString('utf8'))]),
      );
      const expected = await scanTree(plain);
      expect(expected.findings.length).toBeGreaterThan(0);
      const actual = await scanTree(encoded);
      expect(actual.errors).toEqual([]);
      expect(actual.skipped).toEqual(expected.skipped);
      expect(located(actual)).toEqual(located(expected));
    },
  );

  it('keeps line-1 columns of a file with a byte order mark', async () => {
    const pod =
      '{apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: "a:1", securityContext: {privileged: true}}]}}\n';
    const arm = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [],
    });
    const r = await scanTree({
      'pod.yaml': ENCODINGS['UTF-8 with BOM'](pod),
      'azuredeploy.json': ENCODINGS['UTF-8 with BOM'](arm),
    });
    expect(r.errors).toEqual([]);
    expect(where(r, 'K8S104')).toEqual([`pod.yaml:1:${pod.indexOf('privileged') + 1}`]);
  });

  it('reads UTF-16 standard input', async () => {
    const r = await runMain(['scan', '-', '--format', 'json'], {
      input: ENCODINGS['UTF-16 LE with BOM'](PRIVILEGED_POD_JSON) as unknown as string,
    });
    expect(r.stderr).toBe('');
    expect(where(JSON.parse(r.stdout) as ScanReport, 'K8S104')).toEqual(['<stdin>.json:14:11']);
  });
});

describe('files and folders that cannot be read', () => {
  it('notes a binary file found in a folder, and still scans the others', async () => {
    const r = await scanTree({
      'blob.yaml': Buffer.from([0x61, 0x3a, 0x00, 0x01, 0x0a]),
      'pod.json': PRIVILEGED_POD_JSON,
    });
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual([
      { file: 'blob.yaml', message: 'binary file (contains NUL bytes), not scanned' },
    ]);
    expect(where(r, 'K8S104')).toEqual(['pod.json:14:11']);
  });

  it('notes a folder it may not read', () => {
    const dir = tempTree({ 'open/pod.json': PRIVILEGED_POD_JSON, 'locked/pod.json': PRIVILEGED_POD_JSON });
    try {
      fs.chmodSync(dir, 0o755);
      fs.chmodSync(path.join(dir, 'open'), 0o755);
      fs.chmodSync(path.join(dir, 'locked'), 0o000);
      // Permissions do not bind root: drop to nobody for the scan, as a user's run would be.
      const asUser = process.getuid?.() === 0 ? 'process.setgid(65534); process.setuid(65534);' : '';
      const bundle = JSON.stringify(path.join(ROOT, 'lib', 'akslint.cjs'));
      const r = spawnSync(
        process.execPath,
        ['-e', `${asUser} require(${bundle}).main(['scan', '.', '--format', 'json'])`],
        { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      );
      expect(r.stderr).toBe('');
      const report = JSON.parse(r.stdout) as ScanReport;
      expect(report.skipped).toEqual([
        { file: 'locked', message: 'folder could not be read, so its files were not scanned' },
      ]);
      expect(where(report, 'K8S104')).toEqual(['open/pod.json:14:11']);
    } finally {
      fs.chmodSync(path.join(dir, 'locked'), 0o755);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('.gitignore and tracked files', () => {
  it('scans a file git tracks even when .gitignore matches it, and skips untracked ignored ones', async () => {
    const dir = tempTree({
      '.gitignore': '*.local.json\n',
      'deploy/.gitignore': '*.json\n',
      'deploy/pod.json': PRIVILEGED_POD_JSON,
      'deploy/untracked.json': PRIVILEGED_POD_JSON,
      'dev.local.json': PRIVILEGED_POD_JSON,
    });
    try {
      const git = (...args: string[]) =>
        spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(git('init', '-q').status).toBe(0);
      expect(git('add', '-f', '.gitignore', 'deploy/pod.json').status).toBe(0);
      const r = await runScan({ cwd: dir, paths: ['.'] });
      expect(where(r, 'K8S104')).toEqual(['deploy/pod.json:14:11']);
      // From a folder below the work tree's top too.
      const sub = await runScan({ cwd: path.join(dir, 'deploy'), paths: ['.'] });
      expect(where(sub, 'K8S104')).toEqual(['pod.json:14:11']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('honours .gitignore outside a git work tree, as before', async () => {
    const r = await scanTree({ '.gitignore': 'deploy/\n', 'deploy/pod.json': PRIVILEGED_POD_JSON });
    expect(r.summary.filesScanned).toBe(0);
  });
});
