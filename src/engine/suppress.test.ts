import fc from 'fast-check';
import { object, scalar, type Finding, type Resource, type SourceRange } from '../model';
import {
  applySuppressions,
  findDirectiveComments,
  parseDirective,
  INVALID_SUPPRESSION,
  SUPPRESSION_WITHOUT_REASON,
  UNUSED_SUPPRESSION,
} from './suppress';

const range = (file: string, line: number, endLine = line): SourceRange => ({
  file,
  line,
  column: 1,
  endLine,
  endColumn: 2,
});

function resource(
  file: string,
  address: string,
  line: number,
  endLine: number,
  extra: Partial<Resource> = {},
): Resource {
  return {
    format: 'terraform',
    type: address.split('.')[0],
    name: address.split('.')[1] ?? address,
    address,
    file,
    range: range(file, line, endLine),
    body: object([], range(file, line, endLine)),
    via: [],
    references: [],
    ...extra,
  };
}

function finding(ruleId: string, file: string, line: number, address: string): Finding {
  return {
    ruleId,
    title: ruleId,
    severity: 'high',
    status: 'fail',
    message: `${ruleId} failed`,
    file,
    line,
    column: 3,
    endLine: line,
    endColumn: 10,
    format: 'terraform',
    resource: { type: address.split('.')[0], name: address.split('.')[1] ?? address, address },
    fixRequiresRecreate: false,
  };
}

const today = '2026-01-15';

describe('parseDirective', () => {
  it('reads rules, reason and expiry', () => {
    expect(parseDirective('akslint-ignore AKS204, AKS101: enforced by Cilium (until 2027-03-31)')).toEqual({
      fileWide: false,
      rules: ['AKS204', 'AKS101'],
      reason: 'enforced by Cilium',
      until: '2027-03-31',
    });
    expect(parseDirective('akslint-ignore-file *: generated code')).toEqual({
      fileWide: true,
      rules: ['*'],
      reason: 'generated code',
    });
    expect(parseDirective('akslint-ignore aks101 (until 2027-01-01): later')).toMatchObject({
      rules: ['AKS101'],
      reason: 'later',
      until: '2027-01-01',
    });
  });

  it('reads the annotation form with --', () => {
    expect(parseDirective('K8S101,K8S103 -- sidecar needs it', false)).toEqual({
      fileWide: false,
      rules: ['K8S101', 'K8S103'],
      reason: 'sidecar needs it',
    });
  });

  it('is not a directive without the keyword, and reports bad input', () => {
    expect(parseDirective('akslint-ignored AKS101')).toBeUndefined();
    expect(parseDirective('akslint-ignore')?.problem).toMatch(/names no rule/);
    expect(parseDirective('akslint-ignore AKS101 (until 2027-02-30): x')?.problem).toMatch(/not a date/);
    expect(parseDirective('akslint-ignore AKS101 (until soon): x')?.problem).toMatch(/not a date/);
  });

  it('tells a reason written without a colon from a list of rules', () => {
    expect(parseDirective('akslint-ignore AKS204 reason without colon')?.problem).toBe(
      'expected "akslint-ignore RULE[,RULE]: reason", with a colon (or " -- ") before the reason; "reason" is not a rule id',
    );
    expect(parseDirective('akslint-ignore AKS204 AKS101 local-accounts-disabled: r')).toEqual({
      fileWide: false,
      rules: ['AKS204', 'AKS101', 'LOCAL-ACCOUNTS-DISABLED'],
      reason: 'r',
    });
  });

  it('reports the missing colon at the comment, not as unknown rules', () => {
    const text = 'resource "a" "b" {\n  # akslint-ignore AKS101 reason without colon\n}\n';
    const result = applySuppressions(
      [finding('AKS101', 'm.tf', 2, 'a.b')],
      [{ path: 'm.tf', text }],
      [resource('m.tf', 'a.b', 1, 3)],
      { today, resolveRule: (n) => (n === 'AKS101' ? 'AKS101' : undefined) },
    );
    expect(result.problems.map((p) => [p.ruleId, p.line, p.column, p.message])).toEqual([
      [INVALID_SUPPRESSION, 2, 3, expect.stringContaining('expected "akslint-ignore RULE[,RULE]: reason"')],
    ]);
    expect(result.problems[0].message).not.toMatch(/unknown rule/);
    expect(result.kept.map((f) => f.ruleId)).toEqual(['AKS101']);
  });
});

