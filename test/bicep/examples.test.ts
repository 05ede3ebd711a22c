import * as path from 'node:path';
import { FsHost } from '../../src/discover/host';
import { analyze } from '../../src/engine/analyze';
import { allRules } from '../../policies';

const ROOT = path.resolve(__dirname, '../..');

/** The Bicep examples scanned as the CLI would: every file of the folder tree is offered as an entry. */
async function scanExample(kind: 'insecure' | 'secure' | 'environments') {
  const host = new FsHost(ROOT, [ROOT]);
  const dir = `examples/${kind}/bicep`;
  const paths = [...host.listDir(dir), ...host.listDir(`${dir}/modules`)];
  const entries = paths.map((p) => ({ path: p, text: host.readFile(p) ?? '' }));
  return analyze(entries, host, { varFiles: [], parameterFiles: [] }, allRules());
}

/**
 * Every Azure rule, cluster and platform (registry, Defender plan, NSG) alike, but those that compare
 * the environments of one definition (AKS901): examples/environments shows them.
 */
const AKS_RULES = allRules()
  .filter((r) => r.id.startsWith('AKS') && !r.view.acrossContexts)
  .map((r) => r.id);

describe('Bicep examples', () => {
  it('the insecure templates trip every AKS rule', async () => {
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
    // Nothing fails. The Defender plans are set by defender.bicep, a deployment of its own (a
    // subscription-scope template): whether they cover the clusters' subscription cannot be told.
    expect(result.findings.map((f) => `${f.ruleId} ${f.status} ${f.file}:${f.line} ${f.deployment}`)).toEqual(
      [
        'AKS603 unknown examples/secure/bicep/modules/aks.bicep:23 examples/secure/bicep/main.bicep',
        'AKS603 unknown examples/secure/bicep/modules/aks.bicep:23 examples/secure/bicep/main.bicep',
      ],
    );
    expect(result.findings.map((f) => f.message)).toEqual([
      expect.stringContaining(
        '"aks-dev" cannot be told: the subscription\'s Defender plan is set in another deployment (examples/secure/bicep/defender.bicep)',
      ),
      expect.stringContaining('"aks-prod" cannot be told'),
    ]);
  });

  it('the environments example: AKS901 at each setting dev and prod disagree on', async () => {
    const result = await scanExample('environments');
    expect(result.errors).toEqual([]);
    // Production is hardened: dev alone fails the settings rules, and AKS901 names the difference.
    expect(result.findings.map((f) => `${f.ruleId} ${f.line} ${f.contexts ?? ''}`)).toEqual([
      'AKS101 44 examples/environments/bicep/main.dev.bicepparam',
      'AKS901 44 ',
      'AKS203 50 examples/environments/bicep/main.dev.bicepparam',
      'AKS201 51 examples/environments/bicep/main.dev.bicepparam',
      'AKS901 51 ',
    ]);
    const differ = result.findings.filter((f) => f.ruleId === 'AKS901');
    expect(differ.map((f) => `${f.severity} ${f.file}:${f.line} ${f.contexts}`)).toEqual([
      'low examples/environments/bicep/main.bicep:44 undefined',
      'low examples/environments/bicep/main.bicep:51 undefined',
    ]);
    expect(differ[0].message).toContain(
      'properties.disableLocalAccounts: false in main.dev.bicepparam; true in main.parameters.prod.json',
    );
    expect(differ[0].related?.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual([
      'examples/environments/bicep/main.dev.bicepparam:7 properties.disableLocalAccounts is false in examples/environments/bicep/main.dev.bicepparam',
      'examples/environments/bicep/main.parameters.prod.json:10 properties.disableLocalAccounts is true in examples/environments/bicep/main.parameters.prod.json',
    ]);
  });
});
