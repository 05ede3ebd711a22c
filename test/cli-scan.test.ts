import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../src/engine/config';
import { UsageError, type CliIo } from '../src/cli/io';
import { colorFromEnvironment, scanCommand, selectRules, type ScanCommandOptions } from '../src/cli/scan';
import { allRules } from '../policies';
import { visibleWidth } from '../src/report/text';
import { INSECURE_CLUSTER, temporaryProjects } from './gates/cli-harness';

// `akslint scan` run in-process through the same function the CLI calls after yargs parsed the flags
// (yargs itself is ESM-only and stays in the subprocess tests of test/gates/cli.test.ts).

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

interface Terminal {
  env?: NodeJS.ProcessEnv;
  stdoutTTY?: boolean;
  columns?: number;
  stderrTTY?: boolean;
  now?: () => number;
}

async function scan(cwd: string, flags: Partial<ScanCommandOptions>, terminal: Terminal = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    env: terminal.env ?? {},
    stdout: { write: (t) => (stdout += t), isTTY: terminal.stdoutTTY, columns: terminal.columns },
    stderr: { write: (t) => (stderr += t), isTTY: terminal.stderrTTY },
    readStdin: () => new Uint8Array(),
    now: terminal.now,
  };
  const options: ScanCommandOptions = {
    paths: ['.'],
    formats: ['stylish'],
    varFiles: [],
    parameterFiles: [],
    rules: [],
    skipRules: [],
    ...flags,
  };
  try {
    return { code: await scanCommand(options, io), stdout, stderr };
  } catch (err) {
    // What main() does with these: one line on stderr, exit 2.
    if (err instanceof UsageError || err instanceof ConfigError)
      return { code: 2, stdout, stderr: stderr + `akslint: ${err.message}\n` };
    throw err;
  }
}

interface JsonFinding {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  status: string;
  message: string;
}
interface JsonOut {
  findings: JsonFinding[];
  errors: Array<{ file: string; line: number; column: number; message: string }>;
}
const parsed = (r: Run) => JSON.parse(r.stdout) as JsonOut;
const rulesIn = (r: Run, file: string) =>
  [
    ...new Set(
      parsed(r)
        .findings.filter((f) => f.file === file)
        .map((f) => f.ruleId),
    ),
  ].sort();

const project = temporaryProjects();

const PRIVATE_CLUSTER = `variable "private" {}
resource "azurerm_kubernetes_cluster" "c" {
  name                    = "aks"
  private_cluster_enabled = var.private
}
`;

describe('inputs that do not exist are usage errors', () => {
  const dir = () => project({ 'main.tf': PRIVATE_CLUSTER });

  it.each([
    [{ paths: ['nothere', '.'] }, 'akslint: no such file or folder: "nothere"\n'],
    [{ varFiles: ['prod.tfvars'] }, 'akslint: --var-file prod.tfvars: no such file\n'],
    [{ parameterFiles: ['main.bicepparam'] }, 'akslint: --parameters main.bicepparam: no such file\n'],
    [{ config: 'custom.yaml' }, 'akslint: --config custom.yaml: no such file\n'],
    [{ baseline: 'baseline.json' }, 'akslint: --baseline baseline.json: no such file\n'],
    [{ varFiles: ['.'] }, 'akslint: --var-file .: not a file\n'],
  ])('%j', async (flags, message) => {
    const r = await scan(dir(), flags);
    expect(r).toEqual({ code: 2, stdout: '', stderr: message });
  });

  it('a variable file a configuration names must exist too', async () => {
    const d = project({ 'main.tf': PRIVATE_CLUSTER, '.akslint.yaml': 'varFiles: [envs/prod.tfvars]\n' });
    expect((await scan(d, {})).stderr).toBe(
      'akslint: .akslint.yaml: varFiles[0] names envs/prod.tfvars, which does not exist\n',
    );
  });
});

