import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../src/cli/io';
import { colorFromEnvironment, selectRules } from '../src/cli/scan';
import { allRules } from '../policies';
import { visibleWidth } from '../src/report/text';
import { ROOT, runCli, runMain, type CliResult, type InProcessOptions } from './cli-runner';
import { DENY_ALL_IN_SHOP, MODULE } from './lsp/fixtures';
import { INSECURE_CLUSTER, json, temporaryProjects, writeFiles, type JsonReport } from './gates/cli-harness';

// The command line. Most cases run in-process through main(argv), the function bin/akslint.js calls:
// yargs' parsing, the commands and the exit code, without a process start each. The cases at the end
// run the real binary (bin/akslint.js over the bundle): exit codes, standard input, a terminal.

const INSECURE_TF = 'examples/insecure/terraform';
const SECURE_TF = 'examples/secure/terraform';

const cli = (args: string[], opts: InProcessOptions = {}) => runMain(args, opts);
const project = temporaryProjects();

const rulesIn = (r: CliResult, file: string) =>
  [
    ...new Set(
      json(r)
        .findings.filter((f) => f.file === file)
        .map((f) => f.ruleId),
    ),
  ].sort();

const timeless = (text: string) => text.replace(/"durationMs": \d+/, '');

const CLUSTER = (settings: string) => `resource "azurerm_kubernetes_cluster" "c" {
  name = "aks"
${settings}
}
`;

const PRIVATE_CLUSTER = `variable "private" {}
resource "azurerm_kubernetes_cluster" "c" {
  name                    = "aks"
  private_cluster_enabled = var.private
}
`;

/** The insecure cluster with a comment line inserted before line `at` (0: the first). */
const withComment = (comment: string, at = 0) => {
  const lines = INSECURE_CLUSTER.split('\n');
  lines.splice(at, 0, comment);
  return lines.join('\n');
};

const PRIVILEGED_POD =
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: nginx\n      securityContext:\n        privileged: true\n';

