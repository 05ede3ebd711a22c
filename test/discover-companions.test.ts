import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deploymentCompanions } from '../src/discover/companions';
import { discover, readCompanions } from '../src/discover';
import { tempTree } from './cli-runner';

/** A tree where `envs/prod` calls `modules/aks`, with `bulk/` (sorted first) holding other Terraform files. */
function tree(bulkIgnored: boolean): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-callers-')));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  for (let i = 0; i < 5; i++) write(`bulk/m${i}/main.tf`, 'module "x" {\n  source = "../shared"\n}\n');
  write('envs/prod/main.tf', 'module "aks" {\n  source = "../../modules/aks"\n}\n');
  write('modules/aks/main.tf', 'resource "azurerm_kubernetes_cluster" "c" {}\n');
  if (bulkIgnored) write('.gitignore', 'bulk/\n');
  return root;
}

describe('the callers of a named Terraform module', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

  it('are looked for in the files a folder scan would read: ignored folders spend none of the search', async () => {
    const root = tree(true);
    roots.push(root);
    const cuts: unknown[] = [];
    const companions = deploymentCompanions(['modules/aks/main.tf'], root, {
      maxSearchFiles: 3,
      onSearchCut: (...cut) => cuts.push(cut),
    });
    expect(companions).toEqual(['envs/prod/main.tf']);
    expect(cuts).toEqual([]);
    // The same files a scan of the folder finds.
    const found = await discover(['.'], { cwd: root });
    expect(found.files.map((f) => f.path).filter((p) => p.startsWith('bulk/'))).toEqual([]);
  });

  it('past the limit of the search, says how many files were left unread', () => {
    const root = tree(false);
    roots.push(root);
    const cuts: unknown[] = [];
    const companions = deploymentCompanions(['modules/aks/main.tf'], root, {
      maxSearchFiles: 3,
      onSearchCut: (...cut) => cuts.push(cut),
    });
    // bulk/ (5 files) comes first: the caller in envs/prod was not reached; 4 of the 7 files were not read.
    expect(companions).toEqual([]);
    expect(cuts).toEqual([['modules/aks/main.tf', 3, 4]]);
  });

  it('a scan past the limit of the search says so in its notes, as a limit', () => {
    const root = tree(false);
    roots.push(root);
    const read = readCompanions(['modules/aks/main.tf'], new Set(), { cwd: root, maxCallerSearchFiles: 3 });
    expect(read.skipped).toEqual([
      expect.objectContaining({ file: 'modules/aks/main.tf', line: 1, column: 1, limit: true }),
    ]);
    expect(read.skipped[0].message).toMatch(/first 3 Terraform files .*; 4 more were not read/);
  });

  it("hands the scan's host the listings of the folders the search walked", async () => {
    const root = tree(true);
    roots.push(root);
    const found = await discover(['modules/aks/main.tf'], { cwd: root });
    expect(found.companions.map((f) => f.path)).toEqual(['envs/prod/main.tf']);
    // bulk/ is ignored: the search walks neither it nor its folders.
    expect([...found.listings.keys()].sort()).toEqual(
      ['', 'envs', 'envs/prod', 'modules', 'modules/aks'].map((d) => path.join(root, d)).sort(),
    );
    expect(found.listings.get(path.join(root, 'envs', 'prod'))).toEqual(new Map([['main.tf', 'file']]));
  });

  it('tells the text read so far as it reads the callers, then the named file', async () => {
    const root = tree(false);
    roots.push(root);
    fs.writeFileSync(path.join(root, 'envs/prod/variables.tf'), 'variable "name" {}\n');
    const told: number[] = [];
    const found = await discover(['modules/aks/main.tf'], { cwd: root, onText: (n) => told.push(n) });
    const callers = found.companions.map((f) => f.text.length);
    expect(callers.length).toBe(2);
    const sums = [...callers, found.files[0].text.length].map((_, i, all) =>
      all.slice(0, i + 1).reduce((a, b) => a + b, 0),
    );
    expect(told).toEqual(sums);
  });

  it('finds callers in HCL and in Terraform JSON, and none in files whose sources are not local', () => {
    const root = tree(false);
    roots.push(root);
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write('envs/dev/main.tf.json', '{"module": {"aks": {"source": "../../modules/aks"}}}\n');
    write('envs/test/main.tf', 'module "aks" {\n  source = "example.com/modules/aks"\n}\n');
    write(
      'envs/test/versions.tf',
      'terraform {\n  required_providers {\n    azurerm = { source = "hashicorp/azurerm" }\n  }\n}\n',
    );
    expect(deploymentCompanions(['modules/aks/main.tf'], root)).toEqual([
      'envs/dev/main.tf.json',
      'envs/prod/main.tf',
    ]);
  });
});

