import { mergeFindings, relatedAt, type Finding, type RelatedLocation } from '../../src/model';

// Findings reported at the same range of a resource share one list of related locations (engine/run.ts
// makes it once per list of origins): merging findings must make a new list, never add to a shared one.
const at = (file: string, line: number): RelatedLocation =>
  relatedAt({ file, line, column: 3, endLine: line, endColumn: 9 }, 'the value is set here');

const finding = (ruleId: string, context: string, related: RelatedLocation[]): Finding => ({
  ruleId,
  title: ruleId,
  severity: 'high',
  status: 'fail',
  message: 'Cluster "aks" is public.',
  file: 'modules/aks/main.tf',
  line: 1,
  column: 1,
  endLine: 9,
  endColumn: 2,
  format: 'terraform',
  resource: {
    type: 'azurerm_kubernetes_cluster',
    name: 'this',
    address: 'module.aks.azurerm_kubernetes_cluster.this',
  },
  fixRequiresRecreate: false,
  contexts: [context],
  related,
});

describe('findings sharing their related locations', () => {
  it('merge without changing the list they share', () => {
    const shared = [at('envs/dev/main.tf', 4)];
    const dev = [finding('AKS203', 'envs/dev', shared), finding('AKS204', 'envs/dev', shared)];
    const prod = [finding('AKS203', 'envs/prod', [at('envs/prod/main.tf', 7)])];
    const merged = mergeFindings([...dev, ...prod], () => ['envs/dev', 'envs/prod', 'envs/test']);
    expect(merged.map((f) => [f.ruleId, f.contexts, f.related?.map((r) => `${r.file}:${r.line}`)])).toEqual([
      ['AKS203', ['envs/dev', 'envs/prod'], ['envs/dev/main.tf:4', 'envs/prod/main.tf:7']],
      ['AKS204', ['envs/dev'], ['envs/dev/main.tf:4']],
    ]);
    expect(shared.map((r) => `${r.file}:${r.line}`)).toEqual(['envs/dev/main.tf:4']);
    expect(dev[1].related).toBe(shared);
  });
});
