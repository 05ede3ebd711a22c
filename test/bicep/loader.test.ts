import { bicepLoader } from '../../src/evaluate/bicep';
import { MemoryHost } from '../../src/discover/host';
import { UNREAD_MODULE, lookupPath, type LoadResult, type Resource, type Value } from '../../src/model';
import { dedent } from '../rule-tester';

async function load(
  files: Record<string, string>,
  entries = Object.keys(files),
  parameterFiles: string[] = [],
): Promise<LoadResult> {
  const host = new MemoryHost(files);
  return bicepLoader.load(
    entries.map((path) => ({ path, text: files[path] })),
    host,
    { varFiles: [], parameterFiles },
  );
}

function read(r: Resource, ...path: string[]): unknown {
  const v: Value | undefined = lookupPath(r.body, path, { ignoreCase: true }).value;
  if (!v) return undefined;
  return v.kind === 'scalar' ? v.value : v.kind === 'unknown' ? `?${v.reason}` : v.kind;
}

const summary = (r: Resource) =>
  [
    r.address,
    r.type,
    r.name,
    r.apiVersion,
    r.parent ?? '-',
    r.context?.name ?? '-',
    r.via.join('>') || '-',
  ].join(' ');

const CLUSTER = dedent`
  param env string = 'dev'
  param disableLocal bool
  param pools array = [
    { name: 'system', publicIp: false }
    { name: 'user', publicIp: true }
  ]

  resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
    name: 'aks-\${env}'
    location: resourceGroup().location
    properties: {
      disableLocalAccounts: disableLocal
      agentPoolProfiles: [for p in pools: {
        name: p.name
        enableNodePublicIP: p.publicIp
      }]
    }

    resource extra 'agentPools' = {
      name: 'extra'
      properties: { enableNodePublicIP: true }
    }
  }

  resource spot 'Microsoft.ContainerService/managedClusters/agentPools@2024-09-01' = [for i in range(0, 2): {
    parent: aks
    name: 'spot\${i}'
  }]

  resource diag 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (env == 'prod') {
    name: 'diag'
    scope: aks
  }
`;