describe('akslint scan', () => {
  it('finds every rule that reads Terraform in the insecure Terraform example and exits 1', async () => {
    const r = await cli(['scan', INSECURE_TF, '--format', 'json']);
    expect(r.status).toBe(1);
    const report = json(r);
    const found = new Set(report.findings.map((f) => f.ruleId));
    // Rules comparing environments (AKS901) are shown by examples/environments.
    const terraformRules = allRules().filter(
      (rule) => rule.view.formats.includes('terraform') && !rule.view.acrossContexts,
    );
    expect(terraformRules.length).toBeGreaterThan(0);
    expect(terraformRules.map((rule) => rule.id).filter((id) => !found.has(id))).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it('passes the secure Terraform example with exit 0', async () => {
    const r = await cli(['scan', SECURE_TF]);
    expect(r.stdout).toContain('no problems');
    expect(r.status).toBe(0);
  });

  it('prints the JSON contract: tool, summary, sorted findings with locations and resources', async () => {
    const report = json(await cli(['scan', INSECURE_TF, '--format', 'json']));
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
    const line = fs.readFileSync(path.join(ROOT, f.file), 'utf8').split('\n')[f.line - 1];
    expect(line.slice(f.column - 1, (f.endColumn as number) - 1)).toBe('local_account_disabled = false');
    const keys = report.findings.map((x) => [x.file, x.line, x.column, x.ruleId] as const);
    const sorted = [...keys].sort((a, b) =>
      a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1),
    );
    expect(keys).toEqual(sorted);
  });

  it('names the module call path for findings inside a local module', async () => {
    const report = json(await cli(['scan', INSECURE_TF, '--format', 'json']));
    const legacy = report.findings.find((f) => f.ruleId === 'AKS303')!;
    expect(legacy.file).toBe(`${INSECURE_TF}/modules/legacy-aks/main.tf`);
    expect(legacy.via).toEqual(['module.legacy']);
    expect(legacy.resource).toMatchObject({ address: 'module.legacy.azurerm_kubernetes_cluster.this' });
  });

  it('is byte-for-byte deterministic (apart from the duration)', async () => {
    const a = (await cli(['scan', 'examples', '--format', 'json'])).stdout;
    const b = (await cli(['scan', 'examples', '--format', 'json'])).stdout;
    expect(timeless(a)).toBe(timeless(b));
    expect((await cli(['scan', 'examples'])).stdout).toBe((await cli(['scan', 'examples'])).stdout);
  });

  it('stylish groups by file, shows line:col, severity, rule id, the wrapped message and a summary', async () => {
    const r = await cli(['scan', INSECURE_TF]);
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
    expect((await cli(['scan', INSECURE_TF, '--color'])).stdout).toContain('\u001b[');
  });

  it('--fail-on raises the threshold of the exit code', async () => {
    const dir = project({
      'main.tf':
        CLUSTER(
          '  local_account_disabled = true\n  private_cluster_enabled = true\n  azure_active_directory_role_based_access_control {\n    azure_rbac_enabled = true\n  }\n  azure_policy_enabled = true\n  automatic_upgrade_channel = "patch"\n  network_profile {\n    network_policy = "azure"\n  }\n  microsoft_defender {}\n',
        ) +
        'resource "azurerm_monitor_diagnostic_setting" "audit" {\n  name = "audit"\n  target_resource_id = azurerm_kubernetes_cluster.c.id\n  enabled_log {\n    category = "kube-audit-admin"\n  }\n}\n',
    });
    const low = await cli(['scan', '.', '--format', 'json'], { cwd: dir });
    const severities = new Set(json(low).findings.map((f) => f.severity));
    expect(low.status).toBe(1);
    expect([...severities].every((s) => s === 'low')).toBe(true);
    expect((await cli(['scan', '.', '--fail-on', 'medium'], { cwd: dir })).status).toBe(0);
  });

  it('shows unknown results only on request, naming what was unresolved, without failing', async () => {
    const dir = project({ 'main.tf': `variable "off" {}\n${CLUSTER('  local_account_disabled = var.off')}` });
    const quiet = json(await cli(['scan', '.', '--format', 'json'], { cwd: dir }));
    expect(quiet.findings.some((f) => f.ruleId === 'AKS101')).toBe(false);
    expect(quiet.summary.unknown).toBeGreaterThan(0);
    const shown = json(await cli(['scan', '.', '--format', 'json', '--show-unknown'], { cwd: dir }));
    const u = shown.findings.find((f) => f.ruleId === 'AKS101')!;
    expect(u.status).toBe('unknown');
    expect(u.message).toMatch(/var\.off/);
  });

  it('--var-file supplies variable values after terraform.tfvars', async () => {
    const dir = project({
      'main.tf': `variable "off" {}\n${CLUSTER('  local_account_disabled = var.off')}`,
      'terraform.tfvars': 'off = true\n',
      // Outside the root and its environment folders: not an environment of its own.
      'ci/prod.tfvars': 'off = false\n',
    });
    const base = json(await cli(['scan', '.', '--format', 'json'], { cwd: dir }));
    expect(base.findings.some((f) => f.ruleId === 'AKS101')).toBe(false);
    const prod = json(
      await cli(['scan', '.', '--format', 'json', '--var-file', 'ci/prod.tfvars'], { cwd: dir }),
    );
    expect(prod.findings.find((f) => f.ruleId === 'AKS101')?.line).toBe(4);
  });

  it('-o writes the report to a file', async () => {
    const dir = project({ 'main.tf': CLUSTER('') });
    const r = await cli(['scan', '.', '--format', 'json', '-o', 'out.json'], { cwd: dir });
    expect(r.stdout).toBe('');
    expect(
      (JSON.parse(fs.readFileSync(path.join(dir, 'out.json'), 'utf8')) as JsonReport).summary.findings,
    ).toBeGreaterThan(0);
  });

  it('reports a syntax error with file, line and column and still scans the other files', async () => {
    const dir = project({
      'broken/main.tf': 'resource "azurerm_kubernetes_cluster" "c" {\n  name = \n',
      'ok/main.tf': CLUSTER('  local_account_disabled = false'),
    });
    const r = await cli(['scan', '.', '--format', 'json'], { cwd: dir });
    expect(r.status).toBe(1);
    const report = json(r);
    expect(report.errors.length).toBeGreaterThan(0);
    expect(report.errors[0]).toMatchObject({
      file: 'broken/main.tf',
      line: expect.any(Number),
      column: expect.any(Number),
    });
    expect(report.findings.some((f) => f.file === 'ok/main.tf' && f.ruleId === 'AKS101')).toBe(true);
  });

  it('scans folders and files outside the working directory, with config ignorePaths in force', async () => {
    const outside = project({ 'infra/main.tf': CLUSTER('  local_account_disabled = false') });
    const cwd = project({ '.akslint.yaml': 'ignorePaths:\n  - "**/generated/**"\n' });
    for (const target of [path.join(outside, 'infra'), path.join(outside, 'infra', 'main.tf')]) {
      const r = await cli(['scan', target, '--format', 'json'], { cwd });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      const f = json(r).findings.find((x) => x.ruleId === 'AKS101')!;
      expect(f.file).toBe(
        path
          .relative(cwd, path.join(outside, 'infra', 'main.tf'))
          .split(path.sep)
          .join('/'),
      );
    }
  });

  it('skips .terraform, node_modules and ignored paths, and never follows a symlink out of the root', async () => {
    const outside = project({ 'secret/main.tf': CLUSTER('  local_account_disabled = false') });
    const dir = project({
      'main.tf': CLUSTER('  local_account_disabled = true'),
      '.terraform/modules/x/main.tf': CLUSTER('  local_account_disabled = false'),
      'node_modules/pkg/main.tf': CLUSTER('  local_account_disabled = false'),
      'generated/main.tf': CLUSTER('  local_account_disabled = false'),
      'vendor/main.tf': CLUSTER('  local_account_disabled = false'),
      '.gitignore': 'generated/\n',
      '.akslintignore': 'vendor/\n',
    });
    fs.symlinkSync(path.join(outside, 'secret'), path.join(dir, 'linked'));
    const report = json(await cli(['scan', '.', '--format', 'json'], { cwd: dir }));
    expect(report.findings.filter((f) => f.ruleId === 'AKS101')).toEqual([]);
  });

  it('evaluates a Bicep template once per parameter file and names the files a finding holds under', async () => {
    const dir = project({
      'main.bicep':
        "param disableLocal bool\nresource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n  name: 'aks'\n  location: 'westeurope'\n  properties: {\n    disableLocalAccounts: disableLocal\n  }\n}\n",
      'dev.bicepparam': "using './main.bicep'\nparam disableLocal = false\n",
      'prod.bicepparam': "using './main.bicep'\nparam disableLocal = true\n",
    });
    const report = json(await cli(['scan', '.', '--format', 'json'], { cwd: dir }));
    const local = report.findings.filter((f) => f.ruleId === 'AKS101');
    expect(local).toHaveLength(1);
    expect(local[0]).toMatchObject({ file: 'main.bicep', line: 6, contexts: ['dev.bicepparam'] });
    const everywhere = report.findings.find((f) => f.ruleId === 'AKS201')!;
    expect(everywhere.contexts).toBeUndefined();
    // COLUMNS widens stylish output: the whole message on one line.
    expect((await cli(['scan', '.'], { cwd: dir, env: { COLUMNS: '1000' } })).stdout).toMatch(
      /keeps local accounts enabled .*\[only with dev\.bicepparam\]/,
    );
  });

  it('keeps separate Terraform root modules apart in cross-resource rules', async () => {
    const diag =
      'resource "azurerm_monitor_diagnostic_setting" "audit" {\n  name = "audit"\n  target_resource_id = azurerm_kubernetes_cluster.c.id\n  enabled_log {\n    category = "kube-audit-admin"\n  }\n}\n';
    const dir = project({ 'dev/main.tf': CLUSTER('') + diag, 'prod/main.tf': CLUSTER('') });
    const report = json(await cli(['scan', '.', '--format', 'json'], { cwd: dir }));
    expect(report.findings.filter((f) => f.ruleId === 'AKS306').map((f) => f.file)).toEqual(['prod/main.tf']);
  });

  it('lists remote modules that were not fetched', async () => {
    const dir = project({
      'main.tf': 'module "aks" {\n  source  = "Azure/aks/azurerm"\n  version = "9.0.0"\n}\n',
    });
    const r = await cli(['scan', '.'], { cwd: dir });
    expect(r.stdout).toMatch(/skipped main\.tf:\d+: .*Azure\/aks\/azurerm/);
    expect(r.status).toBe(0);
  });
});

describe('standard input', () => {
  it('reads standard input named by --stdin-filename', async () => {
    const r = await cli(['scan', '-', '--stdin-filename', 'infra/aks.tf', '--format', 'json'], {
      input: CLUSTER('  local_account_disabled = false'),
    });
    expect(r.status).toBe(1);
    const f = json(r).findings.find((x) => x.ruleId === 'AKS101')!;
    expect(f).toMatchObject({ file: 'infra/aks.tf', line: 3, column: 3 });
  });

  // An editor pipes its buffer and names the file: the buffer is evaluated with the files beside it.
  const NAMESPACED_APP = MODULE['k8s/web.yaml'];

  it('named standard input is evaluated with the files beside the file it names', async () => {
    const dir = project({ 'k8s/app.yaml': NAMESPACED_APP, 'k8s/netpol.yaml': DENY_ALL_IN_SHOP });
    const named = await cli(['scan', '-', '--stdin-filename', 'k8s/app.yaml', '--format', 'json'], {
      cwd: dir,
      input: NAMESPACED_APP,
    });
    // The deny-all policy in netpol.yaml covers the namespace, as `akslint scan k8s/app.yaml` finds.
    const onDisk = await cli(['scan', 'k8s/app.yaml', '--format', 'json'], { cwd: dir });
    const ids = (r: CliResult) => json(r).findings.map((f) => `${f.file} ${f.ruleId}`);
    expect(ids(named)).toEqual(ids(onDisk));
    expect(ids(named)).not.toContain('k8s/app.yaml K8S301');
    // Unnamed input stands alone (a rendered kustomization): no policy beside it.
    const unnamed = await cli(['scan', '-', '--format', 'json'], { cwd: dir, input: NAMESPACED_APP });
    expect(json(unnamed).findings.map((f) => f.ruleId)).toContain('K8S301');
  });

  it("named standard input of a module file is evaluated through the module's callers", async () => {
    const module =
      'variable "local_disabled" {\n  type = bool\n}\n\n' +
      CLUSTER('  local_account_disabled = var.local_disabled');
    const dir = project({
      'modules/aks/main.tf': module,
      'envs/prod/main.tf':
        'module "aks" {\n  source         = "../../modules/aks"\n  local_disabled = false\n}\n',
    });
    const r = await cli(['scan', '-', '--stdin-filename', 'modules/aks/main.tf', '--format', 'json'], {
      cwd: dir,
      input: module,
    });
    expect(json(r).findings.find((f) => f.ruleId === 'AKS101')).toMatchObject({
      file: 'modules/aks/main.tf',
      status: 'fail',
      related: [expect.objectContaining({ file: 'envs/prod/main.tf', line: 3 })],
    });
  });

  it('exits 2 when standard input has no name and its format cannot be told', async () => {
    const r = await cli(['scan', '-'], { input: 'resource "a" "b" {}\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--stdin-filename/);
  });

  it('reads manifests from standard input without a name (kubectl kustomize | akslint scan -)', async () => {
    const r = await cli(['scan', '-', '--format', 'json'], { input: PRIVILEGED_POD });
    expect(r.status).toBe(1);
    expect(json(r).findings.find((x) => x.ruleId === 'K8S104')).toMatchObject({
      file: '<stdin>.yaml',
      line: 11,
    });
  });
});

describe('usage', () => {
  it('exits 2 with a message on an unknown option or command, naming an unknown flag once', async () => {
    const r = await cli(['scan', '--bogus-flag']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/akslint: .*bogus-flag/);
    expect((await cli(['frobnicate'])).status).toBe(2);
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const unknown = await cli(['scan', '.', '--dry-run', '--bogus'], { cwd: d });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('akslint: Unknown arguments: dry-run, bogus\n');
  });

  it('prints help, the version and the completion script on standard output, with exit 0', async () => {
    const help = await cli(['completion', '--help']);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toMatch(/^akslint completion\n/);
    expect(help.stdout).not.toContain('begin-akslint-completions');
    expect((await cli(['completion'])).stdout).toContain('###-begin-akslint-completions-###');
    const scanHelp = await cli(['scan', '--help']);
    expect(scanHelp.status).toBe(0);
    expect(scanHelp.stdout).toMatch(/--fail-on/);
    const version = await cli(['--version', '--no-color']);
    expect(version).toMatchObject({ status: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });

  it('akslint rules lists every rule of the registry, as a table and as JSON', async () => {
    const table = await cli(['rules']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^AKS101 +high +terraform,arm,bicep +Local accounts are disabled$/m);
    const listed = table.stdout.split('\n').filter((l) => /^(AKS|K8S)\d{3} /.test(l));
    expect(listed.map((l) => l.split(' ')[0])).toEqual(allRules().map((r) => r.id));
    const list = JSON.parse((await cli(['rules', '--format', 'json'])).stdout) as Array<{ id: string }>;
    expect(list.map((r) => r.id)).toEqual(allRules().map((r) => r.id));
    expect((await cli(['rules', '-f', 'json'])).stdout).toBe(
      (await cli(['rules', '--format', 'json'])).stdout,
    );
  });

  it('akslint explain shows why, the fix per language, recreation and references', async () => {
    const r = await cli(['explain', 'AKS201']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Why it matters/);
    expect(r.stdout).toMatch(/How to fix it \(terraform\)\n {2}private_cluster_enabled = true/);
    expect(r.stdout).toMatch(/Fixing it means a new cluster/);
    expect(r.stdout).toMatch(/https:\/\/learn\.microsoft\.com\/azure\/aks\/private-clusters/);
    expect((await cli(['explain', 'private-cluster'])).stdout).toBe(r.stdout);
    expect(await cli(['explain', 'AKS999'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'akslint: no rule "AKS999" (see akslint rules)\n',
    });
  });

  it('init writes a commented starter config that validates, and refuses to overwrite without --force', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    expect(await cli(['init'], { cwd: d })).toEqual({
      status: 0,
      stdout: 'Wrote .akslint.yaml\n',
      stderr: '',
    });
    const text = fs.readFileSync(path.join(d, '.akslint.yaml'), 'utf8');
    expect(text).toMatch(/^# /m);
    expect((await cli(['scan', '.', '--format', 'json'], { cwd: d })).status).toBe(1);
    fs.writeFileSync(path.join(d, '.akslint.yaml'), 'failOn: high\n');
    const again = await cli(['init'], { cwd: d });
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(path.join(d, '.akslint.yaml'), 'utf8')).toBe('failOn: high\n');
    expect((await cli(['init', '--force'], { cwd: d })).status).toBe(0);
    expect(fs.readFileSync(path.join(d, '.akslint.yaml'), 'utf8')).toBe(text);
  });
});

describe('inputs that do not exist are usage errors', () => {
  const dir = () => project({ 'main.tf': PRIVATE_CLUSTER });

  it.each([
    [['nothere', '.'], 'akslint: no such file or folder: "nothere"\n'],
    [['--var-file', 'prod.tfvars'], 'akslint: --var-file prod.tfvars: no such file\n'],
    [['--parameters', 'main.bicepparam'], 'akslint: --parameters main.bicepparam: no such file\n'],
    [['--config', 'custom.yaml'], 'akslint: --config custom.yaml: no such file\n'],
    [['--baseline', 'baseline.json'], 'akslint: --baseline baseline.json: no such file\n'],
    [['--var-file', '.'], 'akslint: --var-file .: not a file\n'],
    [['nothere', '--soft-fail'], 'akslint: no such file or folder: "nothere"\n'],
  ])('scan %j', async (args, message) => {
    expect(await cli(['scan', ...args], { cwd: dir() })).toEqual({ status: 2, stdout: '', stderr: message });
  });

  it('a variable file a configuration names must exist too', async () => {
    const d = project({ 'main.tf': PRIVATE_CLUSTER, '.akslint.yaml': 'varFiles: [envs/prod.tfvars]\n' });
    expect((await cli(['scan'], { cwd: d })).stderr).toBe(
      'akslint: .akslint.yaml: varFiles[0] names envs/prod.tfvars, which does not exist\n',
    );
  });
});

describe('variable files', () => {
  it('a value that is not a literal is an error at its position, as Terraform refuses it', async () => {
    const d = project({ 'main.tf': PRIVATE_CLUSTER, 'prod.tfvars': 'private = fals\n' });
    const r = await cli(['scan', '--var-file', 'prod.tfvars', '-f', 'json'], { cwd: d });
    expect(r.status).toBe(1);
    expect(json(r).errors).toEqual([
      {
        file: 'prod.tfvars',
        line: 1,
        column: 11,
        message: expect.stringMatching(
          /^private = fals: not a value \(a variable file holds literal values only/,
        ),
      },
    ]);
  });

  it('reads a --var-file outside the scanned folder and the working directory', async () => {
    const d = project({ 'infra/main.tf': PRIVATE_CLUSTER, 'envs/prod.tfvars': 'private = false\n' });
    const r = await cli(['scan', '--var-file', '../envs/prod.tfvars', '-f', 'json'], {
      cwd: path.join(d, 'infra'),
    });
    expect(json(r).findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'AKS201',
        status: 'fail',
        message: expect.stringMatching(/= false/),
      }),
    );
  });
});

describe('configuration per file', () => {
  const tree = (extra: Record<string, string> = {}) =>
    project({
      '.akslint.yaml': 'rules:\n  AKS101: off\n',
      'a/.akslint.yaml': 'rules:\n  AKS102: off\n  AKS103: info\n',
      'a/aks.tf': INSECURE_CLUSTER,
      'b/aks.tf': INSECURE_CLUSTER,
      ...extra,
    });

  it('applies the nearest configs above each file, nearer over farther, whatever the argument order', async () => {
    const d = tree();
    const ab = await cli(['scan', 'a', 'b', '-f', 'json'], { cwd: d });
    const ba = await cli(['scan', 'b', 'a', '-f', 'json'], { cwd: d });
    expect(timeless(ab.stdout)).toBe(timeless(ba.stdout));
    expect(rulesIn(ab, 'a/aks.tf')).not.toContain('AKS101');
    expect(rulesIn(ab, 'a/aks.tf')).not.toContain('AKS102');
    expect(rulesIn(ab, 'b/aks.tf')).not.toContain('AKS101');
    expect(rulesIn(ab, 'b/aks.tf')).toContain('AKS102');
    const severity = (file: string) =>
      json(ab).findings.find((f) => f.file === file && f.ruleId === 'AKS103')!;
    expect([severity('a/aks.tf').severity, severity('b/aks.tf').severity]).toEqual(['info', 'medium']);
    // Scanned from inside b, the same configs apply to b.
    const fromB = await cli(['scan', '-f', 'json'], { cwd: path.join(d, 'b') });
    expect(rulesIn(fromB, 'aks.tf')).toEqual(rulesIn(ab, 'b/aks.tf'));
  });

  it('stops at a config with root: true', async () => {
    const d = tree({ 'a/.akslint.yaml': 'root: true\nrules:\n  AKS102: off\n' });
    const r = await cli(['scan', '-f', 'json'], { cwd: d });
    expect(rulesIn(r, 'a/aks.tf')).toContain('AKS101');
    expect(rulesIn(r, 'a/aks.tf')).not.toContain('AKS102');
    expect(rulesIn(r, 'b/aks.tf')).not.toContain('AKS101');
  });

  it('--config replaces the search for every file', async () => {
    const d = tree({ 'ci.yaml': 'rules:\n  AKS205: off\n' });
    const r = await cli(['scan', '--config', 'ci.yaml', '-f', 'json'], { cwd: d });
    for (const file of ['a/aks.tf', 'b/aks.tf']) {
      expect(rulesIn(r, file)).toEqual(expect.arrayContaining(['AKS101', 'AKS102']));
      expect(rulesIn(r, file)).not.toContain('AKS205');
    }
  });

  it('applies overrides to the files their patterns match, relative to the config', async () => {
    const d = project({
      'infra/.akslint.yaml':
        'rules:\n  AKS205: low\noverrides:\n  - files: "legacy/**"\n    excludedFiles: legacy/keep/*.tf\n    rules:\n      AKS201: off\n      AKS205: off\n',
      'infra/legacy/aks.tf': INSECURE_CLUSTER,
      'infra/legacy/keep/aks.tf': INSECURE_CLUSTER,
      'infra/new/aks.tf': INSECURE_CLUSTER,
      'legacy/aks.tf': INSECURE_CLUSTER,
    });
    const r = await cli(['scan', '-f', 'json'], { cwd: d });
    expect(rulesIn(r, 'infra/legacy/aks.tf')).not.toContain('AKS201');
    expect(rulesIn(r, 'infra/legacy/aks.tf')).not.toContain('AKS205');
    expect(rulesIn(r, 'infra/legacy/keep/aks.tf')).toEqual(expect.arrayContaining(['AKS201', 'AKS205']));
    expect(rulesIn(r, 'infra/new/aks.tf')).toEqual(expect.arrayContaining(['AKS201', 'AKS205']));
    // Outside the config's folder, its patterns do not apply.
    expect(rulesIn(r, 'legacy/aks.tf')).toEqual(expect.arrayContaining(['AKS201', 'AKS205']));
  });

  it('reads failOn, ignorePaths and varFiles per folder', async () => {
    const d = project({
      'a/.akslint.yaml': 'failOn: critical\nvarFiles: [prod.tfvars]\nignorePaths: [generated/]\n',
      'a/main.tf': PRIVATE_CLUSTER,
      'a/prod.tfvars': 'private = false\n',
      'a/generated/aks.tf': INSECURE_CLUSTER,
      'b/main.tf': PRIVATE_CLUSTER,
      'b/generated/aks.tf': INSECURE_CLUSTER,
    });
    const r = await cli(['scan', '-f', 'json', '--show-unknown'], { cwd: d });
    const aks201 = (file: string) =>
      json(r).findings.find((f) => f.file === file && f.ruleId === 'AKS201')?.status;
    expect([aks201('a/main.tf'), aks201('b/main.tf')]).toEqual(['fail', 'unknown']);
    expect(json(r).findings.some((f) => f.file === 'a/generated/aks.tf')).toBe(false);
    expect(json(r).findings.some((f) => f.file === 'b/generated/aks.tf')).toBe(true);
    // a's findings are below its failOn; only b's fail the run.
    expect((await cli(['scan'], { cwd: path.join(d, 'a') })).status).toBe(0);
    expect((await cli(['scan'], { cwd: d })).status).toBe(1);
  });
});

describe('rule selection', () => {
  const ids = (only: string[], skip: string[] = []) => selectRules(only, skip).map((r) => r.id);

  it('takes ids, slugs and globs on ids, in comma lists and repeated', () => {
    const k8s10x = allRules()
      .map((r) => r.id)
      .filter((id) => /^K8S10\d$/.test(id) && id !== 'K8S102');
    expect(k8s10x.length).toBeGreaterThan(2);
    expect(ids(['AKS101,k8s10?'], ['K8S102'])).toEqual(['AKS101', ...k8s10x]);
    expect(ids(['local-accounts-disabled'])).toEqual(['AKS101']);
    expect(ids([], ['AKS*', 'K8S*']).every((id) => !/^(AKS|K8S)/.test(id))).toBe(true);
    expect(ids([])).toEqual(allRules().map((r) => r.id));
  });

  it('refuses a name that matches no rule', async () => {
    expect(() => selectRules(['AKS101,NOPE*'], [])).toThrow(
      new UsageError('--rule NOPE*: no such rule (see akslint rules)'),
    );
    expect(await cli(['scan', '--skip-rule', 'typo'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'akslint: --skip-rule typo: no such rule (see akslint rules)\n',
    });
  });

  it('runs only the selected rules, --rule and --skip-rule repeated and as comma lists', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await cli(['scan', '--rule', 'AKS10*', '--skip-rule', 'AKS102', '-f', 'json'], { cwd: d });
    expect(rulesIn(r, 'aks.tf')).toEqual(['AKS101', 'AKS103']);
    const more = await cli(
      ['scan', '-f', 'json', '--rule', 'AKS10*', '--rule', 'AKS201,AKS203', '--skip-rule', 'AKS102'],
      { cwd: d },
    );
    expect(rulesIn(more, 'aks.tf')).toEqual(['AKS101', 'AKS103', 'AKS201', 'AKS203']);
  });
});

describe('exit codes and --quiet', () => {
  const d = () => project({ 'aks.tf': INSECURE_CLUSTER, 'broken.tf': 'resource "x" {\n' });

  it('--soft-fail exits 0 with findings and parse errors; --fail-on none only with findings', async () => {
    expect((await cli(['scan', '--soft-fail'], { cwd: d() })).status).toBe(0);
    const onlyFindings = project({ 'aks.tf': INSECURE_CLUSTER });
    expect((await cli(['scan', '--fail-on', 'none'], { cwd: onlyFindings })).status).toBe(0);
    expect((await cli(['scan', '--fail-on', 'none'], { cwd: d() })).status).toBe(1);
    expect((await cli(['scan', '--soft-fail', '--var-file', 'missing.tfvars'], { cwd: d() })).status).toBe(2);
  });

  it('--quiet lists only what fails the run and a short summary, and nothing when nothing fails', async () => {
    const dir = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await cli(['scan', '--quiet', '--fail-on', 'high', '-f', 'compact'], { cwd: dir });
    const severities = new Set(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[1]),
    );
    expect([...severities].sort()).toEqual(['high']);
    const stylish = await cli(['scan', '-q', '--fail-on', 'high'], { cwd: dir });
    expect(stylish.stdout).toMatch(/\n✖ \d+ findings \(\d+ high\), 0 errors\n$/);
    expect(stylish.stdout).not.toMatch(/scanned|medium|low/);
    expect(await cli(['scan', '--quiet', '--fail-on', 'critical'], { cwd: dir })).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  });
});

describe('-o and --write-baseline', () => {
  it('creates missing folders', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await cli(['scan', '-o', 'reports/ci/akslint.json', '-f', 'json'], { cwd: d });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(
      JSON.parse(fs.readFileSync(path.join(d, 'reports/ci/akslint.json'), 'utf8')).findings.length,
    ).toBeGreaterThan(0);
  });

  it('refuses a folder, a path through a file, and a file it may not write, with one line', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER, 'out/.keep': '', 'file.txt': '' });
    expect(await cli(['scan', '-o', 'out'], { cwd: d })).toEqual({
      status: 2,
      stdout: '',
      stderr: 'akslint: -o out: is a folder (name a file in it)\n',
    });
    expect((await cli(['scan', '-o', 'file.txt/report.json'], { cwd: d })).stderr).toBe(
      'akslint: -o file.txt/report.json: cannot write it (a part of the path is a file, not a folder)\n',
    );
    expect((await cli(['scan', '--format', 'json', '--format', 'sarif=out'], { cwd: d })).stderr).toBe(
      'akslint: --format sarif=out: is a folder (name a file in it)\n',
    );
    if (process.getuid?.() !== 0) {
      // root writes anywhere: this case only means something for other users.
      fs.writeFileSync(path.join(d, 'locked.json'), '');
      fs.chmodSync(path.join(d, 'locked.json'), 0o444);
      expect((await cli(['scan', '-o', 'locked.json'], { cwd: d })).stderr).toBe(
        'akslint: -o locked.json: cannot write to it (permission denied)\n',
      );
    }
  });

  it('--write-baseline says what it wrote', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await cli(['scan', '--write-baseline', 'baseline/akslint.json', '-f', 'json'], { cwd: d });
    const count = json(r).findings.length;
    expect(r.stderr).toBe(`akslint: wrote ${count} findings to baseline/akslint.json\n`);
    expect(fs.existsSync(path.join(d, 'baseline/akslint.json'))).toBe(true);
  });
});

