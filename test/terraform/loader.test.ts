import { getProperty, toPlain } from '../../src/model';
import { terraformLoader } from '../../src/evaluate/terraform';
import { attr, load, plain, resource, tf } from './helpers';

describe('resources', () => {
  it('builds the body from attributes and nested blocks, without meta-arguments', async () => {
    const r = await load({
      'main.tf': tf`
        resource "azurerm_kubernetes_cluster" "main" {
          name = "aks"
          depends_on = [azurerm_resource_group.rg]
          lifecycle { ignore_changes = [tags] }
          default_node_pool {
            name = "system"
          }
          network_profile { network_plugin = "azure" }
          identity { type = "SystemAssigned" }
          identity { type = "UserAssigned" }
        }
      `,
    });
    const c = resource(r, 'azurerm_kubernetes_cluster.main');
    expect(c.body.entries.map((e) => e.key)).toEqual([
      'name',
      'default_node_pool',
      'network_profile',
      'identity',
    ]);
    expect(plain(c, 'default_node_pool')).toEqual({ name: 'system' });
    expect(attr(c, 'identity')?.kind).toBe('list');
    expect(toPlain(attr(c, 'identity')!)).toEqual([{ type: 'SystemAssigned' }, { type: 'UserAssigned' }]);
    const pool = c.body.entries.find((e) => e.key === 'default_node_pool')!;
    expect(pool.keyRange).toMatchObject({ line: 5, column: 3, endLine: 5, endColumn: 20 });
    expect(pool.value.range).toMatchObject({ line: 5, column: 3, endLine: 7, endColumn: 4 });
    expect(c.range).toMatchObject({ file: 'main.tf', line: 1, column: 1, endLine: 11, endColumn: 2 });
    expect(c.references).toEqual(['azurerm_resource_group.rg']);
  });

  it('expands count and for_each into addressed instances, and drops count = 0', async () => {
    const r = await load({
      'main.tf': tf`
        variable "enabled" { default = false }
        resource "azurerm_kubernetes_cluster" "byCount" {
          count = 2
          name  = "aks-\${count.index}"
        }
        resource "azurerm_kubernetes_cluster" "byMap" {
          for_each = { eu = "westeurope", us = "eastus" }
          name     = "aks-\${each.key}"
          location = each.value
        }
        resource "azurerm_kubernetes_cluster" "bySet" {
          for_each = toset(["a", "b"])
          name     = each.value
        }
        resource "azurerm_kubernetes_cluster" "off" {
          count = var.enabled ? 1 : 0
        }
      `,
    });
    expect(r.resources.map((x) => x.address)).toEqual([
      'azurerm_kubernetes_cluster.byCount[0]',
      'azurerm_kubernetes_cluster.byCount[1]',
      'azurerm_kubernetes_cluster.byMap["eu"]',
      'azurerm_kubernetes_cluster.byMap["us"]',
      'azurerm_kubernetes_cluster.bySet["a"]',
      'azurerm_kubernetes_cluster.bySet["b"]',
    ]);
    expect(plain(resource(r, 'azurerm_kubernetes_cluster.byCount[1]'), 'name')).toBe('aks-1');
    expect(plain(resource(r, 'azurerm_kubernetes_cluster.byMap["us"]'), 'location')).toBe('eastus');
  });

  it('keeps one instance with unknown keys when count or for_each is unknown', async () => {
    const r = await load({
      'main.tf': tf`
        variable "n" {}
        resource "azurerm_kubernetes_cluster" "c" {
          count = var.n
          name  = "aks-\${count.index}"
          local_account_disabled = true
        }
      `,
    });
    const c = resource(r, 'azurerm_kubernetes_cluster.c');
    expect(plain(c, 'local_account_disabled')).toBe(true);
    expect(attr(c, 'name')).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/count = var.n is unknown/),
    });
  });

  it('expands dynamic blocks, with iterator names, and leaves unknown ones unknown', async () => {
    const r = await load({
      'main.tf': tf`
        variable "pools" { default = { a = 1, b = 2 } }
        variable "unknown_rules" {}
        resource "azurerm_kubernetes_cluster" "c" {
          dynamic "pool" {
            for_each = var.pools
            iterator = p
            content {
              name  = p.key
              count = p.value
            }
          }
          dynamic "rule" {
            for_each = var.unknown_rules
            content { x = rule.value }
          }
          dynamic "none" {
            for_each = []
            content { x = 1 }
          }
        }
      `,
    });
    const c = resource(r, 'azurerm_kubernetes_cluster.c');
    expect(plain(c, 'pool')).toEqual([
      { name: 'a', count: 1 },
      { name: 'b', count: 2 },
    ]);
    expect(attr(c, 'rule')).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/dynamic "rule"/),
    });
    expect(attr(c, 'none')).toBeUndefined();
  });

  it('groups repeated blocks in a body of more block types than it scans for', async () => {
    // Past 16 block types, a body finds the group of a type by a map instead of a scan.
    const types = Array.from({ length: 20 }, (_, i) => `b${i}`);
    const blocks = types.map((t) => `  ${t} { x = "${t}" }`).join('\n');
    const r = await load({
      'main.tf': `resource "azurerm_kubernetes_cluster" "c" {\n${blocks}\n  b18 { x = "again" }\n  b3 { x = "again" }\n}\n`,
    });
    const c = resource(r, 'azurerm_kubernetes_cluster.c');
    expect(c.body.entries.map((e) => e.key)).toEqual(types);
    expect(plain(c, 'b3')).toEqual([{ x: 'b3' }, { x: 'again' }]);
    expect(plain(c, 'b18')).toEqual([{ x: 'b18' }, { x: 'again' }]);
    expect(plain(c, 'b19')).toEqual({ x: 'b19' });
  });

  it('records references, node pool parents and the azurerm version', async () => {
    const r = await load({
      'main.tf': tf`
        terraform {
          required_providers {
            azurerm = { source = "hashicorp/azurerm", version = "~> 3.100" }
          }
        }
        resource "azurerm_kubernetes_cluster" "main" {
          default_node_pool { vnet_subnet_id = azurerm_subnet.aks.id }
        }
        resource "azurerm_kubernetes_cluster_node_pool" "user" {
          kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
        }
        data "azurerm_client_config" "current" {}
      `,
    });
    const pool = resource(r, 'azurerm_kubernetes_cluster_node_pool.user');
    expect(pool.parent).toBe('azurerm_kubernetes_cluster.main');
    expect(pool.references).toEqual(['azurerm_kubernetes_cluster.main']);
    expect(resource(r, 'azurerm_kubernetes_cluster.main').references).toEqual(['azurerm_subnet.aks']);
    expect(pool.providerVersion).toBe('~> 3.100');
    expect(r.resources).toHaveLength(2);
  });

  it('names a single counted instance once in references, and never the resource itself', async () => {
    const r = await load({
      'main.tf': tf`
        resource "azurerm_subnet" "s" { count = 1 }
        resource "azurerm_resource_group" "g" { name = "g" }
        resource "azurerm_network_security_group" "n" {
          a = azurerm_subnet.s.id
          b = azurerm_subnet.s[0].id
          c = azurerm_network_security_group.n.name
          d = azurerm_resource_group.g.name
        }
      `,
    });
    expect(resource(r, 'azurerm_network_security_group.n').references).toEqual([
      'azurerm_subnet.s[0]',
      'azurerm_resource_group.g',
    ]);
  });

  it('passes references on through locals, variable defaults, module inputs and module outputs', async () => {
    const r = await load({
      'main.tf': tf`
        resource "azurerm_kubernetes_cluster" "aks" {}
        locals { cluster_id = azurerm_kubernetes_cluster.aks.id }
        variable "workspace_id" { default = null }
        resource "azurerm_monitor_diagnostic_setting" "a" { target_resource_id = local.cluster_id }
        resource "azurerm_monitor_diagnostic_setting" "b" { target_resource_id = local.cluster_id }
        module "logs" {
          source     = "./logs"
          cluster_id = local.cluster_id
        }
        module "cluster" { source = "./cluster" }
        resource "azurerm_kubernetes_cluster_node_pool" "extra" {
          kubernetes_cluster_id = module.cluster.id
        }
      `,
      'logs/main.tf': tf`
        variable "cluster_id" {}
        resource "azurerm_monitor_diagnostic_setting" "c" { target_resource_id = var.cluster_id }
      `,
      'cluster/main.tf': tf`
        resource "azurerm_kubernetes_cluster" "this" {}
        output "id" { value = azurerm_kubernetes_cluster.this.id }
      `,
    });
    const refs = (address: string) => resource(r, address).references;
    expect(refs('azurerm_monitor_diagnostic_setting.a')).toEqual(['azurerm_kubernetes_cluster.aks']);
    expect(refs('azurerm_monitor_diagnostic_setting.b')).toEqual(['azurerm_kubernetes_cluster.aks']);
    expect(refs('module.logs.azurerm_monitor_diagnostic_setting.c')).toEqual([
      'azurerm_kubernetes_cluster.aks',
    ]);
    const pool = resource(r, 'azurerm_kubernetes_cluster_node_pool.extra');
    expect(pool.references).toEqual(['module.cluster.azurerm_kubernetes_cluster.this']);
    expect(pool.parent).toBe('module.cluster.azurerm_kubernetes_cluster.this');
  });
});

