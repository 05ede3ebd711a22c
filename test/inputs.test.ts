import * as fs from 'node:fs';
import { runScan } from '../src/engine/scan';
import type { ScanReport } from '../src/model';
import { runCli, tempTree } from './cli-runner';

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

  it('reads a JSON manifest from standard input without a name', () => {
    const r = runCli(['scan', '-', '--format', 'json'], { input: PRIVILEGED_POD_JSON });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { ruleId: string; file: string; line: number }[];
    expect(findings.find((f) => f.ruleId === 'K8S104')).toMatchObject({ file: '<stdin>.json', line: 14 });
  });
});

describe('YAML with template text', () => {
  it('sees a privileged Deployment after a PrometheusRule full of {{ }} on standard input', () => {
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
    const r = runCli(['scan', '-', '--format', 'json'], { input: stream });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.skipped).toEqual([]);
    expect(where(report, 'K8S104')).toEqual(['<stdin>.yaml:23:29']);
  });
});
