import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  BIN,
  INSECURE_CLUSTER,
  REPO,
  akslint,
  ensureBuilt,
  json,
  temporaryProjects,
  writeFiles,
} from './cli-harness';
import { validateSarifFiles } from './sarif-validator';

beforeAll(() => ensureBuilt());

const project = temporaryProjects();

const withComment = (comment: string, at = 0) => {
  const lines = INSECURE_CLUSTER.split('\n');
  lines.splice(at, 0, comment);
  return lines.join('\n');
};

describe('output formats', () => {
  const dir = () => project({ 'infra/aks.tf': INSECURE_CLUSTER });

  it('stylish and json', () => {
    const d = dir();
    const stylish = akslint(['scan', '.'], d);
    expect(stylish.code).toBe(1);
    expect(stylish.stdout).toMatch(/infra\/aks\.tf\n[^]*?\n\s+6:3\s+high\s+AKS101\s+.*local accounts/);
    const report = json(akslint(['scan', '.', '--format', 'json'], d));
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'AKS101', file: 'infra/aks.tf', line: 6 }),
    );
  });

  it('compact', () => {
    const r = akslint(['scan', '.', '--format', 'compact'], dir());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^infra\/aks\.tf:6:3: high .*local accounts.* \[AKS101\]$/m);
    for (const line of r.stdout.trimEnd().split('\n'))
      expect(line).toMatch(/^infra\/aks\.tf:\d+:\d+: \w+ .* \[\w+\]$/);
  });

  it('github', () => {
    const r = akslint(['scan', '.', '--format', 'github'], dir());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^::error file=infra\/aks\.tf,line=6,endLine=6,col=3,endColumn=\d+,title=AKS101 \(high\) [^:]*::.*local accounts/m,
    );
  });

  it('junit', () => {
    const r = akslint(['scan', '.', '--format', 'junit'], dir());
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="akslint"/);
    expect(r.stdout).toMatch(
      /<testcase classname="AKS101" name="AKS101 [^"]*: azurerm_kubernetes_cluster.main" file="infra\/aks.tf" line="6"/,
    );
  });

  it('sarif, written with -o', () => {
    const d = dir();
    const r = akslint(['scan', '.', '--format', 'sarif', '-o', 'out.sarif'], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const sarif = JSON.parse(fs.readFileSync(path.join(d, 'out.sarif'), 'utf8'));
    const result = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'AKS101');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'infra/aks.tf', uriBaseId: '%SRCROOT%' },
      region: expect.objectContaining({ startLine: 6, startColumn: 3 }),
    });
    expect(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${d}/`);
  });

  it('is byte-identical from run to run', () => {
    const d = dir();
    for (const format of ['json', 'sarif', 'junit', 'github', 'compact']) {
      const a = akslint(['scan', '.', '--format', format], d).stdout.replace(/"durationMs": \d+/, '');
      const b = akslint(['scan', '.', '--format', format], d).stdout.replace(/"durationMs": \d+/, '');
      expect(a).toBe(b);
    }
  });
});

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

describe('suppressions through the CLI', () => {
  it('counts suppressed findings, and lists them with their reasons with --show-suppressed', () => {
    const d = project({ 'aks.tf': withComment('# akslint-ignore AKS101: break-glass account for the NOC') });
    const plain = json(akslint(['scan', '.', '--format', 'json'], d));
    expect(plain.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(plain.summary.suppressed).toBe(1);
    expect(plain.suppressed).toBeUndefined();
    const shown = json(akslint(['scan', '.', '--format', 'json', '--show-suppressed'], d));
    expect(shown.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'AKS101',
        line: 7,
        suppression: { kind: 'comment', reason: 'break-glass account for the NOC', file: 'aks.tf', line: 1 },
      }),
    ]);
    expect(akslint(['scan', '.', '--show-suppressed'], d).stdout.replace(/\n\s+/g, ' ')).toMatch(
      /suppressed\s+AKS101\s+.*\(suppressed: break-glass account for the NOC\)/,
    );
  });

  it('suppresses from inside the resource and with a file-wide comment; other rules stay', () => {
    const inside = project({ 'aks.tf': withComment('  // akslint-ignore AKS101, AKS102: reviewed', 3) });
    const rules = json(akslint(['scan', '.', '--format', 'json'], inside)).findings.map((f) => f.ruleId);
    expect(rules).not.toContain('AKS101');
    expect(rules).not.toContain('AKS102');
    expect(rules).toContain('AKS103');
    const fileWide = project({ 'aks.tf': INSECURE_CLUSTER + '\n# akslint-ignore-file *: sandbox cluster\n' });
    const r = akslint(['scan', '.', '--format', 'json'], fileWide);
    expect(r.code).toBe(0);
    expect(json(r).findings).toEqual([]);
  });

  it('reads Terraform JSON: findings point into the .tf.json file, "//" properties suppress', () => {
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
    const found = json(akslint(['scan', '.', '--format', 'json'], d)).findings;
    expect(found.find((f) => f.ruleId === 'AKS101')).toMatchObject({
      file: 'cdk.tf.json',
      line: 6,
      column: 9,
    });
    const suppressed = project({
      'cdk.tf.json': cluster({ '//': 'akslint-ignore AKS101: break-glass account' }),
    });
    const r = json(akslint(['scan', '.', '--format', 'json', '--show-suppressed'], suppressed));
    expect(r.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(r.findings.map((f) => f.ruleId)).toContain('AKS201');
    expect(r.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'AKS101',
        suppression: expect.objectContaining({ reason: 'break-glass account' }),
      }),
    ]);
  });

  it('brings a finding back after its expiry date, with a note', () => {
    const d = project({ 'aks.tf': withComment('# akslint-ignore AKS101: migration (until 2020-06-30)') });
    const r = akslint(['scan', '.', '--format', 'json'], d);
    expect(r.code).toBe(1);
    const back = json(r).findings.find((f) => f.ruleId === 'AKS101');
    expect(back?.expiredSuppression).toMatchObject({ until: '2020-06-30', line: 1 });
    expect(akslint(['scan', '.'], d).stdout).toMatch(/AKS101/);
    expect(akslint(['scan', '.'], d).stdout).toMatch(/suppression expired 2020-06-30/);
    const future = project({
      'aks.tf': withComment('# akslint-ignore AKS101: migration (until 2999-12-31)'),
    });
    expect(json(akslint(['scan', '.', '--format', 'json'], future)).summary.suppressed).toBe(1);
  });

  it('--require-reason refuses suppressions without a reason', () => {
    const d = project({ 'aks.tf': withComment('# akslint-ignore AKS101') });
    expect(json(akslint(['scan', '.', '--format', 'json'], d)).summary.suppressed).toBe(1);
    const r = akslint(['scan', '.', '--format', 'json', '--require-reason'], d);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(report.summary.suppressed).toBe(0);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'akslint/suppression-without-reason', file: 'aks.tf', line: 1 }),
    );
    expect(report.findings.map((f) => f.ruleId)).toContain('AKS101');
  });

  it('--report-unused-suppressions flags suppressions that match nothing', () => {
    const d = project({
      'aks.tf': withComment('# akslint-ignore AKS101: reviewed\n# akslint-ignore AKS206: not enabled anyway'),
    });
    expect(json(akslint(['scan', '.', '--format', 'json'], d)).findings.map((f) => f.ruleId)).not.toContain(
      'akslint/unused-suppression',
    );
    const r = akslint(['scan', '.', '--format', 'compact', '--report-unused-suppressions'], d);
    expect(r.stdout).toMatch(
      /^aks\.tf:2:1: low Unused akslint-ignore comment: no AKS206 finding here .*\[akslint\/unused-suppression\]$/m,
    );
    expect(r.stdout).not.toMatch(/^aks\.tf:1:1: .*unused-suppression/m);
  });

  it('uses // comments in ARM JSON templates', () => {
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
    const report = json(akslint(['scan', '.', '--format', 'json', '--show-suppressed'], d));
    expect(report.suppressed?.map((f) => f.ruleId)).toEqual(['AKS101']);
    expect(report.findings.length).toBeGreaterThan(0);
  });
  it('uses // comments in Bicep', () => {
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
    const report = json(akslint(['scan', '.', '--format', 'json', '--show-suppressed'], d));
    expect(report.suppressed).toEqual([
      expect.objectContaining({
        ruleId: 'AKS101',
        suppression: expect.objectContaining({ reason: 'break-glass', line: 1 }),
      }),
    ]);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('uses the akslint.io/ignore annotation and # comments in Kubernetes manifests', () => {
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
    const report = json(akslint(['scan', '.', '--format', 'json', '--show-suppressed'], d));
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
  it('is found from the scanned root upward and applied', () => {
    const d = project({
      '.akslint.yaml': 'rules:\n  AKS101: off\n  AKS102: info\nfailOn: critical\n',
      'infra/prod/aks.tf': INSECURE_CLUSTER,
    });
    const r = akslint(['scan', 'infra/prod', '--format', 'json'], d);
    const report = json(r);
    expect(report.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'AKS102', severity: 'info' }));
    // failOn critical from the config: the cluster has no critical finding.
    expect(report.findings.some((f) => (f as { severity?: string }).severity === 'critical')).toBe(false);
    expect(r.code).toBe(0);
    expect(akslint(['scan', 'infra/prod', '--fail-on', 'info'], d).code).toBe(1);
  });

  it('reads the akslint key of package.json and --config FILE, and honours ignorePaths', () => {
    const d = project({
      'package.json': JSON.stringify({ name: 'x', akslint: { ignorePaths: ['legacy/'] } }),
      'legacy/aks.tf': INSECURE_CLUSTER,
      'custom.json': JSON.stringify({ rules: { AKS101: 'off' } }),
      'aks.tf': INSECURE_CLUSTER,
    });
    const files = new Set(json(akslint(['scan', '.', '--format', 'json'], d)).findings.map((f) => f.file));
    expect([...files]).toEqual(['aks.tf']);
    const custom = json(akslint(['scan', '.', '--format', 'json', '--config', 'custom.json'], d));
    expect(custom.findings.map((f) => f.ruleId)).not.toContain('AKS101');
    expect(custom.findings.map((f) => f.file)).toContain('legacy/aks.tf');
  });

  it('exits 2 on a bad config, naming the key path and what was expected', () => {
    const d = project({ '.akslint.yaml': 'rules:\n  AKS101: severe\n', 'aks.tf': INSECURE_CLUSTER });
    const r = akslint(['scan', '.'], d);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'akslint: .akslint.yaml: rules.AKS101 must be one of off, critical, high, medium, low, info\n',
    );
    writeFiles(d, { '.akslint.yaml': 'rules:\n  AKS999: off\nrequireReason: maybe\n' });
    const two = akslint(['scan', '.'], d);
    expect(two.code).toBe(2);
    expect(two.stderr).toMatch(/requireReason must be true or false/);
    writeFiles(d, { '.akslint.yaml': 'rules:\n  AKS999: off\n' });
    expect(akslint(['scan', '.'], d).stderr).toMatch(/rules\.AKS999 is not a rule id/);
    expect(akslint(['scan', '.', '--config', 'missing.yaml'], d).code).toBe(2);
  });

  it('takes requireReason from the config', () => {
    const d = project({
      '.akslint.yaml': 'requireReason: true\n',
      'aks.tf': withComment('# akslint-ignore AKS101'),
    });
    const report = json(akslint(['scan', '.', '--format', 'json'], d));
    expect(report.findings.map((f) => f.ruleId)).toContain('akslint/suppression-without-reason');
  });
});

describe('init', () => {
  it('writes a commented starter config that validates, and refuses to overwrite without --force', () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const first = akslint(['init'], d);
    expect(first.code).toBe(0);
    const text = fs.readFileSync(path.join(d, '.akslint.yaml'), 'utf8');
    expect(text).toMatch(/^# /m);
    expect(akslint(['scan', '.', '--format', 'json'], d).code).toBe(1);
    fs.writeFileSync(path.join(d, '.akslint.yaml'), 'failOn: high\n');
    const again = akslint(['init'], d);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists.*--force/);
    expect(fs.readFileSync(path.join(d, '.akslint.yaml'), 'utf8')).toBe('failOn: high\n');
    expect(akslint(['init', '--force'], d).code).toBe(0);
    expect(fs.readFileSync(path.join(d, '.akslint.yaml'), 'utf8')).toBe(text);
  });
});

describe('baseline', () => {
  it('records findings without line numbers and then reports only new ones', () => {
    const d = project({ 'infra/aks.tf': INSECURE_CLUSTER });
    const write = akslint(
      ['scan', 'infra', '--write-baseline', 'akslint-baseline.json', '--format', 'json'],
      d,
    );
    expect(write.code).toBe(1);
    const text = fs.readFileSync(path.join(d, 'akslint-baseline.json'), 'utf8');
    const baseline = JSON.parse(text);
    expect(baseline.entries).toContainEqual({
      ruleId: 'AKS101',
      file: 'infra/aks.tf',
      resource: 'azurerm_kubernetes_cluster.main',
      count: 1,
    });
    expect(text).not.toMatch(/"line"/);
    akslint(['scan', 'infra', '--write-baseline', 'again.json'], d);
    expect(fs.readFileSync(path.join(d, 'again.json'), 'utf8')).toBe(text);

    // Lines move, a second cluster arrives: only the new cluster's findings are reported.
    writeFiles(d, {
      'infra/aks.tf':
        '# platform cluster\n\n' + INSECURE_CLUSTER + '\n' + INSECURE_CLUSTER.replace('"main"', '"second"'),
    });
    const r = akslint(['scan', 'infra', '--baseline', 'akslint-baseline.json', '--format', 'json'], d);
    expect(r.code).toBe(1);
    const report = json(r);
    expect(report.findings.length).toBeGreaterThan(0);
    expect(new Set(report.findings.map((f) => f.resource.address))).toEqual(
      new Set(['azurerm_kubernetes_cluster.second']),
    );
    expect(report.summary.suppressed).toBe(
      baseline.entries.reduce((n: number, e: { count: number }) => n + e.count, 0),
    );
    const shown = json(
      akslint(
        ['scan', 'infra', '--baseline', 'akslint-baseline.json', '--format', 'json', '--show-suppressed'],
        d,
      ),
    );
    expect(shown.suppressed?.[0].suppression.kind).toBe('baseline');

    // Run from another folder: the baseline's paths are relative to the baseline file.
    const fromInfra = akslint(
      ['scan', '.', '--baseline', '../akslint-baseline.json', '--format', 'json'],
      path.join(d, 'infra'),
    );
    expect(new Set(json(fromInfra).findings.map((f) => f.resource.address))).toEqual(
      new Set(['azurerm_kubernetes_cluster.second']),
    );
  });

  it('passes when nothing new appears, and refuses a file that is not a baseline', () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER, 'bad.json': '{"version": 1}' });
    akslint(['scan', 'aks.tf', '--write-baseline', 'b.json'], d);
    expect(akslint(['scan', 'aks.tf', '--baseline', 'b.json'], d).code).toBe(0);
    const bad = akslint(['scan', 'aks.tf', '--baseline', 'bad.json'], d);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.json: not an akslint baseline/);
  });
});

describe('changed files only (as pre-commit passes them)', () => {
  it('loads the rest of the module but reports only findings in the files given', () => {
    const d = project({
      'infra/aks.tf': INSECURE_CLUSTER,
      'infra/other.tf': INSECURE_CLUSTER.replace('"main"', '"other"'),
      'infra/variables.tf': 'variable "environment" {\n  type    = string\n  default = "prod"\n}\n',
    });
    const all = json(akslint(['scan', 'infra', '--format', 'json'], d));
    expect(new Set(all.findings.map((f) => f.file))).toEqual(new Set(['infra/aks.tf', 'infra/other.tf']));
    const one = akslint(['scan', 'infra/aks.tf', '--format', 'json'], d);
    expect(one.code).toBe(1);
    expect(new Set(json(one).findings.map((f) => f.file))).toEqual(new Set(['infra/aks.tf']));
    const clean = akslint(['scan', 'infra/variables.tf', '--format', 'json'], d);
    expect(json(clean).findings).toEqual([]);
    expect(clean.code).toBe(0);
  });
});

describe('the command line as users type it', () => {
  it('names an unknown flag once, and prints help for completion --help', () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const unknown = akslint(['scan', '.', '--dry-run', '--bogus'], d);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n').pop()).toBe('akslint: Unknown arguments: dry-run, bogus');
    const help = akslint(['completion', '--help'], d);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^akslint completion\n/);
    expect(help.stdout).not.toContain('begin-akslint-completions');
    expect(akslint(['completion'], d).stdout).toContain('###-begin-akslint-completions-###');
  });

  it('takes --rule and --skip-rule repeated and as comma lists, --fail-on none and --soft-fail', () => {
    const d = project({ 'aks.tf': INSECURE_CLUSTER });
    const r = json(
      akslint(
        [
          'scan',
          '.',
          '--format',
          'json',
          '--rule',
          'AKS10*',
          '--rule',
          'AKS201,AKS203',
          '--skip-rule',
          'AKS102',
        ],
        d,
      ),
    );
    expect([...new Set(r.findings.map((f) => f.ruleId))].sort()).toEqual([
      'AKS101',
      'AKS103',
      'AKS201',
      'AKS203',
    ]);
    expect(akslint(['scan', '.', '--fail-on', 'none'], d).code).toBe(0);
    expect(akslint(['scan', '.', '--soft-fail'], d).code).toBe(0);
    expect(akslint(['scan', 'nothere', '--soft-fail'], d)).toMatchObject({
      code: 2,
      stderr: 'akslint: no such file or folder: "nothere"\n',
    });
  });

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