describe('terminal output', () => {
  it('colour follows --color, then FORCE_COLOR, then NO_COLOR, then whether stdout is a terminal', async () => {
    expect(colorFromEnvironment({}, true)).toBe(true);
    expect(colorFromEnvironment({}, false)).toBe(false);
    expect(colorFromEnvironment({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colorFromEnvironment({ NO_COLOR: '' }, true)).toBe(true);
    for (const v of ['1', '2', '3', 'true', ''])
      expect(colorFromEnvironment({ FORCE_COLOR: v, NO_COLOR: '1' }, false)).toBe(true);
    for (const v of ['0', 'false']) expect(colorFromEnvironment({ FORCE_COLOR: v }, true)).toBe(false);
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const colour = async (args: string[], opts: InProcessOptions) =>
      (await cli(['scan', ...args], { cwd: d, ...opts })).stdout.includes('\u001b[');
    expect(await colour([], { env: { FORCE_COLOR: '1' } })).toBe(true);
    expect(await colour([], { stdoutTTY: true })).toBe(true);
    expect(await colour([], { stdoutTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(await colour(['--color'], { env: { NO_COLOR: '1' } })).toBe(true);
    expect(await colour(['--no-color'], { stdoutTTY: true })).toBe(false);
  });

  it("fits the terminal's width, or COLUMNS, and puts the message on its own lines when narrow", async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const widest = (r: CliResult) => Math.max(...r.stdout.split('\n').map(visibleWidth));
    expect(widest(await cli(['scan'], { cwd: d, stdoutTTY: true, columns: 72 }))).toBeLessThanOrEqual(72);
    expect(
      widest(await cli(['scan'], { cwd: d, stdoutTTY: true, columns: 72, env: { COLUMNS: '130' } })),
    ).toBeGreaterThan(100);
    const narrow = await cli(['scan'], { cwd: d, stdoutTTY: true, columns: 50, env: { NO_COLOR: '1' } });
    expect(widest(narrow)).toBeLessThanOrEqual(50);
    expect(narrow.stdout).toMatch(/\n {2}6:3 +high +AKS101\n {4}Cluster "aks-prod" keeps local accounts/);
  });

  it('shows progress on a terminal only after a second, and clears it', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER, 'b.tf': INSECURE_CLUSTER.replace(/main/g, 'b') });
    let t = 0;
    const slow = await cli(['scan', '-f', 'json'], { cwd: d, stderrTTY: true, now: () => (t += 600) });
    const CLEAR_LINE = '\r\u001b[K';
    const updates = slow.stderr.split(CLEAR_LINE);
    expect(updates.shift()).toBe('');
    expect(updates.pop()).toBe('');
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect(u).toMatch(/^akslint: parsed [12]\/2 files$/);
    expect(slow.stderr).toContain('parsed 2/2 files');
    const fast = await cli(['scan', '-f', 'json'], { cwd: d, stderrTTY: true, now: () => 0 });
    expect(fast.stderr).toBe('');
    const piped = await cli(['scan', '-f', 'json'], { cwd: d, stderrTTY: false, now: () => (t += 600) });
    expect(piped.stderr).toBe('');
  });

  it('escapes control characters from scanned content and file names in stylish and compact', async () => {
    const evilName = 'x\u001b]0;owned\u0007\n::error::injected';
    const d = project({
      'aks.tf': INSECURE_CLUSTER.replace('"aks-prod"', JSON.stringify(evilName)),
      '\u001b[31m::warning::evil.tf': INSECURE_CLUSTER,
    });
    const runs: Array<[string, InProcessOptions]> = [
      ['stylish', { env: { COLUMNS: '400' } }],
      ['stylish', {}],
      ['compact', {}],
      ['github', {}],
    ];
    for (const [format, terminal] of runs) {
      const r = await cli(['scan', '-f', format], { cwd: d, ...terminal });
      // eslint-disable-next-line no-control-regex
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(r.stdout).toContain('\\u001b');
      const commands = r.stdout.split('\n').filter((l) => /^\s*::/.test(l));
      if (format === 'github') for (const l of commands) expect(l).toMatch(/^::(error|warning|notice) file=/);
      else expect(commands).toEqual([]);
    }
  });
});

describe('invalid template expressions', () => {
  const ARM_CLUSTER = (name: string, properties: string) =>
    `    { "type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-02-01", "name": "${name}", "location": "westeurope",\n      "properties": ${properties} }`;
  const ARM = [
    '{',
    '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
    '  "contentVersion": "1.0.0.0",',
    '  "parameters": { "rbac": { "type": "bool" } },',
    '  "resources": [',
    ARM_CLUSTER('typo', `"[createObject('enableRBAC', true, 'dnsPrefix')]"`) + ',',
    ARM_CLUSTER('unresolved', `{ "enableRBAC": "[parameters('rbac')]" }`),
    '  ]',
    '}',
  ].join('\n');
  const BICEP = [
    'param rbac bool',
    "resource typo 'Microsoft.ContainerService/managedClusters@2024-02-01' = {",
    "  name: 'typo'",
    "  properties: createObject('enableRBAC', true, 'dnsPrefix')",
    '}',
    "resource unresolved 'Microsoft.ContainerService/managedClusters@2024-02-01' = {",
    "  name: 'unresolved'",
    '  properties: {',
    '    enableRBAC: rbac',
    '  }',
    '}',
  ].join('\n');

  it.each([
    ['aks.json', ARM, 'invalid template expression: '],
    ['aks.bicep', BICEP, 'invalid expression: '],
  ])(
    '%s: an odd createObject() is one error and no unknowns; an unresolved parameter stays unknown',
    async (file, text, prefix) => {
      const r = await cli(['scan', '-f', 'json', '--show-unknown'], { cwd: project({ [file]: text }) });
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('createObject(')) + 1;
      expect(json(r).errors).toEqual([
        {
          file,
          line,
          column: lines[line - 1].indexOf('createObject(') + 1,
          message: `${prefix}createObject() takes key and value pairs: 3 arguments given`,
        },
      ]);
      const unknowns = json(r).findings.filter((f) => f.status === 'unknown');
      const rbacLine = lines.findIndex((l) => /enableRBAC"?: (rbac|"\[parameters)/.test(l)) + 1;
      // The typo'd cluster's properties give no unknown at all; the other cluster's parameter does.
      expect(unknowns.map((f) => `${f.ruleId} ${f.line}`)).toEqual([`AKS104 ${rbacLine}`]);
      expect(r.status).toBe(1);
    },
  );
});

