import type { Random } from './random';
import {
  attr,
  blank,
  block,
  comment,
  expr,
  hclFile,
  hclValue,
  raw,
  renderHcl,
  Raw,
  type Data,
  type HclItem,
} from './render';
import { ENVIRONMENTS, REGIONS, TEAMS, postureFor, type GeneratedFile, type Posture } from './shared';

/** Root modules at scale 1: about 2,000 .tf files and 10 MB, well under the loader's 500-directory cap. */
const ROOTS_AT_SCALE_1 = 300;

type ProviderMajor = 3 | 4;

interface Variable {
  name: string;
  type: string;
  description: string;
  default?: Data;
  sensitive?: boolean;
  validation?: { condition: string; message: string };
}

/** What one root module declares as it is built: variables, their tfvars values, locals. */
class RootInputs {
  readonly variables: Variable[] = [];
  readonly tfvars = new Map<string, Data>();
  readonly locals = new Map<string, Data>();

  declare(variable: Variable, tfvarsValue?: Data): string {
    if (!this.variables.some((v) => v.name === variable.name)) this.variables.push(variable);
    if (tfvarsValue !== undefined) this.tfvars.set(variable.name, tfvarsValue);
    return `var.${variable.name}`;
  }

  local(name: string, value: Data): string {
    this.locals.set(name, value);
    return `local.${name}`;
  }
}

interface RootPlan {
  dir: string;
  team: string;
  environment: string;
  region: (typeof REGIONS)[number];
  provider: ProviderMajor;
  posture: Posture;
  clusterInModule: boolean;
  networkInModule: boolean;
  monitoringInModule: boolean;
}

/**
 * A boolean security setting, written the many ways real code writes it: a literal, a variable set in
 * terraform.tfvars, a variable with a default, a local, a condition on the environment, and now and
 * then a variable nothing sets (which the scan reports as unknown).
 */
function setting(
  rng: Random,
  inputs: RootInputs,
  plan: RootPlan,
  name: string,
  secureValue: Data,
  insecureValue: Data,
): string {
  const value = rng.chance(plan.posture.secureShare) ? secureValue : insecureValue;
  const type =
    typeof secureValue === 'boolean' ? 'bool' : typeof secureValue === 'number' ? 'number' : 'string';
  const roll = rng.next();
  if (roll < 0.55) return hclValue(value);
  if (roll < 0.75)
    return inputs.declare({ name, type, description: `Cluster setting ${name.replace(/_/g, ' ')}.` }, value);
  if (roll < 0.85)
    return inputs.declare({
      name,
      type,
      description: `Cluster setting ${name.replace(/_/g, ' ')}.`,
      default: value,
    });
  if (roll < 0.93) return inputs.local(name, value);
  if (roll < 0.98) return `var.environment == "prod" ? ${hclValue(secureValue)} : ${hclValue(value)}`;
  return inputs.declare({ name, type, description: `Set by the pipeline (${name}).` });
}

function planRoots(rng: Random, scale: number): RootPlan[] {
  const count = Math.max(1, Math.round(ROOTS_AT_SCALE_1 * scale));
  const plans: RootPlan[] = [];
  const seen = new Set<string>();
  for (let i = 0; plans.length < count; i++) {
    const team = TEAMS[i % TEAMS.length];
    const environment = ENVIRONMENTS[Math.floor(i / TEAMS.length) % ENVIRONMENTS.length];
    const region = REGIONS[(i * 7 + Math.floor(i / (TEAMS.length * ENVIRONMENTS.length))) % REGIONS.length];
    let dir = `terraform/teams/${team}/${environment}-${region.code}`;
    if (seen.has(dir)) dir += `-${i}`;
    seen.add(dir);
    plans.push({
      dir,
      team,
      environment,
      region,
      provider: rng.chance(0.45) ? 3 : 4,
      posture: postureFor(rng, environment),
      clusterInModule: rng.chance(0.3),
      networkInModule: rng.chance(0.4),
      monitoringInModule: rng.chance(0.35),
    });
  }
  return plans;
}

export function terraformCorpus(rng: Random, scale: number): GeneratedFile[] {
  const files: GeneratedFile[] = [...sharedModules()];
  for (const plan of planRoots(rng, scale)) files.push(...rootModule(rng.fork(plan.dir), plan));
  return files;
}

const MODULES = '../../../modules';

function rootModule(rng: Random, plan: RootPlan): GeneratedFile[] {
  const inputs = new RootInputs();
  inputs.declare(
    {
      name: 'environment',
      type: 'string',
      description: 'Deployment environment; drives naming, sizing and protection.',
      validation: {
        condition: `contains(["dev", "test", "staging", "prod", "dr"], var.environment)`,
        message: 'environment must be one of dev, test, staging, prod, dr.',
      },
    },
    plan.environment,
  );
  inputs.declare(
    { name: 'location', type: 'string', description: 'Azure region.', default: 'westeurope' },
    plan.region.name,
  );
  inputs.declare(
    { name: 'team', type: 'string', description: 'Owning team, used in names and tags.' },
    plan.team,
  );
  inputs.declare(
    {
      name: 'kubernetes_version',
      type: 'string',
      description: 'AKS control plane version.',
      default: '1.29',
    },
    rng.pick(['1.28', '1.29', '1.30', '1.30.4', '1.31']),
  );
  inputs.declare(
    {
      name: 'address_space',
      type: 'list(string)',
      description: 'Address space of the spoke virtual network.',
    },
    [`10.${rng.int(16, 250)}.0.0/16`],
  );
  inputs.declare(
    {
      name: 'tags',
      type: 'map(string)',
      description: 'Extra tags merged into every resource.',
      default: {},
    },
    { cost_center: `cc-${rng.int(1000, 9999)}`, owner: `${plan.team}@contoso.com` },
  );
  inputs.local('name', raw('"${var.team}-${var.environment}-${local.region_code}"'));
  inputs.local('region_code', plan.region.code);
  inputs.local(
    'tags',
    raw(
      'merge(var.tags, {\n  team        = var.team\n  environment = var.environment\n  managed_by  = "terraform"\n  repository  = "infra-live"\n})',
    ),
  );
  inputs.local('is_production', raw('contains(["prod", "dr"], var.environment)'));

  const files: GeneratedFile[] = [];
  const add = (name: string, text: string) => files.push({ path: `${plan.dir}/${name}`, text });

  const network = plan.networkInModule ? networkModuleCall(rng, inputs) : inlineNetwork(rng, inputs, plan);
  const monitoring = plan.monitoringInModule
    ? monitoringModuleCall(rng, inputs)
    : inlineMonitoring(rng, inputs, plan);
  const main = plan.clusterInModule ? clusterModuleCall(rng, inputs, plan) : inlineCluster(rng, inputs, plan);
  const identity = identityBlocks(rng, inputs, plan);
  const outputs = outputBlocks(plan);

  add('main.tf', hclFile([resourceGroup(), ...main]));
  add('network.tf', hclFile(network));
  add('monitoring.tf', hclFile(monitoring));
  add('identity.tf', hclFile(identity));
  add('outputs.tf', hclFile(outputs));
  if (rng.chance(0.5)) add('dns.tf', hclFile(dnsBlocks(rng)));
  add('keyvault.tf', hclFile(keyVaultBlocks(rng, plan)));
  add('alerts.tf', hclFile(queryAlertBlocks(rng, plan)));
  add('policy.tf', hclFile(policyBlocks(rng, plan)));
  if (rng.chance(0.6)) add('storage.tf', hclFile(storageBlocks(rng, inputs, plan)));
  add('locals.tf', hclFile([block('locals', localItems(inputs))]));
  add('variables.tf', hclFile(inputs.variables.map(variableBlock)));
  add('versions.tf', versionsFile(rng, plan));
  add('terraform.tfvars', tfvarsFile(inputs));
  return files;
}

function resourceGroup(): HclItem {
  return block('resource "azurerm_resource_group" "this"', [
    expr('name', '"rg-${local.name}"'),
    expr('location', 'var.location'),
    expr('tags', 'local.tags'),
  ]);
}

function localItems(inputs: RootInputs): HclItem[] {
  return [...inputs.locals.entries()].map(([k, v]) => attr(k, v));
}

