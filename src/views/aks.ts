import {
  asObject,
  getProperty,
  type ObjectValue,
  type Resource,
  type Scalar,
  type SourceRange,
  type Value,
  UNREAD_MODULE,
} from '../model';
import type { ResourceGraph } from '../graph/graph';
import {
  readScalar,
  readValue,
  shapeOfPaths,
  type AttributePath,
  type ReadRoot,
  type Reading,
  type ValueShape,
} from './reading';
import { acrossContexts, defineView, type ViewInstance } from './view';
import { familyOf, toBoolean, type Family } from './azure/common';
import { clustersFromCalls } from './modules';

/**
 * The AksCluster view: one canonical reading of an AKS cluster, whichever language declared it.
 * Terraform paths list the azurerm 4.x name first, then 3.x and 2.x names; ARM and Bicep share the
 * REST API's property paths, matched case-insensitively as Azure does.
 */

export const TF_CLUSTER = 'azurerm_kubernetes_cluster';
export const TF_NODE_POOL = 'azurerm_kubernetes_cluster_node_pool';
export const ARM_CLUSTER = 'Microsoft.ContainerService/managedClusters';
export const ARM_NODE_POOL = 'Microsoft.ContainerService/managedClusters/agentPools';

const tf = (dotted: string, majors?: number[]): AttributePath => ({
  path: dotted.split('.'),
  attribute: dotted,
  majors,
});
const V4 = [4, 5];
const V3 = [2, 3];
const az = (dotted: string): AttributePath => ({ path: dotted.split('.'), attribute: dotted });

/**
 * How AKS901 compares the environments of one cluster on a setting: the platform default when it is
 * absent, which values leave the cluster weaker (as the rule that reads the setting judges them; none
 * when no value is weaker), and whether only its presence counts (an id or an address list, which each
 * environment has its own of).
 */
export interface EnvironmentComparison {
  default?: Scalar;
  weak?: (value: Scalar | undefined) => boolean;
  presence?: true;
}

interface SettingPaths extends Record<Family, AttributePath[]> {
  environments: EnvironmentComparison;
}

