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

/**
 * Every Azure rule, cluster and platform (registry, Defender plan, NSG) alike, but those that compare
 * the environments of one definition (AKS901): examples/environments shows them.
 */
const AKS_RULES = allRules()
  .filter((r) => r.id.startsWith('AKS') && !r.view.acrossContexts)
  .map((r) => r.id);

describe('ARM examples', () => {
  it('the insecure templates trip every AKS rule', async () => {
    const result = await scanExample('insecure');
    expect(result.errors).toEqual([]);
    expect(result.unclaimed).toEqual(['examples/insecure/arm/azuredeploy.parameters.json']);
    const failed = new Set(result.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId));
    expect(AKS_RULES.filter((id) => !failed.has(id))).toEqual([]);
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