function variableBlock(v: Variable): HclItem {
  const body: HclItem[] = [expr('type', v.type), attr('description', v.description)];
  if (v.default !== undefined) body.push(attr('default', v.default));
  if (v.sensitive) body.push(attr('sensitive', true));
  if (v.validation)
    body.push(
      block('validation', [
        expr('condition', v.validation.condition),
        attr('error_message', v.validation.message),
      ]),
    );
  return block(`variable "${v.name}"`, body);
}

function tfvarsFile(inputs: RootInputs): string {
  const items: HclItem[] = [];
  for (const [k, v] of inputs.tfvars) {
    if (typeof v === 'object' && v !== null && !(v instanceof Raw)) items.push(blank);
    items.push(attr(k, v));
  }
  return renderHcl(items).replace(/^\n+/, '') + '\n';
}

function versionsFile(rng: Random, plan: RootPlan): string {
  const version = plan.provider === 3 ? `~> 3.${rng.int(90, 117)}` : `~> 4.${rng.int(0, 20)}`;
  const features: HclItem[] =
    plan.provider === 4
      ? [
          block('features', [
            block('resource_group', [
              attr('prevent_deletion_if_contains_resources', plan.environment === 'prod'),
            ]),
          ]),
          expr('subscription_id', 'var.subscription_id'),
        ]
      : [block('features', [])];
  const blocks: HclItem[] = [
    block('terraform', [
      attr('required_version', '>= 1.5.0'),
      block('required_providers', [
        attr('azurerm', { source: 'hashicorp/azurerm', version }),
        attr('azuread', { source: 'hashicorp/azuread', version: '~> 2.47' }),
      ]),
      block('backend "azurerm"', [
        attr('resource_group_name', 'rg-tfstate'),
        attr('storage_account_name', `sttfstate${plan.region.code}${rng.hex(6)}`),
        attr('container_name', 'tfstate'),
        attr('key', `${plan.team}/${plan.environment}.tfstate`),
        attr('use_azuread_auth', true),
      ]),
    ]),
    block('provider "azurerm"', features),
  ];
  let text = hclFile(blocks);
  if (plan.provider === 4)
    text +=
      '\nvariable "subscription_id" {\n  type        = string\n  description = "Target subscription."\n}\n';
  return text;
}

const VM_SIZES = [
  'Standard_D4s_v5',
  'Standard_D8s_v5',
  'Standard_D16s_v5',
  'Standard_E8s_v5',
  'Standard_F8s_v2',
];

function nodePoolsVariable(rng: Random, inputs: RootInputs): string {
  const pools: Record<string, Data> = {};
  for (const name of rng.sample(
    ['apps', 'batch', 'gpu', 'spot', 'memory', 'ingress', 'jobs'],
    rng.int(2, 5),
  )) {
    const min = rng.int(1, 3);
    const pool: Record<string, Data> = {
      vm_size: name === 'gpu' ? 'Standard_NC6s_v3' : rng.pick(VM_SIZES),
      min_count: min,
      max_count: min + rng.int(0, 8),
      zones: rng.chance(0.7) ? ['1', '2', '3'] : ['1'],
      labels: { workload: name },
    };
    if (name === 'spot' || rng.chance(0.15)) pool.priority = 'Spot';
    if (name === 'gpu' || name === 'batch') pool.taints = [`workload=${name}:NoSchedule`];
    if (rng.chance(0.3)) pool.node_public_ip = true;
    pools[name] = pool;
  }
  return inputs.declare(
    {
      name: 'node_pools',
      type: raw(
        'map(object({\n  vm_size        = string\n  min_count      = number\n  max_count      = number\n  zones          = optional(list(string), ["1", "2", "3"])\n  labels         = optional(map(string), {})\n  taints         = optional(list(string), [])\n  priority       = optional(string, "Regular")\n  node_public_ip = optional(bool, false)\n  enabled        = optional(bool, true)\n}))',
      ).text,
      description: 'User node pools by name.',
      default: {},
    },
    pools,
  );
}