/** Simple settings: one value, read the same way in every format. */
const SETTINGS = {
  localAccountsDisabled: {
    terraform: [tf('local_account_disabled')],
    azure: [az('properties.disableLocalAccounts')],
    environments: { default: false, weak: (v) => v !== true },
  },
  azureRbac: {
    terraform: [
      tf('azure_active_directory_role_based_access_control.azure_rbac_enabled', [3, 4, 5]),
      tf('role_based_access_control.azure_active_directory.azure_rbac_enabled', [2]),
    ],
    azure: [az('properties.aadProfile.enableAzureRBAC')],
    environments: { default: false, weak: (v) => v !== true },
  },
  kubernetesRbac: {
    terraform: [
      tf('role_based_access_control_enabled', [3, 4, 5]),
      tf('role_based_access_control.enabled', [2]),
    ],
    azure: [az('properties.enableRBAC')],
    environments: { default: true, weak: (v) => v === false },
  },
  privateCluster: {
    // azurerm 1.40–2.x called it private_link_enabled (deprecated in 2.7, removed in 3.0).
    terraform: [tf('private_cluster_enabled', [2, 3, 4, 5]), tf('private_link_enabled', [1, 2])],
    azure: [az('properties.apiServerAccessProfile.enablePrivateCluster')],
    environments: { default: false, weak: (v) => v !== true },
  },
  privateClusterPublicFqdn: {
    terraform: [tf('private_cluster_public_fqdn_enabled')],
    azure: [az('properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN')],
    environments: { default: false, weak: (v) => v === true },
  },
  authorizedIpRanges: {
    terraform: [
      tf('api_server_access_profile.authorized_ip_ranges'),
      tf('api_server_authorized_ip_ranges', V3),
    ],
    // API versions 2019-02-01 to 2019-11-01 had the list directly under properties (preview).
    azure: [
      az('properties.apiServerAccessProfile.authorizedIPRanges'),
      az('properties.apiServerAuthorizedIPRanges'),
    ],
    // Each environment allows its own addresses: only whether a list is set is compared.
    environments: { presence: true, weak: (v) => v !== true },
  },
  networkPolicy: {
    terraform: [tf('network_profile.network_policy')],
    azure: [az('properties.networkProfile.networkPolicy')],
    environments: {
      weak: (v) => typeof v !== 'string' || !['azure', 'calico', 'cilium'].includes(v.toLowerCase()),
    },
  },
  networkPlugin: {
    terraform: [tf('network_profile.network_plugin')],
    azure: [az('properties.networkProfile.networkPlugin')],
    environments: {},
  },
  networkDataPlane: {
    terraform: [tf('network_profile.network_data_plane'), tf('network_profile.ebpf_data_plane')],
    azure: [az('properties.networkProfile.networkDataplane')],
    environments: {},
  },
  outboundType: {
    terraform: [tf('network_profile.outbound_type')],
    azure: [az('properties.networkProfile.outboundType')],
    environments: {
      default: 'loadBalancer',
      weak: (v) =>
        typeof v !== 'string' ||
        !['userdefinedrouting', 'userassignednatgateway', 'none', 'block'].includes(v.toLowerCase()),
    },
  },
  httpApplicationRouting: {
    terraform: [
      tf('http_application_routing_enabled', [3, 4, 5]),
      tf('addon_profile.http_application_routing.enabled', [2]),
    ],
    azure: [az('properties.addonProfiles.httpApplicationRouting.enabled')],
    environments: { default: false, weak: (v) => v === true },
  },
  azurePolicy: {
    terraform: [tf('azure_policy_enabled', [3, 4, 5]), tf('addon_profile.azure_policy.enabled', [2])],
    azure: [az('properties.addonProfiles.azurepolicy.enabled')],
    environments: { default: false, weak: (v) => v !== true },
  },
  kubeDashboard: {
    terraform: [tf('addon_profile.kube_dashboard.enabled')],
    azure: [az('properties.addonProfiles.kubeDashboard.enabled')],
    environments: { default: false, weak: (v) => v === true },
  },
  upgradeChannel: {
    terraform: [tf('automatic_upgrade_channel', V4), tf('automatic_channel_upgrade', V3)],
    azure: [az('properties.autoUpgradeProfile.upgradeChannel')],
    environments: { weak: (v) => typeof v !== 'string' || v === '' || v.toLowerCase() === 'none' },
  },
  nodeOsUpgradeChannel: {
    terraform: [tf('node_os_upgrade_channel', V4), tf('node_os_channel_upgrade', V3)],
    azure: [az('properties.autoUpgradeProfile.nodeOSUpgradeChannel')],
    environments: {
      default: 'NodeImage',
      weak: (v) => typeof v === 'string' && ['none', 'unmanaged'].includes(v.toLowerCase()),
    },
  },
  diskEncryptionSet: {
    terraform: [tf('disk_encryption_set_id')],
    azure: [az('properties.diskEncryptionSetID')],
    // Each environment has its own key: only whether one is set is compared.
    environments: { presence: true, weak: (v) => v !== true },
  },
  workloadIdentity: {
    terraform: [tf('workload_identity_enabled')],
    azure: [az('properties.securityProfile.workloadIdentity.enabled')],
    environments: { default: false, weak: (v) => v !== true },
  },
  oidcIssuer: {
    terraform: [tf('oidc_issuer_enabled')],
    azure: [az('properties.oidcIssuerProfile.enabled')],
    environments: { default: false },
  },
} satisfies Record<string, SettingPaths>;

export type AksSetting = keyof typeof SETTINGS;

/**
 * What an AKS Automatic cluster (`sku.name: Automatic`) has when the template leaves a setting out:
 * Azure RBAC, automatic upgrades on the stable and NodeImage channels, workload identity with the
 * OIDC issuer and deployment safeguards (the Azure Policy add-on) are preconfigured; Azure CNI
 * powered by Cilium and a managed NAT gateway are its network defaults.
 * https://learn.microsoft.com/azure/aks/intro-aks-automatic
 */
const AUTOMATIC_DEFAULTS: Partial<Record<AksSetting, Scalar>> = {
  azureRbac: true,
  kubernetesRbac: true,
  upgradeChannel: 'stable',
  nodeOsUpgradeChannel: 'NodeImage',
  workloadIdentity: true,
  oidcIssuer: true,
  azurePolicy: true,
  networkPolicy: 'cilium',
  networkDataPlane: 'cilium',
  outboundType: 'managedNATGateway',
};