describe('variables', () => {
  const files = {
    'env/main.tf': tf`
      variable "a" { default = "default" }
      variable "b" { default = "default" }
      variable "c" { default = "default" }
      variable "d" { default = "default" }
      variable "count" { type = number }
      resource "t" "x" {
        a = var.a
        b = var.b
        c = var.c
        d = var.d
        n = var.count + 1
      }
    `,
    'env/terraform.tfvars': 'a = "tfvars"\nb = "tfvars"\nc = "tfvars"\ncount = "2"\n',
    'env/b.auto.tfvars': 'b = "auto-b"\nc = "auto-b"\n',
    'env/a.auto.tfvars': 'b = "auto-a"\nc = "auto-a"\n',
    'extra.tfvars': 'c = "var-file"\n',
  };

  it('apply tfvars, auto tfvars in lexical order, then var files; later wins', async () => {
    const r = await load(files, { varFiles: ['extra.tfvars'] });
    const x = resource(r, 't.x');
    expect(toPlain(x.body)).toEqual({ a: 'tfvars', b: 'auto-b', c: 'var-file', d: 'default', n: 3 });
    expect(r.files.map((f) => f.path)).toEqual([
      'env/a.auto.tfvars',
      'env/b.auto.tfvars',
      'env/main.tf',
      'env/terraform.tfvars',
      'extra.tfvars',
    ]);
  });

  it('convert to their declared type, filling optional() object attributes as Terraform does', async () => {
    const r = await load({
      'main.tf': tf`
        variable "cluster" {
          type = object({
            name                   = string
            local_account_disabled = optional(bool, true)
            private_cluster        = optional(bool)
            network                = optional(object({ policy = optional(string, "cilium") }), {})
          })
        }
        variable "pools" {
          type = map(object({
            size     = number
            host_enc = optional(bool, true)
          }))
          default = { user1 = { size = "3" }, user2 = { size = 2, host_enc = false }, user3 = { size = 1, host_enc = null } }
        }
        resource "t" "x" {
          cluster = var.cluster
          pools   = var.pools
        }
      `,
      'terraform.tfvars': 'cluster = { name = "aks", private_cluster = true }\n',
    });
    expect(toPlain(resource(r, 't.x').body)).toEqual({
      cluster: {
        name: 'aks',
        local_account_disabled: true,
        private_cluster: true,
        network: { policy: 'cilium' },
      },
      pools: {
        user1: { size: 3, host_enc: true },
        user2: { size: 2, host_enc: false },
        user3: { size: 1, host_enc: true },
      },
    });
  });

  it('report values from tfvars at the attribute that uses them', async () => {
    const r = await load(files);
    expect(attr(resource(r, 't.x'), 'a')?.range).toMatchObject({ file: 'env/main.tf', line: 7, column: 7 });
  });
});

