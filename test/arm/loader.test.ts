import { MemoryHost } from '../../src/discover/host';
import { armLoader } from '../../src/evaluate/arm';
import { analyze } from '../../src/engine/analyze';
import { allRules } from '../../policies';
import { lookupPath, toPlain, type LoadResult, type Resource, type Value } from '../../src/model';

const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const PARAMS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

function template(body: Record<string, unknown>): string {
  return JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...body }, null, 2);
}

function parameters(values: Record<string, unknown>): string {
  return JSON.stringify(
    {
      $schema: PARAMS_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
    },
    null,
    2,
  );
}

async function load(
  files: Record<string, string>,
  entries?: string[],
  parameterFiles: string[] = [],
): Promise<LoadResult> {
  const host = new MemoryHost(files);
  const chosen = (entries ?? Object.keys(files)).filter((p) => armLoader.claims(p, files[p]));
  return armLoader.load(
    chosen.map((p) => ({ path: p, text: files[p] })),
    host,
    { varFiles: [], parameterFiles },
  );
}

const at = (r: Resource, ...path: string[]): Value | undefined =>
  lookupPath(r.body, path, { ignoreCase: true }).value;
const plainAt = (r: Resource, ...path: string[]): unknown => {
  const v = at(r, ...path);
  return v && (v.kind === 'unknown' ? { unknown: v.reason } : toPlain(v));
};
const CLUSTER = 'Microsoft.ContainerService/managedClusters';

describe('claims', () => {
  it('claims templates by their schema and leaves other JSON alone', () => {
    expect(armLoader.claims('a.json', template({ resources: [] }))).toBe(true);
    expect(armLoader.claims('a.json', parameters({ x: 1 }))).toBe(false);
    expect(armLoader.claims('package.json', '{"name": "x"}')).toBe(false);
    expect(armLoader.claims('a.yaml', template({}))).toBe(false);
  });
});