export const AKS_AUTOMATIC = 'AKS Automatic';

/** Add-ons that Terraform 3.x+ declares as a block whose presence enables them, 2.x as addon_profile. */
const ADDON_BLOCKS = {
  defender: {
    terraform: [tf('microsoft_defender')],
    azure: [az('properties.securityProfile.defender.securityMonitoring.enabled')],
    environments: { weak: (v) => v !== true },
  },
  aciConnector: {
    terraform: [tf('aci_connector_linux'), tf('addon_profile.aci_connector_linux.enabled')],
    azure: [az('properties.addonProfiles.aciConnectorLinux.enabled')],
    environments: { weak: (v) => v === true },
  },
  containerInsights: {
    terraform: [tf('oms_agent'), tf('addon_profile.oms_agent.enabled')],
    azure: [az('properties.addonProfiles.omsagent.enabled')],
    environments: { weak: (v) => v !== true },
  },
  kms: {
    terraform: [tf('key_management_service')],
    azure: [az('properties.securityProfile.azureKeyVaultKms.enabled')],
    environments: { weak: (v) => v !== true },
  },
  secretsProvider: {
    terraform: [tf('key_vault_secrets_provider')],
    azure: [az('properties.addonProfiles.azureKeyvaultSecretsProvider.enabled')],
    environments: {},
  },
} satisfies Record<string, SettingPaths>;

export type AksAddon = keyof typeof ADDON_BLOCKS;

/**
 * How an add-on that is off is turned on, for messages: `block` where Terraform 3.x+ turns it on by
 * writing its block, `flag` where a flag does (ARM, Bicep, azurerm 2.x's addon_profile).
 */
export const ADDON_ENABLING: Record<
  'containerInsights' | 'defender' | 'kms',
  { block: string; flag: string }
> = {
  containerInsights: {
    block: 'Add oms_agent { log_analytics_workspace_id = ... }',
    flag: 'Enable the omsagent add-on with a Log Analytics workspace',
  },
  defender: {
    block: 'Add microsoft_defender { log_analytics_workspace_id = ... }',
    flag: 'Set properties.securityProfile.defender.securityMonitoring.enabled: true with a Log Analytics workspace',
  },
  kms: {
    block: 'Add key_management_service with a Key Vault key',
    flag: 'Enable securityProfile.azureKeyVaultKms with a Key Vault key',
  },
};

/** How a cluster that authenticates with a service principal moves to a managed identity, for messages. */
export const MANAGED_IDENTITY_TEXT: Record<Family, string> = {
  terraform: 'Replace the service_principal block with identity { type = "SystemAssigned" }',
  azure: "Use identity.type 'SystemAssigned' or 'UserAssigned' and drop the service principal",
};

/** Settings inside an add-on's own object (Terraform block or ARM addon profile), read when the add-on is on. */
const ADDON_SETTINGS = {
  secretRotation: {
    terraform: [tf('key_vault_secrets_provider.secret_rotation_enabled')],
    // The add-on's config map holds strings: 'true' / 'false'.
    azure: [az('properties.addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation')],
  },
} satisfies Record<string, Record<Family, AttributePath[]>>;

export type AksAddonSetting = keyof typeof ADDON_SETTINGS;

/** Where an add-on that is turned on with a flag names its Log Analytics workspace. */
const ADDON_WORKSPACE: Record<'defender' | 'containerInsights', Partial<Record<Family, AttributePath>>> = {
  defender: { azure: az('properties.securityProfile.defender.logAnalyticsWorkspaceResourceId') },
  containerInsights: {
    terraform: tf('addon_profile.oms_agent.log_analytics_workspace_id'),
    azure: az('properties.addonProfiles.omsagent.config.logAnalyticsWorkspaceResourceID'),
  },
};

/** azurerm_kubernetes_cluster arguments removed in azurerm 3.0. */
const LEGACY_NAMES = ['role_based_access_control', 'addon_profile', 'private_link_enabled'];

export class AksClusterView implements ViewInstance {
  readonly family: Family;

  constructor(
    readonly resource: Resource,
    private readonly graph: ResourceGraph,
  ) {
    this.family = familyOf(resource);
  }