describe('variable files', () => {
  it('a value that is not a literal is an error at its position, as Terraform refuses it', async () => {
    const d = project({ 'main.tf': PRIVATE_CLUSTER, 'prod.tfvars': 'private = fals\n' });
    const r = await scan(d, { varFiles: ['prod.tfvars'], formats: ['json'] });
    expect(r.code).toBe(1);
    expect(parsed(r).errors).toEqual([
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
    const r = await scan(path.join(d, 'infra'), { varFiles: ['../envs/prod.tfvars'], formats: ['json'] });
    expect(parsed(r).findings).toContainEqual(
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
    const ab = await scan(d, { paths: ['a', 'b'], formats: ['json'] });
    const ba = await scan(d, { paths: ['b', 'a'], formats: ['json'] });
    const timeless = (r: Run) => r.stdout.replace(/"durationMs": \d+/, '');
    expect(timeless(ab)).toBe(timeless(ba));
    expect(rulesIn(ab, 'a/aks.tf')).not.toContain('AKS101');
    expect(rulesIn(ab, 'a/aks.tf')).not.toContain('AKS102');
    expect(rulesIn(ab, 'b/aks.tf')).not.toContain('AKS101');
    expect(rulesIn(ab, 'b/aks.tf')).toContain('AKS102');
    const severity = (file: string) =>
      parsed(ab).findings.find((f) => f.file === file && f.ruleId === 'AKS103')!;
    expect([severity('a/aks.tf').severity, severity('b/aks.tf').severity]).toEqual(['info', 'medium']);
    // Scanned from inside b, the same configs apply to b.
    const fromB = await scan(path.join(d, 'b'), { formats: ['json'] });
    expect(rulesIn(fromB, 'aks.tf')).toEqual(rulesIn(ab, 'b/aks.tf'));
  });

  it('stops at a config with root: true', async () => {
    const d = tree({ 'a/.akslint.yaml': 'root: true\nrules:\n  AKS102: off\n' });
    const r = await scan(d, { formats: ['json'] });
    expect(rulesIn(r, 'a/aks.tf')).toContain('AKS101');
    expect(rulesIn(r, 'a/aks.tf')).not.toContain('AKS102');
    expect(rulesIn(r, 'b/aks.tf')).not.toContain('AKS101');
  });

  it('--config replaces the search for every file', async () => {
    const d = tree({ 'ci.yaml': 'rules:\n  AKS205: off\n' });
    const r = await scan(d, { config: 'ci.yaml', formats: ['json'] });
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
    const r = await scan(d, { formats: ['json'] });
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
    const r = await scan(d, { formats: ['json'], showUnknown: true });
    const aks201 = (file: string) =>
      parsed(r).findings.find((f) => f.file === file && f.ruleId === 'AKS201')?.status;
    expect([aks201('a/main.tf'), aks201('b/main.tf')]).toEqual(['fail', 'unknown']);
    expect(parsed(r).findings.some((f) => f.file === 'a/generated/aks.tf')).toBe(false);
    expect(parsed(r).findings.some((f) => f.file === 'b/generated/aks.tf')).toBe(true);
    // a's findings are below its failOn; only b's fail the run.
    expect((await scan(path.join(d, 'a'), {})).code).toBe(0);
    expect((await scan(d, {})).code).toBe(1);
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
    expect(ids([]).length).toBe(allRules().length);
  });

  it('refuses a name that matches no rule', () => {
    expect(() => selectRules(['AKS101,NOPE*'], [])).toThrow(
      new UsageError('--rule NOPE*: no such rule (see akslint rules)'),
    );
    expect(() => selectRules([], ['typo'])).toThrow(
      new UsageError('--skip-rule typo: no such rule (see akslint rules)'),
    );
  });

  it('runs only the selected rules', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await scan(d, { rules: ['AKS10*'], skipRules: ['AKS102'], formats: ['json'] });
    expect(rulesIn(r, 'aks.tf')).toEqual(['AKS101', 'AKS103']);
  });
});

describe('exit codes and --quiet', () => {
  const d = () => project({ 'aks.tf': INSECURE_CLUSTER, 'broken.tf': 'resource "x" {\n' });

  it('--soft-fail exits 0 with findings and parse errors; --fail-on none only with findings', async () => {
    expect((await scan(d(), { softFail: true })).code).toBe(0);
    const onlyFindings = project({ 'aks.tf': INSECURE_CLUSTER });
    expect((await scan(onlyFindings, { failOn: 'none' })).code).toBe(0);
    expect((await scan(d(), { failOn: 'none' })).code).toBe(1);
    expect((await scan(d(), { softFail: true, varFiles: ['missing.tfvars'] })).code).toBe(2);
  });

  it('--quiet lists only what fails the run and a short summary, and nothing when nothing fails', async () => {
    const dir = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await scan(dir, { quiet: true, failOn: 'high', formats: ['compact'] });
    const severities = new Set(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(' ')[1]),
    );
    expect([...severities].sort()).toEqual(['high']);
    const stylish = await scan(dir, { quiet: true, failOn: 'high' });
    expect(stylish.stdout).toMatch(/\n✖ \d+ findings \(\d+ high\), 0 errors\n$/);
    expect(stylish.stdout).not.toMatch(/scanned|medium|low/);
    expect(await scan(dir, { quiet: true, failOn: 'critical' })).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('-o and --write-baseline', () => {
  it('creates missing folders', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await scan(d, { output: 'reports/ci/akslint.json', formats: ['json'] });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(
      JSON.parse(fs.readFileSync(path.join(d, 'reports/ci/akslint.json'), 'utf8')).findings.length,
    ).toBeGreaterThan(0);
  });

  it('refuses a folder, a path through a file, and a file it may not write, with one line', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER, 'out/.keep': '', 'file.txt': '' });
    expect(await scan(d, { output: 'out' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'akslint: -o out: is a folder (name a file in it)\n',
    });
    expect((await scan(d, { output: 'file.txt/report.json' })).stderr).toBe(
      'akslint: -o file.txt/report.json: cannot write it (a part of the path is a file, not a folder)\n',
    );
    if (process.getuid?.() !== 0) {
      // root writes anywhere: this case only means something for other users.
      fs.writeFileSync(path.join(d, 'locked.json'), '');
      fs.chmodSync(path.join(d, 'locked.json'), 0o444);
      expect((await scan(d, { output: 'locked.json' })).stderr).toBe(
        'akslint: -o locked.json: cannot write to it (permission denied)\n',
      );
    }
  });

  it('--write-baseline says what it wrote', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = await scan(d, { writeBaseline: 'baseline/akslint.json', formats: ['json'] });
    const count = parsed(r).findings.length;
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
    expect((await scan(d, {}, { env: { FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await scan(d, {}, { stdoutTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
    expect((await scan(d, { color: true }, { env: { NO_COLOR: '1' } })).stdout).toContain('\u001b[');
  });

  it("fits the terminal's width, or COLUMNS, and puts the message on its own lines when narrow", async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const widest = (r: Run) => Math.max(...r.stdout.split('\n').map(visibleWidth));
    expect(widest(await scan(d, {}, { stdoutTTY: true, columns: 72 }))).toBeLessThanOrEqual(72);
    expect(
      widest(await scan(d, {}, { stdoutTTY: true, columns: 72, env: { COLUMNS: '130' } })),
    ).toBeGreaterThan(100);
    const narrow = await scan(d, {}, { stdoutTTY: true, columns: 50, env: { NO_COLOR: '1' } });
    expect(widest(narrow)).toBeLessThanOrEqual(50);
    expect(narrow.stdout).toMatch(/\n {2}6:3 +high +AKS101\n {4}Cluster "aks-prod" keeps local accounts/);
  });

  it('shows progress on a terminal only after a second, and clears it', async () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER, 'b.tf': INSECURE_CLUSTER.replace(/main/g, 'b') });
    let t = 0;
    const slow = await scan(d, { formats: ['json'] }, { stderrTTY: true, now: () => (t += 600) });
    const CLEAR_LINE = '\r\u001b[K';
    const updates = slow.stderr.split(CLEAR_LINE);
    expect(updates.shift()).toBe('');
    expect(updates.pop()).toBe('');
    expect(updates.length).toBeGreaterThan(0);
    for (const u of updates) expect(u).toMatch(/^akslint: parsed [12]\/2 files$/);
    expect(slow.stderr).toContain('parsed 2/2 files');
    const fast = await scan(d, { formats: ['json'] }, { stderrTTY: true, now: () => 0 });
    expect(fast.stderr).toBe('');
    const piped = await scan(d, { formats: ['json'] }, { stderrTTY: false, now: () => (t += 600) });
    expect(piped.stderr).toBe('');
  });

  it('escapes control characters from scanned content and file names in stylish and compact', async () => {
    const evilName = 'x\u001b]0;owned\u0007\n::error::injected';
    const d = project({
      'aks.tf': INSECURE_CLUSTER.replace('"aks-prod"', JSON.stringify(evilName)),
      '\u001b[31m::warning::evil.tf': INSECURE_CLUSTER,
    });
    const runs: Array<[string, Terminal]> = [
      ['stylish', { env: { COLUMNS: '400' } }],
      ['stylish', {}],
      ['compact', {}],
      ['github', {}],
    ];
    for (const [format, terminal] of runs) {
      const r = await scan(d, { formats: [format] }, terminal);
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
      const r = await scan(project({ [file]: text }), { formats: ['json'], showUnknown: true });
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('createObject(')) + 1;
      expect(parsed(r).errors).toEqual([
        {
          file,
          line,
          column: lines[line - 1].indexOf('createObject(') + 1,
          message: `${prefix}createObject() takes key and value pairs: 3 arguments given`,
        },
      ]);
      const unknowns = parsed(r).findings.filter((f) => f.status === 'unknown');
      const rbacLine = lines.findIndex((l) => /enableRBAC"?: (rbac|"\[parameters)/.test(l)) + 1;
      // The typo'd cluster's properties give no unknown at all; the other cluster's parameter does.
      expect(unknowns.map((f) => `${f.ruleId} ${f.line}`)).toEqual([`AKS104 ${rbacLine}`]);
      expect(r.code).toBe(1);
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
    const r = await scan(d, { formats: ['json'] });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as JsonOut & { skipped: unknown[] };
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
    const r = await scan(d, { formats: ['json'], showUnknown: true });
    expect(parsed(r).findings).toEqual([]);
    expect(r.code).toBe(0);
    // Unless the gate is strict: the module itself was not read.
    expect((await scan(d, { formats: ['json'], failOnUnevaluated: true })).code).toBe(1);
  });

  it('checks Azure/aks/azurerm calls at the argument (values through variables included), and notes unknown cluster modules', async () => {
    const d = project({ 'main.tf': TF_CALLS });
    const r = await scan(d, { formats: ['compact'] });
    expect(r.stdout).toBe(
      [
        'main.tf:1:1: not-read module.aks: remote source "Azure/aks/azurerm" was not fetched: only the inputs the call passes were checked, against the module\'s documented inputs [unevaluated-module]',
        `main.tf:4:3: high Cluster "aks" keeps local accounts enabled (local_account_disabled = false): anyone with the cluster-admin certificate bypasses Entra ID. Set local_account_disabled = true. [AKS101]`,
        'main.tf:7:1: not-read module.platform: remote source "git::https://example.com/platform.git" was not fetched: the cluster it builds is not checked [unevaluated-module]',
        '',
      ].join('\n'),
    );
    const json = JSON.parse((await scan(d, { formats: ['json'] })).stdout) as {
      skipped: Array<{ cluster?: boolean }>;
    };
    // The naming module builds no cluster: noted in JSON and stylish only, as before.
    expect(json.skipped.map((s) => s.cluster ?? false)).toEqual([true, true, false]);
  });

  it('--fail-on-unevaluated (or failOnUnevaluated in the config) fails a run whose only cluster is in a module not read', async () => {
    const files = { 'main.tf': 'module "aks" {\n  source = "git::https://example.com/aks.git"\n}\n' };
    expect((await scan(project(files), {})).code).toBe(0);
    expect((await scan(project(files), { failOnUnevaluated: true })).code).toBe(1);
    const strict = project({ ...files, '.akslint.yaml': 'failOnUnevaluated: true\n' });
    const r = await scan(strict, { formats: ['github'] });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::warning file=main.tf,line=1,col=1,title=akslint%3A module not read::');
    expect(r.stdout).toContain('1 cluster module not read');
    const junit = await scan(strict, { formats: ['junit'] });
    expect(junit.stdout).toContain(
      '<skipped message="module.aks: remote source &quot;git::https://example.com/aks.git&quot; was not fetched: the cluster it builds is not checked"/>',
    );
  });
});