describe('resources', () => {
  it('reads a cluster with values, ranges and apiVersion', async () => {
    const text = template({
      parameters: { name: { type: 'string', defaultValue: 'aks-prod' } },
      resources: [
        {
          type: CLUSTER,
          apiVersion: '2024-02-01',
          name: "[parameters('name')]",
          location: '[resourceGroup().location]',
          properties: { disableLocalAccounts: false, dnsPrefix: "[concat(parameters('name'), '-dns')]" },
        },
      ],
    });
    const { resources, errors } = await load({ 'azuredeploy.json': text });
    expect(errors).toEqual([]);
    expect(resources).toHaveLength(1);
    const [r] = resources;
    expect(r).toMatchObject({
      format: 'arm',
      type: CLUSTER,
      name: 'aks-prod',
      address: `${CLUSTER}/aks-prod`,
      apiVersion: '2024-02-01',
      file: 'azuredeploy.json',
      via: [],
    });
    expect(plainAt(r, 'properties', 'dnsPrefix')).toBe('aks-prod-dns');
    expect(plainAt(r, 'location')).toEqual({ unknown: 'resourceGroup() is known only at deployment' });
    const lines = text.split('\n');
    const dnsLine = lines.findIndex((l) => l.includes('"dnsPrefix"')) + 1;
    const dns = at(r, 'properties', 'dnsPrefix')!;
    expect(dns.range.line).toBe(dnsLine);
    expect(dns.range.column).toBe(lines[dnsLine - 1].indexOf('"[concat') + 1);
    expect(r.range.line).toBe(lines.findIndex((l) => l.includes(`"type": "${CLUSTER}"`)));
  });

  it('skips resources whose condition is false and keeps unknown conditions', async () => {
    const { resources } = await load({
      'main.json': template({
        parameters: { on: { type: 'bool', defaultValue: false }, maybe: { type: 'bool' } },
        resources: [
          { type: CLUSTER, name: 'off', condition: "[parameters('on')]", properties: {} },
          { type: CLUSTER, name: 'on', condition: "[not(parameters('on'))]", properties: {} },
          { type: CLUSTER, name: 'maybe', condition: "[parameters('maybe')]", properties: {} },
        ],
      }),
    });
    expect(resources.map((r) => r.name)).toEqual(['on', 'maybe']);
  });

  it('expands copy loops with known counts and keeps one instance otherwise', async () => {
    const { resources } = await load({
      'main.json': template({
        parameters: { n: { type: 'int', defaultValue: 3 }, m: { type: 'int' } },
        resources: [
          {
            type: 'Microsoft.Network/virtualNetworks',
            name: "[concat('vnet-', copyIndex(1))]",
            copy: { name: 'vnets', count: "[parameters('n')]" },
            properties: { index: "[copyIndex('vnets')]" },
          },
          {
            type: 'Microsoft.Network/publicIPAddresses',
            name: "[format('ip{0}', copyIndex())]",
            copy: { name: 'ips', count: "[parameters('m')]" },
          },
          { type: 'Microsoft.Network/networkSecurityGroups', name: 'none', copy: { name: 'zero', count: 0 } },
        ],
      }),
    });
    expect(resources.map((r) => r.address)).toEqual([
      'Microsoft.Network/virtualNetworks/vnet-1[0]',
      'Microsoft.Network/virtualNetworks/vnet-2[1]',
      'Microsoft.Network/virtualNetworks/vnet-3[2]',
      "Microsoft.Network/publicIPAddresses/[format('ip{0}', copyIndex())][*]",
    ]);
    expect(resources.map((r) => plainAt(r, 'properties', 'index')).slice(0, 3)).toEqual([0, 1, 2]);
    expect(resources[3].name).toBe("[format('ip{0}', copyIndex())]");
  });

  it('expands property copy loops and variable copy loops', async () => {
    const { resources } = await load({
      'main.json': template({
        variables: {
          copy: [{ name: 'pools', count: 2, input: { name: "[concat('pool', copyIndex('pools'))]" } }],
          nested: { copy: [{ name: 'zones', count: 2, input: "[string(copyIndex('zones', 1))]" }] },
        },
        resources: [
          {
            type: CLUSTER,
            name: 'aks',
            properties: {
              copy: [
                {
                  name: 'agentPoolProfiles',
                  count: 2,
                  input: {
                    name: "[variables('pools')[copyIndex('agentPoolProfiles')].name]",
                    enableEncryptionAtHost: true,
                  },
                },
              ],
              zones: "[variables('nested').zones]",
            },
          },
        ],
      }),
    });
    const [r] = resources;
    expect(plainAt(r, 'properties', 'agentPoolProfiles')).toEqual([
      { name: 'pool0', enableEncryptionAtHost: true },
      { name: 'pool1', enableEncryptionAtHost: true },
    ]);
    expect(plainAt(r, 'properties', 'zones')).toEqual(['1', '2']);
  });

  it('joins nested child resources to their parent and finds parents of top-level children', async () => {
    const { resources } = await load({
      'main.json': template({
        resources: [
          {
            type: CLUSTER,
            name: 'aks',
            properties: {},
            resources: [{ type: 'agentPools', name: 'user', properties: { enableNodePublicIP: true } }],
          },
          { type: `${CLUSTER}/agentPools`, name: 'aks/extra', properties: {} },
          {
            type: CLUSTER,
            name: 'other',
            resources: [{ type: 'Microsoft.Authorization/locks', name: 'lock', properties: {} }],
          },
        ],
      }),
    });
    const byName = Object.fromEntries(resources.map((r) => [r.name, r]));
    expect(byName['aks/user']).toMatchObject({
      type: `${CLUSTER}/agentPools`,
      address: `${CLUSTER}/agentPools/aks/user`,
      parent: `${CLUSTER}/aks`,
    });
    expect(plainAt(byName['aks/user'], 'properties', 'enableNodePublicIP')).toBe(true);
    expect(byName['aks/extra'].parent).toBe(`${CLUSTER}/aks`);
    expect(byName.lock).toMatchObject({ type: 'Microsoft.Authorization/locks', parent: `${CLUSTER}/other` });
    expect(at(byName.aks, 'resources')).toBeUndefined();
  });

  it('reads languageVersion 2.0 symbolic resources and skips existing ones', async () => {
    const { resources } = await load({
      'main.json': template({
        languageVersion: '2.0',
        parameters: { n: { type: 'int', defaultValue: 2 } },
        resources: {
          vnet: { type: 'Microsoft.Network/virtualNetworks', existing: true, name: 'shared' },
          cluster: {
            type: CLUSTER,
            name: 'aks',
            dependsOn: ['vnet'],
            properties: { fqdn: "[reference('pools').x]" },
          },
          pools: {
            type: `${CLUSTER}/agentPools`,
            name: "[format('aks/pool{0}', copyIndex())]",
            copy: { name: 'p', count: "[parameters('n')]" },
            dependsOn: ['cluster'],
          },
        },
      }),
    });
    expect(resources.map((r) => [r.address, r.name])).toEqual([
      ['cluster', 'aks'],
      ['pools[0]', 'aks/pool0'],
      ['pools[1]', 'aks/pool1'],
    ]);
    expect(resources[1]).toMatchObject({ parent: 'cluster', references: ['cluster'] });
  });

  it('records references from resourceId(), reference(), dependsOn and scope', async () => {
    const { resources } = await load({
      'main.json': template({
        parameters: { clusterName: { type: 'string', defaultValue: 'aks' } },
        resources: [
          { type: CLUSTER, name: "[parameters('clusterName')]", properties: {} },
          {
            type: 'Microsoft.Insights/diagnosticSettings',
            name: 'diag',
            scope: "[format('Microsoft.ContainerService/managedClusters/{0}', parameters('clusterName'))]",
            properties: {},
          },
          {
            type: 'Microsoft.Authorization/roleAssignments',
            name: 'ra',
            properties: {
              principalId:
                "[reference(resourceId('Microsoft.ContainerService/managedClusters', parameters('clusterName'))).identityProfile]",
            },
          },
          {
            type: 'Microsoft.Network/privateEndpoints',
            name: 'pe',
            dependsOn: ['aks', "[resourceId('Microsoft.Network/virtualNetworks', 'nope')]"],
          },
        ],
      }),
    });
    const refs = Object.fromEntries(resources.map((r) => [r.name, r.references]));
    expect(refs).toEqual({
      aks: [],
      diag: [`${CLUSTER}/aks`],
      ra: [`${CLUSTER}/aks`],
      pe: [`${CLUSTER}/aks`],
    });
  });

  it('evaluates user-defined functions with their own parameters', async () => {
    const { resources, errors } = await load({
      'main.json': template({
        functions: [
          {
            namespace: 'platform',
            members: {
              poolName: {
                parameters: [{ name: 'env', type: 'string' }],
                output: { type: 'string', value: "[format('{0}-pool', toLower(parameters('env')))]" },
              },
              encrypted: {
                parameters: [{ name: 'env', type: 'string' }],
                output: {
                  type: 'bool',
                  value: "[not(equals(platform.poolName(parameters('env')), 'dev-pool'))]",
                },
              },
            },
          },
        ],
        parameters: { env: { type: 'string', defaultValue: 'DEV' } },
        resources: [
          {
            type: CLUSTER,
            name: 'aks',
            properties: {
              pool: "[platform.poolName(parameters('env'))]",
              encrypted: "[platform.encrypted(parameters('env'))]",
              missing: '[platform.nothing()]',
            },
          },
        ],
      }),
    });
    // Azure rejects a call of a function the template does not declare.
    expect(errors.map((e) => e.message)).toEqual([
      'invalid template expression: user-defined function platform.nothing() is not declared in the template',
    ]);
    expect(plainAt(resources[0], 'properties', 'pool')).toBe('dev-pool');
    expect(plainAt(resources[0], 'properties', 'encrypted')).toBe(false);
    expect(at(resources[0], 'properties', 'missing')).toMatchObject({
      kind: 'unknown',
      reason: 'user-defined function platform.nothing() is not declared in the template',
      invalid: true,
    });
  });

  it('gives every resource that reads a variable the references of its value', async () => {
    const diag = (name: string) => ({
      type: 'Microsoft.Insights/diagnosticSettings',
      name,
      properties: { workspaceId: "[variables('cluster')]" },
    });
    const { resources } = await load({
      'main.json': template({
        variables: { cluster: "[resourceId('Microsoft.ContainerService/managedClusters', 'aks')]" },
        resources: [{ type: CLUSTER, name: 'aks', properties: {} }, diag('first'), diag('second')],
      }),
    });
    const refs = Object.fromEntries(resources.map((r) => [r.name, r.references]));
    expect(refs).toEqual({ aks: [], first: [`${CLUSTER}/aks`], second: [`${CLUSTER}/aks`] });
  });

  it('keeps ARM names for unknown parameters and says why', async () => {
    const { resources } = await load({
      'main.json': template({
        parameters: { disableLocal: { type: 'bool' } },
        resources: [
          {
            type: CLUSTER,
            name: 'aks',
            properties: { disableLocalAccounts: "[parameters('disableLocal')]" },
          },
        ],
      }),
    });
    expect(at(resources[0], 'properties', 'disableLocalAccounts')).toMatchObject({
      kind: 'unknown',
      source: "[parameters('disableLocal')]",
      reason: "parameter 'disableLocal' has no default and no value in a parameters file",
    });
  });
  it('reads a nullable parameter left out as null (absent), and one without nullable as unknown', async () => {
    const { resources } = await load({
      'main.json': template({
        parameters: {
          disableLocal: { type: 'bool', nullable: true },
          networkPolicy: { type: 'string', nullable: false },
          given: { type: 'bool', nullable: true },
        },
        resources: [
          {
            type: CLUSTER,
            name: 'aks',
            properties: {
              disableLocalAccounts: "[parameters('disableLocal')]",
              networkProfile: { networkPolicy: "[parameters('networkPolicy')]" },
              enableRBAC: "[parameters('given')]",
            },
          },
        ],
      }),
      'main.parameters.json': parameters({ given: true }),
    });
    expect(plainAt(resources[0], 'properties', 'disableLocalAccounts')).toBeNull();
    expect(plainAt(resources[0], 'properties', 'networkProfile', 'networkPolicy')).toEqual({
      unknown: "parameter 'networkPolicy' has no default and no value in main.parameters.json",
    });
    expect(plainAt(resources[0], 'properties', 'enableRBAC')).toBe(true);
  });

  it('reads a nullable parameter of an inner-scope nested template that is not passed as null', async () => {
    const { resources } = await load({
      'main.json': template({
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'nested',
            properties: {
              expressionEvaluationOptions: { scope: 'inner' },
              template: {
                $schema: SCHEMA,
                parameters: { disableLocal: { type: 'bool', nullable: true } },
                resources: [
                  {
                    type: CLUSTER,
                    name: 'aks',
                    properties: { disableLocalAccounts: "[parameters('disableLocal')]" },
                  },
                ],
              },
            },
          },
        ],
      }),
    });
    const cluster = resources.find((x) => x.type === CLUSTER)!;
    expect(plainAt(cluster, 'properties', 'disableLocalAccounts')).toBeNull();
  });
});