  /** The cluster's name as deployed when known, else its address. */
  get displayName(): string {
    const name = getProperty(this.resource.body, 'name', { ignoreCase: this.family === 'azure' });
    if (this.family === 'terraform' && name?.kind === 'scalar' && typeof name.value === 'string')
      return name.value;
    return this.resource.name;
  }

  private get ignoreCase(): boolean {
    return this.family === 'azure';
  }

  /**
   * A scalar setting, with its platform default when absent: the rule's default, or what AKS
   * Automatic configures (the reading then names it as `defaultSource`).
   */
  setting(name: AksSetting, defaultValue?: Scalar): Reading<Scalar> {
    const reading = readScalar(this.resource, SETTINGS[name][this.family], {
      ignoreCase: this.ignoreCase,
      default: defaultValue,
      providerMajor: this.providerMajor(),
    });
    return reading.state === 'absent'
      ? this.withAutomaticDefault(reading, AUTOMATIC_DEFAULTS[name])
      : reading;
  }

  /** `sku.name` of an ARM/Bicep/AzAPI cluster: Base, or Automatic. azurerm's cluster is always Base. */
  sku(): Reading<Scalar> {
    if (this.family === 'terraform') {
      return { state: 'absent', value: 'Base', range: this.resource.range, attribute: 'sku.name' };
    }
    return this.readAzure('sku.name', 'Base');
  }

  /**
   * An absent setting of an Automatic cluster reads as Automatic's default; when the SKU itself is
   * unresolved, so is the default.
   */
  private withAutomaticDefault<T>(
    reading: Extract<Reading<T>, { state: 'absent' }>,
    automaticValue: T | undefined,
  ): Reading<T> {
    if (automaticValue === undefined || automaticValue === reading.value) return reading;
    const sku = this.sku();
    if (sku.state === 'unknown') {
      return {
        state: 'unknown',
        reason: `is not set, and its default depends on ${sku.attribute} (${AKS_AUTOMATIC} presets it), which could not be resolved: ${sku.reason}`,
        // Nothing written to quote: the message names the attribute and the reason only.
        source: '',
        range: sku.range,
        attribute: reading.attribute,
        ...(sku.invalid ? { invalid: true } : {}),
      };
    }
    if (typeof sku.value !== 'string' || sku.value.toLowerCase() !== 'automatic') return reading;
    return { ...reading, value: automaticValue, defaultSource: AKS_AUTOMATIC };
  }

  /** A setting as a boolean ('true'/'false' strings count, as ARM parameters often pass them). */
  flag(name: AksSetting, defaultValue: boolean): Reading<boolean> {
    return toBoolean(this.setting(name, defaultValue));
  }

  /** The raw value of a setting (lists such as authorized IP ranges). */
  value(name: AksSetting): Reading<Value> {
    return readValue(this.resource, SETTINGS[name][this.family], {
      ignoreCase: this.ignoreCase,
      providerMajor: this.providerMajor(),
    });
  }

  /**
   * Every setting of the settings and add-on tables, read as AKS901 compares environments on it: the
   * value, with the platform default when absent (for a presence setting, whether it is set at all).
   */
  comparableSettings(): ComparableSetting[] {
    const settings = (Object.keys(SETTINGS) as AksSetting[]).map((name): ComparableSetting => {
      const how: EnvironmentComparison = SETTINGS[name].environments;
      const reading = how.presence
        ? presenceOf(this.value(name))
        : typeof how.default === 'boolean'
          ? this.flag(name, how.default)
          : this.setting(name, how.default);
      return { name, reading, how };
    });
    const addons = (Object.keys(ADDON_BLOCKS) as AksAddon[]).map((name): ComparableSetting => ({
      name,
      reading: this.addon(name),
      how: ADDON_BLOCKS[name].environments,
    }));
    return [...settings, ...addons];
  }

  /**
   * Whether an add-on is on. Terraform 3.x+ turns it on by writing its block (an empty block counts);
   * 2.x and ARM/Bicep by an `enabled` flag.
   */
  addon(name: AksAddon): Reading<boolean> {
    const reading = readValue(this.resource, ADDON_BLOCKS[name][this.family], {
      ignoreCase: this.ignoreCase,
    });
    if (reading.state !== 'set') return reading.state === 'absent' ? { ...reading, value: false } : reading;
    if (reading.value.kind === 'object' || reading.value.kind === 'list') {
      return { ...reading, value: reading.value.kind === 'object' || reading.value.items.length > 0 };
    }
    return toBoolean({ ...reading, value: reading.value.kind === 'scalar' ? reading.value.value : null });
  }