describe('module calls that are not read are never silently clean', () => {
  const AVM_CALL = `module aks 'br/public:avm/res/container-service/managed-cluster:0.9.0' = { params: { disableLocalAccounts: false, enablePrivateCluster: false } }\n`;
  const TF_CALLS = `module "aks" {
  source                  = "Azure/aks/azurerm"
  version                 = "9.1.0"
  local_account_disabled  = var.off
  private_cluster_enabled = true
}
module "platform" {
  source = "git::https://example.com/platform.git"
  enable_private_cluster = true
  kubernetes_version     = "1.30"
}
module "naming" {
  source = "Azure/naming/azurerm"
}
variable "off" {
  default = false
}
`;
  const columnOf = (text: string, needle: string) => text.indexOf(needle) + 1;

  it('checks a well-known AVM Bicep module call at the arguments it passes (the README example)', async () => {
    const d = project({ 'main.bicep': AVM_CALL });
    const r = await cli(['scan', '-f', 'json'], { cwd: d });
    expect(r.status).toBe(1);
    const out = json(r);
    expect(out.findings.map((f) => [f.ruleId, f.line, f.column])).toEqual([
      ['AKS101', 1, columnOf(AVM_CALL, 'disableLocalAccounts')],
      ['AKS201', 1, columnOf(AVM_CALL, 'enablePrivateCluster')],
    ]);
    expect(out.skipped).toEqual([
      {
        file: 'main.bicep',
        line: 1,
        column: 12,
        message:
          "module aks comes from the Bicep registry ('br/public:avm/res/container-service/managed-cluster:0.9.0'), which akslint does not fetch and `bicep restore` has not put in the module cache",
        module: 'br/public:avm/res/container-service/managed-cluster:0.9.0',
        cluster: true,
        checkedAtCallSite: true,
      },
    ]);
  });

  it('passes a call whose arguments are secure and judges nothing the call leaves to the module', async () => {
    const d = project({
      'main.bicep': `module aks 'br/public:avm/res/container-service/managed-cluster:0.9.0' = {\n  params: {\n    disableLocalAccounts: true\n    enablePrivateCluster: true\n  }\n}\n`,
    });
    const r = await cli(['scan', '-f', 'json', '--show-unknown'], { cwd: d });
    expect(json(r).findings).toEqual([]);
    expect(r.status).toBe(0);
    // Unless the gate is strict: the module itself was not read.
    expect((await cli(['scan', '-f', 'json', '--fail-on-unevaluated'], { cwd: d })).status).toBe(1);
  });

  it('checks Azure/aks/azurerm calls at the argument (values through variables included), and notes unknown cluster modules', async () => {
    const d = project({ 'main.tf': TF_CALLS });
    const r = await cli(['scan', '-f', 'compact'], { cwd: d });
    expect(r.stdout).toBe(
      [
        'main.tf:1:1: not-read module.aks: remote source "Azure/aks/azurerm" was not fetched: only the inputs the call passes were checked, against the module\'s documented inputs [unevaluated-module]',
        `main.tf:4:3: high Cluster "aks" keeps local accounts enabled (local_account_disabled = false): anyone with the cluster-admin certificate bypasses Entra ID. Set local_account_disabled = true. [AKS101]`,
        'main.tf:7:1: not-read module.platform: remote source "git::https://example.com/platform.git" was not fetched: the cluster it builds is not checked [unevaluated-module]',
        '',
      ].join('\n'),
    );
    // The naming module builds no cluster: noted in JSON and stylish only, as before.
    const skipped = json(await cli(['scan', '-f', 'json'], { cwd: d })).skipped;
    expect(skipped.map((s) => s.cluster ?? false)).toEqual([true, true, false]);
  });

  it('checks AVM Terraform module calls from 0.4 (REST-shaped inputs, fields of object inputs) and before', async () => {
    const d = project({
      'main.tf': `module "aks" {
  source                 = "Azure/avm-res-containerservice-managedcluster/azurerm"
  version                = "0.6.1"
  disable_local_accounts = false
  api_server_access_profile = {
    enable_private_cluster = false
  }
  network_profile = var.network
}
module "legacy" {
  source                 = "Azure/avm-res-containerservice-managedcluster/azurerm"
  version                = "~> 0.3"
  local_account_disabled = false
}
variable "network" {
  type = object({ network_policy = string })
}
`,
    });
    const r = await cli(['scan', '-f', 'compact', '--show-unknown', '--rule', 'AKS101,AKS201,AKS204'], {
      cwd: d,
    });
    const lines = r.stdout.split('\n').filter((l) => / \[AKS\d+\]$/.test(l));
    expect(lines).toEqual([
      'main.tf:4:3: high Cluster "aks" keeps local accounts enabled (disable_local_accounts = false): anyone with the cluster-admin certificate bypasses Entra ID. Set disable_local_accounts = true. [AKS101]',
      expect.stringMatching(
        /^main\.tf:6:5: \w+ .*api_server_access_profile\.enable_private_cluster = false.* \[AKS201\]$/,
      ),
      expect.stringMatching(
        /^main\.tf:8:3: unknown network_profile\.network_policy = var\.network could not be resolved: .* \[AKS204\]$/,
      ),
      expect.stringMatching(/^main\.tf:13:3: high .*\(local_account_disabled = false\).* \[AKS101\]$/),
    ]);
  });

  it('--fail-on-unevaluated (or failOnUnevaluated in the config) fails a run whose only cluster is in a module not read', async () => {
    const files = { 'main.tf': 'module "aks" {\n  source = "git::https://example.com/aks.git"\n}\n' };
    expect((await cli(['scan'], { cwd: project(files) })).status).toBe(0);
    expect((await cli(['scan', '--fail-on-unevaluated'], { cwd: project(files) })).status).toBe(1);
    const strict = project({ ...files, '.akslint.yaml': 'failOnUnevaluated: true\n' });
    const r = await cli(['scan', '-f', 'github'], { cwd: strict });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::warning file=main.tf,line=1,col=1,title=akslint%3A module not read::');
    expect(r.stdout).toContain('1 cluster module not read');
    const junit = await cli(['scan', '-f', 'junit'], { cwd: strict });
    expect(junit.stdout).toContain(
      '<skipped message="module.aks: remote source &quot;git::https://example.com/aks.git&quot; was not fetched: the cluster it builds is not checked"/>',
    );
  });
});