describe('findDirectiveComments', () => {
  it('finds comments by each format and skips markers inside strings', () => {
    const tf = findDirectiveComments({
      path: 'main.tf',
      text: [
        '# akslint-ignore AKS101: a',
        '  // akslint-ignore AKS102: b',
        'x = "# akslint-ignore AKS103: not a comment"',
        'y = 1 # akslint-ignore AKS104: trailing',
        '/* akslint-ignore AKS105: block */',
      ].join('\n'),
    });
    expect(tf.map((h) => [h.line, h.parsed.rules[0], h.ownLine, h.parsed.reason])).toEqual([
      [1, 'AKS101', true, 'a'],
      [2, 'AKS102', true, 'b'],
      [4, 'AKS104', false, 'trailing'],
      [5, 'AKS105', true, 'block'],
    ]);
    const json = findDirectiveComments({
      path: 'azuredeploy.json',
      text: '{\n  "u": "https://x // akslint-ignore AKS101: no",\n  // akslint-ignore AKS102: yes\n}',
    });
    expect(json.map((h) => h.parsed.rules[0])).toEqual(['AKS102']);
    const bicep = findDirectiveComments({
      path: 'main.bicep',
      text: "var a = 'it\\'s // akslint-ignore AKS101: no'\n// akslint-ignore AKS102: yes\n# akslint-ignore AKS103: no",
    });
    expect(bicep.map((h) => h.parsed.rules[0])).toEqual(['AKS102']);
    const yaml = findDirectiveComments({
      path: 'k.yaml',
      text: 'a: b#akslint-ignore K8S101: no\nc: d # akslint-ignore K8S102: yes\n// akslint-ignore K8S103: no',
    });
    expect(yaml.map((h) => h.parsed.rules[0])).toEqual(['K8S102']);
  });
});