describe('modules', () => {
  const files = {
    'main.tf': tf`
      module "aks" {
        source  = "./modules/aks"
        name    = "prod"
        private = true
      }
      module "regional" {
        source   = "./modules/aks"
        for_each = toset(["eu"])
        name     = each.key
        private  = false
      }
      module "remote" {
        source  = "Azure/aks/azurerm"
        version = "9.0.0"
      }
      resource "t" "uses" {
        id     = module.aks.cluster_name
        remote = module.remote.id
      }
    `,
    'modules/aks/main.tf': tf`
      variable "name" {}
      variable "private" { default = false }
      resource "azurerm_kubernetes_cluster" "main" {
        name                    = "aks-\${var.name}"
        private_cluster_enabled = var.private
      }
      module "net" {
        source = "../net"
        prefix = var.name
      }
      output "cluster_name" { value = azurerm_kubernetes_cluster.main.name }
    `,
    'modules/net/main.tf': tf`
      variable "prefix" {}
      resource "azurerm_subnet" "aks" { name = "\${var.prefix}-aks" }
    `,
  };

  it('evaluates local modules with their inputs, addresses and call path', async () => {
    const r = await load(files, { entries: ['main.tf', 'modules/aks/main.tf', 'modules/net/main.tf'] });
    const c = resource(r, 'module.aks.azurerm_kubernetes_cluster.main');
    expect(toPlain(c.body)).toEqual({ name: 'aks-prod', private_cluster_enabled: true });
    expect(c.via).toEqual(['module.aks']);
    expect(c.file).toBe('modules/aks/main.tf');
    expect(c.range).toMatchObject({ file: 'modules/aks/main.tf', line: 3 });
    expect(attr(c, 'name')?.range).toMatchObject({ file: 'modules/aks/main.tf', line: 4 });
    const subnet = resource(r, 'module.aks.module.net.azurerm_subnet.aks');
    expect(subnet.via).toEqual(['module.aks', 'module.net']);
    expect(plain(subnet, 'name')).toBe('prod-aks');
    expect(plain(resource(r, 'module.regional["eu"].azurerm_kubernetes_cluster.main'), 'name')).toBe(
      'aks-eu',
    );
    // Module folders are evaluated only as calls: no root-level duplicates.
    expect(r.resources.map((x) => x.address).sort()).toEqual([
      'module.aks.azurerm_kubernetes_cluster.main',
      'module.aks.module.net.azurerm_subnet.aks',
      'module.regional["eu"].azurerm_kubernetes_cluster.main',
      'module.regional["eu"].module.net.azurerm_subnet.aks',
      // The remote call, with the inputs it passes, for views that know the module.
      'module.remote',
      't.uses',
    ]);
  });

  it('reads module outputs and notes remote sources it did not fetch', async () => {
    const r = await load(files);
    const uses = resource(r, 't.uses');
    expect(attr(uses, 'id')).toMatchObject({
      kind: 'unknown',
      reason: 'azurerm_kubernetes_cluster.main.name is known only after apply',
    });
    expect(attr(uses, 'remote')).toMatchObject({
      kind: 'unknown',
      reason: expect.stringMatching(/remote source/),
    });
    expect(r.skipped).toEqual([
      {
        file: 'main.tf',
        line: 12,
        column: 1,
        message: 'module.remote: remote source "Azure/aks/azurerm" was not fetched',
        module: 'Azure/aks/azurerm',
      },
    ]);
  });

  it('merges override files into the blocks they name, as Terraform does', async () => {
    const r = await load({
      'main.tf': tf`
        resource "azurerm_kubernetes_cluster" "aks" {
          name                   = "aks"
          local_account_disabled = false
          network_profile {
            network_plugin = "kubenet"
          }
          default_node_pool {
            name = "system"
          }
        }
        module "pool" {
          source = "./v3"
          name   = "extra"
        }
        locals { env = "dev" }
      `,
      'main_override.tf': tf`
        resource "azurerm_kubernetes_cluster" "aks" {
          local_account_disabled = true
          network_profile {
            network_plugin = "azure"
            network_policy = "cilium"
          }
        }
        module "pool" { source = "./v4" }
        locals { env = "prod" }
      `,
      'v3/main.tf': 'variable "name" {}\nresource "t" "v3" { name = var.name }\n',
      'v4/main.tf': 'variable "name" {}\nresource "t" "v4" { name = var.name }\n',
      'other.tf': 'resource "t" "env" { env = local.env }\n',
    });
    const cluster = resource(r, 'azurerm_kubernetes_cluster.aks');
    expect(toPlain(cluster.body)).toEqual({
      name: 'aks',
      local_account_disabled: true,
      default_node_pool: { name: 'system' },
      network_profile: { network_plugin: 'azure', network_policy: 'cilium' },
    });
    // What the override sets is located in the override file; the rest stays where it was written.
    expect(attr(cluster, 'local_account_disabled')?.range).toMatchObject({
      file: 'main_override.tf',
      line: 2,
    });
    expect(attr(cluster, 'name')?.range).toMatchObject({ file: 'main.tf', line: 2 });
    expect(r.resources.map((x) => x.address).sort()).toEqual([
      'azurerm_kubernetes_cluster.aks',
      'module.pool.t.v4',
      't.env',
    ]);
    expect(plain(resource(r, 'module.pool.t.v4'), 'name')).toBe('extra');
    expect(plain(resource(r, 't.env'), 'env')).toBe('prod');
  });

  it('reads azapi_resource as the Azure resource it declares, with its ARM-shaped body', async () => {
    const r = await load({
      'main.tf': tf`
        resource "azapi_resource" "aks" {
          type      = "Microsoft.ContainerService/managedClusters@2024-02-01"
          name      = "aks-prod"
          parent_id = "/subscriptions/0000/resourceGroups/rg"
          location  = "westeurope"
          identity { type = "SystemAssigned" }
          body = {
            properties = { disableLocalAccounts = false }
          }
        }
        resource "azapi_resource" "pool" {
          type      = "Microsoft.ContainerService/managedClusters/agentPools@2024-02-01"
          name      = "user"
          parent_id = azapi_resource.aks.id
          body      = jsonencode({ properties = { enableEncryptionAtHost = true } })
        }
        resource "azapi_resource" "later" {
          type = var.resource_type
        }
        variable "resource_type" {}
      `,
    });
    const cluster = resource(r, 'azapi_resource.aks');
    expect(cluster).toMatchObject({
      type: 'Microsoft.ContainerService/managedClusters',
      apiVersion: '2024-02-01',
      format: 'terraform',
    });
    expect(toPlain(cluster.body)).toEqual({
      name: 'aks-prod',
      location: 'westeurope',
      identity: { type: 'SystemAssigned' },
      properties: { disableLocalAccounts: false },
    });
    const pool = resource(r, 'azapi_resource.pool');
    expect(pool).toMatchObject({
      type: 'Microsoft.ContainerService/managedClusters/agentPools',
      parent: 'azapi_resource.aks',
    });
    expect(plain(pool, 'properties', 'enableEncryptionAtHost')).toBe(true);
    // The jsonencode'd (azapi 1.x) body keeps where each value is written, not the whole call.
    const encryption = getProperty(getProperty(pool.body, 'properties'), 'enableEncryptionAtHost');
    expect(encryption?.range).toMatchObject({ line: 15, column: 68 });
    expect(r.skipped.map((n) => n.message)).toEqual([
      'azapi_resource.later: the Azure resource type it declares is not known before apply, so it is not checked',
    ]);
  });

  it('returns known outputs', async () => {
    const r = await load({
      'main.tf': 'module "m" {\n  source = "./m"\n  x = 2\n}\nresource "t" "r" {\n  v = module.m.double\n}\n',
      'm/main.tf': 'variable "x" {}\noutput "double" { value = var.x * 2 }\n',
    });
    expect(plain(resource(r, 't.r'), 'v')).toBe(4);
  });

  it('evaluates a module folder scanned alone as a root with unknown variables', async () => {
    const r = await load(
      {
        'modules/aks/main.tf': files['modules/aks/main.tf'],
        'modules/net/main.tf': files['modules/net/main.tf'],
      },
      {
        entries: ['modules/aks/main.tf'],
      },
    );
    const c = resource(r, 'azurerm_kubernetes_cluster.main');
    expect(attr(c, 'name')).toMatchObject({
      kind: 'unknown',
      reason: 'var.name has no default and no tfvars value',
    });
    expect(plain(c, 'private_cluster_enabled')).toBe(false);
  });

  it('stops module recursion with an error', async () => {
    const r = await load({ 'a/main.tf': 'module "self" {\n  source = "../a"\n}\nresource "t" "x" {}\n' });
    expect(r.resources.map((x) => x.address)).toEqual(['t.x']);
    expect(r.errors[0]).toMatchObject({
      file: 'a/main.tf',
      line: 1,
      message: expect.stringMatching(/recursively/),
    });
  });

  it('caps huge expansions', async () => {
    const r = await load({ 'main.tf': 'resource "t" "x" {\n  count = 100000\n}\n' });
    expect(r.resources).toHaveLength(1000);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual([
      expect.objectContaining({ limit: true, message: expect.stringMatching(/only the first 1000/) }),
    ]);
  });
});

