import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScan, exitCodeFor } from '../../src/engine/scan';
import { allRules, findRule } from '../../policies';
import { ConfigCascade } from '../../src/engine/config';
import type { ScanReport } from '../../src/model';
import type { Rule } from '../../policies/api';
import { ROOT, runCli, tempTree } from '../cli-runner';
import { ModuleInstance } from '../../src/evaluate/terraform/module';
import * as bicepTemplate from '../../src/evaluate/bicep/template';

jest.mock('../../src/evaluate/bicep/template', () => {
  const actual = jest.requireActual('../../src/evaluate/bicep/template');
  return { ...actual, instantiateTemplate: jest.fn(actual.instantiateTemplate) };
});

const CLUSTER = fs.readFileSync(path.join(ROOT, 'test/gates/__fixtures__/insecure-cluster.tf'), 'utf8');

async function scanTree(files: Record<string, string>, rules?: readonly Rule[]): Promise<ScanReport> {
  const dir = tempTree(files);
  try {
    return await runScan({ cwd: dir, paths: ['.'], today: '2026-01-01', rules });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('a rule that throws', () => {
  const throwing = (id: string) =>
    allRules().map((r) =>
      r.id === id
        ? {
            ...r,
            check: () => {
              throw new Error('boom');
            },
          }
        : r,
    );

  it('becomes one akslint/internal-error finding naming the rule, never a parse error; the others still report', async () => {
    const clean = await scanTree({ 'main.tf': CLUSTER });
    const r = await scanTree({ 'main.tf': CLUSTER }, throwing('AKS101'));
    expect(r.errors).toEqual([]);
    expect(r.summary.parseErrors).toBe(0);
    const internal = r.findings.filter((f) => f.ruleId === 'akslint/internal-error');
    expect(internal).toHaveLength(1);
    expect(internal[0]).toMatchObject({
      file: 'main.tf',
      line: 1,
      column: 1,
      status: 'fail',
      severity: 'critical',
      message: 'internal error in rule AKS101 while checking azurerm_kubernetes_cluster.main: boom',
      resource: { address: 'azurerm_kubernetes_cluster.main' },
    });
    const ids = (s: ScanReport) => s.findings.map((f) => f.ruleId);
    expect(ids(clean)).toContain('AKS101');
    expect(ids(r)).not.toContain('AKS101');
    // Every other rule's findings are the clean run's.
    expect(ids(r).filter((id) => id !== 'akslint/internal-error')).toEqual(
      ids(clean).filter((id) => id !== 'AKS101'),
    );
    expect(exitCodeFor(r)).toBe(1);
  });

  it('cannot be suppressed with a wildcard comment', async () => {
    const r = await scanTree(
      { 'main.tf': `# akslint-ignore-file *: legacy\n${CLUSTER}` },
      throwing('AKS101'),
    );
    expect(r.findings.map((f) => f.ruleId)).toEqual(['akslint/internal-error']);
  });
});

const BICEP_CLUSTER = `resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  location: 'westeurope'
  properties: {
    disableLocalAccounts: false
  }
}
`;

// An evaluator that throws cannot be produced on purpose once its known crashes are fixed: the fault is
// injected into the first root's evaluation, as the throwing rule above is.
describe('an evaluator that throws', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    jest
      .mocked(bicepTemplate.instantiateTemplate)
      .mockImplementation(
        jest.requireActual<typeof bicepTemplate>('../../src/evaluate/bicep/template').instantiateTemplate,
      );
  });

  it('is an error for its Terraform root; the other roots still load', async () => {
    const run = ModuleInstance.prototype.run;
    let calls = 0;
    jest.spyOn(ModuleInstance.prototype, 'run').mockImplementation(function (this: ModuleInstance) {
      if (calls++ === 0) throw new Error('evaluator fault');
      return run.call(this);
    });
    const r = await scanTree({ 'a/main.tf': CLUSTER, 'b/main.tf': CLUSTER });
    expect(r.errors).toEqual([
      {
        file: 'a/main.tf',
        line: 1,
        column: 1,
        message: 'internal error while reading the Terraform configuration in a: evaluator fault',
      },
    ]);
    expect(new Set(r.findings.map((f) => f.file))).toEqual(new Set(['b/main.tf']));
    expect(r.findings.map((f) => f.ruleId)).toContain('AKS101');
  });

  it('is an error for its Bicep template; the other templates still load', async () => {
    const actual = jest.requireActual<typeof bicepTemplate>('../../src/evaluate/bicep/template');
    jest.mocked(bicepTemplate.instantiateTemplate).mockImplementation((call, state) => {
      if (call.parsed.file.path === 'a.bicep') throw new Error('evaluator fault');
      return actual.instantiateTemplate(call, state);
    });
    const r = await scanTree({ 'a.bicep': BICEP_CLUSTER, 'b.bicep': BICEP_CLUSTER });
    expect(r.errors).toEqual([
      {
        file: 'a.bicep',
        line: 1,
        column: 1,
        message: 'internal error while reading the template a.bicep: evaluator fault',
      },
    ]);
    expect(new Set(r.findings.map((f) => f.file))).toEqual(new Set(['b.bicep']));
    expect(r.findings.map((f) => f.ruleId)).toContain('AKS101');
  });
});