describe('applySuppressions', () => {
  const text = [
    /* 1 */ '# akslint-ignore AKS101: local accounts needed for break-glass',
    /* 2 */ 'resource "azurerm_kubernetes_cluster" "a" {',
    /* 3 */ '  local_account_disabled = false',
    /* 4 */ '  # akslint-ignore AKS204: Cilium enforces policy',
    /* 5 */ '  network_profile {',
    /* 6 */ '    network_plugin = "azure"',
    /* 7 */ '  }',
    /* 8 */ '}',
    /* 9 */ 'resource "azurerm_kubernetes_cluster" "b" {',
    /* 10 */ '  # akslint-ignore AKS301',
    /* 11 */ '  local_account_disabled = false',
    /* 12 */ '}',
  ].join('\n');
  const files = [{ path: 'main.tf', text }];
  const resources = [
    resource('main.tf', 'azurerm_kubernetes_cluster.a', 2, 8),
    resource('main.tf', 'azurerm_kubernetes_cluster.b', 9, 12),
  ];

  it('suppresses a whole resource from the line before it, and a resource from inside it', () => {
    const result = applySuppressions(
      [
        finding('AKS101', 'main.tf', 3, 'azurerm_kubernetes_cluster.a'),
        finding('AKS204', 'main.tf', 5, 'azurerm_kubernetes_cluster.a'),
        finding('AKS204', 'main.tf', 9, 'azurerm_kubernetes_cluster.b'),
        finding('AKS101', 'main.tf', 11, 'azurerm_kubernetes_cluster.b'),
        finding('AKS301', 'main.tf', 9, 'azurerm_kubernetes_cluster.b'),
      ],
      files,
      resources,
      { today },
    );
    expect(result.suppressed.map((f) => [f.ruleId, f.resource.name, f.suppression])).toEqual([
      [
        'AKS101',
        'a',
        { kind: 'comment', reason: 'local accounts needed for break-glass', file: 'main.tf', line: 1 },
      ],
      ['AKS204', 'a', { kind: 'comment', reason: 'Cilium enforces policy', file: 'main.tf', line: 4 }],
      ['AKS301', 'b', { kind: 'comment', file: 'main.tf', line: 10 }],
    ]);
    expect(result.kept.map((f) => [f.ruleId, f.resource.name])).toEqual([
      ['AKS204', 'b'],
      ['AKS101', 'b'],
    ]);
    expect(result.problems).toEqual([]);
  });

  it('brings a finding back after the expiry date, with a note', () => {
    const expiring = [
      { path: 'main.tf', text: text.replace('break-glass', 'break-glass (until 2026-01-14)') },
    ];
    const f = finding('AKS101', 'main.tf', 3, 'azurerm_kubernetes_cluster.a');
    const expired = applySuppressions([f], expiring, resources, { today });
    expect(expired.suppressed).toEqual([]);
    expect(expired.kept[0].expiredSuppression).toMatchObject({ until: '2026-01-14', line: 1 });
    const lastDay = applySuppressions([f], expiring, resources, { today: '2026-01-14' });
    expect(lastDay.suppressed).toHaveLength(1);
  });

  it('refuses suppressions without a reason when reasons are required', () => {
    const result = applySuppressions(
      [finding('AKS301', 'main.tf', 9, 'azurerm_kubernetes_cluster.b')],
      files,
      resources,
      { today, requireReason: true },
    );
    expect(result.kept.map((f) => f.ruleId)).toEqual(['AKS301']);
    expect(result.problems).toMatchObject([
      { ruleId: SUPPRESSION_WITHOUT_REASON, file: 'main.tf', line: 10 },
    ]);
  });

  it('reports suppressions that match nothing, only when asked', () => {
    const findings = [finding('AKS101', 'main.tf', 3, 'azurerm_kubernetes_cluster.a')];
    expect(applySuppressions(findings, files, resources, { today }).problems).toEqual([]);
    const result = applySuppressions(findings, files, resources, { today, reportUnused: true });
    expect(result.problems.map((p) => [p.ruleId, p.line, p.message])).toEqual([
      [UNUSED_SUPPRESSION, 4, expect.stringMatching(/no AKS204 finding/)],
      [UNUSED_SUPPRESSION, 10, expect.stringMatching(/no AKS301 finding/)],
    ]);
  });

  it('applies a comment before an attribute to the lines of that attribute only (outside resources)', () => {
    const vars = 'variable "x" {}\n# akslint-ignore AKS101: reviewed\nlocals {\n  a = 1\n}\n';
    const result = applySuppressions(
      [
        finding('AKS101', 'vars.tf', 3, 'azurerm_kubernetes_cluster.a'),
        finding('AKS101', 'vars.tf', 5, 'azurerm_kubernetes_cluster.a'),
      ],
      [{ path: 'vars.tf', text: vars }],
      [],
      { today },
    );
    expect(result.suppressed.map((f) => f.line)).toEqual([3]);
    expect(result.kept.map((f) => f.line)).toEqual([5]);
  });

  it('covers a whole nested block when the comment precedes it', () => {
    const file = 'k.yaml';
    const text = 'a: 1\n# akslint-ignore K8S101: ok\nspec:\n  x: 1\n  y: 2\nz: 3\n';
    const shifted = object(
      [
        {
          key: 'spec',
          keyRange: range(file, 3),
          value: object([], range(file, 4, 5)),
        },
      ],
      range(file, 1, 6),
    );
    const result = applySuppressions(
      [finding('K8S101', file, 5, 'Pod/default/p'), finding('K8S101', file, 6, 'Pod/default/p')],
      [{ path: file, text }],
      [],
      { today },
    );
    expect(result.suppressed.map((f) => f.line)).toEqual([]);
    const withBody = applySuppressions(
      [finding('K8S101', file, 5, 'Pod/default/p'), finding('K8S101', file, 6, 'Pod/default/p')],
      [{ path: file, text }],
      [
        {
          ...resource(file, 'Pod/default/p', 1, 1),
          format: 'kubernetes',
          body: shifted,
          range: range(file, 1, 1),
        },
      ],
      { today },
    );
    expect(withBody.suppressed.map((f) => f.line)).toEqual([5]);
    expect(withBody.kept.map((f) => f.line)).toEqual([6]);
  });

  it('applies file-wide suppressions, with * for every rule', () => {
    const result = applySuppressions(
      [
        finding('AKS101', 'gen.tf', 3, 'a.b'),
        finding('AKS102', 'gen.tf', 4, 'a.b'),
        finding('AKS101', 'other.tf', 1, 'c.d'),
      ],
      [
        { path: 'gen.tf', text: 'resource "a" "b" {\n}\n// akslint-ignore-file *: generated\n' },
        { path: 'other.tf', text: '' },
      ],
      [],
      { today },
    );
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['AKS101', 'AKS102']);
    expect(result.kept.map((f) => f.file)).toEqual(['other.tf']);
  });

  it('reads the Kubernetes annotation', () => {
    const file = 'deploy.yaml';
    const annotations = object(
      [
        {
          key: 'akslint.io/ignore',
          keyRange: range(file, 5),
          value: scalar('K8S101, K8S103 -- needs host network', range(file, 5)),
        },
      ],
      range(file, 5),
    );
    const metadata = object(
      [{ key: 'annotations', keyRange: range(file, 4), value: annotations }],
      range(file, 4, 5),
    );
    const body = object([{ key: 'metadata', keyRange: range(file, 3), value: metadata }], range(file, 1, 20));
    const web = { ...resource(file, 'Deployment/shop/web', 1, 20), format: 'kubernetes' as const, body };
    const other = { ...resource(file, 'Deployment/shop/api', 22, 40), format: 'kubernetes' as const };
    const result = applySuppressions(
      [
        finding('K8S101', file, 12, 'Deployment/shop/web'),
        finding('K8S102', file, 12, 'Deployment/shop/web'),
        finding('K8S101', file, 30, 'Deployment/shop/api'),
      ],
      [{ path: file, text: '' }],
      [web, other],
      { today },
    );
    expect(result.suppressed).toMatchObject([
      { ruleId: 'K8S101', suppression: { kind: 'annotation', reason: 'needs host network', line: 5 } },
    ]);
    expect(result.kept.map((f) => [f.ruleId, f.resource.address])).toEqual([
      ['K8S102', 'Deployment/shop/web'],
      ['K8S101', 'Deployment/shop/api'],
    ]);
  });

  it('reports malformed directives and unknown rules, which suppress nothing', () => {
    const text =
      '# akslint-ignore (until 2026-13-01): x\nresource "a" "b" {\n  # akslint-ignore NOPE1, AKS101: r\n}\n';
    const result = applySuppressions(
      [finding('AKS101', 'm.tf', 3, 'a.b')],
      [{ path: 'm.tf', text }],
      [resource('m.tf', 'a.b', 2, 4)],
      { today, resolveRule: (n) => (n === 'AKS101' ? 'AKS101' : undefined) },
    );
    expect(result.problems.map((p) => [p.ruleId, p.line, p.message])).toEqual([
      [INVALID_SUPPRESSION, 1, expect.stringMatching(/not a date|names no rule/)],
      [INVALID_SUPPRESSION, 3, expect.stringMatching(/unknown rule NOPE1/)],
    ]);
    expect(result.suppressed.map((f) => f.ruleId)).toEqual(['AKS101']);
  });

  it('scopes a resource suppression to resources declared in the comment file', () => {
    const result = applySuppressions(
      [finding('AKS101', 'main.tf', 3, 'azurerm_kubernetes_cluster.a')],
      [{ path: 'other.tf', text: 'resource "x" "y" {\n  # akslint-ignore AKS101: r\n}\n' }],
      [resource('other.tf', 'x.y', 1, 3), ...resources],
      { today },
    );
    expect(result.suppressed).toEqual([]);
  });
});