describe('output formats', () => {
  const dir = () => project({ 'infra/aks.tf': INSECURE_CLUSTER });

  it('stylish and json', async () => {
    const d = dir();
    const stylish = await cli(['scan', '.'], { cwd: d });
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toMatch(/infra\/aks\.tf\n[^]*?\n\s+6:3\s+high\s+AKS101\s+.*local accounts/);
    const report = json(await cli(['scan', '.', '--format', 'json'], { cwd: d }));
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'AKS101', file: 'infra/aks.tf', line: 6 }),
    );
  });

  it('compact', async () => {
    const r = await cli(['scan', '.', '--format', 'compact'], { cwd: dir() });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^infra\/aks\.tf:6:3: high .*local accounts.* \[AKS101\]$/m);
    for (const line of r.stdout.trimEnd().split('\n'))
      expect(line).toMatch(/^infra\/aks\.tf:\d+:\d+: \w+ .* \[\w+\]$/);
  });

  it('github', async () => {
    const r = await cli(['scan', '.', '--format', 'github'], { cwd: dir() });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=infra\/aks\.tf,line=6,endLine=6,col=3,endColumn=\d+,title=AKS101 \(high\) [^:]*::.*local accounts/m,
    );
  });

  it('junit', async () => {
    const r = await cli(['scan', '.', '--format', 'junit'], { cwd: dir() });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="akslint"/);
    expect(r.stdout).toMatch(
      /<testcase classname="AKS101" name="AKS101 [^"]*: azurerm_kubernetes_cluster.main" file="infra\/aks.tf" line="6"/,
    );
  });

  it('sarif, written with -o, its paths relative to the working directory', async () => {
    const d = dir();
    const r = await cli(['scan', '.', '--format', 'sarif', '-o', 'out.sarif'], { cwd: d });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(fs.readFileSync(path.join(d, 'out.sarif'), 'utf8'));
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'AKS101');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/aks.tf', uriBaseId: '%SRCROOT%' },
      region: expect.objectContaining({ startLine: 6, startColumn: 3 }),
    });
    expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${d}/`);
  });

  it('is byte-identical from run to run', async () => {
    const d = dir();
    for (const format of ['json', 'sarif', 'junit', 'github', 'compact']) {
      const a = (await cli(['scan', '.', '--format', format], { cwd: d })).stdout;
      const b = (await cli(['scan', '.', '--format', format], { cwd: d })).stdout;
      expect(timeless(a)).toBe(timeless(b));
    }
  });
});

describe('suppressions through the CLI', () => {
  it('counts suppressed findings, and lists them with their reasons with --show-suppressed', async () => {
    const d = project({ 'aks.tf': withComment('# akslint-ignore AKS101: break-glass account for the NOC') });
    const plain = json(await cli(['scan', '.', '--format', 'json'], { cwd: d }));
    expect(plain.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(plain.summary.suppressed).toBe(1);
    expect(plain.suppressed).toBeUndefined();
    const shown = json(await cli(['scan', '.', '--format', 'json', '--show-suppressed'], { cwd: d }));
    expect(shown.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'AKS101',
        line: 7,
        suppression: { kind: 'comment', reason: 'break-glass account for the NOC', file: 'aks.tf', line: 1 },
      }),
    ]);
    expect((await cli(['scan', '.', '--show-suppressed'], { cwd: d })).stdout.replace(/\n\s+/g, ' ')).toMatch(
      /suppressed\s+AKS101\s+.*\(suppressed: break-glass account for the NOC\)/,
    );
  });

  it('suppresses from inside the resource and with a file-wide comment; other rules stay', async () => {
    const inside = project({ 'aks.tf': withComment('  // akslint-ignore AKS101, AKS102: reviewed', 3) });
    const rules = json(await cli(['scan', '.', '--format', 'json'], { cwd: inside })).findings.map(
      (f) => f.ruleId,
    );
    expect(rules).not.toContain('AKS101');
    expect(rules).not.toContain('AKS102');
    expect(rules).toContain('AKS103');
    const fileWide = project({ 'aks.tf': INSECURE_CLUSTER + '\n# akslint-ignore-file *: sandbox cluster\n' });
    const r = await cli(['scan', '.', '--format', 'json'], { cwd: fileWide });
    expect(r.status).toBe(0);
    expect(json(r).findings).toEqual([]);
  });

  it('reads Terraform JSON: findings point into the .tf.json file, "//" properties suppress', async () => {
    const cluster = (comment: object) =>
      JSON.stringify(
        {
          resource: {
            azurerm_kubernetes_cluster: {
              c: { ...comment, name: 'aks', local_account_disabled: false, private_cluster_enabled: false },
            },
          },
        },
        null,
        2,
      );
    const d = project({ 'cdk.tf.json': cluster({}) });
    const found = json(await cli(['scan', '.', '--format', 'json'], { cwd: d })).findings;
    expect(found.find((f) => f.ruleId === 'AKS101')).toMatchObject({
      file: 'cdk.tf.json',
      line: 6,
      column: 9,
    });
    const suppressed = project({
      'cdk.tf.json': cluster({ '//': 'akslint-ignore AKS101: break-glass account' }),
    });
    const r = json(await cli(['scan', '.', '--format', 'json', '--show-suppressed'], { cwd: suppressed }));
    expect(r.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(r.findings.map((f) => f.ruleId)).toContain('AKS201');
    expect(r.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'AKS101',
        suppression: expect.objectContaining({ reason: 'break-glass account' }),
      }),
    ]);
  });

  it('brings a finding back after its expiry date, with a note', async () => {
    const d = project({ 'aks.tf': withComment('# akslint-ignore AKS101: migration (until 2020-06-30)') });
    const r = await cli(['scan', '.', '--format', 'json'], { cwd: d });
    expect(r.status).toBe(1);
    const back = json(r).findings.find((f) => f.ruleId === 'AKS101');
    expect(back?.expiredSuppression).toMatchObject({ until: '2020-06-30', line: 1 });
    expect((await cli(['scan', '.'], { cwd: d })).stdout).toMatch(/AKS101/);
    expect((await cli(['scan', '.'], { cwd: d })).stdout).toMatch(/suppression expired 2020-06-30/);
    const future = project({
      'aks.tf': withComment('# akslint-ignore AKS101: migration (until 2999-12-31)'),
    });
    expect(json(await cli(['scan', '.', '--format', 'json'], { cwd: future })).summary.suppressed).toBe(1);
  });

  it('--require-reason refuses suppressions without a reason', async () => {
    const d = project({ 'aks.tf': withComment('# akslint-ignore AKS101') });
    expect(json(await cli(['scan', '.', '--format', 'json'], { cwd: d })).summary.suppressed).toBe(1);
    const r = await cli(['scan', '.', '--format', 'json', '--require-reason'], { cwd: d });
    expect(r.status).toBe(1);
    const report = json(r);
    expect(report.summary.suppressed).toBe(0);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'akslint/suppression-without-reason', file: 'aks.tf', line: 1 }),
    );
    expect(report.findings.map((f) => f.ruleId)).toContain('AKS101');
  });

  it('--report-unused-suppressions flags suppressions that match nothing', async () => {
    const d = project({
      'aks.tf': withComment('# akslint-ignore AKS101: reviewed\n# akslint-ignore AKS206: not enabled anyway'),
    });
    expect(
      json(await cli(['scan', '.', '--format', 'json'], { cwd: d })).findings.map((f) => f.ruleId),
    ).not.toContain('akslint/unused-suppression');
    const r = await cli(['scan', '.', '--format', 'compact', '--report-unused-suppressions'], { cwd: d });
    expect(r.stdout).toMatch(
      /^aks\.tf:2:1: low Unused akslint-ignore comment: no AKS206 finding here .*\[akslint\/unused-suppression\]$/m,
    );
    expect(r.stdout).not.toMatch(/^aks\.tf:1:1: .*unused-suppression/m);
  });

  it('uses // comments in ARM JSON templates', async () => {
    const template = JSON.stringify(
      {
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [
          {
            type: 'Microsoft.ContainerService/managedClusters',
            apiVersion: '2024-02-01',
            name: 'aks-arm',
            location: 'westeurope',
            properties: { disableLocalAccounts: false },
          },
        ],
      },
      null,
      2,
    ).replace('"resources": [\n', '"resources": [\n    // akslint-ignore AKS101: break-glass\n');
    const d = project({ 'azuredeploy.json': template });
    const report = json(await cli(['scan', '.', '--format', 'json', '--show-suppressed'], { cwd: d }));
    expect(report.suppressed?.map((f) => f.ruleId)).toEqual(['AKS101']);
    expect(report.findings.length).toBeGreaterThan(0);
  });
  it('uses // comments in Bicep', async () => {
    const d = project({
      'main.bicep': [
        '// akslint-ignore AKS101: break-glass',
        "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {",
        "  name: 'aks-bicep'",
        "  location: 'westeurope'",
        '  properties: {',
        '    disableLocalAccounts: false',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const report = json(await cli(['scan', '.', '--format', 'json', '--show-suppressed'], { cwd: d }));
    expect(report.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'AKS101',
        suppression: expect.objectContaining({ reason: 'break-glass', line: 1 }),
      }),
    ]);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('uses the akslint.io/ignore annotation and # comments in Kubernetes manifests', async () => {
    const deployment = (name: string, annotation: string, comment = '') =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: ${name}`,
        '  namespace: shop',
        ...(annotation ? ['  annotations:', `    akslint.io/ignore: "${annotation}"`] : []),
        'spec:',
        '  selector:',
        `    matchLabels: {app: ${name}}`,
        '  template:',
        '    metadata:',
        `      labels: {app: ${name}}`,
        '    spec:',
        '      containers:',
        `        - name: ${name}`,
        '          image: nginx:1.25',
        ...(comment ? [`          ${comment}`] : []),
        '          securityContext:',
        '            privileged: true',
      ].join('\n');
    const d = project({
      'web.yaml': [
        deployment('web', 'K8S101 -- the image needs root'),
        deployment('api', ''),
        deployment('job', '', '# akslint-ignore K8S101: legacy image, being rebuilt'),
      ].join('\n---\n'),
    });
    const report = json(await cli(['scan', '.', '--format', 'json', '--show-suppressed'], { cwd: d }));
    const k8s101 = (list: Array<{ ruleId: string; resource?: { address: string } }> = []) =>
      list.filter((f) => f.ruleId === 'K8S101').map((f) => f.resource?.address);
    expect(k8s101(report.suppressed as never)).toEqual(['Deployment/shop/web', 'Deployment/shop/job']);
    expect(report.suppressed?.[0].suppression).toMatchObject({
      kind: 'annotation',
      reason: 'the image needs root',
    });
    expect(k8s101(report.findings)).toEqual(['Deployment/shop/api']);
  });
});

