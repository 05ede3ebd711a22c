import * as fs from 'node:fs';
import * as path from 'node:path';
import { FsHost } from '../../src/discover/host';
import { terraformLoader } from '../../src/evaluate/terraform';
import { toPlain } from '../../src/model';
import { attr, plain, resource } from './helpers';

const fixtures = path.join(__dirname, '__fixtures__', 'aks');

async function loadFixture() {
  const cwd = fixtures;
  const host = new FsHost(cwd, [fs.realpathSync(cwd)]);
  const entries = ['main.tf', 'variables.tf', 'modules/cluster/main.tf'].map((p) => ({
    path: p,
    text: host.readFile(p)!,
  }));
  return terraformLoader.load(entries, host, { varFiles: [], parameterFiles: [] });
}

describe('a realistic AKS root module with a local module', () => {
  it('loads every resource once, with tfvars, for_each and the module', async () => {
    const r = await loadFixture();
    expect(r.errors).toEqual([]);
    expect(r.resources.map((x) => x.address)).toEqual([
      'module.secondary.azurerm_kubernetes_cluster.this',
      'azurerm_resource_group.rg',
      'azurerm_virtual_network.vnet',
      'azurerm_subnet.aks',
      'azurerm_log_analytics_workspace.logs',
      'azurerm_kubernetes_cluster.main',
      'azurerm_kubernetes_cluster_node_pool.user["apps"]',
      'azurerm_kubernetes_cluster_node_pool.user["batch"]',
    ]);
    expect(plain(resource(r, 'azurerm_resource_group.rg'), 'name')).toBe('rg-shop-prod');
    expect(r.files.map((f) => f.path)).toEqual([
      'main.tf',
      'modules/cluster/main.tf',
      'terraform.tfvars',
      'variables.tf',
    ]);
  });

  it('reads the cluster as the rules will', async () => {
    const r = await loadFixture();
    const c = resource(r, 'azurerm_kubernetes_cluster.main');
    expect(c.providerVersion).toBe('~> 3.110');
    expect(plain(c, 'network_profile', 'network_policy')).toBe('cilium');
    expect(plain(c, 'azure_active_directory_role_based_access_control', 'admin_group_object_ids')).toEqual([
      '00000000-0000-0000-0000-000000000001',
    ]);
    expect(plain(c, 'maintenance_window', 'allowed')).toEqual([
      { day: 'Saturday', hours: [1, 2, 3] },
      { day: 'Sunday', hours: [1, 2] },
    ]);
    expect(plain(c, 'tags')).toEqual({
      owner: 'platform-team',
      cost_center: 4711,
      critical: true,
      component: 'aks',
    });
    expect(attr(c, 'lifecycle')).toBeUndefined();
    expect(attr(c, 'oms_agent', 'log_analytics_workspace_id')?.kind).toBe('unknown');
    expect(c.references.sort()).toEqual([
      'azurerm_log_analytics_workspace.logs',
      'azurerm_resource_group.rg',
      'azurerm_subnet.aks',
    ]);
    const pool = resource(r, 'azurerm_kubernetes_cluster_node_pool.user["apps"]');
    expect(pool.parent).toBe('azurerm_kubernetes_cluster.main');
    expect(plain(pool, 'node_taints')).toEqual(['workload=apps:NoSchedule']);
    const dr = resource(r, 'module.secondary.azurerm_kubernetes_cluster.this');
    expect(toPlain(attr(dr, 'private_cluster_enabled')!)).toBe(false);
    expect(plain(dr, 'dns_prefix')).toBe('aksshopdr');
    expect(attr(dr, 'oms_agent')).toBeUndefined();
    expect(dr.providerVersion).toBe('~> 3.110');
  });
});
