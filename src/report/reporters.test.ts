import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding, ScanReport } from '../model';
import type { RuleMeta } from '../../policies/api';
import { formatCompact } from './compact';
import { escapeData, escapeProperty, formatGithub } from './github';
import { escapeXml, formatJunit } from './junit';
import { fingerprint, formatSarif, sarifChunks } from './sarif';
import { jsonReportChunks } from './json';
import { formatStylish } from './stylish';
import { REPORTERS } from './index';
import { escapeControls, neutralizeCommandLines, oneLine, wrapWords } from './text';
import { validateSarif } from '../../test/gates/sarif-validator';

const rules: RuleMeta[] = [
  {
    id: 'AKS101',
    slug: 'local-accounts-disabled',
    title: 'Local accounts are disabled',
    severity: 'high',
    description: 'Checks that the cluster disables local accounts',
    rationale: 'Local accounts bypass Entra ID.',
    remediation: { terraform: 'local_account_disabled = true', bicep: 'disableLocalAccounts: true' },
    references: ['https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad'],
    fixRequiresRecreate: false,
  },
  {
    id: 'K8S101',
    slug: 'no-privileged',
    title: 'Containers are not privileged',
    severity: 'critical',
    description: 'Checks privileged containers.',
    rationale: 'Privileged containers own the node.',
    remediation: { kubernetes: 'securityContext:\n  privileged: false' },
    references: [],
    fixRequiresRecreate: false,
  },
];

function finding(over: Partial<Finding>): Finding {
  return {
    ruleId: 'AKS101',
    title: 'Local accounts are disabled',
    severity: 'high',
    status: 'fail',
    message: 'Cluster "aks, prod": local accounts stay enabled.\nSet local_account_disabled = true.',
    file: 'infra/my aks.tf',
    line: 12,
    column: 3,
    endLine: 12,
    endColumn: 33,
    format: 'terraform',
    resource: {
      type: 'azurerm_kubernetes_cluster',
      name: 'main',
      address: 'azurerm_kubernetes_cluster.main',
    },
    fixRequiresRecreate: false,
    ...over,
  };
}

const report: ScanReport = {
  tool: { name: 'akslint', version: '0.1.0' },
  summary: {
    filesScanned: 2,
    resources: 3,
    deployments: 2,
    findings: 2,
    suppressed: 1,
    unknown: 0,
    parseErrors: 1,
    durationMs: 5,
    limitsReached: 0,
  },
  findings: [
    finding({
      fixes: [
        {
          title: 'Set local_account_disabled = true',
          safety: 'unsafe',
          unsafeReason: 'no Entra ID admin group is set',
          edits: [
            { file: 'infra/my aks.tf', line: 12, column: 28, endLine: 12, endColumn: 33, newText: 'true' },
            { file: 'infra/vars.tfvars', line: 2, column: 1, endLine: 2, endColumn: 1, newText: 'x = 1\n' },
          ],
        },
      ],
    }),
    finding({
      ruleId: 'K8S101',
      title: 'Containers are not privileged',
      severity: 'critical',
      message: '100% <privileged> & "root"',
      file: 'k8s/web.yaml',
      line: 20,
      column: 7,
      endLine: 22,
      endColumn: 1,
      format: 'kubernetes',
      resource: { type: 'Deployment', name: 'web', address: 'Deployment/shop/web' },
      expiredSuppression: {
        kind: 'comment',
        reason: 'temporary',
        until: '2025-01-01',
        file: 'k8s/web.yaml',
        line: 19,
      },
    }),
  ],
  suppressed: [
    finding({
      line: 40,
      endLine: 40,
      resource: { type: 'azurerm_kubernetes_cluster', name: 'b', address: 'azurerm_kubernetes_cluster.b' },
      suppression: { kind: 'comment', reason: 'break-glass', file: 'infra/my aks.tf', line: 39 },
    }),
  ],
  errors: [{ file: 'broken.bicep', line: 4, column: 1, message: "expected '}'" }],
  skipped: [],
  failOn: 'low',
  failing: 2,
};