describe('configuration', () => {
  it('is found from the scanned root upward and applied', async () => {
    const d = project({
      '.akslint.yaml': 'rules:\n  AKS101: off\n  AKS102: info\nfailOn: critical\n',
      'infra/prod/aks.tf': INSECURE_CLUSTER,
    });
    const r = await cli(['scan', 'infra/prod', '--format', 'json'], { cwd: d });
    const report = json(r);
    expect(report.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'AKS102', severity: 'info' }));
    // failOn critical from the config: the cluster has no critical finding.
    expect(report.findings.some((f) => (f as { severity?: string }).severity === 'critical')).toBe(false);
    expect(r.status).toBe(0);
    expect((await cli(['scan', 'infra/prod', '--fail-on', 'info'], { cwd: d })).status).toBe(1);
  });

  it('reads the akslint key of package.json and --config FILE, and honours ignorePaths', async () => {
    const d = project({
      'package.json': JSON.stringify({ name: 'x', akslint: { ignorePaths: ['legacy/'] } }),
      'legacy/aks.tf': INSECURE_CLUSTER,
      'custom.json': JSON.stringify({ rules: { AKS101: 'off' } }),
      'aks.tf': INSECURE_CLUSTER,
    });
    const files = new Set(
      json(await cli(['scan', '.', '--format', 'json'], { cwd: d })).findings.map((f) => f.file),
    );
    expect([...files]).toEqual(['aks.tf']);
    const custom = json(await cli(['scan', '.', '--format', 'json', '--config', 'custom.json'], { cwd: d }));
    expect(custom.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(custom.findings.map((f) => f.file)).toContain('legacy/aks.tf');
  });

  it('exits 2 on a bad config, naming the key path and what was expected', async () => {
    const d = project({ '.akslint.yaml': 'rules:\n  AKS101: severe\n', 'aks.tf': INSECURE_CLUSTER });
    const r = await cli(['scan', '.'], { cwd: d });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'akslint: .akslint.yaml: rules.AKS101 must be one of off, critical, high, medium, low, info\n',
    );
    writeFiles(d, { '.akslint.yaml': 'rules:\n  AKS999: off\nrequireReason: maybe\n' });
    const two = await cli(['scan', '.'], { cwd: d });
    expect(two.status).toBe(2);
    expect(two.stderr).toMatch(/requireReason must be true or false/);
    writeFiles(d, { '.akslint.yaml': 'rules:\n  AKS999: off\n' });
    expect((await cli(['scan', '.'], { cwd: d })).stderr).toMatch(/rules\.AKS999 is not a rule id/);
    expect((await cli(['scan', '.', '--config', 'missing.yaml'], { cwd: d })).status).toBe(2);
  });

  it('takes requireReason from the config', async () => {
    const d = project({
      '.akslint.yaml': 'requireReason: true\n',
      'aks.tf': withComment('# akslint-ignore AKS101'),
    });
    const report = json(await cli(['scan', '.', '--format', 'json'], { cwd: d }));
    expect(report.findings.map((f) => f.ruleId)).toContain('akslint/suppression-without-reason');
  });
});