describe('parameter files', () => {
  const tpl = template({
    parameters: { disableLocal: { type: 'bool' }, name: { type: 'string', defaultValue: 'aks' } },
    resources: [
      {
        type: CLUSTER,
        name: "[parameters('name')]",
        properties: { disableLocalAccounts: "[parameters('disableLocal')]" },
      },
    ],
  });

  it('applies <name>.parameters.json beside the template without a context, and reports it as read', async () => {
    const r = await load({
      'infra/aks.json': tpl,
      'infra/aks.parameters.json': parameters({ disableLocal: true }),
    });
    expect(r.resources).toHaveLength(1);
    expect(r.resources[0].context).toBeUndefined();
    expect(plainAt(r.resources[0], 'properties', 'disableLocalAccounts')).toBe(true);
    expect(r.files.map((f) => f.path).sort()).toEqual(['infra/aks.json', 'infra/aks.parameters.json']);
  });

  it('falls back to azuredeploy.parameters.json in the folder', async () => {
    const r = await load({
      'main.json': tpl,
      'azuredeploy.parameters.json': parameters({ disableLocal: false }),
    });
    expect(plainAt(r.resources[0], 'properties', 'disableLocalAccounts')).toBe(false);
  });

  it('evaluates once per file with contexts when there are several', async () => {
    const r = await load({
      'aks.json': tpl,
      'aks.parameters.dev.json': parameters({ disableLocal: false, name: 'dev' }),
      'aks.parameters.prod.json': parameters({ disableLocal: true }),
    });
    const all = ['aks.parameters.dev.json', 'aks.parameters.prod.json'];
    expect(
      r.resources.map((x) => [x.name, x.context, plainAt(x, 'properties', 'disableLocalAccounts')]),
    ).toEqual([
      ['dev', { name: all[0], all }, false],
      ['aks', { name: all[1], all }, true],
    ]);
  });

  it('lets --parameters files replace the ones beside the template when they fit it', async () => {
    const files = {
      'aks.json': tpl,
      'aks.parameters.json': parameters({ disableLocal: false }),
      'env/prod.json': parameters({ disableLocal: true }),
      'env/other.json': parameters({ somethingElse: 1 }),
    };
    const r = await load(files, ['aks.json'], ['env/prod.json', 'env/other.json']);
    expect(r.resources).toHaveLength(1);
    expect(r.resources[0].context).toBeUndefined();
    expect(plainAt(r.resources[0], 'properties', 'disableLocalAccounts')).toBe(true);
  });

  it('shares what is written without an expression between parameters files and copies, and nothing else', async () => {
    const text = template({
      parameters: { n: { type: 'int' } },
      resources: [
        {
          type: CLUSTER,
          name: "[concat('aks', copyIndex())]",
          copy: { name: 'c', count: 2 },
          properties: {
            fixed: { a: [1, { b: 'x' }], c: '[[not an expression]' },
            read: { n: "[parameters('n')]" },
            looped: { copy: [{ name: 'items', count: 1, input: 'same' }] },
          },
        },
      ],
    });
    const r = await load({
      'aks.json': text,
      'aks.parameters.dev.json': parameters({ n: 1 }),
      'aks.parameters.prod.json': parameters({ n: 2 }),
    });
    expect(r.resources).toHaveLength(4);
    const [first, ...others] = r.resources;
    for (const other of others) {
      expect(at(other, 'properties', 'fixed', 'a')).toBe(at(first, 'properties', 'fixed', 'a'));
      expect(at(other, 'properties', 'read')).not.toBe(at(first, 'properties', 'read'));
      expect(at(other, 'properties', 'looped')).not.toBe(at(first, 'properties', 'looped'));
    }
    // An escaped bracket reads as an expression would: not shared, and the same value.
    expect(at(others[0], 'properties', 'fixed')).not.toBe(at(first, 'properties', 'fixed'));
    expect(r.resources.map((x) => plainAt(x, 'properties'))).toEqual(
      [1, 1, 2, 2].map((n) => ({
        fixed: { a: [1, { b: 'x' }], c: '[not an expression]' },
        read: { n },
        looped: { items: ['same'] },
      })),
    );
  });

  it('shares what is written without an expression in copies and nested deployments in a copy, and the rules leave it as it is', async () => {
    const nestedTemplate = {
      $schema: SCHEMA,
      resources: [{ type: CLUSTER, name: 'inner', properties: { fixed: { a: [1, 2] } } }],
    };
    const files = {
      'aks.json': template({
        resources: [
          {
            type: CLUSTER,
            apiVersion: '2024-02-01',
            name: "[concat('looped', copyIndex())]",
            copy: { name: 'c', count: 2 },
            properties: { fixed: { a: [1, 2] }, agentPoolProfiles: [{ name: 'system', count: 1 }] },
          },
          {
            type: 'Microsoft.Resources/deployments',
            name: "[concat('d', copyIndex())]",
            copy: { name: 'd', count: 2 },
            properties: { mode: 'Incremental', template: nestedTemplate },
          },
        ],
      }),
    };
    const r = await load(files);
    const byAddress = new Map(r.resources.map((x) => [x.address, x]));
    const fixed = (address: string) => at(byAddress.get(address)!, 'properties', 'fixed');
    expect(fixed(`${CLUSTER}/looped1[1]`)).toBe(fixed(`${CLUSTER}/looped0[0]`));
    const pools = (address: string) => at(byAddress.get(address)!, 'properties', 'agentPoolProfiles');
    expect(pools(`${CLUSTER}/looped1[1]`)).toBe(pools(`${CLUSTER}/looped0[0]`));
    const inner = (d: string) => `Microsoft.Resources/deployments/${d}::${CLUSTER}/inner`;
    expect(fixed(inner('d1[1]'))).toBe(fixed(inner('d0[0]')));
    expect(fixed(inner('d0[0]'))).not.toBe(fixed(`${CLUSTER}/looped0[0]`));
    // Every rule reads the shared values (findings on both copies) and leaves them as they were built.
    const before = JSON.stringify(r.resources.map((x) => x.body));
    const scan = await analyze(
      Object.entries(files).map(([path, text]) => ({ path, text })),
      new MemoryHost(files),
      { varFiles: [], parameterFiles: [] },
      allRules(),
    );
    expect(scan.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(scan.graph.resources.map((x) => x.body))).toBe(before);
  });

  it('treats Key Vault references as unknown', async () => {
    const kv = JSON.stringify({
      $schema: PARAMS_SCHEMA,
      parameters: { disableLocal: { reference: { keyVault: { id: '/subscriptions/x' }, secretName: 's' } } },
    });
    const r = await load({ 'aks.json': tpl, 'aks.parameters.json': kv });
    expect(plainAt(r.resources[0], 'properties', 'disableLocalAccounts')).toEqual({
      unknown:
        "parameter 'disableLocal' is a Key Vault reference in aks.parameters.json, known only at deployment",
    });
  });

  it('reports a broken parameters file once and goes on', async () => {
    const r = await load({
      'aks.json': tpl,
      'aks.parameters.json': '{\n  "parameters": {\n    "disableLocal": { "value": tru }\n  }\n}',
    });
    expect(r.errors[0]).toMatchObject({
      file: 'aks.parameters.json',
      line: 3,
      column: 32,
      message: "JSON syntax error: invalid symbol near 'tru'",
    });
    expect(r.errors.every((e) => e.file === 'aks.parameters.json' && e.line === 3)).toBe(true);
    expect(r.resources).toHaveLength(1);
  });
});