describe('syntax errors', () => {
  it('are reported with 1-based positions and the rest of the file is still read', async () => {
    const r = await load({
      'main.tf': tf`
        resource "t" "good" {
          x = 1
        }
        resource "t" "bad" {
          y = 2 +
        }
        resource "t" "after" {
          z = "é"
        }
      `,
    });
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors[0]).toMatchObject({
      file: 'main.tf',
      line: 5,
      message: expect.stringMatching(/^syntax error/),
    });
    expect(r.resources.map((x) => x.address)).toEqual(expect.arrayContaining(['t.good', 't.after']));
    expect(await terraformLoader.parseOnly({ path: 'main.tf', text: 'a = = 1\n' })).toBeGreaterThan(0);
    expect(await terraformLoader.parseOnly({ path: 'main.tf', text: 'a = 1\n' })).toBe(0);
  });

  it.each([
    ['clean', 'resource "t" "x" {\n  a = 1\n}\n'],
    ['one bad operator', 'a = = 1\n'],
    ['unclosed block', 'resource "t" "x" {\n  a = [1, 2\n'],
    ['several', 'a = = 1\nb = (\nresource "t" {\n  c = "x\n}\nd = 1 +\n'],
    ['stray tokens', '}}} resource "t" "x" {\n  a = {b = }\n}\n%{\n'],
    ['broken template', 'a = "${var.x"\nb = <<EOT\n${\nEOT\n'],
  ])('parseOnly counts the syntax errors load reports: %s', async (name, text) => {
    const loaded = await load({ 'main.tf': text });
    const syntax = loaded.errors.filter((e) => e.message.startsWith('syntax error'));
    expect(syntax.length > 0).toBe(name !== 'clean');
    expect(await terraformLoader.parseOnly({ path: 'main.tf', text })).toBe(syntax.length);
  });

  it('point at the placeholders inside a nested object, not at the block tree-sitter skipped from', async () => {
    const r = await load({
      'main.tf': tf`
        resource "t" "x" {
          a = 1
          data = {
            "k" = jsonencode({
              id = var.id
              inner = {
                key = <key>
                secret = <secret>
              }
            })
          }
        }
      `,
    });
    expect(r.errors[0]).toMatchObject({ line: 7, column: 15, message: "syntax error: missing 'identifier'" });
    expect(r.errors[1]).toMatchObject({ line: 8, column: 16 });
    expect(r.errors.some((e) => /'(data|resource)'/.test(e.message))).toBe(false);
  });

  it('counts columns in characters on lines with non-ASCII text', async () => {
    const r = await load({ 'main.tf': 'locals {\n  é = "ü" }\n}\n' });
    expect(r.errors[0]).toMatchObject({ line: 3, column: 1 });
    const ok = await load({ 'main.tf': 'resource "t" "x" {\n  a = "éé" \n  b = 1\n}\n' });
    expect(attr(resource(ok, 't.x'), 'a')?.range).toMatchObject({ line: 2, column: 7, endColumn: 11 });
  });

  it('claims configuration files (.tf, .tf.json), not variables files', () => {
    expect(terraformLoader.claims('a/main.tf', '')).toBe(true);
    expect(terraformLoader.claims('a/main.tf.json', '')).toBe(true);
    expect(terraformLoader.claims('a/azuredeploy.json', '')).toBe(false);
    expect(terraformLoader.claims('terraform.tfvars', '')).toBe(false);
    expect(terraformLoader.claims('terraform.tfvars.json', '')).toBe(false);
  });
});
