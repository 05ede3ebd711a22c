import * as fs from 'node:fs';
import * as path from 'node:path';
import { MemoryHost } from '../../src/discover/host';
import { analyze } from '../../src/engine/analyze';
import { allRules } from '../../policies';
import { attr, load, plain, resource } from './helpers';

const hcl2json = require('@cdktf/hcl2json') as { parse(name: string, text: string): Promise<unknown> };

const root = path.join(__dirname, '..', '..');

describe('Terraform JSON syntax (.tf.json)', () => {
  it('reads resources with nested blocks, templates and meta-arguments', async () => {
    const result = await load(
      {
        'main.tf.json': JSON.stringify(
          {
            '//': 'written by a generator',
            variable: { env: { type: 'string', default: 'prod' } },
            locals: { name: 'aks-${var.env}' },
            resource: {
              azurerm_kubernetes_cluster: {
                main: {
                  name: '${local.name}',
                  local_account_disabled: false,
                  default_node_pool: { name: 'system', node_count: 3 },
                  network_profile: [{ network_plugin: 'azure', network_policy: 'calico' }],
                  tags: { team: 'platform' },
                },
              },
              azurerm_kubernetes_cluster_node_pool: {
                extra: {
                  count: '${var.env == "prod" ? 2 : 0}',
                  kubernetes_cluster_id: '${azurerm_kubernetes_cluster.main.id}',
                  name: 'pool${count.index}',
                },
              },
            },
          },
          null,
          2,
        ),
      },
      { entries: ['main.tf.json'] },
    );
    expect(result.errors).toEqual([]);
    const cluster = resource(result, 'azurerm_kubernetes_cluster.main');
    expect(plain(cluster, 'name')).toBe('aks-prod');
    expect(plain(cluster, 'local_account_disabled')).toBe(false);
    expect(plain(cluster, 'default_node_pool')).toEqual({ name: 'system', node_count: 3 });
    expect(plain(cluster, 'network_profile', 'network_policy')).toBe('calico');
    const pools = result.resources.filter((r) => r.type === 'azurerm_kubernetes_cluster_node_pool');
    expect(pools.map((p) => p.address)).toEqual([
      'azurerm_kubernetes_cluster_node_pool.extra[0]',
      'azurerm_kubernetes_cluster_node_pool.extra[1]',
    ]);
    expect(plain(pools[1], 'name')).toBe('pool1');
    expect(pools[0].references).toEqual(['azurerm_kubernetes_cluster.main']);
    // Values point into the JSON file: the attribute's value string.
    const name = attr(cluster, 'name')!;
    expect(name.range).toMatchObject({ file: 'main.tf.json', line: 15 });
  });

  it('expands dynamic blocks and keeps unresolved values unknown', async () => {
    const result = await load(
      {
        'main.tf.json': JSON.stringify({
          variable: { ranges: { type: 'list(string)' } },
          resource: {
            azurerm_network_security_group: {
              nsg: {
                name: 'nsg',
                dynamic: {
                  security_rule: {
                    for_each: ['a', 'b'],
                    content: { name: '${security_rule.value}', priority: 100 },
                  },
                },
              },
            },
            azurerm_kubernetes_cluster: {
              c: { api_server_authorized_ip_ranges: '${var.ranges}' },
            },
          },
        }),
      },
      { entries: ['main.tf.json'] },
    );
    expect(result.errors).toEqual([]);
    expect(plain(resource(result, 'azurerm_network_security_group.nsg'), 'security_rule')).toEqual([
      { name: 'a', priority: 100 },
      { name: 'b', priority: 100 },
    ]);
    const ranges = attr(resource(result, 'azurerm_kubernetes_cluster.c'), 'api_server_authorized_ip_ranges')!;
    expect(ranges).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/var\.ranges/) });
  });

  it('reads terraform.tfvars.json, *.auto.tfvars.json and JSON var files, converting to the declared type', async () => {
    const files = {
      'variables.tf': 'variable "disable_local" { type = bool }\nvariable "count" { type = number }\n',
      'main.tf.json': JSON.stringify({
        resource: { azurerm_kubernetes_cluster: { c: { local_account_disabled: '${var.disable_local}' } } },
      }),
      'terraform.tfvars.json': JSON.stringify({ disable_local: 'false' }),
      'b.auto.tfvars.json': JSON.stringify({ disable_local: true }),
      'env/prod.json': JSON.stringify({ disable_local: 'false' }),
    };
    const auto = await load(files, { entries: ['main.tf.json', 'variables.tf'] });
    expect(plain(resource(auto, 'azurerm_kubernetes_cluster.c'), 'local_account_disabled')).toBe(true);
    const given = await load(files, {
      entries: ['main.tf.json', 'variables.tf'],
      varFiles: ['env/prod.json'],
    });
    expect(plain(resource(given, 'azurerm_kubernetes_cluster.c'), 'local_account_disabled')).toBe(false);
  });

  it('reports bad JSON and bad templates with line and column, and keeps the rest', async () => {
    const result = await load(
      {
        'main.tf.json': [
          '{',
          '  "resource": {',
          '    "azurerm_kubernetes_cluster": {',
          '      "c": { "name": "${var.}", "local_account_disabled": false }',
          '    }',
          '  },',
          '  "resourcez": {}',
          '}',
        ].join('\n'),
        'broken.tf.json': '{ "resource": { "a": { "b": { "x": 1, } } }',
      },
      { entries: ['main.tf.json', 'broken.tf.json'] },
    );
    const messages = result.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'main.tf.json:4:22 syntax error: invalid template expression in string',
        'main.tf.json:7:3 unknown block type "resourcez" in Terraform JSON',
        expect.stringMatching(/^broken\.tf\.json:1:\d+ syntax error: /),
      ]),
    );
    expect(plain(resource(result, 'azurerm_kubernetes_cluster.c'), 'local_account_disabled')).toBe(false);
  });
});

