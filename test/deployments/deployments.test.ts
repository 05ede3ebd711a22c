import * as path from 'node:path';
import { runScan, type ScanOptions } from '../../src/engine/scan';
import { clusterScopesFromConfig, loadConfig } from '../../src/engine/config';
import { findRule } from '../../policies';
import type { Finding } from '../../src/model';

const ROOT = path.resolve(__dirname, '../..');
const FIXTURES = path.join(__dirname, '__fixtures__');
const GRAPH_RULES = /^(K8S30[1-4]|AKS306|AKS603|AKS604)$/;

async function scan(cwd: string, paths: string[], more: Partial<ScanOptions> = {}) {
  return runScan({ cwd, paths, showUnknown: true, today: '2026-01-01', ...more });
}

/** The CLI's way to the configuration: found from the scanned folder upward, its clusters rebased. */
function configuredClusters(cwd: string) {
  const loaded = loadConfig({ cwd, startDir: cwd, resolveRule: (name) => findRule(name)?.id });
  return loaded ? clusterScopesFromConfig(loaded, cwd) : undefined;
}

function graphFindings(findings: readonly Finding[]): string[] {
  return findings
    .filter((f) => GRAPH_RULES.test(f.ruleId))
    .map(
      (f) =>
        `${f.ruleId} ${f.status} ${f.file}:${f.line} [${f.deployment}]${f.contexts ? ` only ${f.contexts.join(',')}` : ''}`,
    );
}

/** A finding as the JSON report shows it, without what depends on the run. */
function key(f: Finding): string {
  return JSON.stringify(f);
}

describe('scanning a folder is the union of scanning its deployments', () => {
  it('examples/ reports exactly the findings of examples/environments, examples/insecure and examples/secure', async () => {
    const all = await scan(ROOT, ['examples'], { showUnknown: false });
    const environments = await scan(ROOT, ['examples/environments'], { showUnknown: false });
    const insecure = await scan(ROOT, ['examples/insecure'], { showUnknown: false });
    const secure = await scan(ROOT, ['examples/secure'], { showUnknown: false });
    expect(secure.findings).toEqual([]);
    expect(all.findings.map(key)).toEqual(
      [...environments.findings, ...insecure.findings, ...secure.findings].map(key),
    );
    // The findings a shared scan once hid: a diagnostic setting of secure/ targeting a cluster of the
    // same name, policies of secure/ covering namespace shop (K8S301/303 are located at each workload
    // of shop, K8S302 at the namespace), and a Standard plan set elsewhere.
    expect(
      graphFindings(all.findings).filter((f) =>
        /(AKS306 fail examples\/insecure\/arm\/azuredeploy.json:25|AKS603|K8S30[123] fail examples\/insecure\/kubernetes\/(namespace|api|windows-agent))/.test(
          f,
        ),
      ),
    ).toEqual([
      'AKS306 fail examples/insecure/arm/azuredeploy.json:25 [examples/insecure/arm/azuredeploy.json]',
      'AKS603 fail examples/insecure/arm/defender.json:15 [examples/insecure/arm/defender.json]',
      'AKS603 fail examples/insecure/bicep/defender.bicep:4 [examples/insecure/bicep/defender.bicep]',
      'K8S301 fail examples/insecure/kubernetes/api.yaml:6 [examples/insecure/kubernetes]',
      'K8S303 fail examples/insecure/kubernetes/api.yaml:6 [examples/insecure/kubernetes]',
      'K8S302 fail examples/insecure/kubernetes/namespace.yaml:3 [examples/insecure/kubernetes]',
      'K8S301 fail examples/insecure/kubernetes/windows-agent.yaml:3 [examples/insecure/kubernetes]',
      'K8S303 fail examples/insecure/kubernetes/windows-agent.yaml:3 [examples/insecure/kubernetes]',
      'AKS603 fail examples/insecure/terraform/platform.tf:24 [examples/insecure/terraform]',
    ]);
    // Each Terraform root, ARM and Bicep entry template and folder of manifests is a deployment.
    expect(all.summary.deployments).toBe(
      environments.summary.deployments + insecure.summary.deployments + secure.summary.deployments,
    );
    expect(insecure.summary.deployments).toBe(8);
  });
});