  /** A setting inside an add-on's own object (Terraform block or ARM addon profile). */
  addonSetting(name: AksAddonSetting): Reading<Scalar> {
    return readScalar(this.resource, ADDON_SETTINGS[name][this.family], { ignoreCase: this.ignoreCase });
  }

  /**
   * Entra ID integration in its managed form. azurerm 4.x: the block alone means managed; 3.x needs
   * `managed = true` (without it the legacy integration is used); 2.x nests it under
   * role_based_access_control. ARM/Bicep: aadProfile.managed.
   */
  entraIntegration(): Reading<boolean> {
    // Azure RBAC, which AKS Automatic preconfigures, works only with the managed integration.
    if (this.family === 'azure') {
      const managed = this.readAzure('properties.aadProfile.managed', false);
      return toBoolean(managed.state === 'absent' ? this.withAutomaticDefault(managed, true) : managed);
    }
    const block = readValue(
      this.resource,
      [
        tf('azure_active_directory_role_based_access_control', [3, 4, 5]),
        tf('role_based_access_control.azure_active_directory', [2]),
      ],
      { providerMajor: this.providerMajor() },
    );
    if (block.state !== 'set') return block.state === 'absent' ? { ...block, value: false } : block;
    const managed = readScalar(this.resource, [
      tf('azure_active_directory_role_based_access_control.managed'),
      tf('role_based_access_control.azure_active_directory.managed'),
    ]);
    if (managed.state !== 'absent') return toBoolean(managed);
    const major = this.providerMajor();
    const legacyDefault =
      block.attribute.startsWith('role_based_access_control.') || major === 2 || major === 3;
    return { ...block, value: !legacyDefault };
  }

  /**
   * The flag of azurerm's Entra ID block that chooses the managed integration (2.x and 3.x; 4.x has
   * only the managed one).
   */
  readonly entraManagedFlag = 'managed';

  /**
   * What to write so that the integration `entraIntegration()` read becomes the managed one: the
   * attribute and its value (a block with what it needs). Undefined when no edit does it alone
   * (azurerm 2.x nests the block in role_based_access_control) or the reading is unresolved.
   */
  managedEntraEdit(
    r: Reading<boolean>,
  ): { attribute: string; value: boolean | Record<string, boolean> } | undefined {
    if (r.state === 'unknown') return undefined;
    if (this.family === 'azure') return { attribute: r.attribute, value: true };
    if (r.state === 'set') return { attribute: `${r.attribute}.${this.entraManagedFlag}`, value: true };
    const major = this.providerMajor();
    if (major === 2) return undefined;
    return { attribute: r.attribute, value: major === 3 ? { [this.entraManagedFlag]: true } : {} };
  }

  /** The Entra ID groups given cluster admin, when the integration names them. */
  adminGroups(): Reading<Value> {
    return readValue(
      this.resource,
      this.family === 'azure'
        ? [az('properties.aadProfile.adminGroupObjectIDs')]
        : [
            tf('azure_active_directory_role_based_access_control.admin_group_object_ids', [3, 4, 5]),
            tf('role_based_access_control.azure_active_directory.admin_group_object_ids', [2]),
          ],
      { ignoreCase: this.ignoreCase, providerMajor: this.providerMajor() },
    );
  }

  /**
   * Whether an add-on that needs a Log Analytics workspace (the Defender sensor, Container insights)
   * names one: turning it back on then needs nothing else.
   */
  addonHasWorkspace(name: 'defender' | 'containerInsights'): boolean {
    const path = ADDON_WORKSPACE[name][this.family];
    if (!path) return false;
    const r = readValue(this.resource, [path], { ignoreCase: this.ignoreCase });
    return r.state === 'set' || (r.state === 'unknown' && r.deferred === true);
  }

