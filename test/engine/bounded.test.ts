import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScan, exitCodeFor } from '../../src/engine/scan';
import { allRules } from '../../policies';
import type { ScanReport } from '../../src/model';
import type { Rule } from '../../policies/api';
import { ROOT, tempTree } from '../cli-runner';
import { ModuleInstance } from '../../src/graph/terraform/module';
import * as bicepTemplate from '../../src/graph/bicep/template';

jest.mock('../../src/graph/bicep/template', () => {
  const actual = jest.requireActual('../../src/graph/bicep/template');
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
        jest.requireActual<typeof bicepTemplate>('../../src/graph/bicep/template').instantiateTemplate,
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
    const actual = jest.requireActual<typeof bicepTemplate>('../../src/graph/bicep/template');
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
