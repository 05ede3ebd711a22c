import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeCorpus } from '../../bench/generate';
import { planUnits } from '../../src/engine/analyze';
import { runScan, type ScanOptions } from '../../src/engine/scan';
import { createHost } from '../../src/discover/host';
import { mergeJsonReports } from '../../src/report/merge';
import type { JsonReport } from '../../src/report/json';
import { expectGroupsAsOneGraph, folder, rendered } from './one-graph';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

const CLUSTER_MODULE = `variable "name" {}
variable "local_accounts" { default = false }
resource "azurerm_kubernetes_cluster" "this" {
  name                   = var.name
  local_account_disabled = var.local_accounts
}
`;

const root = (name: string, localAccounts: boolean) => `module "aks" {
  source         = "../../modules/aks"
  name           = "${name}"
  local_accounts = ${localAccounts}
}
`;

const options = (cwd: string, more: Partial<ScanOptions> = {}): ScanOptions => ({
  cwd,
  paths: ['.'],
  today: '2026-01-01',
  showUnknown: true,
  ...more,
});

describe('a scan group by group', () => {
  let corpus: string;
  beforeAll(() => {
    corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-groups-corpus-'));
    writeCorpus(corpus, { scale: 0.04, seed: 11 });
  });
  afterAll(() => fs.rmSync(corpus, { recursive: true, force: true }));

  it('gives what one graph of the whole scan gives, in every format, on the examples and a corpus', async () => {
    for (const cwd of [EXAMPLES, corpus]) {
      const report = await expectGroupsAsOneGraph(options(cwd, { reportUnusedSuppressions: true }));
      expect(report.findings.length).toBeGreaterThan(10);
    }
  });

  it('tells a cluster with no Defender plan of the plans of deployments in other groups (AKS603)', async () => {
    const report = await expectGroupsAsOneGraph(options(EXAMPLES));
    const told = report.findings.filter((f) => f.ruleId === 'AKS603' && /another deployment/.test(f.message));
    expect(told.length).toBeGreaterThan(0);
  });

  it('tells a shard’s cluster of the Defender plans set in another shard, in a module too (AKS603)', async () => {
    const plans = `resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Standard"
  resource_type = "VirtualMachines"
}
`;
    const cwd = folder({
      'clusters/a/main.tf': 'resource "azurerm_kubernetes_cluster" "a" {\n  name = "a"\n}\n',
      'subscription/main.tf': 'module "plans" {\n  source = "../modules/plans"\n}\n',
      'modules/plans/main.tf': plans,
    });
    try {
      const report = await expectGroupsAsOneGraph(options(cwd));
      const told = report.findings.filter((f) => f.ruleId === 'AKS603');
      // The cluster is told of the plan set elsewhere; the subscription of the Containers plan it lacks.
      expect(told.map((f) => f.file).sort()).toEqual(['clusters/a/main.tf', 'modules/plans/main.tf']);
      const shards = await Promise.all(
        [1, 2].map((index) => runScan(options(cwd, { shard: { index, count: 2 } }))),
      );
      // The two roots went to different shards, and each tells only of its own resources.
      expect(shards.map((s) => s.findings.filter((f) => f.ruleId === 'AKS603').length)).toEqual([1, 1]);
      const merged = mergeJsonReports(shards as unknown as JsonReport[], 'low');
      expect(merged.findings).toEqual(report.findings);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('keeps the roots that call one cluster module together: contexts merged, AKS901, shards', async () => {
    const cwd = folder({
      'modules/aks/main.tf': CLUSTER_MODULE,
      'envs/dev/main.tf': root('aks-dev', false),
      'envs/prod/main.tf': root('aks-prod', true),
      'other/main.tf': 'resource "azurerm_kubernetes_cluster" "o" {\n  name = "other"\n}\n',
    });
    try {
      const report = await expectGroupsAsOneGraph(options(cwd));
      expect(report.findings.some((f) => f.ruleId === 'AKS901')).toBe(true);
      const local = report.findings.filter((f) => f.ruleId === 'AKS101' && f.file === 'modules/aks/main.tf');
      expect(local.map((f) => f.contexts)).toEqual([['envs/dev']]);
      // Each shard runs whole groups: merged, the shards give the full scan's findings.
      const shards = [1, 2].map((index) => runScan(options(cwd, { shard: { index, count: 2 } })));
      const merged = mergeJsonReports((await Promise.all(shards)) as unknown as JsonReport[], 'low');
      expect(merged.findings).toEqual(report.findings);
      expect(merged.summary.filesScanned).toBe(report.summary.filesScanned);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it("loads each root that calls a shared module apart, and merges the module's findings as one graph does", async () => {
    const cwd = folder({
      'modules/aks/main.tf': CLUSTER_MODULE,
      // The roots name their call of the module differently; one is applied with two variable files.
      // They name the cluster alike: the findings' messages are the same in every context.
      'envs/dev/main.tf': root('aks', false).replace('module "aks"', 'module "dev"'),
      'envs/prod/main.tf': root('aks', true).replace('module "aks"', 'module "prod"'),
      'platform/main.tf':
        'variable "local" {}\nmodule "aks" {\n  source         = "../modules/aks"\n  name           = "aks"\n  local_accounts = var.local\n}\n',
      'platform/environments/staging.tfvars': 'local = false\n',
      'platform/environments/prod.tfvars': 'local = true\n',
    });
    try {
      const host = createHost({ cwd, roots: [fs.realpathSync(cwd)], files: {} });
      const entries = [
        'modules/aks/main.tf',
        'envs/dev/main.tf',
        'envs/prod/main.tf',
        'platform/main.tf',
      ].map((p) => ({ path: p, text: fs.readFileSync(path.join(cwd, p), 'utf8') }));
      const { units } = planUnits(entries, host, { varFiles: [], parameterFiles: [] });
      // One unit per root, each with the module; one family, so that a shard keeps them together.
      expect(units.map((u) => u.entries.map((e) => e.path))).toEqual([
        ['modules/aks/main.tf', 'envs/dev/main.tf'],
        ['modules/aks/main.tf', 'envs/prod/main.tf'],
        ['modules/aks/main.tf', 'platform/main.tf'],
      ]);
      expect(new Set(units.map((u) => u.family)).size).toBe(1);

      const report = await expectGroupsAsOneGraph(options(cwd));
      const inModule = (id: string) =>
        report.findings.filter((f) => f.ruleId === id && f.file === 'modules/aks/main.tf');
      // Local accounts stay enabled in two of the four contexts: one finding naming them, without a
      // module path (the roots call the module by different names), with each root's value.
      const local = inModule('AKS101');
      expect(local).toHaveLength(1);
      expect(local[0].contexts).toEqual(['envs/dev', 'platform/environments/staging.tfvars']);
      expect(local[0].via).toBeUndefined();
      expect(local[0].related?.map((r) => r.file)).toEqual([
        'envs/dev/main.tf',
        'platform/environments/staging.tfvars',
        'platform/main.tf',
      ]);
      // A setting no context gives holds in all four: one finding, naming none.
      const privateCluster = inModule('AKS201');
      expect(privateCluster).toHaveLength(1);
      expect(privateCluster[0].contexts).toBeUndefined();
      // AKS901 compares the four contexts, which three groups evaluated.
      const alike = inModule('AKS901');
      expect(alike.map((f) => f.message)).toEqual([
        expect.stringContaining('false in dev and staging.tfvars; true in prod and prod.tfvars'),
      ]);
      expect(report.summary.contexts).toEqual({
        platform: ['platform/environments/prod.tfvars', 'platform/environments/staging.tfvars'],
      });
      // Shards of whole families: merged, the full scan.
      const shards = [1, 2].map((index) => runScan(options(cwd, { shard: { index, count: 2 } })));
      const merged = mergeJsonReports((await Promise.all(shards)) as unknown as JsonReport[], 'low');
      expect(merged.findings).toEqual(report.findings);
      // In worker threads, to the byte.
      const events: string[] = [];
      const threads = await runScan({
        ...options(cwd),
        jobs: 2,
        parallel: { minBytes: 0, onThreads: (n) => events.push(`${n} threads`) },
      });
      if (events.length > 0) expect(rendered(threads)).toEqual(rendered(report));
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('loads each Bicep root that calls shared modules apart, and reports as one graph does', async () => {
    const aks = `param name string
param localAccounts bool = false
resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
  name: name
  location: 'westeurope'
  properties: {
    dnsPrefix: name
    disableLocalAccounts: !localAccounts
  }
}
`;
    const main = `param local bool
module cluster '../../modules/aks.bicep' = {
  name: 'cluster'
  params: {
    name: 'aks'
    localAccounts: local
  }
}
`;
    const files = {
      'modules/aks.bicep': aks,
      'envs/dev/main.bicep': main,
      'envs/dev/main.bicepparam': "using './main.bicep'\nparam local = true\n",
      'envs/prod/main.bicep': main,
      'envs/prod/environments/staging.bicepparam': "using '../main.bicep'\nparam local = true\n",
      'envs/prod/environments/prod.bicepparam': "using '../main.bicep'\nparam local = false\n",
      // Calls no module: a root of its own.
      'envs/alone/main.bicep':
        "resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {\n  name: 'alone'\n  location: 'westeurope'\n  properties: {}\n}\n",
    };
    const unitsOf = (cwd: string, names: readonly string[]) => {
      const host = createHost({ cwd, roots: [fs.realpathSync(cwd)], files: {} });
      const entries = names.map((p) => ({ path: p, text: fs.readFileSync(path.join(cwd, p), 'utf8') }));
      return planUnits(entries, host, { varFiles: [], parameterFiles: [] }).units;
    };
    const cwd = folder(files);
    try {
      const units = unitsOf(cwd, Object.keys(files).sort());
      // One unit per root template, with its parameter files and the modules it calls; the two that
      // call the module are one family, so that a shard keeps them together.
      expect(units.map((u) => u.entries.map((e) => e.path))).toEqual([
        ['envs/alone/main.bicep'],
        ['envs/dev/main.bicep', 'envs/dev/main.bicepparam', 'modules/aks.bicep'],
        [
          'envs/prod/environments/prod.bicepparam',
          'envs/prod/environments/staging.bicepparam',
          'envs/prod/main.bicep',
          'modules/aks.bicep',
        ],
      ]);
      expect(units[0].family).toBeUndefined();
      expect(units[1].family).toBeDefined();
      expect(units[2].family).toBe(units[1].family);
      const report = await expectGroupsAsOneGraph(options(cwd));
      // Local accounts stay enabled in dev and staging, of the three contexts: the roots name the cluster
      // alike, so one finding, merged across the two units, names both deployments and those contexts.
      const local = report.findings.filter((f) => f.ruleId === 'AKS101' && f.file === 'modules/aks.bicep');
      expect(local.map((f) => [f.deployment, f.contexts])).toEqual([
        [
          'envs/dev/main.bicep, envs/prod/main.bicep',
          ['envs/dev/main.bicepparam', 'envs/prod/environments/staging.bicepparam'],
        ],
      ]);
      expect(report.findings.some((f) => f.ruleId === 'AKS901')).toBe(true);
      const shards = [1, 2].map((index) => runScan(options(cwd, { shard: { index, count: 2 } })));
      const merged = mergeJsonReports((await Promise.all(shards)) as unknown as JsonReport[], 'low');
      expect(merged.findings).toEqual(report.findings);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
    // What the loader would read otherwise keeps the group whole: a template imported from, not called;
    // a parameter file beside a module; a root's folder with a parameter file of another template.
    const others: Record<string, string>[] = [
      { 'envs/dev/main.bicep': `import { x } from '../../modules/aks.bicep'\n${main}` },
      { 'modules/aks.bicepparam': "using './aks.bicep'\nparam name = 'x'\n" },
      {
        'envs/dev/other.bicep': 'param x string\n',
        'envs/dev/other.bicepparam': "using './other.bicep'\nparam x = 'y'\n",
      },
    ];
    for (const more of others) {
      const dir = folder({ ...files, ...more });
      try {
        const names = Object.keys({ ...files, ...more }).sort();
        // envs/alone, linked to nothing, is a group of its own; the rest one unit.
        expect(unitsOf(dir, names).map((u) => u.entries.length)).toEqual([1, names.length - 1]);
        await expectGroupsAsOneGraph(options(dir));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('keeps of each cluster what the rules across groups read, and reports as one graph does', async () => {
    // AKS901 on clusters whose bodies hold much it does not read (a node pool, tags from a variable),
    // one environment's setting unresolved; an ARM cluster whose properties come whole from a parameter
    // object, in which every node is where the parameter is used.
    const module = `variable "name" {}
variable "local_accounts" {}
variable "policy" {}
variable "tags" {}
resource "azurerm_kubernetes_cluster" "this" {
  name                   = var.name
  local_account_disabled = var.local_accounts
  tags                   = var.tags
  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
  network_profile {
    network_plugin = "azure"
    network_policy = var.policy
  }
}
`;
    const call = (env: string, local: string, policy: string) => `module "aks" {
  source         = "../../modules/aks"
  name           = "aks-${env}"
  local_accounts = ${local}
  policy         = ${policy}
  tags           = { env = "${env}", owner = "platform" }
}
`;
    const template = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { clusterProperties: { type: 'object' } },
      resources: [
        {
          type: 'Microsoft.ContainerService/managedClusters',
          apiVersion: '2024-02-01',
          name: 'aks',
          location: 'westeurope',
          properties: "[parameters('clusterProperties')]",
        },
      ],
    });
    const parameters = (properties?: object) =>
      JSON.stringify(
        {
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
          contentVersion: '1.0.0.0',
          parameters: properties ? { clusterProperties: { value: properties } } : {},
        },
        null,
        2,
      );
    const properties = (disable: boolean) => ({
      dnsPrefix: 'aks',
      disableLocalAccounts: disable,
      networkProfile: { networkPlugin: 'azure', networkPolicy: 'azure' },
      agentPoolProfiles: [{ name: 'sys', count: 3 }],
    });
    const cwd = folder({
      'modules/aks/main.tf': module,
      'envs/dev/main.tf': call('dev', 'false', '"azure"'),
      'envs/prod/main.tf': call('prod', 'true', '"azure"'),
      'envs/stage/main.tf': `variable "policy" {}\n${call('stage', 'true', 'var.policy')}`,
      'arm/azuredeploy.json': template,
      'arm/azuredeploy.parameters.dev.json': parameters(properties(false)),
      'arm/azuredeploy.parameters.prod.json': parameters(properties(true)),
      // Unresolved here: the others' properties are compared with it, at the one place all are used.
      'arm/azuredeploy.parameters.stage.json': parameters(),
    });
    try {
      const report = await expectGroupsAsOneGraph(options(cwd));
      const compared = report.findings.filter((f) => f.ruleId === 'AKS901');
      expect([...new Set(compared.map((f) => `${f.file} ${f.status}`))].sort()).toEqual([
        'arm/azuredeploy.json fail',
        'arm/azuredeploy.json unknown',
        'modules/aks/main.tf fail',
        'modules/aks/main.tf unknown',
      ]);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('tells a suppression comment in a file two groups read once, invalid or unused', async () => {
    const shared = [
      '# akslint-ignore AKS102: no finding is located here',
      'local_accounts = false',
      '# akslint-ignore AKS999: a rule that does not exist',
      'unused = true',
      '',
    ].join('\n');
    const cwd = folder({
      'a/main.tf':
        'variable "local_accounts" {}\nresource "azurerm_kubernetes_cluster" "a" {\n  local_account_disabled = var.local_accounts\n}\n',
      'b/main.tf':
        'variable "local_accounts" {}\nresource "azurerm_kubernetes_cluster" "b" {\n  local_account_disabled = var.local_accounts\n}\n',
      'common.tfvars': shared,
    });
    try {
      const report = await expectGroupsAsOneGraph(
        options(cwd, { varFiles: ['common.tfvars'], reportUnusedSuppressions: true }),
      );
      expect(report.summary.filesScanned).toBe(3);
      expect(report.summary.deployments).toBe(2);
      const problems = report.findings.filter((f) => f.file === 'common.tfvars').map((f) => f.ruleId);
      expect(problems).toEqual(['akslint/unused-suppression', 'akslint/invalid-suppression']);
      expect(report.findings.filter((f) => f.ruleId === 'AKS101').map((f) => f.related?.[0].file)).toEqual([
        'common.tfvars',
        'common.tfvars',
      ]);
      // Each shard reads the variable file: merged, it is counted once.
      const shards = await Promise.all(
        [1, 2].map((index) =>
          runScan(
            options(cwd, {
              varFiles: ['common.tfvars'],
              reportUnusedSuppressions: true,
              shard: { index, count: 2 },
            }),
          ),
        ),
      );
      expect(shards.map((s) => s.summary.filesScanned)).toEqual([2, 2]);
      const merged = mergeJsonReports(shards as unknown as JsonReport[], 'low');
      expect(merged.summary.filesScanned).toBe(3);
      expect(merged.findings).toEqual(report.findings);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('in worker threads, gives the same report', async () => {
    const events: string[] = [];
    const opts = options(corpus, { reportUnusedSuppressions: true });
    const threads = await runScan({
      ...opts,
      jobs: 2,
      parallel: { minBytes: 0, onThreads: (n) => events.push(`${n} threads`) },
    });
    if (events.length === 0) return; // no compiled worker (dist/ not built): covered by test/parallel.test.ts
    expect(rendered(threads)).toEqual(rendered(await runScan({ ...opts, parallel: { oneGroup: true } })));
  });
});