function inlineCluster(rng: Random, inputs: RootInputs, plan: RootPlan): HclItem[] {
  const v4 = plan.provider === 4;
  const s = (name: string, secure: Data, insecure: Data) =>
    setting(rng, inputs, plan, name, secure, insecure);
  const privateCluster = s('private_cluster_enabled', true, false);
  const body: HclItem[] = [
    expr('name', '"aks-${local.name}"'),
    expr('location', 'azurerm_resource_group.this.location'),
    expr('resource_group_name', 'azurerm_resource_group.this.name'),
    expr('dns_prefix', 'local.name'),
    expr('kubernetes_version', 'var.kubernetes_version'),
    expr('sku_tier', 'local.is_production ? "Standard" : "Free"'),
    blank,
    expr('local_account_disabled', s('local_account_disabled', true, false)),
    expr('role_based_access_control_enabled', s('rbac_enabled', true, false)),
    expr('private_cluster_enabled', privateCluster),
  ];
  if (rng.chance(0.4))
    body.push(expr('private_cluster_public_fqdn_enabled', s('public_fqdn_enabled', false, true)));
  if (rng.chance(0.3)) body.push(expr('private_dns_zone_id', 'azurerm_private_dns_zone.aks.id'));
  body.push(expr('azure_policy_enabled', s('azure_policy_enabled', true, false)));
  if (rng.chance(0.75)) {
    body.push(
      expr('oidc_issuer_enabled', 'true'),
      expr('workload_identity_enabled', s('workload_identity', true, false)),
    );
  }
  if (!v4 && rng.chance(0.2))
    body.push(expr('http_application_routing_enabled', s('http_app_routing', false, true)));
  body.push(
    expr(
      v4 ? 'automatic_upgrade_channel' : 'automatic_channel_upgrade',
      s('upgrade_channel', 'patch', 'none'),
    ),
  );
  if (rng.chance(0.7))
    body.push(
      expr(
        v4 ? 'node_os_upgrade_channel' : 'node_os_channel_upgrade',
        s('node_os_channel', 'NodeImage', 'None'),
      ),
    );
  if (rng.chance(0.5))
    body.push(expr('image_cleaner_enabled', 'true'), expr('image_cleaner_interval_hours', '48'));
  if (rng.chance(0.35)) body.push(expr('disk_encryption_set_id', 'azurerm_disk_encryption_set.aks.id'));
  if (rng.chance(0.6)) {
    const ranges = inputs.declare(
      {
        name: 'authorized_ip_ranges',
        type: 'list(string)',
        description: 'CIDRs allowed to reach the API server.',
        default: [],
      },
      rng.chance(plan.posture.secureShare) ? ['203.0.113.0/24', '198.51.100.10/32'] : ['0.0.0.0/0'],
    );
    if (!v4 && rng.chance(0.3)) body.push(expr('api_server_authorized_ip_ranges', ranges));
    else body.push(block('api_server_access_profile', [expr('authorized_ip_ranges', ranges)]));
  }

  const pool: HclItem[] = [
    attr('name', 'system'),
    expr('vm_size', `var.environment == "prod" ? "Standard_D8s_v5" : "Standard_D4s_v5"`),
    expr(v4 ? 'auto_scaling_enabled' : 'enable_auto_scaling', 'true'),
    expr('min_count', 'local.is_production ? 3 : 1'),
    expr('max_count', 'local.is_production ? 6 : 3'),
    expr(
      'vnet_subnet_id',
      plan.networkInModule ? 'module.network.subnet_ids["aks-nodes"]' : 'azurerm_subnet.this["aks-nodes"].id',
    ),
    attr('zones', ['1', '2', '3']),
    attr('only_critical_addons_enabled', true),
    attr('os_disk_type', rng.pick(['Ephemeral', 'Managed'])),
    attr('max_pods', rng.pick([30, 50, 110])),
    expr(v4 ? 'host_encryption_enabled' : 'enable_host_encryption', s('host_encryption', true, false)),
  ];
  if (rng.chance(0.25))
    pool.push(
      expr(v4 ? 'node_public_ip_enabled' : 'enable_node_public_ip', s('node_public_ip', false, true)),
    );
  if (v4) pool.push(attr('temporary_name_for_rotation', 'systemtmp'));
  pool.push(block('upgrade_settings', [attr('max_surge', rng.pick(['10%', '33%', '1']))]));
  body.push(block('default_node_pool', pool));

  if (rng.chance(plan.posture.secureShare * 0.9 + 0.05)) {
    body.push(
      block('identity', [
        attr('type', 'UserAssigned'),
        expr('identity_ids', '[azurerm_user_assigned_identity.cluster.id]'),
      ]),
    );
    body.push(
      block('kubelet_identity', [
        expr('client_id', 'azurerm_user_assigned_identity.kubelet.client_id'),
        expr('object_id', 'azurerm_user_assigned_identity.kubelet.principal_id'),
        expr('user_assigned_identity_id', 'azurerm_user_assigned_identity.kubelet.id'),
      ]),
    );
  } else if (rng.chance(0.7)) {
    body.push(block('identity', [attr('type', 'SystemAssigned')]));
  } else {
    inputs.declare(
      { name: 'sp_client_id', type: 'string', description: 'Legacy service principal.' },
      rng.guid(),
    );
    inputs.declare({
      name: 'sp_client_secret',
      type: 'string',
      description: 'Legacy service principal secret.',
      sensitive: true,
    });
    body.push(
      block('service_principal', [
        expr('client_id', 'var.sp_client_id'),
        expr('client_secret', 'var.sp_client_secret'),
      ]),
    );
  }

  const aad: HclItem[] = [
    ...(v4 ? [] : [attr('managed', true)]),
    expr('azure_rbac_enabled', s('azure_rbac', true, false)),
    expr('admin_group_object_ids', 'var.admin_group_object_ids'),
    expr('tenant_id', 'data.azurerm_client_config.current.tenant_id'),
  ];
  inputs.declare(
    {
      name: 'admin_group_object_ids',
      type: 'list(string)',
      description: 'Entra ID groups with cluster admin.',
      default: [],
    },
    [rng.guid()],
  );
  if (rng.chance(0.5)) {
    body.push(
      block('dynamic "azure_active_directory_role_based_access_control"', [
        expr('for_each', 'length(var.admin_group_object_ids) > 0 ? [1] : []'),
        block('content', aad),
      ]),
    );
  } else if (rng.chance(0.8)) {
    body.push(block('azure_active_directory_role_based_access_control', aad));
  }

  const network: HclItem[] = [
    expr('network_plugin', s('network_plugin', 'azure', 'kubenet')),
    ...(rng.chance(0.5) ? [attr('network_plugin_mode', 'overlay')] : []),
  ];
  if (rng.chance(0.8))
    network.push(expr('network_policy', s('network_policy', rng.pick(['calico', 'azure', 'cilium']), null)));
  network.push(
    expr('outbound_type', s('outbound_type', 'userDefinedRouting', 'loadBalancer')),
    attr('load_balancer_sku', 'standard'),
    attr('service_cidr', '172.16.0.0/16'),
    attr('dns_service_ip', '172.16.0.10'),
  );
  body.push(block('network_profile', network));

  if (rng.chance(0.8))
    body.push(
      block('oms_agent', [
        expr(
          'log_analytics_workspace_id',
          plan.monitoringInModule
            ? 'module.log_analytics.workspace_id'
            : 'azurerm_log_analytics_workspace.this.id',
        ),
        attr('msi_auth_for_monitoring_enabled', true),
      ]),
    );
  if (rng.chance(plan.posture.secureShare))
    body.push(
      block('dynamic "microsoft_defender"', [
        expr('for_each', 'local.is_production ? [1] : []'),
        block('content', [
          expr(
            'log_analytics_workspace_id',
            plan.monitoringInModule
              ? 'module.log_analytics.workspace_id'
              : 'azurerm_log_analytics_workspace.this.id',
          ),
        ]),
      ]),
    );
  body.push(
    block('key_vault_secrets_provider', [
      expr('secret_rotation_enabled', s('secret_rotation', true, false)),
      attr('secret_rotation_interval', '2m'),
    ]),
  );
  if (rng.chance(0.3))
    body.push(
      block('key_management_service', [
        expr('key_vault_key_id', 'azurerm_key_vault_key.etcd.id'),
        attr('key_vault_network_access', 'Private'),
      ]),
    );
  if (rng.chance(0.1)) body.push(block('aci_connector_linux', [attr('subnet_name', 'snet-virtual-nodes')]));
  inputs.declare(
    {
      name: 'maintenance_windows',
      type: 'list(object({ day = string, hours = list(number) }))',
      description: 'Planned maintenance windows.',
      default: [{ day: 'Sunday', hours: [1, 2, 3] }],
    },
    rng.chance(0.5) ? [{ day: rng.pick(['Saturday', 'Sunday']), hours: [0, 1, 2, 3] }] : undefined,
  );
  body.push(
    block('dynamic "maintenance_window"', [
      expr('for_each', 'length(var.maintenance_windows) > 0 ? [1] : []'),
      block('content', [
        block('dynamic "allowed"', [
          expr('for_each', 'var.maintenance_windows'),
          block('content', [expr('day', 'allowed.value.day'), expr('hours', 'allowed.value.hours')]),
        ]),
      ]),
    ]),
  );
  body.push(
    block('auto_scaler_profile', [
      attr('balance_similar_node_groups', true),
      attr('expander', rng.pick(['least-waste', 'random', 'priority'])),
      attr('scale_down_unneeded', '10m'),
      attr('skip_nodes_with_system_pods', true),
    ]),
  );
  if (rng.chance(0.5))
    body.push(
      block('storage_profile', [
        attr('blob_driver_enabled', rng.chance(0.4)),
        attr('disk_driver_enabled', true),
        attr('file_driver_enabled', rng.chance(0.5)),
      ]),
    );
  body.push(
    block('lifecycle', [expr('ignore_changes', '[default_node_pool[0].node_count, kubernetes_version]')]),
    blank,
    expr('tags', 'local.tags'),
  );

  const pools = nodePoolsVariable(rng, inputs);
  inputs.local('node_pools', raw(`{ for name, pool in ${pools} : name => pool if pool.enabled }`));
  const userPool = block('resource "azurerm_kubernetes_cluster_node_pool" "user"', [
    expr('for_each', 'local.node_pools'),
    blank,
    expr('name', 'each.key'),
    expr('kubernetes_cluster_id', 'azurerm_kubernetes_cluster.this.id'),
    expr('vm_size', 'each.value.vm_size'),
    attr('mode', 'User'),
    expr('orchestrator_version', 'var.kubernetes_version'),
    expr(v4 ? 'auto_scaling_enabled' : 'enable_auto_scaling', 'each.value.max_count > each.value.min_count'),
    expr('min_count', 'each.value.min_count'),
    expr('max_count', 'each.value.max_count'),
    expr('zones', 'each.value.zones'),
    expr('node_labels', 'merge({ team = var.team }, each.value.labels)'),
    expr('node_taints', 'each.value.taints'),
    expr('priority', 'each.value.priority'),
    expr('eviction_policy', 'each.value.priority == "Spot" ? "Delete" : null'),
    expr('spot_max_price', 'each.value.priority == "Spot" ? -1 : null'),
    expr(v4 ? 'node_public_ip_enabled' : 'enable_node_public_ip', 'each.value.node_public_ip'),
    expr(v4 ? 'host_encryption_enabled' : 'enable_host_encryption', s('pool_host_encryption', true, false)),
    expr(
      'vnet_subnet_id',
      plan.networkInModule ? 'module.network.subnet_ids["aks-nodes"]' : 'azurerm_subnet.this["aks-nodes"].id',
    ),
    block('upgrade_settings', [attr('max_surge', '33%')]),
    blank,
    expr('tags', 'local.tags'),
  ]);

  const items: HclItem[] = [
    block('data "azurerm_client_config" "current"', []),
    block('resource "azurerm_kubernetes_cluster" "this"', body),
    userPool,
  ];
  if (rng.chance(0.4)) {
    items.push(
      block('resource "azurerm_kubernetes_cluster_node_pool" "windows"', [
        expr('count', 'var.environment == "prod" ? 1 : 0'),
        attr('name', 'win'),
        expr('kubernetes_cluster_id', 'azurerm_kubernetes_cluster.this.id'),
        attr('vm_size', 'Standard_D8s_v5'),
        attr('os_type', 'Windows'),
        attr('os_sku', 'Windows2022'),
        attr('node_count', 2),
        expr(v4 ? 'node_public_ip_enabled' : 'enable_node_public_ip', s('windows_public_ip', false, true)),
      ]),
    );
  }
  return items;
}