describe('baseline', () => {
  it('records findings without line numbers and then reports only new ones', async () => {
    const d = project({ 'infra/aks.tf': INSECURE_CLUSTER });
    const write = await cli(
      ['scan', 'infra', '--write-baseline', 'akslint-baseline.json', '--format', 'json'],
      { cwd: d },
    );
    expect(write.status).toBe(1);
    const text = fs.readFileSync(path.join(d, 'akslint-baseline.json'), 'utf8');
    const baseline = JSON.parse(text);
    expect(baseline.entries).toContainEqual({
      ruleId: 'AKS101',
      file: 'infra/aks.tf',
      resource: 'azurerm_kubernetes_cluster.main',
      count: 1,
    });
    expect(text).not.toMatch(/"line"/);
    await cli(['scan', 'infra', '--write-baseline', 'again.json'], { cwd: d });
    expect(fs.readFileSync(path.join(d, 'again.json'), 'utf8')).toBe(text);

    // Lines move, a second cluster arrives: only the new cluster's findings are reported.
    writeFiles(d, {
      'infra/aks.tf':
        '# platform cluster\n\n' + INSECURE_CLUSTER + '\n' + INSECURE_CLUSTER.replace('"main"', '"second"'),
    });
    const r = await cli(['scan', 'infra', '--baseline', 'akslint-baseline.json', '--format', 'json'], {
      cwd: d,
    });
    expect(r.status).toBe(1);
    const report = json(r);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(new Set(report.findings.map((f) => f.resource.address))).toEqual(
      new Set(['azurerm_kubernetes_cluster.second']),
    );
    expect(report.summary.suppressed).toBe(
      baseline.entries.reduce((n: number, e: { count: number }) => n + e.count, 0),
    );
    const shown = json(
      await cli(
        ['scan', 'infra', '--baseline', 'akslint-baseline.json', '--format', 'json', '--show-suppressed'],
        { cwd: d },
      ),
    );
    expect(shown.suppressed?.[0].suppression.kind).toBe('baseline');

    // Run from another folder: the baseline's paths are relative to the baseline file.
    const fromInfra = await cli(['scan', '.', '--baseline', '../akslint-baseline.json', '--format', 'json'], {
      cwd: path.join(d, 'infra'),
    });
    expect(new Set(json(fromInfra).findings.map((f) => f.resource.address))).toEqual(
      new Set(['azurerm_kubernetes_cluster.second']),
    );
  });

  it('passes when nothing new appears, and refuses a file that is not a baseline', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER, 'bad.json': '{"version": 1}' });
    await cli(['scan', 'aks.tf', '--write-baseline', 'b.json'], { cwd: d });
    expect((await cli(['scan', 'aks.tf', '--baseline', 'b.json'], { cwd: d })).status).toBe(0);
    const bad = await cli(['scan', 'aks.tf', '--baseline', 'bad.json'], { cwd: d });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: not an akslint baseline/);
  });
});

