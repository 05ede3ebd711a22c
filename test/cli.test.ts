import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, tempTree } from './cli-runner';

const INSECURE_TF = 'examples/insecure/terraform';
const SECURE_TF = 'examples/secure/terraform';

interface JsonReport {
  tool: { name: string; version: string };
  summary: Record<string, number>;
  findings: Array<Record<string, unknown> & { ruleId: string; file: string; line: number; status: string }>;
  errors: Array<{ file: string; line: number; column: number; message: string }>;
  skipped: Array<{ file: string; message: string }>;
}

const json = (stdout: string) => JSON.parse(stdout) as JsonReport;

const CLUSTER = (settings: string) => `resource "azurerm_kubernetes_cluster" "c" {
  name = "aks"
${settings}
}
`;

describe('akslint scan', () => {
  it('finds every cluster and registry rule in the insecure Terraform example and exits 1', () => {
    const r = runCli(['scan', INSECURE_TF, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = json(r.stdout);
    const ids = new Set(report.findings.map((f) => f.ruleId));
    for (const id of [
      'AKS101',
      'AKS102',
      'AKS103',
      'AKS104',
      'AKS105',
      'AKS201',
      'AKS202',
      'AKS203',
      'AKS204',
      'AKS205',
      'AKS206',
      'AKS207',
      'AKS301',
      'AKS302',
      'AKS303',
      'AKS304',
      'AKS305',
      'AKS401',
      'AKS402',
      'AKS501',
      'AKS502',
      'AKS503',
      'AKS504',
      'AKS505',
      'AKS601',
      'AKS602',
      'AKS605',
    ]) {
      expect({ id, found: ids.has(id) }).toEqual({ id, found: true });
    }
    expect(report.errors).toEqual([]);
  });

  it('passes the secure Terraform example with exit 0', () => {
    const r = runCli(['scan', SECURE_TF]);
    expect(r.stdout).toContain('no problems');
    expect(r.status).toBe(0);
  });

  it('prints the JSON contract: tool, summary, sorted findings with locations and resources', () => {
    const report = json(runCli(['scan', INSECURE_TF, '--format', 'json']).stdout);
    expect(report.tool).toEqual({ name: 'akslint', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(Object.keys(report.summary).sort()).toEqual(
      [
        'deployments',
        'durationMs',
        'filesScanned',
        'findings',
        'limitsReached',
        'parseErrors',
        'resources',
        'suppressed',
        'unknown',
      ].sort(),
    );
    const f = report.findings.find((x) => x.ruleId === 'AKS101' && x.file === `${INSECURE_TF}/main.tf`)!;
    expect(f).toMatchObject({
      title: 'Local accounts are disabled',
      severity: 'high',
      status: 'fail',
      format: 'terraform',
      resource: {
        type: 'azurerm_kubernetes_cluster',
        name: 'main',
        address: 'azurerm_kubernetes_cluster.main',
      },
      fixRequiresRecreate: false,
      deployment: INSECURE_TF,
    });
    const line = fs.readFileSync(path.join(__dirname, '..', f.file), 'utf8').split('\n')[f.line - 1];
    expect(line.slice((f.column as number) - 1, (f.endColumn as number) - 1)).toBe(
      'local_account_disabled = false',
    );
    const keys = report.findings.map((x) => [x.file, x.line, x.column as number, x.ruleId] as const);
    const sorted = [...keys].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1),
    );
    expect(keys).toEqual(sorted);
  });

  it('names the module call path for findings inside a local module', () => {
    const report = json(runCli(['scan', INSECURE_TF, '--format', 'json']).stdout);
    const legacy = report.findings.find((f) => f.ruleId === 'AKS303')!;
    expect(legacy.file).toBe(`${INSECURE_TF}/modules/legacy-aks/main.tf`);
    expect(legacy.via).toEqual(['module.legacy']);
    expect(legacy.resource).toMatchObject({ address: 'module.legacy.azurerm_kubernetes_cluster.this' });
  });

  it('is byte-for-byte deterministic (apart from the duration)', () => {
    const strip = (s: string) => s.replace(/"durationMs": \d+/, '');
    const a = runCli(['scan', 'examples', '--format', 'json']).stdout;
    const b = runCli(['scan', 'examples', '--format', 'json']).stdout;
    expect(strip(a)).toBe(strip(b));
    expect(runCli(['scan', 'examples']).stdout).toBe(runCli(['scan', 'examples']).stdout);
  });

  it('stylish groups by file, shows line:col, severity, rule id, the wrapped message and a summary', () => {
    const r = runCli(['scan', INSECURE_TF]);
    expect(r.stdout).toMatch(/^examples\/insecure\/terraform\/main\.tf$/m);
    expect(r.stdout).toMatch(/^ {2}\d+:\d+ +high +AKS101 +Cluster "aks-prod" keeps local accounts enabled /m);
    // 100 columns when not on a terminal; continuation lines start under the message.
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.length > 100)).toEqual([]);
    const at = lines.findIndex((l) => / AKS101 +Cluster "aks-prod" keeps local accounts/.test(l));
    const column = lines[at].indexOf('Cluster');
    expect(lines[at + 1]).toMatch(new RegExp(`^ {${column}}\\S`));
    expect(r.stdout).toMatch(
      /✖ \d+ findings \(1 critical, \d+ high, \d+ medium, \d+ low\), 0 errors; \d+ files scanned/,
    );
    expect(r.stdout).not.toContain('\u001b['); // no colour when not on a terminal
    expect(runCli(['scan', INSECURE_TF, '--color']).stdout).toContain('\u001b[');
  });

  it('--fail-on raises the threshold of the exit code', () => {
    const dir = tempTree({
      'main.tf':
        CLUSTER(
          '  local_account_disabled = true\n  private_cluster_enabled = true\n  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled = true\n  }\n  azure_policy_enabled = true\n  automatic_upgrade_channel = "patch"\n  network_profile {\n    network_policy = "azure"\n  }\n  microsoft_defender {}\n',
        ) +
        'resource "azurerm_monitor_diagnostic_setting" "audit" {\n  name = "audit"\n  target_resource_id = azurerm_kubernetes_cluster.c.id\n  enabled_log {\n    category = "kube-audit-admin"\n  }\n}\n',
    });
    try {
      const low = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
      const severities = new Set(json(low.stdout).findings.map((f) => f.severity));
      expect(low.status).toBe(1);
      expect([...severities].every((s) => s === 'low')).toBe(true);
      expect(runCli(['scan', '.', '--fail-on', 'medium'], { cwd: dir }).status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows unknown results only on request, naming what was unresolved, without failing', () => {
    const dir = tempTree({
      'main.tf': `variable "off" {}\n${CLUSTER('  local_account_disabled = var.off')}`,
    });
    try {
      const quiet = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
      expect(json(quiet.stdout).findings.some((f) => f.ruleId === 'AKS101')).toBe(false);
      expect(json(quiet.stdout).summary.unknown).toBeGreaterThan(0);
      const shown = json(runCli(['scan', '.', '--format', 'json', '--show-unknown'], { cwd: dir }).stdout);
      const u = shown.findings.find((f) => f.ruleId === 'AKS101')!;
      expect(u.status).toBe('unknown');
      expect(u.message).toMatch(/var\.off/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--var-file supplies variable values after terraform.tfvars', () => {
    const dir = tempTree({
      'main.tf': `variable "off" {}\n${CLUSTER('  local_account_disabled = var.off')}`,
      'terraform.tfvars': 'off = true\n',
      // Outside the root and its environment folders: not an environment of its own.
      'ci/prod.tfvars': 'off = false\n',
    });
    try {
      const base = json(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
      expect(base.findings.some((f) => f.ruleId === 'AKS101')).toBe(false);
      const prod = json(
        runCli(['scan', '.', '--format', 'json', '--var-file', 'ci/prod.tfvars'], { cwd: dir }).stdout,
      );
      expect(prod.findings.find((f) => f.ruleId === 'AKS101')?.line).toBe(4);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-o writes the report to a file', () => {
    const dir = tempTree({ 'main.tf': CLUSTER('') });
    try {
      const r = runCli(['scan', '.', '--format', 'json', '-o', 'out.json'], { cwd: dir });
      expect(r.stdout).toBe('');
      expect(json(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')).summary.findings).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads standard input named by --stdin-filename', () => {
    const r = runCli(['scan', '-', '--stdin-filename', 'infra/aks.tf', '--format', 'json'], {
      input: CLUSTER('  local_account_disabled = false'),
    });
    expect(r.status).toBe(1);
    const f = json(r.stdout).findings.find((x) => x.ruleId === 'AKS101')!;
    expect(f).toMatchObject({ file: 'infra/aks.tf', line: 3, column: 3 });
  });

  it('reports a syntax error with file, line and column and still scans the other files', () => {
    const dir = tempTree({
      'broken/main.tf': 'resource "azurerm_kubernetes_cluster" "c" {\n  name = \n',
      'ok/main.tf': CLUSTER('  local_account_disabled = false'),
    });
    try {
      const r = runCli(['scan', '.', '--format', 'json'], { cwd: dir });
      expect(r.status).toBe(1);
      const report = json(r.stdout);
      expect(report.errors.length).toBeGreaterThan(0);
      expect(report.errors[0]).toMatchObject({
        file: 'broken/main.tf',
        line: expect.any(Number),
        column: expect.any(Number),
      });
      expect(report.findings.some((f) => f.file === 'ok/main.tf' && f.ruleId === 'AKS101')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('scans folders and files outside the working directory, with config ignorePaths in force', () => {
    const outside = tempTree({ 'infra/main.tf': CLUSTER('  local_account_disabled = false') });
    const cwd = tempTree({ '.akslint.yaml': 'ignorePaths:\n  - "**/generated/**"\n' });
    try {
      for (const target of [path.join(outside, 'infra'), path.join(outside, 'infra', 'main.tf')]) {
        const r = runCli(['scan', target, '--format', 'json'], { cwd });
        expect(r.stderr).toBe('');
        expect(r.status).toBe(1);
        const f = json(r.stdout).findings.find((x) => x.ruleId === 'AKS101')!;
        expect(f.file).toBe(
          path
            .relative(cwd, path.join(outside, 'infra', 'main.tf'))
            .split(path.sep)
            .join('/'),
        );
      }
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('skips .terraform, node_modules and ignored paths, and never follows a symlink out of the root', () => {
    const outside = tempTree({ 'secret/main.tf': CLUSTER('  local_account_disabled = false') });
    const dir = tempTree({
      'main.tf': CLUSTER('  local_account_disabled = true'),
      '.terraform/modules/x/main.tf': CLUSTER('  local_account_disabled = false'),
      'node_modules/pkg/main.tf': CLUSTER('  local_account_disabled = false'),
      'generated/main.tf': CLUSTER('  local_account_disabled = false'),
      'vendor/main.tf': CLUSTER('  local_account_disabled = false'),
      '.gitignore': 'generated/\n',
      '.akslintignore': 'vendor/\n',
    });
    fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'linked'));
    try {
      const report = json(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
      expect(report.findings.filter((f) => f.ruleId === 'AKS101')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('evaluates a Bicep template once per parameter file and names the files a finding holds under', () => {
    const dir = tempTree({
      'main.bicep':
        "param disableLocal bool\nresource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n  name: 'aks'\n  location: 'westeurope'\n  properties: {\n    disableLocalAccounts: disableLocal\n  }\n}\n",
      'dev.bicepparam': "using './main.bicep'\nparam disableLocal = false\n",
      'prod.bicepparam': "using './main.bicep'\nparam disableLocal = true\n",
    });
    try {
      const report = json(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
      const local = report.findings.filter((f) => f.ruleId === 'AKS101');
      expect(local).toHaveLength(1);
      expect(local[0]).toMatchObject({ file: 'main.bicep', line: 6, contexts: ['dev.bicepparam'] });
      const everywhere = report.findings.find((f) => f.ruleId === 'AKS201')!;
      expect(everywhere.contexts).toBeUndefined();
      // COLUMNS widens stylish output: the whole message on one line.
      expect(runCli(['scan', '.'], { cwd: dir, env: { COLUMNS: '1000' } }).stdout).toMatch(
        /keeps local accounts enabled .*\[only with dev\.bicepparam\]/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps separate Terraform root modules apart in cross-resource rules', () => {
    const diag =
      'resource "azurerm_monitor_diagnostic_setting" "audit" {\n  name = "audit"\n  target_resource_id = azurerm_kubernetes_cluster.c.id\n  enabled_log {\n    category = "kube-audit-admin"\n  }\n}\n';
    const dir = tempTree({
      'dev/main.tf': CLUSTER('') + diag,
      'prod/main.tf': CLUSTER(''),
    });
    try {
      const report = json(runCli(['scan', '.', '--format', 'json'], { cwd: dir }).stdout);
      expect(report.findings.filter((f) => f.ruleId === 'AKS306').map((f) => f.file)).toEqual([
        'prod/main.tf',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists remote modules that were not fetched', () => {
    const dir = tempTree({
      'main.tf': 'module "aks" {\n  source  = "Azure/aks/azurerm"\n  version = "9.0.0"\n}\n',
    });
    try {
      const r = runCli(['scan', '.'], { cwd: dir });
      expect(r.stdout).toMatch(/skipped main\.tf:\d+: .*Azure\/aks\/azurerm/);
      expect(r.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('usage', () => {
  it('exits 2 with a message on an unknown option or command', () => {
    const r = runCli(['scan', '--bogus-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/akslint: .*bogus-flag/);
    expect(runCli(['frobnicate']).status).toBe(2);
  });

  it('exits 2 when standard input has no name and its format cannot be told', () => {
    const r = runCli(['scan', '-'], { input: 'resource "a" "b" {}\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--stdin-filename/);
  });

  it('reads manifests from standard input without a name (kubectl kustomize | akslint scan -)', () => {
    const manifest =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: true\n';
    const r = runCli(['scan', '-', '--format', 'json'], { input: manifest });
    expect(r.status).toBe(1);
    const f = JSON.parse(r.stdout).findings.find((x: { ruleId: string }) => x.ruleId === 'K8S104');
    expect(f).toMatchObject({ file: '<stdin>.yaml', line: 11 });
  });

  it('akslint rules lists every rule, as a table and as JSON', () => {
    const table = runCli(['rules']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^AKS101 +high +terraform,arm,bicep +Local accounts are disabled$/m);
    const list = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as Array<{ id: string }>;
    expect(list.map((r) => r.id)).toContain('AKS505');
    expect(runCli(['rules', '-f', 'json']).stdout).toBe(runCli(['rules', '--format', 'json']).stdout);
  });

  it('akslint explain shows why, the fix per language, recreation and references', () => {
    const r = runCli(['explain', 'AKS201']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Why it matters/);
    expect(r.stdout).toMatch(/How to fix it \(terraform\)\n {2}private_cluster_enabled = true/);
    expect(r.stdout).toMatch(/Fixing it means a new cluster/);
    expect(r.stdout).toMatch(/https:\/\/learn\.microsoft\.com\/azure\/aks\/private-clusters/);
    expect(runCli(['explain', 'private-cluster']).stdout).toBe(r.stdout);
    expect(runCli(['explain', 'AKS999']).status).toBe(2);
  });
});
