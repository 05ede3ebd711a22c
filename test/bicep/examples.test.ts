import * as path from 'node:path';
import { FsHost } from '../../src/discover/host';
import { analyze } from '../../src/engine/analyze';
import { allRules } from '../../policies';

const ROOT = path.resolve(__dirname, '../..');

/** The Bicep examples scanned as the CLI would: every file of the folder tree is offered as an entry. */
async function scanExample(kind: 'insecure' | 'secure') {
  const host = new FsHost(ROOT, [ROOT]);
  const dir = `examples/${kind}/bicep`;
  const paths = [...host.listDir(dir), ...host.listDir(`${dir}/modules`)];
  const entries = paths.map((p) => ({ path: p, text: host.readFile(p) ?? '' }));
  return analyze(entries, host, { varFiles: [], parameterFiles: [] }, allRules());
}

const AKS_RULES = [
  ...['AKS101', 'AKS102', 'AKS103', 'AKS104', 'AKS105'],
  ...['AKS201', 'AKS202', 'AKS203', 'AKS204', 'AKS205', 'AKS206', 'AKS207'],
  ...['AKS301', 'AKS302', 'AKS303', 'AKS304', 'AKS305'],
  ...['AKS401', 'AKS402'],
  ...['AKS501', 'AKS502', 'AKS503', 'AKS504', 'AKS505'],
];

describe('Bicep examples', () => {
  it('the insecure template trips every AKS cluster rule', async () => {
    const result = await scanExample('insecure');
    expect(result.errors).toEqual([]);
    expect(result.unclaimed).toEqual([]);
    const failed = new Set(result.findings.filter((f) => f.status === 'fail').map((f) => f.ruleId));
    expect(AKS_RULES.filter((id) => !failed.has(id))).toEqual([]);
    // The parameter file turns RBAC off: the finding points at the template line that uses it.
    expect(result.findings.find((f) => f.ruleId === 'AKS104')).toMatchObject({
      file: 'examples/insecure/bicep/main.bicep',
      line: 43,
      resource: { address: 'aks', name: 'aks-prod' },
    });
    // The legacy cluster is found through its module call, in the module's file.
    expect(result.findings.find((f) => f.ruleId === 'AKS303')).toMatchObject({
      file: 'examples/insecure/bicep/modules/legacy-aks.bicep',
      via: ['module.legacy'],
      resource: { address: 'module.legacy.legacy', name: 'aks-legacy' },
    });
  });

  it('the secure template trips none, under each of its parameter files', async () => {
    const result = await scanExample('secure');
    expect(result.errors).toEqual([]);
    const clusters = result.graph.ofType('Microsoft.ContainerService/managedClusters');
    expect(clusters.map((c) => `${c.context?.name} ${c.address} ${c.name}`)).toEqual([
      'examples/secure/bicep/dev.bicepparam module.cluster.aks aks-dev',
      'examples/secure/bicep/prod.bicepparam module.cluster.aks aks-prod',
    ]);
    expect(
      result.graph
        .ofType('Microsoft.ContainerService/managedClusters/agentPools')
        .map((p) => `${p.context?.name} ${p.address} ${p.name} ${p.parent}`),
    ).toEqual([
      'examples/secure/bicep/dev.bicepparam module.cluster.aks/pools[0] apps module.cluster.aks',
      'examples/secure/bicep/prod.bicepparam module.cluster.aks/pools[0] apps module.cluster.aks',
      'examples/secure/bicep/prod.bicepparam module.cluster.aks/pools[1] batch module.cluster.aks',
    ]);
    expect(result.findings.map((f) => `${f.ruleId} ${f.status} ${f.file}:${f.line}: ${f.message}`)).toEqual(
      [],
    );
  });
});