describe('sarif', () => {
  const sarif = JSON.parse(formatSarif(report, { rules, srcRoot: '/repo' }));
  const run = sarif.runs[0];

  it('describes every rule from its metadata', () => {
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(['AKS101', 'K8S101']);
    expect(run.tool.driver.rules[0]).toMatchObject({
      id: 'AKS101',
      name: 'LocalAccountsDisabled',
      shortDescription: { text: 'Local accounts are disabled.' },
      fullDescription: { text: 'Checks that the cluster disables local accounts.' },
      helpUri: 'https://github.com/akslint/akslint/blob/main/docs/rules/AKS101.md',
      defaultConfiguration: { level: 'error' },
      properties: { 'security-severity': '8.0', tags: ['security', 'aks'] },
    });
    expect(run.tool.driver.rules[0].help.markdown).toContain('```hcl\nlocal_account_disabled = true\n```');
    expect(run.tool.driver.rules[1].properties['security-severity']).toBe('9.5');
  });

  it('writes results with relative locations, fingerprints and suppressions', () => {
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(run.results).toHaveLength(3);
    const [first, suppressed, second] = run.results;
    expect(first).toMatchObject({
      ruleId: 'AKS101',
      ruleIndex: 0,
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/my%20aks.tf', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12, startColumn: 3, endLine: 12, endColumn: 33 },
          },
        },
      ],
    });
    expect(first.suppressions).toBeUndefined();
    expect(first.fixes).toEqual([
      {
        description: { text: 'Set local_account_disabled = true.' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'infra/my%20aks.tf', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: 12, startColumn: 28, endLine: 12, endColumn: 33 },
                insertedContent: { text: 'true' },
              },
            ],
          },
          {
            artifactLocation: { uri: 'infra/vars.tfvars', uriBaseId: '%SRCROOT%' },
            replacements: [
              {
                deletedRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 },
                insertedContent: { text: 'x = 1\n' },
              },
            ],
          },
        ],
        properties: { safety: 'unsafe', unsafeReason: 'no Entra ID admin group is set' },
      },
    ]);
    expect(suppressed.suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'break-glass (infra/my aks.tf:39)' },
    ]);
    expect(second).toMatchObject({ ruleId: 'K8S101', ruleIndex: 1, level: 'error' });
    expect(second.message.text).toMatch(/expired on 2025-01-01/);
    expect(run.invocations[0].toolExecutionNotifications[0]).toMatchObject({
      level: 'error',
      message: { text: "expected '}'" },
    });
  });

  it('fingerprints ignore lines but not resources', () => {
    const a = finding({});
    expect(fingerprint({ ...a, line: 99, endLine: 99 })).toBe(fingerprint(a));
    expect(fingerprint({ ...a, resource: { ...a.resource, address: 'x.y' } })).not.toBe(fingerprint(a));
    expect(fingerprint({ ...a, ruleId: 'AKS102' })).not.toBe(fingerprint(a));
  });

  it('is deterministic', () => {
    expect(formatSarif(report, { rules, srcRoot: '/repo' })).toBe(
      formatSarif({ ...report, findings: [...report.findings].reverse() }, { rules, srcRoot: '/repo' }),
    );
  });

  it('passes the SARIF multitool validator, including the GitHub rules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-sarif-'));
    try {
      const file = path.join(dir, 'out.sarif');
      fs.writeFileSync(file, formatSarif(report, { rules, srcRoot: dir }));
      expect(validateSarif(file)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('github', () => {
  it('escapes data and properties as the toolkit does', () => {
    expect(escapeData('100%\r\nnext')).toBe('100%25%0D%0Anext');
    expect(escapeProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('writes one workflow command per finding and error, by severity', () => {
    const lines = formatGithub(report).trimEnd().split('\n');
    expect(lines).toEqual([
      "::error file=broken.bicep,line=4,col=1,title=akslint%3A parse error::expected '}'",
      '::error file=infra/my aks.tf,line=12,endLine=12,col=3,endColumn=33,title=AKS101 (high) Local accounts are disabled::Cluster "aks, prod": local accounts stay enabled.%0ASet local_account_disabled = true.',
      '::error file=k8s/web.yaml,line=20,endLine=22,title=K8S101 (critical) Containers are not privileged::100%25 <privileged> & "root" [suppression at line 19 expired 2025-01-01]',
      'akslint: 2 findings, 1 suppressed, 1 error in 2 files',
    ]);
    const medium = formatGithub({ ...report, errors: [], findings: [finding({ severity: 'medium' })] });
    expect(medium.split('\n')[0]).toMatch(/^::warning /);
    const info = formatGithub({ ...report, errors: [], findings: [finding({ severity: 'info' })] });
    expect(info.split('\n')[0]).toMatch(/^::notice /);
    expect(formatGithub(report, { showSuppressed: true })).toMatch(
      /^::notice file=infra\/my aks.tf,line=40,.*\(suppressed: break-glass\)$/m,
    );
  });
});

describe('stylish', () => {
  it('keeps location, severity and rule id at the left and wraps the message under itself', () => {
    const long = finding({ message: 'word '.repeat(40).trim() });
    const text = formatStylish({ ...report, findings: [long], errors: [] }, { color: false, width: 70 });
    const lines = text.split('\n');
    expect(lines.every((l) => l.length <= 70)).toBe(true);
    const at = lines.findIndex((l) => l.startsWith('  12:3  high  AKS101  word word'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {22}word word/);
    expect(text).toMatch(/\n✖ 1 finding \(1 high\), 0 errors; 2 files scanned/);
  });

  it('escapes control characters and neutralizes workflow commands from scanned content', () => {
    const evil = finding({ file: 'a\u001b[2J.tf', message: 'x\r\n::error::owned \u009b31m' });
    const text = formatStylish({ ...report, findings: [evil], errors: [] }, { color: false, width: 30 });
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('a\\u001b[2J.tf');
    expect(text.split('\n').filter((l) => /^\s*::/.test(l))).toEqual([]);
  });

  it('text helpers', () => {
    expect(escapeControls('a\tb\u0085c')).toBe('a\\u0009b\\u0085c');
    expect(oneLine('a\r\n  b\tc\u001b')).toBe('a b c\\u001b');
    expect(neutralizeCommandLines('ok\n  ::error::x\n::warning::y')).toBe(
      'ok\n  \\::error::x\n\\::warning::y',
    );
    expect(wrapWords('aaaa bb cccccccc d', 4)).toEqual(['aaaa', 'bb', 'cccc', 'cccc', 'd']);
  });
});

describe('compact', () => {
  it('prints one line per finding', () => {
    expect(formatCompact(report)).toBe(
      [
        "broken.bicep:4:1: error expected '}' [parse-error]",
        'infra/my aks.tf:12:3: high Cluster "aks, prod": local accounts stay enabled. Set local_account_disabled = true. [AKS101]',
        'k8s/web.yaml:20:7: critical 100% <privileged> & "root" (suppression expired 2025-01-01) [K8S101]',
        '',
      ].join('\n'),
    );
    const twice = ['module.a', 'module.b'].map((m) =>
      finding({ line: 3, via: [m], contexts: ['prod.bicepparam'], message: 'same' }),
    );
    expect(formatCompact({ ...report, errors: [], findings: twice })).toBe(
      [
        'infra/my aks.tf:3:3: high same [via module.a] [only with prod.bicepparam] [AKS101]',
        'infra/my aks.tf:3:3: high same [via module.b] [only with prod.bicepparam] [AKS101]',
        '',
      ].join('\n'),
    );
    expect(formatCompact(report, { showSuppressed: true })).toContain(
      'infra/my aks.tf:40:3: suppressed Cluster "aks, prod": local accounts stay enabled. Set local_account_disabled = true. (comment: break-glass) [AKS101]',
    );
  });
});

describe('junit', () => {
  it('escapes XML', () => {
    expect(escapeXml(`<a b="c" d='e'>&\u0001\r\n\t\u009b\uFFFE`)).toBe(
      '&lt;a b=&quot;c&quot; d=&apos;e&apos;&gt;&amp;\\u0001&#13;&#10;&#9;\\u009b',
    );
  });

  it('writes a suite per file and a case per rule and resource', () => {
    const xml = formatJunit({
      ...report,
      findings: [...report.findings, finding({ line: 14, message: 'second finding' })],
    });
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="akslint" tests="4" failures="2" errors="1" skipped="1"',
      ),
    ).toBe(true);
    expect(xml).toContain(
      '<testsuite name="infra/my aks.tf" tests="2" failures="1" errors="0" skipped="1" time="0">',
    );
    const aks = xml.match(
      /<testcase classname="AKS101" name="AKS101 Local accounts are disabled: azurerm_kubernetes_cluster.main"[^]*?<\/testcase>/,
    )![0];
    expect(aks).toContain('line="12"');
    expect(aks).toContain('infra/my aks.tf:14:3: high second finding [AKS101]');
    expect(aks).toContain('&quot;aks, prod&quot;');
    expect(xml).toContain('<skipped message="suppressed (comment): break-glass"/>');
    expect(xml).toContain('100% &lt;privileged&gt; &amp; &quot;root&quot;');
    expect(xml).toContain('<error type="parse-error" message="expected &apos;}&apos;">');
    expect(balanced(xml)).toBe(true);
  });

  it('reports a passing case when there is nothing to say', () => {
    const xml = formatJunit({ ...report, findings: [], suppressed: [], errors: [] });
    expect(xml).toContain('tests="1" failures="0"');
    expect(balanced(xml)).toBe(true);
  });
});

/** Every element opened is closed, in order. */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2]);
  }
  return stack.length === 0;
}

