import type { Finding } from '../model';
import { compareWithBaseline, createBaseline, parseBaseline, serializeBaseline } from './baseline';

function finding(ruleId: string, file: string, line: number, address: string, message = 'm'): Finding {
  return {
    ruleId,
    title: ruleId,
    severity: 'high',
    status: 'fail',
    message,
    file,
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    format: 'terraform',
    resource: { type: 't', name: 'n', address },
    fixRequiresRecreate: false,
  };
}

describe('baseline', () => {
  const today = [
    finding('AKS101', 'infra/aks.tf', 12, 'azurerm_kubernetes_cluster.main'),
    finding('AKS207', 'infra/aks.tf', 30, 'azurerm_kubernetes_cluster.main', 'pool a'),
    finding('AKS207', 'infra/aks.tf', 40, 'azurerm_kubernetes_cluster.main', 'pool b'),
    finding('K8S101', 'k8s/web.yaml', 5, 'Deployment/shop/web'),
  ];

  it('records findings by rule, file and resource with counts, sorted and deterministic', () => {
    const baseline = createBaseline([...today].reverse());
    expect(baseline.entries).toEqual([
      { ruleId: 'AKS101', file: 'infra/aks.tf', resource: 'azurerm_kubernetes_cluster.main', count: 1 },
      { ruleId: 'AKS207', file: 'infra/aks.tf', resource: 'azurerm_kubernetes_cluster.main', count: 2 },
      { ruleId: 'K8S101', file: 'k8s/web.yaml', resource: 'Deployment/shop/web', count: 1 },
    ]);
    expect(serializeBaseline(baseline)).toBe(serializeBaseline(createBaseline(today)));
    expect(parseBaseline(serializeBaseline(baseline))).toEqual(baseline);
  });

  it('reports only findings the baseline does not hold, whatever their line', () => {
    const baseline = createBaseline(today);
    const tomorrow = [
      finding('AKS101', 'infra/aks.tf', 15, 'azurerm_kubernetes_cluster.main'),
      finding('AKS207', 'infra/aks.tf', 33, 'azurerm_kubernetes_cluster.main'),
      finding('AKS207', 'infra/aks.tf', 43, 'azurerm_kubernetes_cluster.main'),
      finding('AKS207', 'infra/aks.tf', 53, 'azurerm_kubernetes_cluster.main', 'pool c'),
      finding('AKS101', 'infra/aks.tf', 80, 'azurerm_kubernetes_cluster.second'),
    ];
    const { fresh, known } = compareWithBaseline(tomorrow, baseline, undefined, 'akslint-baseline.json');
    expect(fresh.map((f) => [f.ruleId, f.line])).toEqual([
      ['AKS207', 53],
      ['AKS101', 80],
    ]);
    expect(known).toHaveLength(3);
    expect(known[0].suppression).toEqual({
      kind: 'baseline',
      reason: 'recorded in the baseline',
      file: 'akslint-baseline.json',
    });
  });

  it('keys paths through the mapper', () => {
    const baseline = createBaseline(today, (f) => `../${f}`);
    expect(baseline.entries[0].file).toBe('../infra/aks.tf');
    expect(compareWithBaseline(today, baseline, (f) => `../${f}`).fresh).toEqual([]);
    expect(compareWithBaseline(today, baseline).fresh).toHaveLength(4);
  });

  it('refuses files that are not baselines', () => {
    expect(() => parseBaseline('{')).toThrow(/not valid JSON/);
    expect(() => parseBaseline('{"version":2,"entries":[]}')).toThrow(/not an akslint baseline/);
    expect(() =>
      parseBaseline('{"version":1,"entries":[{"ruleId":"A","file":"f","resource":"r","count":0}]}'),
    ).toThrow(/entries\[0\]/);
  });
});
