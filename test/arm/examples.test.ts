import * as path from 'node:path';
import { FsHost } from '../../src/discover/host';
import { analyze } from '../../src/engine/analyze';
import { allRules } from '../../policies';

const ROOT = path.resolve(__dirname, '../..');

/** The ARM examples scanned as the CLI would: every file of the folder is offered as an entry. */
async function scanExample(kind: 'insecure' | 'secure') {
  const host = new FsHost(ROOT, [ROOT]);
  const dir = `examples/${kind}/arm`;
  const entries = host.listDir(dir).map((p) => ({ path: p, text: host.readFile(p) ?? '' }));
  return analyze(entries, host, { varFiles: [], parameterFiles: [] }, allRules());
}

const AKS_RULES = [
  ...['AKS101', 'AKS102', 'AKS103', 'AKS104', 'AKS105'],
  ...['AKS201', 'AKS202', 'AKS203', 'AKS204', 'AKS205', 'AKS206', 'AKS207'],
  ...['AKS301', 'AKS302', 'AKS303', 'AKS304', 'AKS305'],
  ...['AKS401', 'AKS402'],
  ...['AKS501', 'AKS502', 'AKS503', 'AKS504', 'AKS505'],
];

describe('ARM examples', () => {
  it('the insecure template trips every AKS cluster rule', async () => {
    const result = await scanExample('insecure');
    expect(result.errors).toEqual([]);
    expect(result.unclaimed).toEqual(['examples/insecure/arm/azuredeploy.parameters.json']);
    const failed = new Set(result.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId));
    const implemented = new Set(allRules().map((r) => r.id));
    const missing = AKS_RULES.filter((id) => implemented.has(id) && !failed.has(id));
    expect(missing).toEqual([]);
    expect(result.findings.every((f) => f.file.startsWith('examples/insecure/arm/'))).toBe(true);
  });

  it('the secure template trips none', async () => {
    const result = await scanExample('secure');
    expect(result.errors).toEqual([]);
    const clusters = result.graph.ofType('Microsoft.ContainerService/managedClusters');
    expect(clusters.map((c) => c.name)).toEqual(['aks-prod']);
    expect(
      result.graph.ofType('Microsoft.ContainerService/managedClusters/agentPools').map((p) => p.name),
    ).toEqual(['aks-prod/apps', 'aks-prod/batch']);
    expect(
      result.findings.filter((f) => f.status === 'fail').map((f) => `${f.ruleId} ${f.line}: ${f.message}`),
    ).toEqual([]);
  });
});