describe('suppressions across deployments', () => {
  const cluster = (file: string, deployment: string, address = 'azurerm_kubernetes_cluster.main') =>
    resource(file, address, 2, 5, { deployment });
  const inRoot = (f: Finding, deployment: string): Finding => ({ ...f, deployment });

  it('keeps a comment in one Terraform root to that root, when another declares the same address', () => {
    const files = [
      {
        path: 'a/main.tf',
        text: '# akslint-ignore AKS101: lab\nresource "azurerm_kubernetes_cluster" "main" {\n}\n',
      },
      { path: 'b/main.tf', text: '\nresource "azurerm_kubernetes_cluster" "main" {\n}\n' },
      { path: 'c/gen.tf', text: '# akslint-ignore-file AKS102: generated\nresource "x" "y" {\n}\n' },
    ];
    const result = applySuppressions(
      [
        inRoot(finding('AKS101', 'a/main.tf', 3, 'azurerm_kubernetes_cluster.main'), 'a'),
        inRoot(finding('AKS101', 'b/main.tf', 3, 'azurerm_kubernetes_cluster.main'), 'b'),
        // Findings elsewhere (a tfvars line) about a resource the file-wide comment's file declares.
        inRoot(finding('AKS102', 'c/c.tfvars', 1, 'azurerm_kubernetes_cluster.main'), 'c'),
        inRoot(finding('AKS102', 'b/b.tfvars', 1, 'azurerm_kubernetes_cluster.main'), 'b'),
      ],
      files,
      [cluster('a/main.tf', 'a'), cluster('b/main.tf', 'b'), cluster('c/gen.tf', 'c')],
      { today },
    );
    expect(result.suppressed.map((f) => [f.ruleId, f.file])).toEqual([
      ['AKS101', 'a/main.tf'],
      ['AKS102', 'c/c.tfvars'],
    ]);
    expect(result.kept.map((f) => [f.ruleId, f.file])).toEqual([
      ['AKS102', 'b/b.tfvars'],
      ['AKS101', 'b/main.tf'],
    ]);
  });

  it('applies a comment in a module file to the module’s resource in every root that calls it', () => {
    const address = 'module.aks.azurerm_kubernetes_cluster.this';
    const result = applySuppressions(
      [
        inRoot(finding('AKS101', 'modules/aks/main.tf', 3, address), 'a'),
        inRoot(finding('AKS101', 'modules/aks/main.tf', 3, address), 'b'),
        inRoot(finding('AKS101', 'modules/aks/main.tf', 3, address), 'a, b'),
      ],
      [
        {
          path: 'modules/aks/main.tf',
          text: '# akslint-ignore AKS101: r\nresource "azurerm_kubernetes_cluster" "this" {\n}\n',
        },
      ],
      [cluster('modules/aks/main.tf', 'a', address), cluster('modules/aks/main.tf', 'b', address)],
      { today },
    );
    expect(result.suppressed.map((f) => f.deployment)).toEqual(['a', 'b', 'a, b']);
  });
});

describe('hostile comment text', () => {
  it('never throws, whatever the text and file kind', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('a.tf', 'a.bicep', 'a.json', 'a.yaml'),
        (body, path) => {
          const text = `# akslint-ignore ${body}\n// akslint-ignore-file ${body}\n${body}`;
          parseDirective(`akslint-ignore ${body}`);
          parseDirective(body, false);
          const result = applySuppressions([finding('AKS101', path, 3, 'a.b')], [{ path, text }], [], {
            today,
            reportUnused: true,
            requireReason: true,
          });
          expect(result.kept.length + result.suppressed.length).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  });
});