describe('nested deployments', () => {
  const inner = (scope: 'inner' | 'outer') =>
    template({
      parameters: { flag: { type: 'bool', defaultValue: true } },
      variables: { clusterName: 'outer-aks' },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'nested',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope },
            parameters: { localFlag: { value: "[not(parameters('flag'))]" } },
            template: {
              $schema: SCHEMA,
              parameters: {
                localFlag: { type: 'bool' },
                flag: { type: 'bool', defaultValue: 'inner-default' },
              },
              variables: { clusterName: 'inner-aks' },
              resources: [
                {
                  type: CLUSTER,
                  name: "[variables('clusterName')]",
                  properties: {
                    disableLocalAccounts: "[parameters('flag')]",
                    local: scope === 'inner' ? "[parameters('localFlag')]" : 'n/a',
                  },
                },
              ],
            },
          },
        },
      ],
    });

  it('evaluates inner-scope templates with the parameters passed to them', async () => {
    const r = await load({ 'main.json': inner('inner') });
    const cluster = r.resources.find((x) => x.type === CLUSTER)!;
    expect(cluster).toMatchObject({
      name: 'inner-aks',
      via: ['Microsoft.Resources/deployments/nested'],
      address: `Microsoft.Resources/deployments/nested::${CLUSTER}/inner-aks`,
    });
    expect(plainAt(cluster, 'properties', 'local')).toBe(false);
    expect(plainAt(cluster, 'properties', 'disableLocalAccounts')).toBe('inner-default');
    const deployment = r.resources.find((x) => x.type === 'Microsoft.Resources/deployments')!;
    expect(at(deployment, 'properties', 'template')).toBeUndefined();
    expect(plainAt(deployment, 'properties', 'parameters', 'localFlag', 'value')).toBe(false);
  });

  it('evaluates outer-scope templates (the default) with the outer parameters and variables', async () => {
    const r = await load({ 'main.json': inner('outer') });
    const cluster = r.resources.find((x) => x.type === CLUSTER)!;
    expect(cluster.name).toBe('outer-aks');
    expect(plainAt(cluster, 'properties', 'disableLocalAccounts')).toBe(true);
  });

  it('follows a template linked by relativePath, through the link only, with the parameters it is given', async () => {
    const linked = template({
      parameters: { local: { type: 'bool' } },
      resources: [
        {
          type: CLUSTER,
          name: 'linked-aks',
          properties: { disableLocalAccounts: "[not(parameters('local'))]" },
        },
      ],
    });
    const r = await load({
      'main.json': template({
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            name: 'aks',
            properties: {
              templateLink: { relativePath: 'nested/aks.json' },
              parameters: { local: { value: true } },
            },
          },
        ],
      }),
      'nested/aks.json': linked,
    });
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual([]);
    const clusters = r.resources.filter((x) => x.type === CLUSTER);
    expect(clusters.map((c) => [c.file, c.address, c.via, c.deployment])).toEqual([
      [
        'nested/aks.json',
        `Microsoft.Resources/deployments/aks::${CLUSTER}/linked-aks`,
        ['Microsoft.Resources/deployments/aks'],
        'main.json',
      ],
    ]);
    expect(plainAt(clusters[0], 'properties', 'disableLocalAccounts')).toBe(false);
    // The value depends on the parameter the deployment gives in main.json.
    expect(at(clusters[0], 'properties', 'disableLocalAccounts')?.origins).toEqual([
      expect.objectContaining({ file: 'main.json' }),
    ]);
  });

  it('says when a template linked by relativePath is not among the scanned files, or links back to itself', async () => {
    const deployment = (name: string, relativePath: string) => ({
      type: 'Microsoft.Resources/deployments',
      name,
      properties: { templateLink: { relativePath } },
    });
    const missing = await load({
      'main.json': template({ resources: [deployment('gone', 'nested/gone.json')] }),
    });
    expect(missing.skipped.map((s) => s.message)).toEqual([
      "linked template of deployment Microsoft.Resources/deployments/gone ('nested/gone.json', nested/gone.json) is not among the scanned files, so what it deploys is not checked",
    ]);
    const cycle = await load({
      'a.json': template({ resources: [deployment('toB', 'b.json')] }),
      'b.json': template({ resources: [deployment('toA', 'a.json')] }),
    });
    expect(cycle.errors.map((e) => `${e.file} ${e.message}`)).toEqual([
      "b.json linked template 'a.json' of deployment Microsoft.Resources/deployments/toB::Microsoft.Resources/deployments/toA links back to itself through a.json -> b.json -> a.json",
    ]);
  });

  it('evaluates the template of a template spec declared in the scanned files, on its defaults', async () => {
    const r = await load({
      'spec.json': template({
        resources: [
          {
            type: 'Microsoft.Resources/templateSpecs/versions',
            apiVersion: '2022-02-01',
            name: 'aks-spec/1.0',
            properties: {
              mainTemplate: {
                $schema: SCHEMA,
                parameters: { local: { type: 'bool', defaultValue: true }, name: { type: 'string' } },
                resources: [
                  {
                    type: CLUSTER,
                    name: "[parameters('name')]",
                    properties: { disableLocalAccounts: "[not(parameters('local'))]" },
                  },
                ],
              },
            },
          },
        ],
      }),
    });
    expect(r.errors).toEqual([]);
    const cluster = r.resources.find((x) => x.type === CLUSTER)!;
    expect(cluster.via).toEqual(['Microsoft.Resources/templateSpecs/versions/aks-spec/1.0']);
    expect(plainAt(cluster, 'properties', 'disableLocalAccounts')).toBe(false);
    expect(at(cluster, 'name')).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('the deployments of template spec aks-spec/1.0'),
    });
    // The spec's own resource keeps no copy of the template.
    const spec = r.resources.find((x) => x.type === 'Microsoft.Resources/templateSpecs/versions')!;
    expect(at(spec, 'properties', 'mainTemplate')).toBeUndefined();
  });

  it('does not fetch linked templates and says so', async () => {
    const r = await load({
      'main.json': template({
        resources: [
          {
            type: 'Microsoft.Resources/deployments',
            name: 'linked',
            properties: { templateLink: { uri: 'https://example.com/t.json' } },
          },
        ],
      }),
    });
    expect(r.skipped).toEqual([
      {
        file: 'main.json',
        line: expect.any(Number),
        message:
          "linked template 'https://example.com/t.json' of deployment Microsoft.Resources/deployments/linked is not fetched",
      },
    ]);
  });
});