  /** How the cluster authenticates to Azure: a managed identity, or a service principal with a secret. */
  credentials(): Reading<'managed' | 'servicePrincipal'> {
    if (this.family === 'terraform') {
      const sp = readValue(this.resource, [tf('service_principal')]);
      if (sp.state === 'unknown') return sp;
      if (sp.state === 'set') return { ...sp, value: 'servicePrincipal' };
      return withValue(readValue(this.resource, [tf('identity')]), 'managed');
    }
    const clientId = this.readAzure('properties.servicePrincipalProfile.clientId');
    if (clientId.state === 'unknown') return clientId;
    if (
      clientId.state === 'set' &&
      typeof clientId.value === 'string' &&
      clientId.value.toLowerCase() !== 'msi'
    ) {
      return { ...clientId, value: 'servicePrincipal' };
    }
    return withValue(this.readAzure('identity.type'), 'managed');
  }

  /**
   * Major version of the azurerm provider: from the required_providers constraint when declared, else
   * 2 when the cluster is written with names only 2.x knows (so messages suggest names it accepts).
   */
  providerMajor(): number | undefined {
    // Every setting read asks: found once per cluster (null: none).
    if (this.major === undefined) this.major = this.findProviderMajor() ?? null;
    return this.major ?? undefined;
  }

  private major: number | null | undefined;

  private findProviderMajor(): number | undefined {
    const declared = providerMajor(this.resource.providerVersion);
    if (declared !== undefined || this.family !== 'terraform') return declared;
    return LEGACY_NAMES.some((name) => getProperty(this.resource.body, name)) ? 2 : undefined;
  }

  /** Every node pool: those declared inside the cluster and separate node pool resources that belong to it. */
  nodePools(): NodePoolView[] {
    const pools: NodePoolView[] = [];
    if (this.family === 'terraform') {
      const value = getProperty(this.resource.body, 'default_node_pool');
      const obj = asObject(value);
      if (obj)
        pools.push(new NodePoolView(this.resource, obj, 'terraform', 'default_node_pool.', this.displayName));
    } else {
      const profiles = getProperty(
        getProperty(this.resource.body, 'properties', { ignoreCase: true }),
        'agentPoolProfiles',
        {
          ignoreCase: true,
        },
      );
      if (profiles?.kind === 'list') {
        profiles.items.forEach((item, i) => {
          if (item.kind === 'object') {
            pools.push(
              new NodePoolView(
                this.resource,
                item,
                'azure',
                `properties.agentPoolProfiles[${i}].`,
                this.displayName,
              ),
            );
          }
        });
      }
    }
    return pools;
  }

  private readAzure(dotted: string, defaultValue?: Scalar): Reading<Scalar> {
    return readScalar(this.resource, [az(dotted)], { ignoreCase: true, default: defaultValue });
  }

  /** Node pool resources declared separately that name this cluster as their parent. */
  separatePools(): Resource[] {
    // Terraform roots repeat addresses: a pool belongs to the cluster of its own deployment.
    return (poolsByParent(this.graph).get(this.resource.address) ?? []).filter((pool) =>
      this.graph.sameDeployment(pool, this.resource),
    );
  }
}

const poolIndexes = new WeakMap<ResourceGraph, Map<string | undefined, Resource[]>>();

/** Separate node pools by the address of their parent, in graph order; built once per graph. */
function poolsByParent(graph: ResourceGraph): Map<string | undefined, Resource[]> {
  let index = poolIndexes.get(graph);
  if (!index) {
    index = new Map();
    for (const pool of graph.ofType(TF_NODE_POOL, ARM_NODE_POOL)) {
      const list = index.get(pool.parent);
      if (list) list.push(pool);
      else index.set(pool.parent, [pool]);
    }
    poolIndexes.set(graph, index);
  }
  return index;
}

/**
 * Node pool settings, relative to the pool: `default_node_pool` or an `azurerm_kubernetes_cluster_node_pool`
 * in Terraform (azurerm 4.x name first, then 3.x), an `agentPoolProfiles` item or an agentPools
 * resource's `properties` in ARM and Bicep.
 */
const NODE_POOL_SETTINGS = {
  hostEncryption: {
    terraform: [tf('host_encryption_enabled', V4), tf('enable_host_encryption', V3)],
    azure: [az('enableEncryptionAtHost')],
  },
  nodePublicIp: {
    terraform: [tf('node_public_ip_enabled', V4), tf('enable_node_public_ip', V3)],
    azure: [az('enableNodePublicIP')],
  },
} satisfies Record<string, Record<Family, AttributePath[]>>;

