import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { runScan, type ScanOptions } from '../src/engine/scan';
import type { Finding, ScanReport } from '../src/model';
import { formatJson } from '../src/report/json';
import { formatCompact } from '../src/report/compact';
import { formatSarif } from '../src/report/sarif';
import { kustomizationResources } from '../src/discover/companions';
import { allRules } from '../policies';
import { tempTree } from './cli-runner';
import { validateSarif } from './gates/sarif-validator';

/** A scan in-process, as `akslint scan PATHS` run in `cwd` (what a pre-commit hook does with staged files). */
const scan = (cwd: string, paths: string[], more: Partial<ScanOptions> = {}) =>
  runScan({ cwd, paths, today: '2025-01-01', ...more });

const where = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}`;
const related = (f: Finding) => (f.related ?? []).map((r) => `${r.file}:${r.line}`);
const byRule = (report: ScanReport, ruleId: string) => report.findings.filter((f) => f.ruleId === ruleId);

const TF_CLUSTER = `resource "azurerm_kubernetes_cluster" "main" {
  name                    = "aks-prod"
  location                = "westeurope"
  resource_group_name     = "rg"
  dns_prefix              = "prod"
  private_cluster_enabled = var.private_cluster
  local_account_disabled  = true

  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
`;

describe('a named Terraform variable file reports what its values change', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'main.tf': TF_CLUSTER,
      'variables.tf': 'variable "private_cluster" {\n  type = bool\n}\n',
      'terraform.tfvars': '# the production cluster\nprivate_cluster = false\n',
      // Not where environments are looked for (the root, env/, envs/, environments/, vars/): read only
      // when passed with --var-file.
      'ci/prod.tfvars': '# production\n\nprivate_cluster = false\n',
      'ci/secure.tfvars': 'private_cluster = true\n',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('terraform.tfvars: the finding at the attribute in main.tf, the tfvars line as related location', async () => {
    const report = await scan(dir, ['terraform.tfvars']);
    const [finding, ...rest] = byRule(report, 'AKS201');
    expect(rest).toEqual([]);
    expect(where(finding)).toBe('AKS201 main.tf:6');
    expect(finding.column).toBe(3);
    expect(finding.related).toEqual([
      {
        file: 'terraform.tfvars',
        line: 2,
        column: 19,
        endLine: 2,
        endColumn: 24,
        message: 'the value is set here',
      },
    ]);
    // AKS203 (no authorized IP ranges) holds only because the cluster is public: it depends on the
    // value too. Findings that do not (no AAD, no network policy…) are main.tf's own.
    expect(report.findings.map((f) => [where(f), related(f)])).toEqual([
      ['AKS203 main.tf:1', ['terraform.tfvars:2']],
      ['AKS201 main.tf:6', ['terraform.tfvars:2']],
    ]);
    expect(report.summary.filesScanned).toBe(1);
    expect(formatCompact(report)).toContain(
      'main.tf:6:3: high Cluster "aks-prod" exposes its API server publicly (private_cluster_enabled = false)',
    );
    expect(formatCompact(report)).toMatch(/\[set in terraform\.tfvars:2\] \[AKS201\]/);
  });

  it('the same values give the same finding in a scan of the folder', async () => {
    const folder = await scan(dir, ['.']);
    expect(byRule(folder, 'AKS201').map((f) => [where(f), related(f)])).toEqual([
      ['AKS201 main.tf:6', ['terraform.tfvars:2']],
    ]);
  });

  it('ci/prod.tfvars passed with --var-file and named: its line is the related location', async () => {
    const report = await scan(dir, ['ci/prod.tfvars'], { varFiles: ['ci/prod.tfvars'] });
    expect(byRule(report, 'AKS201').map((f) => [where(f), related(f)])).toEqual([
      // --var-file comes after terraform.tfvars: its value wins, and only it is named.
      ['AKS201 main.tf:6', ['ci/prod.tfvars:3']],
    ]);
    expect(report.summary.filesScanned).toBe(1);
    expect(report.skipped).toEqual([]);
  });

  it('a secure --var-file named: nothing it changes fails', async () => {
    const report = await scan(dir, ['ci/secure.tfvars'], { varFiles: ['ci/secure.tfvars'] });
    expect(report.findings).toEqual([]);
    expect(report.summary.filesScanned).toBe(1);
  });

  it('a variable file Terraform would not read says so instead of passing in silence', async () => {
    const report = await scan(dir, ['ci/prod.tfvars']);
    expect(report.findings).toEqual([]);
    expect(report.skipped).toEqual([
      {
        file: 'ci/prod.tfvars',
        message: expect.stringMatching(/only terraform\.tfvars and \*\.auto\.tfvars.*--var-file/),
      },
    ]);
  });

  it('main.tf named still reports its own findings, not only those its values feed', async () => {
    const report = await scan(dir, ['main.tf']);
    expect(report.findings.map((f) => f.file)).toContain('main.tf');
    expect(byRule(report, 'AKS201').map(where)).toEqual(['AKS201 main.tf:6']);
  });
});

describe("a module's variables.tf default, named, is evaluated through the module's callers", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'main.tf': [
        'module "prod" {',
        '  source          = "./modules/aks"',
        '  private_cluster = true',
        '}',
        '',
        'module "dev" {',
        '  source = "./modules/aks"',
        '}',
        '',
      ].join('\n'),
      'modules/aks/main.tf': TF_CLUSTER,
      'modules/aks/variables.tf': [
        'variable "private_cluster" {',
        '  type    = bool',
        '  default = false',
        '}',
        '',
      ].join('\n'),
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports the default where it is used, for the call that keeps it, with the default as related', async () => {
    const report = await scan(dir, ['modules/aks/variables.tf']);
    expect(byRule(report, 'AKS201').map((f) => [where(f), f.via, related(f)])).toEqual([
      ['AKS201 modules/aks/main.tf:6', ['module.dev'], ['modules/aks/variables.tf:3']],
    ]);
  });

  it("the caller's argument is a related location when the root file is named", async () => {
    fs.writeFileSync(
      path.join(dir, 'main.tf'),
      'module "prod" {\n  source          = "./modules/aks"\n  private_cluster = false\n}\n',
    );
    const report = await scan(dir, ['main.tf']);
    expect(byRule(report, 'AKS201').map((f) => [where(f), f.via, related(f)])).toEqual([
      ['AKS201 modules/aks/main.tf:6', ['module.prod'], ['main.tf:3']],
    ]);
  });
});

const BICEP_CLUSTER = `param privateCluster bool

resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks-prod'
  location: 'westeurope'
  properties: {
    dnsPrefix: 'prod'
    disableLocalAccounts: true
    apiServerAccessProfile: {
      enablePrivateCluster: privateCluster
    }
  }
}
`;

describe('a named .bicepparam file', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'infra/main.bicep': BICEP_CLUSTER,
      'infra/prod.bicepparam': "using 'main.bicep'\n\nparam privateCluster = false\n",
      'infra/dev.bicepparam': "using 'main.bicep'\n\nparam privateCluster = true\n",
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports the finding at the property in main.bicep, under its own context, its line as related', async () => {
    const report = await scan(dir, ['infra/prod.bicepparam']);
    expect(byRule(report, 'AKS201').map((f) => [where(f), f.contexts, related(f)])).toEqual([
      ['AKS201 infra/main.bicep:10', ['infra/prod.bicepparam'], ['infra/prod.bicepparam:3']],
    ]);
    expect(report.findings.every((f) => related(f).includes('infra/prod.bicepparam:3'))).toBe(true);
    expect(report.summary.filesScanned).toBe(1);
  });

  it('the secure environment named alone reports only that it differs from prod (AKS901)', async () => {
    const report = await scan(dir, ['infra/dev.bicepparam']);
    // The difference depends on both files' values: its related locations name each.
    expect(report.findings.map((f) => [where(f), related(f)])).toEqual([
      ['AKS901 infra/main.bicep:10', ['infra/dev.bicepparam:3', 'infra/prod.bicepparam:3']],
    ]);
  });
});

describe('a named Bicep module is evaluated through the templates that call it, wherever they are', () => {
  let dir: string;
  const MODULE = [
    'param localAccounts bool',
    "resource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {",
    "  name: 'aks'",
    "  location: 'westeurope'",
    '  properties: {',
    '    disableLocalAccounts: localAccounts',
    '  }',
    '}',
    '',
  ].join('\n');
  const caller = (value: string) =>
    `module aks '../../modules/aks.bicep' = {\n  name: 'aks'\n  params: {\n    localAccounts: ${value}\n  }\n}\n`;
  beforeAll(() => {
    dir = tempTree({
      'modules/aks.bicep': MODULE,
      // Beside the module's folder, not above it: a pre-commit hook named only the module.
      'envs/prod/main.bicep': caller('false'),
      'envs/dev/main.bicep': caller('true'),
      // Deployed by a parameters file in a folder of its own, which turns local accounts on.
      'envs/test/main.bicep': `param local bool = true\n${caller('local')}`,
      'envs/test/environments/test.bicepparam': "using '../main.bicep'\n\nparam local = false\n",
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("reports the value a caller passes, at the module's property, with the caller's line as related", async () => {
    const report = await scan(dir, ['modules/aks.bicep']);
    // Prod's value fails, and test's parameter: dev passes true.
    expect(byRule(report, 'AKS101').map((f) => [where(f), related(f)])).toEqual([
      ['AKS101 modules/aks.bicep:6', ['envs/prod/main.bicep:4']],
      ['AKS101 modules/aks.bicep:6', ['envs/test/environments/test.bicepparam:3', 'envs/test/main.bicep:5']],
    ]);
  });

  it('a named template is evaluated with the parameter files that deploy it from another folder', async () => {
    const report = await scan(dir, ['envs/test/main.bicep']);
    expect(byRule(report, 'AKS101').map((f) => [where(f), related(f)])).toEqual([
      ['AKS101 modules/aks.bicep:6', ['envs/test/environments/test.bicepparam:3', 'envs/test/main.bicep:5']],
    ]);
  });

  it('gives the findings of a scan of the folder that are located in the module', async () => {
    const named = await scan(dir, ['modules/aks.bicep']);
    const folder = await scan(dir, ['.']);
    const inModule = folder.findings.filter((f) => f.file === 'modules/aks.bicep');
    expect(named.findings.map(where)).toEqual(inModule.map(where));
    expect(named.findings.length).toBeGreaterThan(1);
  });
});

/** An ARM deployment parameters file (for an ARM or a Bicep template) giving these values. */
const parametersFile = (values: Record<string, unknown>) =>
  JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value }])),
    },
    null,
    2,
  );

describe('a named JSON parameters file of a Bicep template', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'infra/main.bicep': BICEP_CLUSTER,
      'infra/main.parameters.prod.json': parametersFile({ privateCluster: false }),
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is evaluated with the template beside it, as a scan of the folder is', async () => {
    const named = await scan(dir, ['infra/main.parameters.prod.json']);
    expect(byRule(named, 'AKS201').map((f) => [where(f), related(f)])).toEqual([
      ['AKS201 infra/main.bicep:10', ['infra/main.parameters.prod.json:6']],
    ]);
    const folder = await scan(dir, ['.']);
    const supplied = folder.findings.filter((f) =>
      related(f).some((r) => r.startsWith('infra/main.parameters')),
    );
    expect(named.findings.map(where)).toEqual(supplied.map(where));
  });
});

const ARM_TEMPLATE = JSON.stringify(
  {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    parameters: { enablePrivateCluster: { type: 'bool', defaultValue: true } },
    resources: [
      {
        type: 'Microsoft.ContainerService/managedClusters',
        apiVersion: '2024-02-01',
        name: 'aks-prod',
        location: 'westeurope',
        properties: {
          dnsPrefix: 'prod',
          disableLocalAccounts: true,
          apiServerAccessProfile: { enablePrivateCluster: "[parameters('enablePrivateCluster')]" },
        },
      },
    ],
  },
  null,
  2,
);

describe('a named ARM parameters file', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'arm/azuredeploy.json': ARM_TEMPLATE,
      'arm/azuredeploy.parameters.json': parametersFile({ enablePrivateCluster: false }),
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports the finding at the property in the template, the parameter value as related', async () => {
    const report = await scan(dir, ['arm/azuredeploy.parameters.json']);
    const findings = byRule(report, 'AKS201');
    expect(findings.map((f) => [where(f), related(f)])).toEqual([
      ['AKS201 arm/azuredeploy.json:20', ['arm/azuredeploy.parameters.json:6']],
    ]);
    expect(findings[0].related?.[0]).toMatchObject({ column: 16, endColumn: 21 });
    expect(report.summary.filesScanned).toBe(1);
  });

  it('JSON carries `related`, SARIF `relatedLocations`, and the SARIF log stays valid', async () => {
    const report = await scan(dir, ['arm/azuredeploy.parameters.json']);
    const json = JSON.parse(formatJson(report)) as { findings: Finding[] };
    expect(json.findings.find((f) => f.ruleId === 'AKS201')?.related).toEqual([
      {
        file: 'arm/azuredeploy.parameters.json',
        line: 6,
        column: 16,
        endLine: 6,
        endColumn: 21,
        message: 'the value is set here',
      },
    ]);
    const sarif = JSON.parse(formatSarif(report, { showSuppressed: false })) as {
      runs: Array<{
        results: Array<{ ruleId: string; message: { text: string }; relatedLocations?: unknown }>;
      }>;
    };
    const result = sarif.runs[0].results.find((r) => r.ruleId === 'AKS201');
    expect(result?.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: {
          artifactLocation: { uri: 'arm/azuredeploy.parameters.json', uriBaseId: '%SRCROOT%' },
          region: { startLine: 6, startColumn: 16, endLine: 6, endColumn: 21 },
        },
        message: { text: 'the value is set here.' },
      },
    ]);
    expect(result?.message.text).toContain('(set in arm/azuredeploy.parameters.json:6)');
    const file = path.join(dir, 'akslint.sarif');
    fs.writeFileSync(file, formatSarif(report, { showSuppressed: false }));
    expect(validateSarif(file)).toEqual([]);
  }, 300_000);
});

const HARDENED_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: good
  namespace: shop
spec:
  selector:
    matchLabels: { app: good }
  template:
    metadata:
      labels: { app: good }
    spec:
      serviceAccountName: good
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: app
          image: registry.example.com/good:1.4.2@sha256:${'a'.repeat(64)}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
`;