describe('errors', () => {
  it('reports JSON syntax errors with line and column and reads the rest', async () => {
    const text = [
      '{',
      `  "$schema": "${SCHEMA}",`,
      '  // comments and trailing commas are fine',
      '  "resources": [',
      `    { "type": "${CLUSTER}", "name": "a", "properties": { "x": 1, }, },`,
      `    { "type": "${CLUSTER}", "name": "b" "properties": {} }`,
      '  ]',
      '}',
    ].join('\n');
    const r = await load({ 'main.json': text });
    const column = text.split('\n')[5].indexOf('"properties"') + 1;
    expect(r.errors).toEqual([
      {
        file: 'main.json',
        line: 6,
        column,
        message: "JSON syntax error: ',' expected near '\"properties\"'",
      },
    ]);
    expect(r.resources.map((x) => x.name)).toEqual(['a', 'b']);
    expect(await armLoader.parseOnly({ path: 'main.json', text })).toBe(1);
  });

  it('reports invalid expressions where they are', async () => {
    const text = template({
      resources: [{ type: CLUSTER, name: 'a', properties: { x: "[concat('a',, 'b')]" } }],
    });
    const r = await load({ 'main.json': text });
    const line = text.split('\n').findIndex((l) => l.includes('"x"')) + 1;
    const column = text.split('\n')[line - 1].indexOf(",, '") + 2;
    expect(r.errors).toEqual([
      { file: 'main.json', line, column, message: "invalid template expression: unexpected ','" },
    ]);
    expect(at(r.resources[0], 'properties', 'x')).toMatchObject({ kind: 'unknown' });
  });

  it('reports an expression Azure would reject once where it is, and its value is invalid', async () => {
    const text = template({
      parameters: { rbac: { type: 'bool' } },
      variables: { props: "[createObject('enableRBAC', true, 'dnsPrefix')]" },
      resources: [
        { type: CLUSTER, name: 'a', properties: "[variables('props')]" },
        { type: CLUSTER, name: 'b', properties: "[union(variables('props'), createObject())]" },
        {
          type: CLUSTER,
          name: 'c',
          properties: {
            enableRBAC: "[parameters('rbac')]",
            dnsPrefix: '[resourceGroup().name]',
            nodeResourceGroup: "[if(true(), 'x')]",
            fqdnSubdomain: "[parameters('undeclared')]",
          },
        },
      ],
    });
    const r = await load({ 'main.json': text });
    const lines = text.split('\n');
    const where = (needle: string) => {
      const line = lines.findIndex((l) => l.includes(needle)) + 1;
      return { file: 'main.json', line, column: lines[line - 1].indexOf(needle) + 1 };
    };
    expect(r.errors).toEqual([
      {
        ...where("createObject('enableRBAC'"),
        message: 'invalid template expression: createObject() takes key and value pairs: 3 arguments given',
      },
      {
        ...where("if(true(), 'x')"),
        message: 'invalid template expression: if() takes 3 arguments: 2 given',
      },
      {
        ...where("parameters('undeclared')"),
        message: "invalid template expression: parameter 'undeclared' is not declared in the template",
      },
    ]);
    const [a, b, c] = r.resources;
    expect(at(a, 'properties')).toMatchObject({ kind: 'unknown', invalid: true });
    expect(at(b, 'properties')).toMatchObject({ kind: 'unknown', invalid: true });
    expect(at(c, 'properties', 'nodeResourceGroup')).toMatchObject({ kind: 'unknown', invalid: true });
    // Merely unresolved values stay plain unknowns.
    expect(at(c, 'properties', 'enableRBAC')).not.toHaveProperty('invalid');
    expect(at(c, 'properties', 'dnsPrefix')).not.toHaveProperty('invalid');
  });

  it('reports an undeclared parameter only in the branch if() takes: Azure evaluates no other', async () => {
    const branch = (cond: string, taken: string) => `[if(${cond}, ${taken}, parameters('notTaken'))]`;
    const nestedTemplate = {
      $schema: SCHEMA,
      functions: [
        {
          namespace: 'ns',
          members: {
            pick: {
              parameters: [{ name: 'on', type: 'bool' }],
              output: { type: 'string', value: branch("parameters('on')", "'picked'") },
            },
          },
        },
      ],
      resources: [
        {
          type: CLUSTER,
          name: 'inner',
          properties: { dnsPrefix: '[ns.pick(true())]', x: branch('true()', "'x'") },
        },
      ],
    };
    const text = template({
      parameters: { on: { type: 'bool', defaultValue: true } },
      variables: { v: branch("parameters('on')", "'v'") },
      resources: [
        {
          type: CLUSTER,
          name: 'a',
          properties: {
            dnsPrefix: branch("parameters('on')", "'a'"),
            nodeResourceGroup: "[variables('v')]",
            fqdnSubdomain: "[if(not(parameters('on')), 'b', parameters('taken'))]",
          },
        },
        // Outer scope, the default: the nested template's expressions are evaluated in it, once.
        { type: 'Microsoft.Resources/deployments', name: 'outer', properties: { template: nestedTemplate } },
      ],
    });
    const r = await load({ 'main.json': text });
    expect(r.errors.map((e) => e.message)).toEqual([
      "invalid template expression: parameter 'taken' is not declared in the template",
    ]);
    const cluster = r.resources.find((x) => x.name === 'inner')!;
    expect(plainAt(cluster, 'properties', 'dnsPrefix')).toBe('picked');
    expect(plainAt(r.resources[0], 'properties', 'nodeResourceGroup')).toBe('v');
  });

  it('survives self-referencing variables', async () => {
    const r = await load({
      'main.json': template({
        variables: { a: "[variables('b')]", b: "[variables('a')]" },
        resources: [{ type: CLUSTER, name: "[variables('a')]" }],
      }),
    });
    expect(r.resources[0].name).toBe("[variables('a')]");
  });
});