export type NodePoolSetting = keyof typeof NODE_POOL_SETTINGS;

/** One node pool: a cluster's default or profile pool, or a separate node pool resource. */
export class NodePoolView implements ViewInstance {
  private readonly root: ReadRoot;

  constructor(
    readonly resource: Resource,
    pool: ObjectValue,
    readonly family: Family,
    /** How the pool's attributes are written relative to the resource, for messages. */
    private readonly prefix: string,
    /** The cluster's name, when known: pools of two clusters often share a name. */
    private readonly clusterName?: string,
  ) {
    this.root = { body: pool, range: pool === resource.body ? resource.range : pool.range };
  }

  /**
   * The pool's name as deployed; when it is computed, how the pool is written (the node pool
   * resource's address, `default_node_pool`, `properties.agentPoolProfiles[0]`), never the
   * cluster's label.
   */
  get displayName(): string {
    const ignoreCase = this.family === 'azure';
    const separate = this.prefix === '' || this.prefix === 'properties.';
    const name =
      getProperty(this.root.body, 'name', { ignoreCase }) ??
      (separate ? getProperty(this.resource.body, 'name', { ignoreCase }) : undefined);
    // ARM child pools are named "<cluster>/<pool>".
    const lastSegment = (text: string) => text.slice(text.lastIndexOf('/') + 1);
    if (name?.kind === 'scalar' && typeof name.value === 'string') return lastSegment(name.value);
    if (!separate) return this.prefix.slice(0, -1);
    return this.family === 'terraform' ? this.resource.address : lastSegment(this.resource.name);
  }

  /** `Node pool "user" of cluster "aks-prod"`, for messages. */
  get label(): string {
    return `Node pool "${this.displayName}"${this.clusterName ? ` of cluster "${this.clusterName}"` : ''}`;
  }

  /** A setting as a boolean, with its platform default when absent. */
  flag(name: NodePoolSetting, defaultValue: boolean): Reading<boolean> {
    // Messages name the attribute as written from the resource: `default_node_pool.enable_host_encryption`.
    const byPrefix = prefixedSettings[this.family][name];
    let alternatives = byPrefix.get(this.prefix);
    if (!alternatives) {
      alternatives = NODE_POOL_SETTINGS[name][this.family].map((alt) => ({
        ...alt,
        attribute: this.prefix + alt.attribute,
      }));
      if (byPrefix.size >= 1000) byPrefix.clear();
      byPrefix.set(this.prefix, alternatives);
    }
    return toBoolean(
      readScalar(this.root, alternatives, {
        ignoreCase: this.family === 'azure',
        default: defaultValue,
        providerMajor: providerMajor(this.resource.providerVersion),
      }),
    );
  }
}

/**
 * A node pool setting's paths with their names as written from the resource, by family, setting and
 * prefix: maps by the prefix alone, which each pool holds as one string, where a key joining the three
 * was a string made and hashed at every reading.
 */
const prefixedSettings: Record<Family, Record<NodePoolSetting, Map<string, AttributePath[]>>> = {
  terraform: { hostEncryption: new Map(), nodePublicIp: new Map() },
  azure: { hostEncryption: new Map(), nodePublicIp: new Map() },
};

/** A setting of the view's tables as environments are compared on it (see comparableSettings). */
export interface ComparableSetting {
  name: AksSetting | AksAddon;
  reading: Reading<Scalar>;
  how: EnvironmentComparison;
}

/** Whether a setting is given at all: a non-empty list, string or object. */
function presenceOf(r: Reading<Value>): Reading<Scalar> {
  if (r.state === 'unknown') return r;
  if (r.state === 'absent') return { ...r, value: false };
  const v = r.value;
  const given =
    v.kind === 'list'
      ? v.items.length > 0
      : v.kind === 'scalar'
        ? v.value !== null && v.value !== ''
        : v.kind === 'object';
  return { ...r, value: given };
}

/** The same reading (range, state) standing for a value the view derived from it. */
function withValue<T>(r: Reading<unknown>, value: T): Reading<T> {
  return r.state === 'unknown' ? r : r.state === 'set' ? { ...r, raw: r.raw, value } : { ...r, value };
}