describe('the callers of a named Bicep module', () => {
  let root: string;
  beforeAll(() => {
    root = fs.realpathSync(
      tempTree({
        'modules/aks.bicep': 'param localAccounts bool\n',
        // Beside the module, above it and in a sibling tree; through another module; with and without `./`.
        'modules/cluster.bicep': "module aks 'aks.bicep' = {\n  name: 'aks'\n}\n",
        'main.bicep': "module aks './modules/aks.bicep' = {\n  name: 'aks'\n}\n",
        'envs/prod/main.bicep': "module c '../../modules/cluster.bicep' = if (true) {\n  name: 'c'\n}\n",
        'envs/prod/network.bicep': 'param name string\n',
        // Deploys the caller from a folder of its own.
        'envs/prod/environments/prod.bicepparam': "using '../main.bicep'\n",
        'envs/prod/environments/notes.bicepparam': "using '../network.bicep'\n",
        // Not callers: a registry module, a template spec, a path in a comment or a string.
        'envs/dev/main.bicep':
          "module a 'br/public:avm/res/container-service/managed-cluster:0.1.0' = {\n  name: 'a'\n}\n" +
          "module b 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = {\n  name: 'b'\n}\n" +
          "// module old '../../modules/aks.bicep' = {}\nvar p = '../../modules/aks.bicep'\n",
        'other/lonely.bicep': 'param x string\n',
        // Deployed only by a parameters file far from it.
        'envs/stage/main.bicep': "module aks '../../modules/aks.bicep' = {\n  name: 'aks'\n}\n",
        'params/stage.bicepparam': "using '../envs/stage/main.bicep'\n",
      }),
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are looked for in the whole working directory, callers of callers too, each with its folder and parameter files', () => {
    expect(deploymentCompanions(['modules/aks.bicep'], root)).toEqual([
      'envs/prod/environments/prod.bicepparam',
      'envs/prod/main.bicep',
      'envs/prod/network.bicep',
      'envs/stage/main.bicep',
      'main.bicep',
      'modules/cluster.bicep',
      'params/stage.bicepparam',
    ]);
  });

  it('a template brings the parameter files that deploy it, from beside it without a search of the tree', () => {
    const cuts: string[] = [];
    const noSearch = { maxSearchFiles: 0, onSearchCut: (named: string) => cuts.push(named) };
    expect(deploymentCompanions(['envs/prod/main.bicep'], root, noSearch)).toEqual([
      'envs/prod/environments/prod.bicepparam',
    ]);
    expect(cuts).toEqual([]);
    // Deployed from elsewhere only, it is looked for in the tree, as a module is.
    expect(deploymentCompanions(['envs/stage/main.bicep'], root)).toEqual(['params/stage.bicepparam']);
    expect(deploymentCompanions(['envs/stage/main.bicep'], root, noSearch)).toEqual([]);
    expect(cuts).toEqual(['envs/stage/main.bicep']);
  });

  it('a template nobody calls brings nothing', () => {
    expect(deploymentCompanions(['other/lonely.bicep'], root)).toEqual([]);
    expect(deploymentCompanions(['envs/dev/main.bicep'], root)).toEqual([]);
  });
});

describe("the manifests of a named manifest's namespaces", () => {
  let root: string;
  const manifest = (kind: string, namespace: string) =>
    `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\n  namespace: ${namespace}\n`;
  beforeAll(() => {
    root = fs.realpathSync(
      tempTree({
        'k8s/apps/shop/deploy.yaml': manifest('Deployment', 'shop'),
        'k8s/namespaces/shop/netpol.yaml': manifest('NetworkPolicy', 'shop'),
        'k8s/namespaces/shop/quoted.yaml': `kind: Role\nmetadata:\n  namespace: "shop" # quoted\n`,
        'k8s/namespaces/other/netpol.yaml': manifest('NetworkPolicy', 'other'),
        'k8s/README.md': 'not scanned, not in the way\n',
        'infra/main.tf': 'resource "azurerm_resource_group" "rg" {}\n',
      }),
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are those of its folder of manifests that name one of them', () => {
    expect(deploymentCompanions(['k8s/apps/shop/deploy.yaml'], root)).toEqual([
      'k8s/namespaces/shop/netpol.yaml',
      'k8s/namespaces/shop/quoted.yaml',
    ]);
  });

  it('past the limit of the search, stay in the folders below and say so, as a limit', () => {
    const cuts: unknown[] = [];
    expect(
      deploymentCompanions(['k8s/apps/shop/deploy.yaml'], root, {
        maxSearchFiles: 2,
        onManifestSearchCut: (...args) => cuts.push(args),
      }),
    ).toEqual([]);
    expect(cuts).toEqual([['k8s/apps/shop/deploy.yaml', 2]]);
    const read = readCompanions(['k8s/apps/shop/deploy.yaml'], new Set(), {
      cwd: root,
      maxCallerSearchFiles: 2,
    });
    expect(read.skipped).toEqual([
      expect.objectContaining({ file: 'k8s/apps/shop/deploy.yaml', line: 1, column: 1, limit: true }),
    ]);
    expect(read.skipped[0].message).toMatch(/more than 2 files/);
  });
});

describe('the kustomizations that render a named manifest', () => {
  let root: string;
  beforeAll(() => {
    root = fs.realpathSync(
      tempTree({
        'base/deploy.yaml': 'kind: Deployment\n',
        'base/kustomization.yaml': 'resources:\n  - deploy.yaml\n',
        // An overlay lists the base folder, another the base's file; a third builds on the first.
        'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n  - netpol.yaml\n',
        'overlays/prod/netpol.yaml': 'kind: NetworkPolicy\n',
        'overlays/dev/kustomization.yaml': 'resources: [../../base/deploy.yaml, quota.yaml]\n',
        'overlays/dev/quota.yaml': 'kind: ResourceQuota\n',
        'clusters/eu/kustomization.yaml':
          'resources:\n  - ../../overlays/prod\n  - https://example.com/x.yaml\n',
        'clusters/eu/extra.yaml': 'kind: ConfigMap\n',
        'other/kustomization.yaml': 'resources:\n  - app.yaml\n',
        'other/app.yaml': 'kind: Deployment\n',
      }),
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are looked for in the whole tree, and each brings what it lists', () => {
    // The kustomizations themselves too: the loader reads what they set (a namespace, say).
    expect(deploymentCompanions(['base/deploy.yaml'], root)).toEqual([
      'base/kustomization.yaml',
      'clusters/eu/extra.yaml',
      'clusters/eu/kustomization.yaml',
      'overlays/dev/kustomization.yaml',
      'overlays/dev/quota.yaml',
      'overlays/prod/kustomization.yaml',
      'overlays/prod/netpol.yaml',
    ]);
  });

  it('past the limit of the search, says so once, naming the kustomizations', () => {
    const read = readCompanions(['base/deploy.yaml'], new Set(), { cwd: root, maxCallerSearchFiles: 1 });
    expect(read.skipped).toEqual([
      expect.objectContaining({ file: 'base/deploy.yaml', line: 1, column: 1, limit: true }),
    ]);
    expect(read.skipped[0].message).toMatch(
      /^the kustomizations that render this manifest were looked for in the first 1 kustomization files/,
    );
  });

  it('a manifest no kustomization renders brings only its own folder', () => {
    expect(deploymentCompanions(['other/app.yaml'], root)).toEqual(['other/kustomization.yaml']);
  });
});

describe('the templates that link a named ARM template', () => {
  let root: string;
  const template = (links: string[]) =>
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      resources: links.map((l) => ({
        type: 'Microsoft.Resources/deployments',
        properties: { templateLink: { relativePath: l } },
      })),
    });
  const parameters = JSON.stringify({
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
    parameters: {},
  });
  beforeAll(() => {
    root = fs.realpathSync(
      tempTree({
        'main.json': template(['nested/stage.json']),
        'main.parameters.json': parameters,
        'nested/stage.json': template(['aks/aks.json']),
        'nested/aks/aks.json': template([]),
        'other/lonely.json': template([]),
      }),
    );
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('are looked for in the whole tree, links of links too, each with the JSON files of its folder', () => {
    expect(deploymentCompanions(['nested/aks/aks.json'], root)).toEqual([
      'main.json',
      'main.parameters.json',
      'nested/stage.json',
    ]);
  });

  it('a template its parameters file deploys, or a parameters file, is not looked for', () => {
    const cuts: string[] = [];
    const noSearch = { maxSearchFiles: 0, onSearchCut: (named: string) => cuts.push(named) };
    expect(deploymentCompanions(['main.json'], root, noSearch)).toEqual(['main.parameters.json']);
    expect(deploymentCompanions(['main.parameters.json'], root, noSearch)).toEqual(['main.json']);
    expect(cuts).toEqual([]);
    expect(deploymentCompanions(['other/lonely.json'], root)).toEqual([]);
  });
});