function clusterModuleCall(rng: Random, inputs: RootInputs, plan: RootPlan): HclItem[] {
  const s = (name: string, secure: Data, insecure: Data) =>
    setting(rng, inputs, plan, name, secure, insecure);
  const pools = nodePoolsVariable(rng, inputs);
  return [
    block('module "aks"', [
      attr('source', `${MODULES}/aks-cluster-v${plan.provider}`),
      blank,
      expr('name', '"aks-${local.name}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('kubernetes_version', 'var.kubernetes_version'),
      expr(
        'subnet_id',
        plan.networkInModule
          ? 'module.network.subnet_ids["aks-nodes"]'
          : 'azurerm_subnet.this["aks-nodes"].id',
      ),
      expr(
        'log_analytics_workspace_id',
        plan.monitoringInModule
          ? 'module.log_analytics.workspace_id'
          : 'azurerm_log_analytics_workspace.this.id',
      ),
      expr(
        'admin_group_object_ids',
        inputs.declare(
          {
            name: 'admin_group_object_ids',
            type: 'list(string)',
            description: 'Cluster admins.',
            default: [],
          },
          [rng.guid()],
        ),
      ),
      expr('node_pools', pools),
      blank,
      expr('private_cluster_enabled', s('private_cluster_enabled', true, false)),
      expr('local_account_disabled', s('local_account_disabled', true, false)),
      expr('azure_policy_enabled', s('azure_policy_enabled', true, false)),
      expr('network_policy', s('network_policy', 'calico', 'none')),
      expr('host_encryption_enabled', s('host_encryption', true, false)),
      expr('defender_enabled', s('defender_enabled', true, false)),
      expr('outbound_type', s('outbound_type', 'userDefinedRouting', 'loadBalancer')),
      expr('authorized_ip_ranges', rng.chance(0.5) ? '["203.0.113.0/24"]' : '[]'),
      blank,
      expr('tags', 'local.tags'),
    ]),
  ];
}

const NSG_PORTS: [string, string, string][] = [
  ['https', '443', 'Tcp'],
  ['http', '80', 'Tcp'],
  ['ssh', '22', 'Tcp'],
  ['rdp', '3389', 'Tcp'],
  ['kubelet', '10250', 'Tcp'],
  ['dns', '53', 'Udp'],
  ['nodeports', '30000-32767', 'Tcp'],
  ['prometheus', '9090', 'Tcp'],
  ['postgres', '5432', 'Tcp'],
  ['redis', '6379-6380', 'Tcp'],
];

function nsgRules(rng: Random, plan: RootPlan, count: number): Record<string, Data>[] {
  const rules: Record<string, Data>[] = [];
  for (let i = 0; i < count; i++) {
    const [name, port, protocol] = rng.pick(NSG_PORTS);
    const open = !rng.chance(plan.posture.secureShare) && rng.chance(0.5);
    rules.push({
      name: `${i % 2 === 0 ? 'allow' : 'deny'}-${name}-${i}`,
      priority: 100 + i * 10,
      direction: rng.chance(0.8) ? 'Inbound' : 'Outbound',
      access: i % 2 === 0 ? 'Allow' : 'Deny',
      protocol,
      source_port_range: '*',
      destination_port_range: port,
      source_address_prefix: open
        ? rng.pick(['*', 'Internet', '0.0.0.0/0'])
        : rng.pick(['VirtualNetwork', '10.0.0.0/8', 'AzureLoadBalancer']),
      destination_address_prefix: '*',
    });
  }
  return rules;
}

const SUBNETS = ['aks-nodes', 'aks-pods', 'ingress', 'private-endpoints', 'jumpbox'];

function inlineNetwork(rng: Random, inputs: RootInputs, plan: RootPlan): HclItem[] {
  inputs.local(
    'subnets',
    Object.fromEntries(
      SUBNETS.map((name, i) => [name, { newbits: i < 2 ? 4 : 8, netnum: i < 2 ? i : 32 + i }]),
    ),
  );
  const items: HclItem[] = [
    block('resource "azurerm_virtual_network" "this"', [
      expr('name', '"vnet-${local.name}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('address_space', 'var.address_space'),
      expr('tags', 'local.tags'),
    ]),
    block('resource "azurerm_subnet" "this"', [
      expr('for_each', 'local.subnets'),
      blank,
      expr('name', '"snet-${each.key}"'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('virtual_network_name', 'azurerm_virtual_network.this.name'),
      expr('address_prefixes', '[cidrsubnet(var.address_space[0], each.value.newbits, each.value.netnum)]'),
      expr('private_endpoint_network_policies', plan.provider === 4 ? '"Enabled"' : '"Enabled"'),
    ]),
  ];
  const dynamicRules = rng.chance(0.5);
  for (const subnet of ['aks-nodes', 'ingress']) {
    const rules = nsgRules(rng, plan, rng.int(14, 24));
    const id = subnet.replace(/-/g, '_');
    const body: HclItem[] = [
      expr('name', `"nsg-\${local.name}-${subnet}"`),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
    ];
    if (dynamicRules) {
      inputs.local(`${id}_rules`, rules);
      body.push(
        block('dynamic "security_rule"', [
          expr('for_each', `local.${id}_rules`),
          block('content', [
            expr('name', 'security_rule.value.name'),
            expr('priority', 'security_rule.value.priority'),
            expr('direction', 'security_rule.value.direction'),
            expr('access', 'security_rule.value.access'),
            expr('protocol', 'security_rule.value.protocol'),
            expr('source_port_range', 'security_rule.value.source_port_range'),
            expr('destination_port_range', 'security_rule.value.destination_port_range'),
            expr('source_address_prefix', 'security_rule.value.source_address_prefix'),
            expr('destination_address_prefix', 'security_rule.value.destination_address_prefix'),
          ]),
        ]),
      );
    } else {
      for (const rule of rules)
        body.push(
          block(
            'security_rule',
            Object.entries(rule).map(([k, v]) => attr(k, v)),
          ),
        );
    }
    body.push(expr('tags', 'local.tags'));
    items.push(block(`resource "azurerm_network_security_group" "${id}"`, body));
    items.push(
      block(`resource "azurerm_subnet_network_security_group_association" "${id}"`, [
        expr('subnet_id', `azurerm_subnet.this["${subnet}"].id`),
        expr('network_security_group_id', `azurerm_network_security_group.${id}.id`),
      ]),
    );
  }
  inputs.declare(
    {
      name: 'firewall_private_ip',
      type: 'string',
      description: 'Hub firewall for egress; null for none.',
      default: null,
    },
    rng.chance(0.6) ? `10.0.${rng.int(0, 9)}.4` : undefined,
  );
  items.push(
    block('resource "azurerm_route_table" "egress"', [
      expr('count', 'var.firewall_private_ip == null ? 0 : 1'),
      expr('name', '"rt-${local.name}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      block('route', [
        attr('name', 'default-via-firewall'),
        attr('address_prefix', '0.0.0.0/0'),
        attr('next_hop_type', 'VirtualAppliance'),
        expr('next_hop_in_ip_address', 'var.firewall_private_ip'),
      ]),
      expr('tags', 'local.tags'),
    ]),
    block('resource "azurerm_subnet_route_table_association" "nodes"', [
      expr('count', 'length(azurerm_route_table.egress)'),
      expr('subnet_id', 'azurerm_subnet.this["aks-nodes"].id'),
      expr('route_table_id', 'azurerm_route_table.egress[0].id'),
    ]),
  );
  return items;
}

function networkModuleCall(rng: Random, inputs: RootInputs): HclItem[] {
  return [
    block('module "network"', [
      attr('source', `${MODULES}/network`),
      blank,
      expr('name', 'local.name'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('address_space', 'var.address_space'),
      attr(
        'subnets',
        Object.fromEntries(
          SUBNETS.map((name, i) => [name, { newbits: i < 2 ? 4 : 8, netnum: i < 2 ? i : 32 + i }]),
        ),
      ),
      expr(
        'firewall_private_ip',
        inputs.declare(
          { name: 'firewall_private_ip', type: 'string', description: 'Hub firewall.', default: null },
          rng.chance(0.5) ? '10.0.1.4' : undefined,
        ),
      ),
      expr('tags', 'local.tags'),
    ]),
  ];
}

const CLUSTER_LOGS = [
  'kube-apiserver',
  'kube-audit-admin',
  'kube-controller-manager',
  'kube-scheduler',
  'cluster-autoscaler',
  'guard',
];

function clusterId(plan: RootPlan): string {
  return plan.clusterInModule ? 'module.aks.cluster_id' : 'azurerm_kubernetes_cluster.this.id';
}

function inlineMonitoring(rng: Random, inputs: RootInputs, plan: RootPlan): HclItem[] {
  const retention = inputs.declare(
    { name: 'log_retention_days', type: 'number', description: 'Log Analytics retention.', default: 30 },
    rng.pick([30, 60, 90, 180]),
  );
  const items: HclItem[] = [
    block('resource "azurerm_log_analytics_workspace" "this"', [
      expr('name', '"log-${local.name}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      attr('sku', 'PerGB2018'),
      expr('retention_in_days', retention),
      expr('daily_quota_gb', 'local.is_production ? -1 : 5'),
      attr('internet_ingestion_enabled', rng.chance(0.5)),
      attr('internet_query_enabled', true),
      expr('tags', 'local.tags'),
    ]),
    block('resource "azurerm_monitor_diagnostic_setting" "aks"', [
      attr('name', 'aks-to-law'),
      expr('target_resource_id', clusterId(plan)),
      expr('log_analytics_workspace_id', 'azurerm_log_analytics_workspace.this.id'),
      block('dynamic "enabled_log"', [
        expr('for_each', `toset(${hclValue(rng.sample(CLUSTER_LOGS, rng.int(2, CLUSTER_LOGS.length)))})`),
        block('content', [expr('category', 'enabled_log.value')]),
      ]),
      block('metric', [attr('category', 'AllMetrics')]),
    ]),
    block('resource "azurerm_monitor_action_group" "oncall"', [
      expr('name', '"ag-${local.name}"'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      attr('short_name', `${plan.team.slice(0, 8)}oc`),
      block('email_receiver', [
        attr('name', 'oncall'),
        expr('email_address', '"${var.team}-oncall@contoso.com"'),
      ]),
      block('webhook_receiver', [
        attr('name', 'pager'),
        attr('service_uri', `https://events.pagerduty.com/integration/${rng.hex(24)}/enqueue`),
      ]),
    ]),
  ];
  const alerts: [string, string, string, number][] = [
    ['node-cpu', 'node_cpu_usage_percentage', 'Average', 85],
    ['node-memory', 'node_memory_working_set_percentage', 'Average', 90],
    ['node-disk', 'node_disk_usage_percentage', 'Average', 80],
    ['pods-failed', 'kube_pod_status_phase', 'Average', 1],
    ['nodes-not-ready', 'kube_node_status_condition', 'Average', 1],
    ['apiserver-cpu', 'apiserver_cpu_usage_percentage', 'Maximum', 90],
  ];
  for (const [name, metric, aggregation, threshold] of rng.sample(alerts, rng.int(3, alerts.length))) {
    items.push(
      block(`resource "azurerm_monitor_metric_alert" "${name.replace(/-/g, '_')}"`, [
        expr('name', `"alert-\${local.name}-${name}"`),
        expr('resource_group_name', 'azurerm_resource_group.this.name'),
        expr('scopes', `[${clusterId(plan)}]`),
        attr('description', `Fires when ${metric} crosses ${threshold}.`),
        expr('severity', 'local.is_production ? 1 : 3'),
        attr('frequency', 'PT5M'),
        attr('window_size', 'PT15M'),
        block('criteria', [
          attr('metric_namespace', 'Microsoft.ContainerService/managedClusters'),
          attr('metric_name', metric),
          attr('aggregation', aggregation),
          attr('operator', 'GreaterThan'),
          attr('threshold', threshold),
        ]),
        block('action', [expr('action_group_id', 'azurerm_monitor_action_group.oncall.id')]),
        expr('tags', 'local.tags'),
      ]),
    );
  }
  return items;
}

function monitoringModuleCall(rng: Random, inputs: RootInputs): HclItem[] {
  return [
    block('module "log_analytics"', [
      attr('source', `${MODULES}/log-analytics`),
      expr('name', '"log-${local.name}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr(
        'retention_in_days',
        inputs.declare(
          { name: 'log_retention_days', type: 'number', description: 'Retention.', default: 30 },
          rng.pick([30, 90]),
        ),
      ),
      expr('tags', 'local.tags'),
    ]),
  ];
}

function identityBlocks(rng: Random, inputs: RootInputs, plan: RootPlan): HclItem[] {
  const workloads = Object.fromEntries(
    rng
      .sample(
        ['orders', 'payments', 'search-indexer', 'reports', 'gateway', 'worker', 'scheduler'],
        rng.int(1, 5),
      )
      .map((w) => [w, { namespace: rng.pick(['apps', w, 'platform']), service_account: `${w}-sa` }]),
  );
  const workloadsVar = inputs.declare(
    {
      name: 'workload_identities',
      type: 'map(object({ namespace = string, service_account = string }))',
      description: 'Federated identities for workloads, by name.',
      default: {},
    },
    workloads,
  );
  const items: HclItem[] = [
    block('resource "azurerm_user_assigned_identity" "cluster"', [
      expr('name', '"id-${local.name}-cluster"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('tags', 'local.tags'),
    ]),
    block('resource "azurerm_user_assigned_identity" "kubelet"', [
      expr('name', '"id-${local.name}-kubelet"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('tags', 'local.tags'),
    ]),
    block('resource "azurerm_user_assigned_identity" "workload"', [
      expr('for_each', workloadsVar),
      expr('name', '"id-${local.name}-${each.key}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
    ]),
    block('resource "azurerm_federated_identity_credential" "workload"', [
      expr('for_each', workloadsVar),
      expr('name', 'each.key'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('parent_id', 'azurerm_user_assigned_identity.workload[each.key].id'),
      attr('audience', ['api://AzureADTokenExchange']),
      expr(
        'issuer',
        plan.clusterInModule
          ? 'module.aks.oidc_issuer_url'
          : 'azurerm_kubernetes_cluster.this.oidc_issuer_url',
      ),
      expr('subject', '"system:serviceaccount:${each.value.namespace}:${each.value.service_account}"'),
    ]),
    block('resource "azurerm_role_assignment" "cluster_network"', [
      expr('scope', plan.networkInModule ? 'module.network.vnet_id' : 'azurerm_virtual_network.this.id'),
      attr('role_definition_name', 'Network Contributor'),
      expr('principal_id', 'azurerm_user_assigned_identity.cluster.principal_id'),
    ]),
  ];
  if (rng.chance(0.6)) {
    items.push(
      block('resource "azurerm_container_registry" "this"', [
        expr('name', `replace("acr\${local.name}", "-", "")`),
        expr('location', 'azurerm_resource_group.this.location'),
        expr('resource_group_name', 'azurerm_resource_group.this.name'),
        attr('sku', 'Premium'),
        attr('admin_enabled', !rng.chance(plan.posture.secureShare)),
        attr('public_network_access_enabled', !rng.chance(plan.posture.secureShare)),
        expr('tags', 'local.tags'),
      ]),
      block('resource "azurerm_role_assignment" "acr_pull"', [
        expr('scope', 'azurerm_container_registry.this.id'),
        attr('role_definition_name', 'AcrPull'),
        expr('principal_id', 'azurerm_user_assigned_identity.kubelet.principal_id'),
      ]),
    );
  }
  return items;
}

function dnsBlocks(rng: Random): HclItem[] {
  return [
    block('resource "azurerm_private_dns_zone" "aks"', [
      expr('name', '"privatelink.${var.location}.azmk8s.io"'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
    ]),
    block('resource "azurerm_private_dns_zone_virtual_network_link" "aks"', [
      attr('name', `link-${rng.hex(6)}`),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('private_dns_zone_name', 'azurerm_private_dns_zone.aks.name'),
      expr('virtual_network_id', 'var.hub_vnet_id'),
      attr('registration_enabled', false),
    ]),
    block('variable "hub_vnet_id"', [
      expr('type', 'string'),
      attr('description', 'Hub network linked to the private zone.'),
      attr('default', null),
    ]),
  ];
}

function keyVaultBlocks(rng: Random, plan: RootPlan): HclItem[] {
  const secure = () => rng.chance(plan.posture.secureShare);
  return [
    block('resource "azurerm_key_vault" "this"', [
      expr('name', 'substr(replace("kv-${local.name}", "-", ""), 0, 24)'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('tenant_id', 'data.azurerm_client_config.current.tenant_id'),
      attr('sku_name', 'premium'),
      attr('enable_rbac_authorization', true),
      attr('purge_protection_enabled', secure()),
      attr('soft_delete_retention_days', rng.pick([7, 30, 90])),
      attr('public_network_access_enabled', !secure()),
      block('network_acls', [
        attr('default_action', secure() ? 'Deny' : 'Allow'),
        attr('bypass', 'AzureServices'),
        attr('ip_rules', secure() ? ['203.0.113.0/24'] : []),
      ]),
      expr('tags', 'local.tags'),
    ]),
    block('resource "azurerm_key_vault_key" "etcd"', [
      attr('name', 'etcd-kms'),
      expr('key_vault_id', 'azurerm_key_vault.this.id'),
      attr('key_type', 'RSA'),
      attr('key_size', 2048),
      attr('key_opts', ['decrypt', 'encrypt', 'sign', 'unwrapKey', 'verify', 'wrapKey']),
      block('rotation_policy', [
        block('automatic', [attr('time_before_expiry', 'P30D')]),
        attr('expire_after', 'P90D'),
        attr('notify_before_expiry', 'P29D'),
      ]),
    ]),
    block('resource "azurerm_disk_encryption_set" "aks"', [
      expr('name', '"des-${local.name}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('key_vault_key_id', 'azurerm_key_vault_key.etcd.versionless_id'),
      attr('auto_key_rotation_enabled', true),
      block('identity', [attr('type', 'SystemAssigned')]),
    ]),
    block('resource "azurerm_role_assignment" "des_crypto"', [
      expr('scope', 'azurerm_key_vault.this.id'),
      attr('role_definition_name', 'Key Vault Crypto Service Encryption User'),
      expr('principal_id', 'azurerm_disk_encryption_set.aks.identity[0].principal_id'),
    ]),
    block('resource "azurerm_private_endpoint" "key_vault"', [
      expr('count', 'local.is_production ? 1 : 0'),
      expr('name', '"pe-kv-${local.name}"'),
      expr('location', 'azurerm_resource_group.this.location'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr(
        'subnet_id',
        plan.networkInModule
          ? 'module.network.subnet_ids["private-endpoints"]'
          : 'azurerm_subnet.this["private-endpoints"].id',
      ),
      block('private_service_connection', [
        attr('name', 'kv'),
        expr('private_connection_resource_id', 'azurerm_key_vault.this.id'),
        attr('subresource_names', ['vault']),
        attr('is_manual_connection', false),
      ]),
    ]),
  ];
}

const KQL_ALERTS: [string, string][] = [
  [
    'oom-killed',
    'KubePodInventory\n| where ContainerLastStatus has "OOMKilled"\n| summarize count() by Namespace, Name, bin(TimeGenerated, 5m)',
  ],
  [
    'crash-loop',
    'KubePodInventory\n| where ContainerStatusReason == "CrashLoopBackOff"\n| summarize restarts = count() by Namespace, ControllerName\n| where restarts > 3',
  ],
  [
    'privileged-exec',
    'AKSAudit\n| where Verb == "create" and ObjectRef has "exec"\n| extend user = tostring(User.username)\n| where user !startswith "system:"\n| project TimeGenerated, user, ObjectRef',
  ],
  [
    'failed-logins',
    'AKSAuditAdmin\n| where ResponseStatus.code in (401, 403)\n| summarize failures = count() by SourceIps = tostring(SourceIps), bin(TimeGenerated, 15m)\n| where failures > 20',
  ],
  [
    'node-not-ready',
    'KubeNodeInventory\n| where Status != "Ready"\n| summarize arg_max(TimeGenerated, *) by Computer',
  ],
  [
    'image-pull-errors',
    'KubeEvents\n| where Reason in ("Failed", "ErrImagePull", "ImagePullBackOff")\n| summarize count() by Namespace, Name',
  ],
  [
    'secret-reads',
    'AKSAudit\n| where ObjectRef.resource == "secrets" and Verb in ("get", "list")\n| summarize reads = count() by tostring(User.username)\n| where reads > 100',
  ],
];

function queryAlertBlocks(rng: Random, plan: RootPlan): HclItem[] {
  const workspace = plan.monitoringInModule
    ? 'module.log_analytics.workspace_id'
    : 'azurerm_log_analytics_workspace.this.id';
  return rng
    .sample(KQL_ALERTS, rng.int(3, KQL_ALERTS.length))
    .map(([name, query]) =>
      block(`resource "azurerm_monitor_scheduled_query_rules_alert_v2" "${name.replace(/-/g, '_')}"`, [
        expr('name', `"sqr-\${local.name}-${name}"`),
        expr('location', 'azurerm_resource_group.this.location'),
        expr('resource_group_name', 'azurerm_resource_group.this.name'),
        expr('scopes', `[${workspace}]`),
        attr('description', `Log alert: ${name.replace(/-/g, ' ')} on the ${plan.team} cluster.`),
        expr('severity', 'local.is_production ? 1 : 3'),
        attr('evaluation_frequency', 'PT5M'),
        attr('window_duration', 'PT15M'),
        attr('auto_mitigation_enabled', true),
        block('criteria', [
          expr('query', `<<-QUERY\n  ${query.split('\n').join('\n  ')}\nQUERY`),
          attr('time_aggregation_method', 'Count'),
          attr('operator', 'GreaterThan'),
          attr('threshold', rng.int(0, 5)),
          block('failing_periods', [
            attr('minimum_failing_periods_to_trigger_alert', 1),
            attr('number_of_evaluation_periods', 1),
          ]),
        ]),
        block('action', [
          expr('action_groups', plan.monitoringInModule ? '[]' : '[azurerm_monitor_action_group.oncall.id]'),
        ]),
        expr('tags', 'local.tags'),
      ]),
    );
}

const AKS_POLICIES: [string, string, string][] = [
  [
    'pod-security-baseline',
    'a8640138-9b0a-4a28-b8cb-1666c838647d',
    'Kubernetes cluster pod security baseline standards for Linux-based workloads',
  ],
  [
    'no-privileged',
    '95edb821-ddaf-4404-9732-666045e056b4',
    'Kubernetes cluster should not allow privileged containers',
  ],
  [
    'allowed-registries',
    'febd0533-8e55-448f-b837-bd0e06f16469',
    'Kubernetes cluster containers should only use allowed images',
  ],
  [
    'https-ingress',
    '1a5b4dca-0b6f-4cf5-907c-56316bc1bf3d',
    'Kubernetes clusters should be accessible only over HTTPS',
  ],
  [
    'no-host-network',
    '82985f06-dc18-4a48-bc1c-b9f4f0098cfe',
    'Kubernetes cluster pods should only use approved host network and port range',
  ],
];

function policyBlocks(rng: Random, plan: RootPlan): HclItem[] {
  const cluster = clusterId(plan);
  return rng.sample(AKS_POLICIES, rng.int(2, AKS_POLICIES.length)).map(([name, id, display]) =>
    block(`resource "azurerm_resource_policy_assignment" "${name.replace(/-/g, '_')}"`, [
      attr('name', name),
      expr('resource_id', cluster),
      attr('policy_definition_id', `/providers/Microsoft.Authorization/policyDefinitions/${id}`),
      attr('display_name', display),
      attr('enforce', rng.chance(plan.posture.secureShare)),
      expr(
        'parameters',
        `jsonencode({
  effect = { value = local.is_production ? "Deny" : "Audit" }
  excludedNamespaces = { value = ["kube-system", "gatekeeper-system", "azure-arc"] }
})`,
      ),
    ]),
  );
}

function storageBlocks(rng: Random, inputs: RootInputs, plan: RootPlan): HclItem[] {
  const containers = inputs.declare(
    {
      name: 'storage_containers',
      type: 'set(string)',
      description: 'Blob containers for workloads.',
      default: [],
    },
    rng.sample(['backups', 'exports', 'uploads', 'reports', 'models', 'logs'], rng.int(1, 4)),
  );
  const secure = () => rng.chance(plan.posture.secureShare);
  return [
    block('resource "azurerm_storage_account" "workloads"', [
      expr('name', 'substr(replace("st${local.name}", "-", ""), 0, 24)'),
      expr('resource_group_name', 'azurerm_resource_group.this.name'),
      expr('location', 'azurerm_resource_group.this.location'),
      attr('account_tier', 'Standard'),
      expr('account_replication_type', 'local.is_production ? "ZRS" : "LRS"'),
      attr('min_tls_version', secure() ? 'TLS1_2' : 'TLS1_0'),
      attr('allow_nested_items_to_be_public', !secure()),
      attr('shared_access_key_enabled', !secure()),
      attr('public_network_access_enabled', !secure()),
      block('network_rules', [
        attr('default_action', secure() ? 'Deny' : 'Allow'),
        attr('bypass', ['AzureServices']),
      ]),
      block('blob_properties', [
        block('delete_retention_policy', [attr('days', 14)]),
        attr('versioning_enabled', true),
      ]),
      expr('tags', 'local.tags'),
    ]),
    block('resource "azurerm_storage_container" "workloads"', [
      expr('for_each', containers),
      expr('name', 'each.value'),
      expr(
        plan.provider === 4 ? 'storage_account_id' : 'storage_account_name',
        plan.provider === 4
          ? 'azurerm_storage_account.workloads.id'
          : 'azurerm_storage_account.workloads.name',
      ),
      attr('container_access_type', 'private'),
    ]),
  ];
}

function outputBlocks(plan: RootPlan): HclItem[] {
  const cluster = plan.clusterInModule ? 'module.aks' : 'azurerm_kubernetes_cluster.this';
  return [
    block('output "cluster_id"', [
      expr('value', plan.clusterInModule ? 'module.aks.cluster_id' : `${cluster}.id`),
    ]),
    block('output "cluster_name"', [
      expr('value', plan.clusterInModule ? 'module.aks.cluster_name' : `${cluster}.name`),
    ]),
    block('output "oidc_issuer_url"', [expr('value', `${cluster}.oidc_issuer_url`)]),
    block('output "kube_config"', [
      expr('value', plan.clusterInModule ? 'module.aks.kube_config' : `${cluster}.kube_config_raw`),
      attr('sensitive', true),
    ]),
    block('output "workload_client_ids"', [
      expr('value', '{ for k, id in azurerm_user_assigned_identity.workload : k => id.client_id }'),
    ]),
  ];
}

/** Local modules every root may call: each a folder with main.tf, variables.tf, outputs.tf, versions.tf. */
function sharedModules(): GeneratedFile[] {
  const files: GeneratedFile[] = [];
  const module = (name: string, parts: Record<string, HclItem[]>) => {
    for (const [file, blocks] of Object.entries(parts))
      files.push({ path: `terraform/modules/${name}/${file}`, text: hclFile(blocks) });
  };
  const v = (name: string, type: string, description: string, def?: Data): HclItem =>
    block(`variable "${name}"`, [
      expr('type', type),
      attr('description', description),
      ...(def !== undefined ? [attr('default', def)] : []),
    ]);
  const versions = (major: ProviderMajor): HclItem[] => [
    block('terraform', [
      block('required_providers', [
        attr('azurerm', { source: 'hashicorp/azurerm', version: major === 3 ? '>= 3.90, < 4.0' : '>= 4.0' }),
      ]),
    ]),
  ];
  const common = [
    v('name', 'string', 'Base name.'),
    v('location', 'string', 'Azure region.'),
    v('resource_group_name', 'string', 'Resource group.'),
    v('tags', 'map(string)', 'Tags.', {}),
  ];

  module('network', {
    'versions.tf': versions(4),
    'variables.tf': [
      ...common,
      v('address_space', 'list(string)', 'VNet address space.'),
      v('subnets', 'map(object({ newbits = number, netnum = number }))', 'Subnets by name.'),
      v('firewall_private_ip', 'string', 'Egress firewall.', null),
      v('allowed_inbound', 'list(string)', 'Extra inbound CIDRs.', []),
    ],
    'main.tf': [
      block('locals', [
        attr('rules', [
          { name: 'allow-https', priority: 100, port: '443', source: 'Internet' },
          { name: 'allow-lb', priority: 110, port: '*', source: 'AzureLoadBalancer' },
          { name: 'deny-ssh', priority: 4000, port: '22', source: '*' },
        ]),
      ]),
      block('resource "azurerm_virtual_network" "this"', [
        expr('name', '"vnet-${var.name}"'),
        expr('location', 'var.location'),
        expr('resource_group_name', 'var.resource_group_name'),
        expr('address_space', 'var.address_space'),
        expr('tags', 'var.tags'),
      ]),
      block('resource "azurerm_subnet" "this"', [
        expr('for_each', 'var.subnets'),
        expr('name', '"snet-${each.key}"'),
        expr('resource_group_name', 'var.resource_group_name'),
        expr('virtual_network_name', 'azurerm_virtual_network.this.name'),
        expr('address_prefixes', '[cidrsubnet(var.address_space[0], each.value.newbits, each.value.netnum)]'),
      ]),
      block('resource "azurerm_network_security_group" "this"', [
        expr('for_each', 'var.subnets'),
        expr('name', '"nsg-${var.name}-${each.key}"'),
        expr('location', 'var.location'),
        expr('resource_group_name', 'var.resource_group_name'),
        block('dynamic "security_rule"', [
          expr('for_each', 'local.rules'),
          block('content', [
            expr('name', 'security_rule.value.name'),
            expr('priority', 'security_rule.value.priority'),
            attr('direction', 'Inbound'),
            expr('access', 'startswith(security_rule.value.name, "allow") ? "Allow" : "Deny"'),
            attr('protocol', 'Tcp'),
            attr('source_port_range', '*'),
            expr('destination_port_range', 'security_rule.value.port'),
            expr('source_address_prefix', 'security_rule.value.source'),
            attr('destination_address_prefix', '*'),
          ]),
        ]),
        expr('tags', 'var.tags'),
      ]),
      block('resource "azurerm_subnet_network_security_group_association" "this"', [
        expr('for_each', 'var.subnets'),
        expr('subnet_id', 'azurerm_subnet.this[each.key].id'),
        expr('network_security_group_id', 'azurerm_network_security_group.this[each.key].id'),
      ]),
      block('resource "azurerm_route_table" "egress"', [
        expr('count', 'var.firewall_private_ip == null ? 0 : 1'),
        expr('name', '"rt-${var.name}"'),
        expr('location', 'var.location'),
        expr('resource_group_name', 'var.resource_group_name'),
        block('route', [
          attr('name', 'default'),
          attr('address_prefix', '0.0.0.0/0'),
          attr('next_hop_type', 'VirtualAppliance'),
          expr('next_hop_in_ip_address', 'var.firewall_private_ip'),
        ]),
      ]),
    ],
    'outputs.tf': [
      block('output "vnet_id"', [expr('value', 'azurerm_virtual_network.this.id')]),
      block('output "subnet_ids"', [expr('value', '{ for k, s in azurerm_subnet.this : k => s.id }')]),
    ],
  });

  module('log-analytics', {
    'versions.tf': versions(4),
    'variables.tf': [...common, v('retention_in_days', 'number', 'Retention.', 30)],
    'main.tf': [
      block('resource "azurerm_log_analytics_workspace" "this"', [
        expr('name', 'var.name'),
        expr('location', 'var.location'),
        expr('resource_group_name', 'var.resource_group_name'),
        attr('sku', 'PerGB2018'),
        expr('retention_in_days', 'var.retention_in_days'),
        expr('tags', 'var.tags'),
      ]),
      block('resource "azurerm_log_analytics_solution" "containers"', [
        attr('solution_name', 'ContainerInsights'),
        expr('location', 'var.location'),
        expr('resource_group_name', 'var.resource_group_name'),
        expr('workspace_resource_id', 'azurerm_log_analytics_workspace.this.id'),
        expr('workspace_name', 'azurerm_log_analytics_workspace.this.name'),
        block('plan', [attr('publisher', 'Microsoft'), attr('product', 'OMSGallery/ContainerInsights')]),
      ]),
    ],
    'outputs.tf': [
      block('output "workspace_id"', [expr('value', 'azurerm_log_analytics_workspace.this.id')]),
    ],
  });

  module('node-pool', {
    'versions.tf': versions(4),
    'variables.tf': [
      v('name', 'string', 'Pool name.'),
      v('cluster_id', 'string', 'Cluster.'),
      v('vm_size', 'string', 'VM size.'),
      v('min_count', 'number', 'Minimum nodes.', 1),
      v('max_count', 'number', 'Maximum nodes.', 3),
      v('subnet_id', 'string', 'Node subnet.'),
      v('host_encryption_enabled', 'bool', 'Encrypt host disks.', true),
      v('node_public_ip_enabled', 'bool', 'Public IP per node.', false),
      v('labels', 'map(string)', 'Node labels.', {}),
      v('taints', 'list(string)', 'Node taints.', []),
    ],
    'main.tf': [
      block('resource "azurerm_kubernetes_cluster_node_pool" "this"', [
        expr('name', 'var.name'),
        expr('kubernetes_cluster_id', 'var.cluster_id'),
        expr('vm_size', 'var.vm_size'),
        attr('mode', 'User'),
        expr('auto_scaling_enabled', 'var.max_count > var.min_count'),
        expr('min_count', 'var.min_count'),
        expr('max_count', 'var.max_count'),
        expr('vnet_subnet_id', 'var.subnet_id'),
        expr('host_encryption_enabled', 'var.host_encryption_enabled'),
        expr('node_public_ip_enabled', 'var.node_public_ip_enabled'),
        expr('node_labels', 'var.labels'),
        expr('node_taints', 'var.taints'),
        attr('zones', ['1', '2', '3']),
      ]),
    ],
    'outputs.tf': [block('output "id"', [expr('value', 'azurerm_kubernetes_cluster_node_pool.this.id')])],
  });

  for (const major of [3, 4] as const) {
    const v4 = major === 4;
    module(`aks-cluster-v${major}`, {
      'versions.tf': versions(major),
      'variables.tf': [
        ...common,
        v('kubernetes_version', 'string', 'Version.', '1.29'),
        v('subnet_id', 'string', 'Node subnet.'),
        v('log_analytics_workspace_id', 'string', 'Workspace for Container Insights and Defender.'),
        v('admin_group_object_ids', 'list(string)', 'Admins.', []),
        v('node_pools', 'map(any)', 'User pools.', {}),
        v('private_cluster_enabled', 'bool', 'Private API server.', true),
        v('local_account_disabled', 'bool', 'Disable local accounts.', true),
        v('azure_policy_enabled', 'bool', 'Azure Policy add-on.', true),
        v('network_policy', 'string', 'Network policy engine.', 'calico'),
        v('host_encryption_enabled', 'bool', 'Host encryption.', true),
        v('defender_enabled', 'bool', 'Defender for Containers.', true),
        v('outbound_type', 'string', 'Egress.', 'loadBalancer'),
        v('authorized_ip_ranges', 'list(string)', 'API server allow list.', []),
      ],
      'main.tf': [
        block('resource "azurerm_kubernetes_cluster" "this"', [
          expr('name', 'var.name'),
          expr('location', 'var.location'),
          expr('resource_group_name', 'var.resource_group_name'),
          expr('dns_prefix', 'var.name'),
          expr('kubernetes_version', 'var.kubernetes_version'),
          expr('private_cluster_enabled', 'var.private_cluster_enabled'),
          expr('local_account_disabled', 'var.local_account_disabled'),
          expr('azure_policy_enabled', 'var.azure_policy_enabled'),
          attr('role_based_access_control_enabled', true),
          attr('oidc_issuer_enabled', true),
          attr('workload_identity_enabled', true),
          attr(v4 ? 'automatic_upgrade_channel' : 'automatic_channel_upgrade', 'patch'),
          attr(v4 ? 'node_os_upgrade_channel' : 'node_os_channel_upgrade', 'NodeImage'),
          block('default_node_pool', [
            attr('name', 'system'),
            attr('vm_size', 'Standard_D4s_v5'),
            attr('node_count', 3),
            expr('vnet_subnet_id', 'var.subnet_id'),
            expr(v4 ? 'host_encryption_enabled' : 'enable_host_encryption', 'var.host_encryption_enabled'),
            attr('only_critical_addons_enabled', true),
          ]),
          block('identity', [attr('type', 'SystemAssigned')]),
          block('azure_active_directory_role_based_access_control', [
            ...(v4 ? [] : [attr('managed', true)]),
            attr('azure_rbac_enabled', true),
            expr('admin_group_object_ids', 'var.admin_group_object_ids'),
          ]),
          block('dynamic "api_server_access_profile"', [
            expr('for_each', 'length(var.authorized_ip_ranges) > 0 ? [1] : []'),
            block('content', [expr('authorized_ip_ranges', 'var.authorized_ip_ranges')]),
          ]),
          block('network_profile', [
            attr('network_plugin', 'azure'),
            expr('network_policy', 'var.network_policy == "none" ? null : var.network_policy'),
            expr('outbound_type', 'var.outbound_type'),
          ]),
          block('oms_agent', [expr('log_analytics_workspace_id', 'var.log_analytics_workspace_id')]),
          block('dynamic "microsoft_defender"', [
            expr('for_each', 'var.defender_enabled ? [1] : []'),
            block('content', [expr('log_analytics_workspace_id', 'var.log_analytics_workspace_id')]),
          ]),
          block('key_vault_secrets_provider', [attr('secret_rotation_enabled', true)]),
          expr('tags', 'var.tags'),
        ]),
        block('module "pools"', [
          attr('source', '../node-pool'),
          expr('for_each', 'var.node_pools'),
          expr('name', 'each.key'),
          expr('cluster_id', 'azurerm_kubernetes_cluster.this.id'),
          expr('vm_size', 'each.value.vm_size'),
          expr('min_count', 'each.value.min_count'),
          expr('max_count', 'each.value.max_count'),
          expr('subnet_id', 'var.subnet_id'),
          expr('host_encryption_enabled', 'var.host_encryption_enabled'),
          expr('node_public_ip_enabled', 'lookup(each.value, "node_public_ip", false)'),
          expr('labels', 'lookup(each.value, "labels", {})'),
          expr('taints', 'lookup(each.value, "taints", [])'),
        ]),
      ],
      'outputs.tf': [
        block('output "cluster_id"', [expr('value', 'azurerm_kubernetes_cluster.this.id')]),
        block('output "cluster_name"', [expr('value', 'azurerm_kubernetes_cluster.this.name')]),
        block('output "oidc_issuer_url"', [expr('value', 'azurerm_kubernetes_cluster.this.oidc_issuer_url')]),
        block('output "kube_config"', [
          expr('value', 'azurerm_kubernetes_cluster.this.kube_config_raw'),
          attr('sensitive', true),
        ]),
      ],
    });
  }
  module('legacy-remote', {
    'main.tf': [
      comment('Kept for reference: the registry module the platform used before the local one.'),
      block('module "aks"', [
        attr('source', 'Azure/aks/azurerm'),
        attr('version', '9.1.0'),
        attr('resource_group_name', 'rg-legacy'),
        attr('prefix', 'legacy'),
      ]),
    ],
  });
  return files;
}