/** "~> 3.0", ">= 3.50, < 4.0", "4.1.0", "=5.0.0": the lowest major version the constraint allows. */
export function providerMajor(constraint: string | undefined): number | undefined {
  if (!constraint) return undefined;
  // A scan's roots share a few constraints, and every setting of every cluster and pool reads one.
  if (majorOfConstraint.has(constraint)) return majorOfConstraint.get(constraint);
  const major = lowestMajor(constraint);
  if (majorOfConstraint.size >= 1000) majorOfConstraint.clear();
  majorOfConstraint.set(constraint, major);
  return major;
}

const majorOfConstraint = new Map<string, number | undefined>();

function lowestMajor(constraint: string): number | undefined {
  const majors: number[] = [];
  for (const part of constraint.split(',')) {
    const m = /^\s*(>=|>|~>|=|!=|<=|<)?\s*v?(\d+)/.exec(part);
    if (m && !['<', '<=', '!='].includes(m[1] ?? '')) majors.push(Number(m[2]));
  }
  return majors.length > 0 ? Math.min(...majors) : undefined;
}

export const aksClusters = defineView<AksClusterView>({
  name: 'AksCluster',
  formats: ['terraform', 'arm', 'bicep'],
  select: (graph) =>
    [
      ...graph.ofType(TF_CLUSTER, ARM_CLUSTER),
      ...clustersFromCalls(graph, { azure: ARM_CLUSTER, terraform: TF_CLUSTER }),
    ].map((r) => new AksClusterView(r, graph)),
});

/**
 * What AKS901 reads of a cluster, in either family: the settings and add-ons it compares
 * (comparableSettings), the name (displayName), the SKU whose Automatic presets defaults (sku), the
 * azurerm 2.x names that tell the provider version when no constraint does (providerMajor).
 */
const COMPARED: ValueShape = shapeOfPaths([
  ...[...Object.values(SETTINGS), ...Object.values(ADDON_BLOCKS)].flatMap((s) =>
    [...s.terraform, ...s.azure].map((a) => a.path),
  ),
  ['name'],
  ['sku', 'name'],
  ...LEGACY_NAMES.map((name) => [name]),
]);

/**
 * Each cluster definition evaluated in several contexts, one AksCluster per context (AKS901). The roots
 * that call one module load apart (engine/groups.ts): their clusters, and the module calls that build
 * one, meet once every group is checked, each cluster with what AKS901 reads of it.
 */
export const aksClusterEnvironments = defineView({
  ...acrossContexts(aksClusters),
  acrossDeployments: {
    types: [TF_CLUSTER, ARM_CLUSTER, UNREAD_MODULE],
    keep: { [TF_CLUSTER]: COMPARED, [ARM_CLUSTER]: COMPARED },
  },
});

/** Every node pool of every cluster, including separately declared pools. */
export const aksNodePools = defineView<NodePoolView>({
  name: 'AksNodePool',
  formats: ['terraform', 'arm', 'bicep'],
  select: (graph) => {
    const pools = graph
      .ofType(TF_CLUSTER, ARM_CLUSTER)
      .flatMap((r) => new AksClusterView(r, graph).nodePools());
    const clusterOf = (pool: Resource): string | undefined => {
      const parent = pool.parent ? graph.get(pool.parent, pool.context?.name) : undefined;
      if (parent) return new AksClusterView(parent, graph).displayName;
      // ARM child pools are named "<cluster>/<pool>".
      const name = getProperty(pool.body, 'name', { ignoreCase: true });
      return name?.kind === 'scalar' && typeof name.value === 'string' && name.value.includes('/')
        ? name.value.slice(0, name.value.lastIndexOf('/'))
        : undefined;
    };
    for (const r of graph.ofType(TF_NODE_POOL))
      pools.push(new NodePoolView(r, r.body, 'terraform', '', clusterOf(r)));
    for (const r of graph.ofType(ARM_NODE_POOL)) {
      const props = asObject(getProperty(r.body, 'properties', { ignoreCase: true }));
      pools.push(new NodePoolView(r, props ?? r.body, 'azure', props ? 'properties.' : '', clusterOf(r)));
    }
    return pools;
  },
});

export type { Reading, SourceRange };