const SHOP_POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: egress-no-imds
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except: [169.254.169.254/32]
`;

/** The rules that judge a namespace's network policies together, so read the manifests around a file. */
const GRAPH_RULES = allRules()
  .filter((r) => r.view.name === 'NamespaceNetwork')
  .map((r) => r.id);

describe('a named ARM template that another links is evaluated through it', () => {
  let dir: string;
  beforeAll(() => {
    const linking = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'cluster',
          properties: {
            mode: 'Incremental',
            templateLink: { relativePath: 'nested/aks.json' },
            parameters: { enablePrivateCluster: { value: false } },
          },
        },
      ],
    };
    dir = tempTree({
      'arm/main.json': JSON.stringify(linking, null, 2),
      'arm/nested/aks.json': ARM_TEMPLATE,
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports the value the linking deployment passes, as a scan of the folder does', async () => {
    const named = await scan(dir, ['arm/nested/aks.json']);
    const folder = await scan(dir, ['.']);
    expect(byRule(named, 'AKS201').map((f) => [where(f), related(f)])).toEqual([
      ['AKS201 arm/nested/aks.json:20', ['arm/main.json:16']],
    ]);
    expect(named.findings.map(where)).toEqual(
      folder.findings.filter((f) => f.file === 'arm/nested/aks.json').map(where),
    );
  });
});

describe('a named manifest is evaluated with the manifests of its folder and of its kustomization', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'k8s/shop/good.yaml': HARDENED_DEPLOYMENT,
      'k8s/shop/netpol.yaml': SHOP_POLICIES,
      'k8s/lone/good.yaml': HARDENED_DEPLOYMENT,
      'k8s/app/kustomization.yaml': 'resources:\n  - deploy.yaml\n  - ../policies\n',
      'k8s/app/deploy.yaml': HARDENED_DEPLOYMENT,
      // kustomize requires a kustomization in a folder listed as a resource.
      'k8s/policies/kustomization.yaml': 'resources:\n  - netpol.yaml\n',
      'k8s/policies/netpol.yaml': SHOP_POLICIES,
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the policies beside a hardened pod count: no network finding, as in a scan of the folder', async () => {
    const named = await scan(dir, ['k8s/shop/good.yaml']);
    const folder = await scan(dir, ['k8s/shop']);
    expect(named.findings.filter((f) => GRAPH_RULES.includes(f.ruleId))).toEqual([]);
    expect(named.findings).toEqual(folder.findings.filter((f) => f.file === 'k8s/shop/good.yaml'));
    expect(named.summary.filesScanned).toBe(1);
  });

  it('the same pod alone in its folder gets the network findings (the test can fail)', async () => {
    const alone = await scan(dir, ['k8s/lone/good.yaml']);
    expect(alone.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['K8S301', 'K8S303']));
  });

  it('the policies a kustomization lists from another folder count for the manifests it names', async () => {
    const named = await scan(dir, ['k8s/app/deploy.yaml']);
    expect(named.findings.filter((f) => GRAPH_RULES.includes(f.ruleId))).toEqual([]);
  });
});

describe("a named manifest is judged with its namespace's policies anywhere in its folder of manifests", () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      // The policies live apart from the workloads, in a folder of their own.
      'cluster/apps/shop/deploy.yaml': HARDENED_DEPLOYMENT,
      'cluster/namespaces/shop/netpol.yaml': SHOP_POLICIES,
      // Terraform beside the cluster folder: the folder of manifests is cluster/, as a scan places it.
      'infra/main.tf': 'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n}\n',
      // Here a Terraform file inside makes mixed/ no folder of manifests: each folder is on its own.
      'mixed/apps/shop/deploy.yaml': HARDENED_DEPLOYMENT,
      'mixed/namespaces/shop/netpol.yaml': SHOP_POLICIES,
      'mixed/main.tf': 'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n}\n',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('no network finding for the pod, as in a scan of the folder (a pre-commit hook raised K8S301-303)', async () => {
    const named = await scan(dir, ['cluster/apps/shop/deploy.yaml']);
    const folder = await scan(dir, ['.']);
    expect(named.findings.filter((f) => GRAPH_RULES.includes(f.ruleId))).toEqual([]);
    expect(named.findings.map(where)).toEqual(
      folder.findings.filter((f) => f.file === 'cluster/apps/shop/deploy.yaml').map(where),
    );
  });

  it('stops where the folder holds more than manifests, as a scan does (the test can fail)', async () => {
    const named = await scan(dir, ['mixed/apps/shop/deploy.yaml']);
    const folder = await scan(dir, ['.']);
    expect(named.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['K8S301']));
    expect(named.findings.map(where)).toEqual(
      folder.findings.filter((f) => f.file === 'mixed/apps/shop/deploy.yaml').map(where),
    );
  });
});

describe('a named manifest of a kustomize base is checked in the overlays that render it', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'base/deploy.yaml': HARDENED_DEPLOYMENT,
      'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
      // The overlay adds the namespace's policies: a scan judges the base's pods with them.
      'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n  - netpol.yaml\n',
      'overlays/prod/netpol.yaml': SHOP_POLICIES,
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('no network finding, as in a scan of the folder (a pre-commit hook raised K8S301-303)', async () => {
    const named = await scan(dir, ['base/deploy.yaml']);
    const folder = await scan(dir, ['.']);
    expect(named.findings.filter((f) => GRAPH_RULES.includes(f.ruleId))).toEqual([]);
    expect(named.findings.map(where)).toEqual(
      folder.findings.filter((f) => f.file === 'base/deploy.yaml').map(where),
    );
  });
});

describe('a named manifest a Flux cluster applies is judged with what the cluster applies', () => {
  let dir: string;
  const fluxKustomization = (name: string, folder: string) =>
    [
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata:',
      `  name: ${name}`,
      '  namespace: flux-system',
      'spec:',
      '  interval: 10m',
      `  path: ${folder}`,
      '  prune: true',
      '  sourceRef:',
      '    kind: GitRepository',
      '    name: flux-system',
      '',
    ].join('\n');
  beforeAll(() => {
    dir = tempTree({
      'apps/shop/deploy.yaml': HARDENED_DEPLOYMENT,
      // The policies are applied by the same cluster from another path.
      'infrastructure/policies/shop.yaml': SHOP_POLICIES,
      'clusters/prod/apps.yaml': fluxKustomization('apps', './apps'),
      'clusters/prod/infrastructure.yaml': fluxKustomization('infrastructure', './infrastructure'),
      // Terraform at the top: the folder of loose manifests alone would be apps/.
      'terraform/main.tf': 'resource "azurerm_resource_group" "rg" {\n  name = "rg"\n}\n',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('no network finding, as in a scan of the folder (a pre-commit hook raised K8S301-303)', async () => {
    const named = await scan(dir, ['apps/shop/deploy.yaml']);
    const folder = await scan(dir, ['.']);
    expect(named.findings.filter((f) => GRAPH_RULES.includes(f.ruleId))).toEqual([]);
    expect(named.findings.map(where)).toEqual(
      folder.findings.filter((f) => f.file === 'apps/shop/deploy.yaml').map(where),
    );
  });
});

describe('pre-commit run --all-files and akslint scan . give the same findings', () => {
  const ROOT = path.join(__dirname, '..');

  it('on examples/: a scan naming every tracked file the hook matches equals the folder scan', async () => {
    const hooks = parseYaml(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{
      id: string;
      files: string;
    }>;
    const matches = new RegExp(hooks.find((h) => h.id === 'akslint')!.files);
    const tracked = execFileSync('git', ['ls-files', '-z', 'examples'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f !== '' && matches.test(f));
    expect(tracked.length).toBeGreaterThan(40);
    const [named, folder] = [await scan(ROOT, tracked), await scan(ROOT, ['examples'])];
    expect(named.findings.length).toBeGreaterThan(100);
    expect(named.findings).toEqual(folder.findings);
    expect(named.errors).toEqual(folder.errors);
    expect(named.skipped).toEqual(folder.skipped);
    expect(named.summary.filesScanned).toBe(folder.summary.filesScanned);
    // The values of the examples' tfvars and parameter files are named where they are used.
    expect(named.findings.filter((f) => f.related).map(related)).toEqual(
      expect.arrayContaining([
        ['examples/insecure/terraform/terraform.tfvars:2'],
        ['examples/insecure/bicep/main.bicepparam:4'],
        ['examples/insecure/arm/azuredeploy.parameters.json:6'],
      ]),
    );
  });

  it('on examples/: each file named alone gives what the folder scan locates in it or its values supply', async () => {
    // But AKS901 on a root named alone, which compares only the environments that root brings
    // (README, Using it), and the contexts a finding is merged under across roots.
    const folder = await scan(ROOT, ['examples']);
    const key = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`;
    const files = [
      ...new Set(folder.findings.flatMap((f) => [f.file, ...(f.related ?? []).map((r) => r.file)])),
    ];
    expect(files.length).toBeGreaterThan(25);
    const differing: string[] = [];
    for (const file of files.sort()) {
      const named = await scan(ROOT, [file]);
      const expected = folder.findings.filter(
        (f) => f.file === file || (f.related?.some((r) => r.file === file) ?? false),
      );
      const [a, b] = [new Set(expected.map(key)), new Set(named.findings.map(key))];
      for (const k of a) if (!b.has(k) && !k.startsWith('AKS901 ')) differing.push(`${file}: missing ${k}`);
      for (const k of b) if (!a.has(k) && !k.startsWith('AKS901 ')) differing.push(`${file}: extra ${k}`);
    }
    expect(differing).toEqual([]);
  });
});

describe('kustomization resources', () => {
  it('reads block and flow lists of local paths, leaving remote ones out', () => {
    expect(
      kustomizationResources(
        [
          'apiVersion: kustomize.config.k8s.io/v1beta1',
          'resources:',
          '  - deploy.yaml # the app',
          "  - '../base'",
          '  - https://github.com/org/repo//deploy?ref=v1',
          '  - github.com/org/repo/deploy',
          'bases: [../legacy, "other.yaml"]',
          'namespace: shop',
        ].join('\n'),
      ),
    ).toEqual(['deploy.yaml', '../base', '../legacy', 'other.yaml']);
  });
});
