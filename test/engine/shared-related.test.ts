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

describe('findings merged from many contexts', () => {
  // Past 16 related locations the merge keys them (DistinctRanges) and keeps the keys from one merge to
  // the next: each later finding adds only what is new, repeats found among the kept and the new alike.
  it('name every distinct location once, sorted, whatever the order they come in', () => {
    const contexts = Array.from({ length: 12 }, (_, i) => `envs/e${String(i).padStart(2, '0')}`);
    const findings = contexts.map((c, i) =>
      finding('AKS203', c, [
        at('modules/aks/variables.tf', 2),
        at(`${c}/main.tf`, 10 - (i % 3)),
        at(`${c}/main.tf`, 20 + i),
        // The same span as another context's, as a copy of its own (not the same object).
        at(`envs/e${String((i * 5 + 1) % 12).padStart(2, '0')}/main.tf`, 20 + ((i * 5 + 1) % 12)),
      ]),
    );
    const [merged] = mergeFindings(findings, () => contexts);
    const expected = [
      'modules/aks/variables.tf:2',
      ...contexts.flatMap((c, i) => [`${c}/main.tf:${10 - (i % 3)}`, `${c}/main.tf:${20 + i}`]),
    ].sort((a, b) => {
      const [fa, la] = a.split(':');
      const [fb, lb] = b.split(':');
      return fa < fb ? -1 : fa > fb ? 1 : Number(la) - Number(lb);
    });
    expect(merged.related?.map((r) => `${r.file}:${r.line}`)).toEqual(expected);
    // The first finding's list is its own still.
    expect(findings[0].related).toHaveLength(4);
  });
});