describe('every format, given control characters in scanned content and file names', () => {
  const file = 'f\n::stop-commands::tok\u001b[2J.yaml';
  const message = 'Pod "evil\r\n::add-mask::x\u001b[31m\u009b2J\u0085\u2028" runs as root';
  const evil: ScanReport = {
    ...report,
    findings: [finding({ file, message }), finding({ file, message, status: 'unknown' })],
    suppressed: [finding({ file, message, suppression: { kind: 'comment', reason: `why\n::error::x` } })],
    errors: [{ file, line: 1, column: 1, message }],
    skipped: [
      { file, line: 1, message, limit: true },
      { file, line: 2, message, module: `./m\n::error::x`, cluster: true },
    ],
  };
  const out = (format: string) => REPORTERS[format](evil, { color: false, showSuppressed: true });

  it.each(['stylish', 'compact', 'github', 'junit'])(
    '%s prints none raw and starts no line with a workflow command of theirs',
    (format) => {
      const text = out(format);
      // eslint-disable-next-line no-control-regex
      expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      const commands = text.split('\n').filter((l) => /^\s*::/.test(l));
      // github's own annotations only: the scanned text inside them is percent-encoded.
      for (const line of commands) expect(line).toMatch(/^::(error|warning|notice) file=f%0A%3A%3Astop/);
      expect(commands.length > 0).toBe(format === 'github');
      expect(text).toContain('\\u001b[2J');
    },
  );

  it.each(['json', 'sarif'])('%s writes them as JSON escapes: the same values, no raw byte', (format) => {
    const text = out(format);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(text).toContain('\\u009b2J\\u0085\\u2028');
    expect(JSON.stringify(JSON.parse(text))).toContain(JSON.stringify(message).slice(1, -1));
    // The CLI writes them in pieces: the same text.
    const chunks = format === 'json' ? jsonReportChunks : sarifChunks;
    expect([...chunks(evil, { showSuppressed: true })].join('')).toBe(text);
  });
});