describe('the size limit of a file', () => {
  // Six megabytes of Terraform-like garbage, as pasted by mistake.
  const SIX_MB = 'resource "x" "y" { a = "' + 'z'.repeat(6 * 1024 * 1024) + '" }\n';
  const REFUSED_AT_5 =
    'file is larger than the 5 MB limit and was not scanned (raise it with maxFileSize or --max-file-size)';

  it('refuses a 6 MB file found in a folder with one error at 1:1 naming the limit; the others are scanned', async () => {
    const r = await scanTree({ 'big/garbage.tf': SIX_MB, 'main.tf': CLUSTER });
    expect(r.errors).toEqual([{ file: 'big/garbage.tf', line: 1, column: 1, message: REFUSED_AT_5 }]);
    expect(r.findings.map((f) => f.file)).toContain('main.tf');
    expect(r.findings.map((f) => f.ruleId)).toContain('AKS101');
    expect(exitCodeFor(r)).toBe(1);
  });

  it('takes its limit from maxFileSize in the configuration, and --max-file-size over it', async () => {
    const big = '# ' + 'z'.repeat(600 * 1024) + '\n';
    const files = { 'big.tf': big, 'main.tf': CLUSTER, '.akslint.yaml': 'maxFileSize: 0.5\n' };
    const REFUSED_AT_HALF =
      'file is larger than the 0.5 MB limit and was not scanned (raise it with maxFileSize or --max-file-size)';
    const dir = tempTree(files);
    try {
      const config = new ConfigCascade(dir, (name) => findRule(name)?.id);
      const r = await runScan({ cwd: dir, paths: ['.'], config });
      expect(r.errors).toEqual([{ file: 'big.tf', line: 1, column: 1, message: REFUSED_AT_HALF }]);
      const raised = runCli(['scan', '.', '--format', 'json', '--max-file-size', '1'], { cwd: dir });
      expect(JSON.parse(raised.stdout).errors).toEqual([]);
      expect(JSON.parse(raised.stdout).summary.filesScanned).toBe(2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('caps standard input the same way', () => {
    const over = runCli(['scan', '-', '--stdin-filename', 'main.tf', '--format', 'json'], { input: SIX_MB });
    expect(over.status).toBe(1);
    expect(over.stderr).toBe('');
    expect(JSON.parse(over.stdout).errors).toEqual([
      { file: 'main.tf', line: 1, column: 1, message: REFUSED_AT_5 },
    ]);
    const under = runCli(['scan', '-', '--stdin-filename', 'main.tf', '--format', 'json'], {
      input: CLUSTER,
    });
    expect(JSON.parse(under.stdout).errors).toEqual([]);
  });

  it('rejects a --max-file-size that is not a positive number as a usage error', () => {
    const r = runCli(['scan', '.', '--max-file-size', 'big']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--max-file-size must be a positive number of megabytes/);
  });
});

describe('expressions that double a string', () => {
  const STEPS = 40; // 16 characters doubled 40 times: 17.6 T characters
  const doubling = (first: string, step: (i: number) => string) =>
    [first, ...Array.from({ length: STEPS - 1 }, (_, i) => step(i + 1))].join('\n');
  const terraform = (step: (i: number) => string) => `locals {
${doubling('  a0 = "xxxxxxxxxxxxxxxx"', step)}
}
resource "azurerm_kubernetes_cluster" "main" {
  name                   = "aks"
  location               = "westeurope"
  resource_group_name    = "rg"
  dns_prefix             = "prod"
  local_account_disabled = local.a${STEPS - 1} == "x"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
`;
  const bicep = (step: (i: number) => string) => `${doubling("var a0 = 'xxxxxxxxxxxxxxxx'", step)}
resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  location: 'westeurope'
  properties: {
    disableLocalAccounts: a${STEPS - 1} == 'x'
  }
}
`;
  const TOO_LONG = 'the string would be longer than 1,000,000 characters, too large to evaluate statically';

  async function expectUnknownTooLong(files: Record<string, string>): Promise<void> {
    const dir = tempTree(files);
    try {
      const r = await runScan({ cwd: dir, paths: ['.'], showUnknown: true });
      expect(r.errors).toEqual([]);
      const aks101 = r.findings.filter((f) => f.ruleId === 'AKS101');
      expect(
        aks101.map((f) => [f.file, f.status, f.message.endsWith(`could not be resolved: ${TOO_LONG}`)]),
      ).toEqual(
        Object.keys(files)
          .sort()
          .map((file) => [file, 'unknown', true]),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('in templates is unknown with the reason, in Terraform and in Bicep', async () => {
    await expectUnknownTooLong({
      'tf/main.tf': terraform((i) => `  a${i} = "\${local.a${i - 1}}\${local.a${i - 1}}"`),
      'main.bicep': bicep((i) => `var a${i} = '\${a${i - 1}}\${a${i - 1}}'`),
    });
  });

  it('through functions is unknown with the reason: join, format, replace; concat, format, padLeft', async () => {
    await expectUnknownTooLong({
      'join/main.tf': terraform((i) => `  a${i} = join("", [local.a${i - 1}, local.a${i - 1}])`),
      'format/main.tf': terraform((i) => `  a${i} = format("%s%s", local.a${i - 1}, local.a${i - 1})`),
      'replace/main.tf': terraform((i) => `  a${i} = replace(local.a${i - 1}, "x", "xx")`),
      'concat.bicep': bicep((i) => `var a${i} = concat(a${i - 1}, a${i - 1})`),
      'format.bicep': bicep((i) => `var a${i} = format('{0}{0}', a${i - 1})`),
      'pad.bicep': bicep((i) => (i === 1 ? 'var a1 = padLeft(a0, 400000000)' : `var a${i} = a${i - 1}`)),
    });
  });

  it('never crashes the command line: exit 1 for the findings, no stack trace', () => {
    const dir = tempTree({
      'main.tf': terraform((i) => `  a${i} = "\${local.a${i - 1}}\${local.a${i - 1}}"`),
    });
    try {
      const r = runCli(['scan', '.', '--show-unknown', '--format', 'json'], { cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(1);
      expect(JSON.parse(r.stdout).findings.map((f: { message: string }) => f.message)).toContain(
        `local_account_disabled = local.a${STEPS - 1} == "x" could not be resolved: ${TOO_LONG}`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('for_each over a range longer than Terraform allows', () => {
  it('leaves each instance unknown with Terraform’s own reason, not one made-up instance', async () => {
    const tf = (n: number) => `locals {
  ids = toset([for i in range(${n}) : tostring(i)])
}
resource "azurerm_kubernetes_cluster" "main" {
  for_each               = local.ids
  name                   = "aks"
  location               = "westeurope"
  resource_group_name    = "rg"
  dns_prefix             = "prod"
  local_account_disabled = each.key == "x"
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
`;
    const dir = tempTree({ 'ok/main.tf': tf(1024), 'over/main.tf': tf(1025) });
    try {
      const r = await runScan({ cwd: dir, paths: ['.'], showUnknown: true });
      const aks101 = r.findings.filter((f) => f.ruleId === 'AKS101');
      // 1,024 values are allowed, as in Terraform: 1,000 instances read (the instance limit), each failing.
      expect(aks101.filter((f) => f.file === 'ok/main.tf' && f.status === 'fail').length).toBeGreaterThan(1);
      const over = aks101.filter((f) => f.file === 'over/main.tf');
      expect(over).toHaveLength(1);
      expect(over[0].status).toBe('unknown');
      // (The message kit shortens long reasons: the start of Terraform’s own wording is kept.)
      expect(over[0].message).toMatch(/for_each = local.ids is unknown \(range\(\): more/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