/** Every file of a folder, with each .tf and .tfvars file converted to JSON by HashiCorp's own parser. */
async function asTerraformJson(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) await walk(p);
      else {
        const text = fs.readFileSync(path.join(root, p), 'utf8');
        if (/\.(tf|tfvars)$/.test(p))
          out[`${p}.json`] = JSON.stringify(await hcl2json.parse(p, text), null, 2);
        else out[p] = text;
      }
    }
  };
  await walk(dir);
  return out;
}

function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const p = `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else out[p] = fs.readFileSync(path.join(root, p), 'utf8');
    }
  };
  walk(dir);
  return out;
}

async function findingsOf(files: Record<string, string>): Promise<string[]> {
  const host = new MemoryHost(files);
  const entries = Object.entries(files)
    .filter(([p]) => /\.tf(\.json)?$/.test(p))
    .map(([p, text]) => ({ path: p, text }));
  const result = await analyze(entries, host, { varFiles: [], parameterFiles: [] }, allRules());
  expect(result.errors).toEqual([]);
  return result.findings
    .map((f) => `${f.ruleId} ${f.status} ${f.resource.address} ${f.file.replace(/\.json$/, '')}`)
    .sort();
}

describe('Terraform JSON gives the same findings as the HCL it was converted from', () => {
  for (const example of ['examples/insecure/terraform', 'examples/secure/terraform']) {
    it(example, async () => {
      const hcl = await findingsOf(readTree(example));
      const json = await findingsOf(await asTerraformJson(example));
      expect(json).toEqual(hcl);
      expect(hcl.length).toBeGreaterThan(example.includes('insecure') ? 20 : -1);
    });
  }

  it('module inputs and tfvars as JSON evaluate like HCL', async () => {
    const files = await asTerraformJson('examples/insecure/terraform');
    const host = new MemoryHost(files);
    const entries = Object.keys(files)
      .filter((p) => p.endsWith('.tf.json'))
      .map((p) => ({ path: p, text: files[p] }));
    const result = await analyze(entries, host, { varFiles: [], parameterFiles: [] }, allRules());
    const legacy = result.graph.resources.find((r) => r.address.startsWith('module.legacy.'));
    expect(legacy).toBeDefined();
  });
});