describe('bicep loader', () => {
  it('claims .bicep and .bicepparam files only', () => {
    expect(['a.bicep', 'b.bicepparam', 'c.json', 'd.tf'].map((p) => bicepLoader.claims(p, ''))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('counts syntax errors in parse-only mode', async () => {
    expect(await bicepLoader.parseOnly({ path: 'x.bicep', text: 'var a = 1\nvar b =\nvar c = {\n' })).toBe(2);
    expect(await bicepLoader.parseOnly({ path: 'x.bicep', text: CLUSTER })).toBe(0);
  });

  it('makes one resource per deployed instance, with joined child types and clear addresses', async () => {
    const result = await load({ 'infra/main.bicep': CLUSTER });
    expect(result.errors).toEqual([]);
    expect(result.resources.map(summary)).toEqual([
      'aks Microsoft.ContainerService/managedClusters aks-dev 2024-09-01 - - -',
      'aks/extra Microsoft.ContainerService/managedClusters/agentPools extra 2024-09-01 aks - -',
      'spot[0] Microsoft.ContainerService/managedClusters/agentPools spot0 2024-09-01 aks - -',
      'spot[1] Microsoft.ContainerService/managedClusters/agentPools spot1 2024-09-01 aks - -',
    ]);
    const aks = result.resources[0];
    expect(aks.format).toBe('bicep');
    expect(aks.file).toBe('infra/main.bicep');
    expect(aks.range).toMatchObject({ line: 8, column: 1, endLine: 23, endColumn: 2 });
    expect(read(aks, 'properties', 'disableLocalAccounts')).toBe(
      '?param disableLocal has no default and no .bicepparam file gives it a value',
    );
    expect(read(aks, 'location')).toBe('?resourceGroup() is known only at deployment');
    const pools = lookupPath(aks.body, ['properties', 'agentPoolProfiles']).value;
    expect(
      pools?.kind === 'list' && pools.items.map((i) => i.kind === 'object' && i.entries.map((e) => e.key)),
    ).toEqual([
      ['name', 'enableNodePublicIP'],
      ['name', 'enableNodePublicIP'],
    ]);
    expect(result.files.map((f) => f.path)).toEqual(['infra/main.bicep']);
  });

  it('evaluates the template once per .bicepparam beside it, each an environment', async () => {
    const result = await load(
      {
        'infra/main.bicep': CLUSTER,
        'infra/prod.bicepparam': "using './main.bicep'\nparam env = 'prod'\nparam disableLocal = true\n",
        'infra/dev.bicepparam': "using 'main.bicep'\nvar off = false\nparam disableLocal = off\n",
        'infra/other.bicepparam': "using './other.bicep'\n",
      },
      ['infra/main.bicep'],
    );
    expect(result.errors).toEqual([
      {
        file: 'infra/other.bicepparam',
        line: 1,
        column: 7,
        message: "template './other.bicep' (infra/other.bicep) not found",
      },
    ]);
    const clusters = result.resources.filter((r) => r.type === 'Microsoft.ContainerService/managedClusters');
    expect(clusters.map((r) => [r.context, r.name, read(r, 'properties', 'disableLocalAccounts')])).toEqual([
      [
        { name: 'infra/dev.bicepparam', all: ['infra/dev.bicepparam', 'infra/prod.bicepparam'] },
        'aks-dev',
        false,
      ],
      [
        { name: 'infra/prod.bicepparam', all: ['infra/dev.bicepparam', 'infra/prod.bicepparam'] },
        'aks-prod',
        true,
      ],
    ]);
    // The diagnostic setting exists only under prod.
    expect(result.resources.filter((r) => r.address === 'diag').map((r) => r.context?.name)).toEqual([
      'infra/prod.bicepparam',
    ]);
    // A value from a parameter file points at where the template uses it, the same place in every environment.
    const ranges = clusters.map(
      (r) => lookupPath(r.body, ['properties', 'disableLocalAccounts']).value?.range,
    );
    expect(ranges[0]).toEqual(ranges[1]);
    expect(ranges[0]).toMatchObject({ file: 'infra/main.bicep', line: 12, column: 27 });
  });

  it('parses a root template again when a later root calls it as a module, telling its problems once', async () => {
    // a/main.bicep is evaluated (and its syntax tree let go) before b/main.bicep calls it.
    const files = {
      'a/main.bicep': `${CLUSTER}\nvar broken = (\n`,
      'a/main.bicepparam': "using './main.bicep'\nparam env = 'a'\nparam disableLocal = true\n",
      'b/main.bicep':
        "module m '../a/main.bicep' = {\n  name: 'm'\n  params: { env: 'b', disableLocal: false }\n}\n",
      'b/main.bicepparam': "using './main.bicep'\n",
    };
    const parsed: string[] = [];
    const result = await bicepLoader.load(
      Object.entries(files).map(([path, text]) => ({ path, text })),
      new MemoryHost(files),
      { varFiles: [], parameterFiles: [], onParsed: (p) => parsed.push(p) },
    );
    expect([...parsed].sort()).toEqual(Object.keys(files).sort());
    expect(result.files.map((f) => f.path).sort()).toEqual(Object.keys(files).sort());
    expect(result.errors.map((e) => e.file)).toEqual(['a/main.bicep']);
    const clusters = result.resources.filter((r) => r.type === 'Microsoft.ContainerService/managedClusters');
    expect(
      clusters.map((r) => [r.address, r.deployment, r.name, read(r, 'properties', 'disableLocalAccounts')]),
    ).toEqual([
      ['aks', 'a/main.bicep', 'aks-a', true],
      ['module.m.aks', 'b/main.bicep', 'aks-b', false],
    ]);
    // The tree parsed again gives the module call what the first gave the root: values where they are written.
    const [own, called] = clusters.map(
      (r) => lookupPath(r.body, ['properties', 'disableLocalAccounts']).value,
    );
    expect(called?.range).toEqual(own?.range);
  });

  it('loads the template a .bicepparam entry names, and applies --parameters files', async () => {
    const files = {
      'main.bicep': CLUSTER,
      'envs/test.bicepparam': "using '../main.bicep'\nparam disableLocal = true\n",
    };
    const fromEntry = await load(files, ['envs/test.bicepparam']);
    expect(fromEntry.resources[0]).toMatchObject({
      address: 'aks',
      context: { name: 'envs/test.bicepparam' },
    });
    const fromOption = await load(files, ['main.bicep'], ['envs/test.bicepparam']);
    expect(read(fromOption.resources[0], 'properties', 'disableLocalAccounts')).toBe(true);
  });

  it('pairs JSON parameters files with a template as ARM does, each an environment beside .bicepparam files', async () => {
    const json = (values: Record<string, unknown>) =>
      JSON.stringify(
        {
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
          contentVersion: '1.0.0.0',
          parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
        },
        null,
        2,
      );
    const result = await load(
      {
        'infra/main.bicep': CLUSTER,
        'infra/main.parameters.json': json({ env: 'test', DisableLocal: false }),
        'infra/main.parameters.prod.json': json({ env: 'prod', disableLocal: true }),
        'infra/stage.bicepparam': "using './main.bicep'\nparam env = 'stage'\nparam disableLocal = true\n",
        // Another template's file: azuredeploy.* is used only when there is no main.parameters*.json.
        'infra/azuredeploy.parameters.json': json({ unrelated: 1 }),
      },
      ['infra/main.bicep'],
    );
    expect(result.errors).toEqual([]);
    const all = ['infra/main.parameters.json', 'infra/main.parameters.prod.json', 'infra/stage.bicepparam'];
    const clusters = result.resources.filter((r) => r.type === 'Microsoft.ContainerService/managedClusters');
    expect(clusters.map((r) => [r.context, r.name, read(r, 'properties', 'disableLocalAccounts')])).toEqual([
      [{ name: 'infra/stage.bicepparam', all }, 'aks-stage', true],
      [{ name: 'infra/main.parameters.json', all }, 'aks-test', false],
      [{ name: 'infra/main.parameters.prod.json', all }, 'aks-prod', true],
    ]);
    // The value is reported where the template uses it, and remembers the line of the file that gave it.
    const value = lookupPath(clusters[1].body, ['properties', 'disableLocalAccounts']).value!;
    expect(value.range).toMatchObject({ file: 'infra/main.bicep', line: 12, column: 27 });
    expect(value.origins?.[0]).toMatchObject({ file: 'infra/main.parameters.json', line: 9 });
    expect(result.files.map((f) => f.path)).toContain('infra/main.parameters.prod.json');
  });

  it('uses azuredeploy.parameters.json when it fits, and --parameters JSON files that fit instead of those beside', async () => {
    const json = (values: Record<string, unknown>) =>
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
        parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
      });
    const files = {
      'main.bicep': CLUSTER,
      'azuredeploy.parameters.json': json({ disableLocal: false }),
      'envs/prod.json': json({ disableLocal: true }),
      'envs/other.json': json({ somethingElse: 1 }),
    };
    const beside = await load(files, ['main.bicep']);
    expect(
      beside.resources.map((r) => [r.context?.name, read(r, 'properties', 'disableLocalAccounts')])[0],
    ).toEqual(['azuredeploy.parameters.json', false]);
    const given = await load(files, ['main.bicep'], ['envs/prod.json', 'envs/other.json']);
    const clusters = given.resources.filter((r) => r.type === 'Microsoft.ContainerService/managedClusters');
    expect(clusters.map((r) => [r.context?.name, read(r, 'properties', 'disableLocalAccounts')])).toEqual([
      ['envs/prod.json', true],
    ]);
    // Without any file, the param stays unknown and says why.
    const none = await load({ 'main.bicep': CLUSTER }, ['main.bicep']);
    expect(read(none.resources[0], 'properties', 'disableLocalAccounts')).toBe(
      '?param disableLocal has no default and no .bicepparam file gives it a value',
    );
  });

  it('applies the values of a base parameter file a .bicepparam extends', async () => {
    const result = await load(
      {
        'main.bicep': CLUSTER,
        'base.bicepparam': "using none\nparam env = 'base'\nparam disableLocal = true\n",
        'prod.bicepparam': "using './main.bicep'\nextends './base.bicepparam'\nparam env = 'prod'\n",
      },
      ['main.bicep'],
    );
    expect(result.errors).toEqual([]);
    const [aks] = result.resources;
    expect([aks.name, aks.context?.name, read(aks, 'properties', 'disableLocalAccounts')]).toEqual([
      'aks-prod',
      'prod.bicepparam',
      true,
    ]);
  });

  it('addresses children of looped parents by instance, and reaches them with ::', async () => {
    const result = await load({
      'main.bicep': dedent`
        resource vnet 'Microsoft.Network/virtualNetworks@2024-01-01' existing = {
          name: 'hub'
          resource nodes 'subnets' existing = {
            name: 'aks-nodes'
          }
        }
        resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = [for env in ['dev', 'prod']: {
          name: 'aks-\${env}'
          properties: {
            agentPoolProfiles: [{ name: 'system', vnetSubnetID: vnet::nodes.id }]
          }
          resource pool 'agentPools' = {
            name: 'user-\${env}'
          }
        }]
      `,
    });
    expect(result.errors).toEqual([]);
    expect(
      result.resources.map((r) => `${r.address} ${r.name} ${r.parent ?? '-'} [${r.references.join(',')}]`),
    ).toEqual([
      'aks[0] aks-dev - [vnet/nodes]',
      'aks[0]/pool user-dev aks[0] [aks[0]]',
      'aks[1] aks-prod - [vnet/nodes]',
      'aks[1]/pool user-prod aks[1] [aks[1]]',
    ]);
  });

  it('evaluates local modules with the parameters the caller passes', async () => {
    const result = await load({
      'main.bicep': dedent`
        param env string = 'prod'
        module cluster './modules/aks.bicep' = {
          name: 'cluster'
          params: {
            clusterName: 'aks-\${env}'
            localAccounts: env != 'prod'
          }
        }
        module twice 'modules/aks.bicep' = [for n in ['a', 'b']: {
          name: n
          params: { clusterName: n, localAccounts: false }
        }]
        resource law 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
          name: cluster.outputs.clusterName
        }
      `,
      'modules/aks.bicep': dedent`
        param clusterName string
        param localAccounts bool
        resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
          name: clusterName
          properties: {
            disableLocalAccounts: !localAccounts
          }
        }
        output clusterName string = aks.name
      `,
    });
    expect(result.errors).toEqual([]);
    expect(result.resources.map(summary)).toEqual([
      'module.cluster.aks Microsoft.ContainerService/managedClusters aks-prod 2024-09-01 - - module.cluster',
      'module.twice[0].aks Microsoft.ContainerService/managedClusters a 2024-09-01 - - module.twice[0]',
      'module.twice[1].aks Microsoft.ContainerService/managedClusters b 2024-09-01 - - module.twice[1]',
      'law Microsoft.OperationalInsights/workspaces aks-prod 2023-09-01 - - -',
    ]);
    const aks = result.resources[0];
    expect(aks.file).toBe('modules/aks.bicep');
    expect(aks.range).toMatchObject({ file: 'modules/aks.bicep', line: 3 });
    expect(read(aks, 'properties', 'disableLocalAccounts')).toBe(true);
    expect(lookupPath(aks.body, ['properties', 'disableLocalAccounts']).value?.range).toMatchObject({
      file: 'modules/aks.bicep',
      line: 6,
    });
    expect(result.files.map((f) => f.path).sort()).toEqual(['main.bicep', 'modules/aks.bicep']);
  });

  it('says which module params are missing', async () => {
    const result = await load({
      'main.bicep': "module m './m.bicep' = {\n  name: 'm'\n  params: {}\n}\n",
      'm.bicep': "param off bool\nresource r 'T@1' = {\n  name: 'r'\n  off: off\n}\n",
    });
    expect(read(result.resources[0], 'off')).toBe(
      '?param off has no default and module m in main.bicep does not pass it',
    );
  });

  it('does not fetch registry or template-spec modules, and says so', async () => {
    const result = await load({
      'main.bicep': dedent`
        module a 'br/public:avm/res/container-service/managed-cluster:0.8.0' = { name: 'a' }
        module b 'br:contoso.azurecr.io/aks:1.0' = { name: 'b' }
        module c 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0' = { name: 'c', params: { x: true } }
      `,
    });
    // Each call stays in the graph with the params it passes (none deployed as written), for views.
    expect(
      result.resources.map((r) => [r.type, r.address, r.moduleSource, r.body.entries.map((e) => e.key)]),
    ).toEqual([
      [UNREAD_MODULE, 'module.a', 'br/public:avm/res/container-service/managed-cluster:0.8.0', []],
      [UNREAD_MODULE, 'module.b', 'br:contoso.azurecr.io/aks:1.0', []],
      [UNREAD_MODULE, 'module.c', 'ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0', ['x']],
    ]);
    expect(result.skipped.map((s) => `${s.line} ${s.message}`)).toEqual([
      "1 module a comes from the Bicep registry ('br/public:avm/res/container-service/managed-cluster:0.8.0'), which akslint does not fetch and `bicep restore` has not put in the module cache",
      "2 module b comes from the Bicep registry ('br:contoso.azurecr.io/aks:1.0'), which akslint does not fetch and `bicep restore` has not put in the module cache",
      "3 module c comes from the template spec ('ts:00000000-0000-0000-0000-000000000000/rg/spec:1.0'), which akslint does not fetch and `bicep restore` has not put in the module cache",
    ]);
  });

  it('reports an odd createObject() once where it is, in the file that writes it', async () => {
    const result = await load(
      {
        'main.bicep': dedent`
          param rbac bool
          module m './mod.bicep' = [for i in range(0, 2): { name: 'm\${i}' }]
          resource c 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
            name: 'c'
            properties: {
              enableRBAC: rbac
              dnsPrefix: resourceGroup().name
            }
          }
        `,
        'mod.bicep': dedent`
          var props = createObject('enableRBAC', true, 'dnsPrefix')
          resource a 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
            name: 'a'
            properties: props
          }
          resource b 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
            name: 'b'
            properties: union(props, {})
          }
        `,
      },
      ['main.bicep'],
    );
    expect(result.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`)).toEqual([
      'mod.bicep:1:13 invalid expression: createObject() takes key and value pairs: 3 arguments given',
    ]);
    const at = (address: string, ...path: string[]) =>
      lookupPath(result.resources.find((r) => r.address === address)!.body, path).value;
    expect(at('module.m[0].a', 'properties')).toMatchObject({ kind: 'unknown', invalid: true });
    expect(at('module.m[1].b', 'properties')).toMatchObject({ kind: 'unknown', invalid: true });
    // Merely unresolved values stay plain unknowns.
    expect(at('c', 'properties', 'enableRBAC')).not.toHaveProperty('invalid');
    expect(at('c', 'properties', 'dnsPrefix')).not.toHaveProperty('invalid');
  });

  it('refuses module cycles and notes missing module files', async () => {
    const result = await load(
      {
        'a.bicep': "module b './b.bicep' = { name: 'b' }\nresource ra 'T@1' = { name: 'ra' }\n",
        'b.bicep': "module a './a.bicep' = { name: 'a' }\nmodule gone './gone.bicep' = { name: 'g' }\n",
      },
      ['a.bicep'],
    );
    expect(result.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`)).toEqual([
      "b.bicep:1:10 module a ('./a.bicep') calls itself through a.bicep -> b.bicep -> a.bicep",
    ]);
    expect(result.skipped.map((n) => `${n.file}:${n.line} ${n.message}`)).toEqual([
      "b.bicep:2 module gone: file './gone.bicep' (gone.bicep) not found, so its resources are not checked",
    ]);
    expect(result.resources.map((r) => r.address)).toEqual(['ra']);
  });

  it('evaluates templates that only call each other once, from the first of them, after the roots', async () => {
    const result = await load({
      'b.bicep': "module a './a.bicep' = { name: 'a' }\nresource rb 'T@1' = { name: 'rb' }\n",
      'a.bicep': "module b './b.bicep' = { name: 'b' }\nresource ra 'T@1' = { name: 'ra' }\n",
      'c.bicep': "resource rc 'T@1' = { name: 'rc' }\n",
    });
    expect(result.resources.map((r) => `${r.deployment} ${r.address}`)).toEqual([
      'c.bicep rc',
      'a.bicep module.b.rb',
      'a.bicep ra',
    ]);
    expect(result.errors.map((e) => `${e.file}:${e.line} ${e.message}`)).toEqual([
      "b.bicep:1 module a ('./a.bicep') calls itself through a.bicep -> b.bicep -> a.bicep",
    ]);
  });

  it('notes a module that is an ARM template and never reads it as Bicep', async () => {
    const result = await load(
      {
        'main.bicep': "module roles './modules/roles.json' = {\n  name: 'roles'\n}\n",
        'modules/roles.json':
          '{\n  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n  "resources": []\n}\n',
      },
      ['main.bicep'],
    );
    expect(result.errors).toEqual([]);
    expect(result.skipped.map((n) => `${n.file}:${n.line} ${n.message}`)).toEqual([
      "main.bicep:1 module roles is an ARM template ('./modules/roles.json'): scan it as an ARM file",
    ]);
  });

  it('evaluates a template scanned beside its caller only through the module call', async () => {
    const result = await load({
      'main.bicep': "module m './m.bicep' = {\n  name: 'm'\n  params: { n: 'x' }\n}\n",
      'm.bicep': "param n string\nresource r 'T@1' = {\n  name: n\n}\n",
    });
    expect(result.resources.map((r) => `${r.address} ${r.name}`)).toEqual(['module.m.r x']);
  });

  it('reads exported variables and functions of imported files', async () => {
    const result = await load(
      {
        'main.bicep': dedent`
          import { hardening, clusterName as nameOf
            poolType } from './shared/settings.bicep'
          import * as net from './shared/network.bicep'
          resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
            name: nameOf('prod')
            properties: {
              disableLocalAccounts: hardening.disableLocalAccounts
              networkProfile: { networkPolicy: net.policy, outboundType: net.outbound() }
              other: missing.value
            }
          }
        `,
        'shared/settings.bicep': dedent`
          @export()
          var hardening = { disableLocalAccounts: true }
          @export()
          func clusterName(env string) string => 'aks-\${env}'
          @export()
          type poolType = { name: string }
        `,
        'shared/network.bicep':
          "@export()\nvar policy = 'cilium'\n@export()\nfunc outbound() string => 'userDefinedRouting'\n",
      },
      ['main.bicep'],
    );
    expect(result.errors).toEqual([]);
    const aks = result.resources[0];
    expect(aks.name).toBe('aks-prod');
    expect(read(aks, 'properties', 'disableLocalAccounts')).toBe(true);
    expect(read(aks, 'properties', 'networkProfile', 'networkPolicy')).toBe('cilium');
    expect(read(aks, 'properties', 'networkProfile', 'outboundType')).toBe('userDefinedRouting');
    expect(read(aks, 'properties', 'other')).toBe("?'missing' is not declared");
    expect(result.files.map((f) => f.path).sort()).toEqual([
      'main.bicep',
      'shared/network.bicep',
      'shared/settings.bicep',
    ]);
  });

  it('keeps one instance with unknown values for a loop over an unknown collection', async () => {
    const result = await load({
      'main.bicep': "param names array\nresource r 'T@1' = [for n in names: {\n  name: n\n}]\n",
    });
    expect(result.resources.map((r) => `${r.address} ${r.name} ${read(r, 'name')}`)).toEqual([
      'r[*] r ?loop item of an unknown collection: param names has no default and no .bicepparam file gives it a value',
    ]);
  });

  it('still yields the declarations of a half-typed file, with the syntax error', async () => {
    const result = await load({
      'main.bicep': dedent`
        resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
          name: 'aks'
          properties: {
            enableRBAC: false
            disableLocalAccounts:
      `,
    });
    expect(result.errors).toEqual([
      { file: 'main.bicep', line: 5, column: 26, message: 'expected an expression, found end of line' },
    ]);
    expect(read(result.resources[0], 'properties', 'enableRBAC')).toBe(false);
  });
});