describe('Kubernetes deployments', () => {
  it('a Flux clusters/<name>/ folder is a cluster: the dev policy does not cover prod', async () => {
    const cwd = path.join(FIXTURES, 'gitops');
    const whole = await scan(cwd, ['.']);
    const prod = await scan(cwd, ['clusters/prod']);
    expect(graphFindings(whole.findings)).toEqual([
      'K8S301 fail clusters/prod/app.yaml:2 [clusters/prod]',
      'K8S302 fail clusters/prod/app.yaml:2 [clusters/prod]',
      'K8S303 fail clusters/prod/app.yaml:2 [clusters/prod]',
    ]);
    expect(graphFindings(prod.findings)).toEqual(graphFindings(whole.findings));
    expect(whole.summary.deployments).toBe(2);
  });

  it('a kustomization root renders what it lists: a base both overlays list is checked in each', async () => {
    const r = await scan(path.join(FIXTURES, 'kustomize'), ['.']);
    expect(graphFindings(r.findings)).toEqual([
      'K8S301 fail base/web.yaml:2 [overlays/dev] only overlays/dev',
      'K8S302 fail base/web.yaml:2 [overlays/dev] only overlays/dev',
      'K8S303 fail base/web.yaml:2 [overlays/dev] only overlays/dev',
    ]);
    // A finding that holds in both overlays appears once and names both.
    expect(r.findings.find((f) => f.file === 'base/web.yaml' && !GRAPH_RULES.test(f.ruleId))).toMatchObject({
      deployment: 'overlays/dev, overlays/prod',
    });
    expect(r.findings.every((f) => GRAPH_RULES.test(f.ruleId) || f.contexts === undefined)).toBe(true);
    // Both overlays stay in the shard (and the group) of the base they list.
    const shards = await Promise.all(
      [1, 2, 3].map((index) => scan(path.join(FIXTURES, 'kustomize'), ['.'], { shard: { index, count: 3 } })),
    );
    expect(shards.flatMap((s) => graphFindings(s.findings)).sort()).toEqual(graphFindings(r.findings).sort());
  });

  it('Argo CD Applications put the paths they apply in their destination cluster', async () => {
    const r = await scan(path.join(FIXTURES, 'argocd'), ['.']);
    // apps/web and policies go to prod together; apps/api goes to dev, where no policy applies.
    expect(graphFindings(r.findings)).toEqual([
      'K8S301 fail apps/api/api.yaml:2 [argocd:dev]',
      'K8S302 fail apps/api/api.yaml:2 [argocd:dev]',
      'K8S303 fail apps/api/api.yaml:2 [argocd:dev]',
    ]);
  });

  it('a platform folder the config lists under every cluster applies to each of them', async () => {
    const cwd = path.join(FIXTURES, 'platform');
    const clusters = configuredClusters(cwd);
    expect(clusters).toEqual({
      prod: ['/clusters/prod/**', '/platform/**'],
      dev: ['/clusters/dev/**', '/platform/**'],
    });
    const configured = await scan(cwd, ['.'], { clusters });
    // shop is isolated in both clusters by the platform policy; monitoring only in prod.
    expect(graphFindings(configured.findings)).toEqual([
      'K8S301 fail platform/shop.yaml:12 [dev] only dev',
      'K8S302 fail platform/shop.yaml:12 [dev] only dev',
      'K8S303 fail platform/shop.yaml:12 [dev] only dev',
    ]);
    expect(configured.summary.deployments).toBe(2);
    // Without the config, platform/ is a folder of its own: its policy covers neither cluster.
    const alone = await scan(cwd, ['.']);
    expect(graphFindings(alone.findings)).toEqual([
      'K8S301 fail clusters/dev/app.yaml:2 [clusters/dev]',
      'K8S302 fail clusters/dev/app.yaml:2 [clusters/dev]',
      'K8S303 fail clusters/dev/app.yaml:2 [clusters/dev]',
      'K8S301 fail clusters/prod/app.yaml:2 [clusters/prod]',
      'K8S302 fail clusters/prod/app.yaml:2 [clusters/prod]',
      'K8S303 fail clusters/prod/app.yaml:2 [clusters/prod]',
      'K8S301 fail platform/shop.yaml:12 [platform]',
      'K8S302 fail platform/shop.yaml:12 [platform]',
      'K8S303 fail platform/shop.yaml:12 [platform]',
    ]);
  });

  it('standard input is one deployment', async () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers: [{name: web, image: nginx}]',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: deny, namespace: shop}',
      'spec: {podSelector: {}, policyTypes: [Ingress, Egress]}',
      '',
    ].join('\n');
    const r = await scan(path.join(FIXTURES, 'gitops'), ['-'], { stdin: { path: 'rendered.yaml', text } });
    expect(graphFindings(r.findings)).toEqual([]);
    expect(r.summary.deployments).toBe(1);
    expect(new Set(r.findings.map((f) => f.deployment))).toEqual(new Set(['rendered.yaml']));
  });
});

describe('Azure deployments that share a cluster name', () => {
  const cwd = path.join(FIXTURES, 'shared-name');

  it("a Bicep diagnostic setting on its own aks-prod does not cover the Terraform root's aks-prod", async () => {
    const together = await scan(cwd, ['.']);
    const terraform = await scan(cwd, ['terraform']);
    const bicep = await scan(cwd, ['bicep']);
    expect(graphFindings(together.findings).filter((f) => f.startsWith('AKS306'))).toEqual([
      'AKS306 fail terraform/main.tf:2 [terraform]',
    ]);
    expect(graphFindings(terraform.findings)).toEqual(['AKS306 fail terraform/main.tf:2 [terraform]']);
    expect(graphFindings(bicep.findings).filter((f) => f.startsWith('AKS306'))).toEqual([]);
  });

  it('a Defender plan set in another deployment is unknown for a cluster, never a pass, until the config makes them one platform', async () => {
    const together = await scan(cwd, ['.']);
    expect(graphFindings(together.findings).filter((f) => f.startsWith('AKS603'))).toEqual([
      'AKS603 unknown bicep/main.bicep:2 [bicep/main.bicep]',
      'AKS603 unknown terraform/main.tf:2 [terraform]',
    ]);
    expect(
      together.findings.find((f) => f.ruleId === 'AKS603' && f.file === 'terraform/main.tf')?.message,
    ).toBe(
      'Whether Defender for Containers covers cluster "aks-prod" cannot be told: the subscription\'s Defender plan is set in another deployment (bicep/defender.bicep), which may or may not deploy to this cluster\'s subscription. To check them together, declare both deployments one platform in the configuration (clusters: {name: [their paths]}).',
    );
    const platform = await scan(cwd, ['.'], { clusters: { prod: ['/terraform/**', '/bicep/**'] } });
    expect(graphFindings(platform.findings).filter((f) => f.startsWith('AKS603'))).toEqual([]);
    // A platform shares subscription-scope settings only: the diagnostic setting still does not count.
    expect(graphFindings(platform.findings)).toEqual(['AKS306 fail terraform/main.tf:2 [terraform]']);
  });
});