describe('changed files only (as pre-commit passes them)', () => {
  it('loads the rest of the module but reports only findings in the files given', async () => {
    const d = project({
      'infra/aks.tf': INSECURE_CLUSTER,
      'infra/other.tf': INSECURE_CLUSTER.replace('"main"', '"other"'),
      'infra/variables.tf': 'variable "environment" {\n  type    = string\n  default = "prod"\n}\n',
    });
    const all = json(await cli(['scan', 'infra', '--format', 'json'], { cwd: d }));
    expect(new Set(all.findings.map((f) => f.file))).toEqual(new Set(['infra/aks.tf', 'infra/other.tf']));
    const one = await cli(['scan', 'infra/aks.tf', '--format', 'json'], { cwd: d });
    expect(one.status).toBe(1);
    expect(new Set(json(one).findings.map((f) => f.file))).toEqual(new Set(['infra/aks.tf']));
    const clean = await cli(['scan', 'infra/variables.tf', '--format', 'json'], { cwd: d });
    expect(json(clean).findings).toEqual([]);
    expect(clean.status).toBe(0);
  });
});

// The binary as users run it, for what only a real process shows: exit codes as the shell sees them,
// standard input through a pipe, and main() and the bundle agreeing.
describe('the real binary', () => {
  it('exits 1 with findings, 0 without, 2 on a usage error', () => {
    const insecure = runCli(['scan', INSECURE_TF, '--format', 'json']);
    expect(insecure.status).toBe(1);
    expect(json(insecure).findings.length).toBeGreaterThan(0);
    expect(runCli(['scan', SECURE_TF])).toMatchObject({ status: 0, stderr: '' });
    const usage = runCli(['scan', '--bogus-flag']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe('akslint: Unknown argument: bogus-flag\n');
  });

  it('reads standard input through a pipe', () => {
    const named = runCli(['scan', '-', '--stdin-filename', 'infra/aks.tf', '--format', 'json'], {
      input: CLUSTER('  local_account_disabled = false'),
    });
    expect(named.status).toBe(1);
    expect(JSON.parse(named.stdout).findings).toContainEqual(
      expect.objectContaining({ ruleId: 'AKS101', file: 'infra/aks.tf', line: 3, column: 3 }),
    );
    const unnamed = runCli(['scan', '-'], { input: 'resource "a" "b" {}\n' });
    expect(unnamed.status).toBe(2);
    expect(unnamed.stderr).toMatch(/--stdin-filename/);
  });

  it('writes the whole of a report larger than a pipe holds before a scan exits', async () => {
    // The binary exits as soon as a scan's report is written (bin/akslint.js): all of it first.
    const args = ['scan', 'examples/insecure', '--format', 'json'];
    const real = runCli(args);
    expect(real.stdout.length).toBeGreaterThan(128 * 1024);
    const inProcess = await cli(args);
    expect({ ...real, stdout: timeless(real.stdout) }).toEqual({
      ...inProcess,
      stdout: timeless(inProcess.stdout),
    });
  });

  it('prints what main() prints: the rules, the help and the completion script', async () => {
    for (const args of [['rules'], ['scan', '--help'], ['completion']]) {
      const real = runCli(args);
      const inProcess = await cli(args);
      expect({ args, ...real }).toEqual({ args, ...inProcess });
    }
  });
});
