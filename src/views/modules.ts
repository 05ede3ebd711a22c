import {
  UNREAD_MODULE,
  entryWithValue,
  getEntry,
  object,
  type ObjectEntry,
  type ObjectValue,
  type Resource,
  type SourceRange,
} from '../model';
import type { ResourceGraph } from '../graph/graph';
import type { Family } from './azure/common';

/**
 * Well-known AKS modules whose source akslint may not have (a registry module not restored): each call
 * is read at the call site, its documented inputs mapped to the cluster settings they set, so the
 * AksCluster rules judge the values the call passes, located at the call's arguments. Inputs the call
 * does not pass are not judged: the module decides them, and its defaults changed between versions.
 *
 * Input names are those of the modules' published interfaces: the AVM Bicep module's main.bicep
 * (Azure/bicep-registry-modules, avm/res/container-service/managed-cluster, 0.x), Azure/aks/azurerm's
 * variables.tf (Azure/terraform-azurerm-aks) and the AVM Terraform module's variables.tf
 * (Azure/terraform-azurerm-avm-res-containerservice-managedcluster, 0.x).
 */
interface WellKnownModule {
  /** How the module is named in messages. */
  title: string;
  /** The source as written, without the version (a Bicep tag, a Terraform registry address). */
  source: RegExp;
  /** Versions the table was written for, tested against the version or constraint without its operator. */
  versions?: RegExp;
  family: Family;
  /** Input name -> dotted path of the cluster setting it sets (REST API or azurerm vocabulary). */
  inputs: Readonly<Record<string, string>>;
}

const AVM_BICEP_INPUTS = {
  disableLocalAccounts: 'properties.disableLocalAccounts',
  enablePrivateCluster: 'properties.apiServerAccessProfile.enablePrivateCluster',
  enablePrivateClusterPublicFQDN: 'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN',
  authorizedIPRanges: 'properties.apiServerAccessProfile.authorizedIPRanges',
  networkPolicy: 'properties.networkProfile.networkPolicy',
  networkPlugin: 'properties.networkProfile.networkPlugin',
  outboundType: 'properties.networkProfile.outboundType',
  enableRBAC: 'properties.enableRBAC',
  azurePolicyEnabled: 'properties.addonProfiles.azurepolicy.enabled',
  kubeDashboardEnabled: 'properties.addonProfiles.kubeDashboard.enabled',
  httpApplicationRoutingEnabled: 'properties.addonProfiles.httpApplicationRouting.enabled',
  autoUpgradeProfileUpgradeChannel: 'properties.autoUpgradeProfile.upgradeChannel',
  diskEncryptionSetResourceId: 'properties.diskEncryptionSetID',
  enableOidcIssuerProfile: 'properties.oidcIssuerProfile.enabled',
  enableWorkloadIdentity: 'properties.securityProfile.workloadIdentity.enabled',
  enableAzureDefender: 'properties.securityProfile.defender.securityMonitoring.enabled',
};

const AKS_TERRAFORM_INPUTS = {
  local_account_disabled: 'local_account_disabled',
  private_cluster_enabled: 'private_cluster_enabled',
  private_cluster_public_fqdn_enabled: 'private_cluster_public_fqdn_enabled',
  api_server_authorized_ip_ranges: 'api_server_access_profile.authorized_ip_ranges',
  network_policy: 'network_profile.network_policy',
  network_plugin: 'network_profile.network_plugin',
  role_based_access_control_enabled: 'role_based_access_control_enabled',
  rbac_aad_azure_rbac_enabled: 'azure_active_directory_role_based_access_control.azure_rbac_enabled',
  azure_policy_enabled: 'azure_policy_enabled',
  http_application_routing_enabled: 'http_application_routing_enabled',
  automatic_channel_upgrade: 'automatic_channel_upgrade',
  disk_encryption_set_id: 'disk_encryption_set_id',
  oidc_issuer_enabled: 'oidc_issuer_enabled',
  workload_identity_enabled: 'workload_identity_enabled',
};

const AVM_TERRAFORM_SOURCE =
  /^(?:registry\.terraform\.io\/)?azure\/avm-res-containerservice-managedcluster\/azurerm$/i;

/** Inputs of the AVM Terraform module from 0.4 (its variables.tf); a dot steps into an object input. */
const AVM_TERRAFORM_INPUTS = {
  disable_local_accounts: 'properties.disableLocalAccounts',
  enable_rbac: 'properties.enableRBAC',
  'aad_profile.enable_azure_rbac': 'properties.aadProfile.enableAzureRBAC',
  'api_server_access_profile.enable_private_cluster':
    'properties.apiServerAccessProfile.enablePrivateCluster',
  'api_server_access_profile.enable_private_cluster_public_fqdn':
    'properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN',
  'api_server_access_profile.authorized_ip_ranges': 'properties.apiServerAccessProfile.authorizedIPRanges',
  'network_profile.network_policy': 'properties.networkProfile.networkPolicy',
  'network_profile.network_plugin': 'properties.networkProfile.networkPlugin',
  'network_profile.network_dataplane': 'properties.networkProfile.networkDataplane',
  'network_profile.outbound_type': 'properties.networkProfile.outboundType',
  'addon_profile_azure_policy.enabled': 'properties.addonProfiles.azurepolicy.enabled',
  'addon_profile_oms_agent.enabled': 'properties.addonProfiles.omsagent.enabled',
  'addon_profile_key_vault_secrets_provider.config.enable_secret_rotation':
    'properties.addonProfiles.azureKeyvaultSecretsProvider.config.enableSecretRotation',
  'auto_upgrade_profile.upgrade_channel': 'properties.autoUpgradeProfile.upgradeChannel',
  'auto_upgrade_profile.node_os_upgrade_channel': 'properties.autoUpgradeProfile.nodeOSUpgradeChannel',
  disk_encryption_set_id: 'properties.diskEncryptionSetID',
  'oidc_issuer_profile.enabled': 'properties.oidcIssuerProfile.enabled',
  'security_profile.workload_identity.enabled': 'properties.securityProfile.workloadIdentity.enabled',
  'security_profile.defender.security_monitoring.enabled':
    'properties.securityProfile.defender.securityMonitoring.enabled',
  'security_profile.azure_key_vault_kms.enabled': 'properties.securityProfile.azureKeyVaultKms.enabled',
};

export const WELL_KNOWN_MODULES: readonly WellKnownModule[] = [
  {
    title: 'AVM managed-cluster (Bicep)',
    source: /^br(?::mcr\.microsoft\.com\/bicep|\/public):avm\/res\/container-service\/managed-cluster$/i,
    versions: /^0\./,
    family: 'azure',
    inputs: AVM_BICEP_INPUTS,
  },
  {
    title: 'Azure/aks/azurerm',
    source: /^(?:registry\.terraform\.io\/)?azure\/aks\/azurerm$/i,
    family: 'terraform',
    inputs: AKS_TERRAFORM_INPUTS,
  },
  {
    // From 0.4 the module is written with azapi and its inputs follow the REST API's managedClusters
    // properties in snake case; a call without a version gets the newest.
    title: 'AVM managed cluster (Terraform)',
    source: AVM_TERRAFORM_SOURCE,
    versions: /^(?:0\.(?:[4-9]|\d{2,})|[1-9]\d*)(?:\.|$)/,
    family: 'azure',
    inputs: AVM_TERRAFORM_INPUTS,
  },
  {
    title: 'AVM managed cluster (Terraform, 0.1-0.3)',
    source: AVM_TERRAFORM_SOURCE,
    versions: /^0\.[0-3](?:\.|$)/,
    family: 'terraform',
    inputs: {
      local_account_disabled: 'local_account_disabled',
      private_cluster_enabled: 'private_cluster_enabled',
      azure_policy_enabled: 'azure_policy_enabled',
      oidc_issuer_enabled: 'oidc_issuer_enabled',
      workload_identity_enabled: 'workload_identity_enabled',
      role_based_access_control_enabled: 'role_based_access_control_enabled',
    },
  },
];

/** `br/public:avm/...:0.9.0` -> source and version; Terraform calls give the version in `version`. */
function splitSource(call: Resource): { source: string; version?: string } {
  const written = call.moduleSource ?? '';
  if (call.format === 'bicep') {
    const m = /^(.*):([^:/]+)$/.exec(written);
    return m ? { source: m[1], version: m[2] } : { source: written };
  }
  return { source: written.replace(/\?.*$/, ''), version: call.moduleVersion };
}

/** The table entry for a module call, when the module and its version are known. */
export function wellKnownModule(call: Resource): WellKnownModule | undefined {
  if (call.type !== UNREAD_MODULE) return undefined;
  const { source, version } = splitSource(call);
  return WELL_KNOWN_MODULES.find(
    (m) =>
      m.source.test(source) &&
      (!m.versions || !version || m.versions.test(version.replace(/^[~^>=<\s]+/, ''))),
  );
}

/**
 * Input names that name cluster settings: those of the known modules, and names home-grown AKS modules
 * commonly take (`kubernetes_version`, `enable_private_cluster`, `default_node_pool`, `agentPools`...).
 * A call passing one builds a cluster.
 */
const CLUSTER_INPUTS = new Set(
  [
    ...WELL_KNOWN_MODULES.flatMap((m) => Object.keys(m.inputs).map((input) => input.split('.')[0])),
    'kubernetes_version',
    'kubernetesVersion',
    'enable_private_cluster',
    'private_cluster',
    'disable_local_accounts',
    'default_node_pool',
    'node_pools',
    'agent_pools',
    'agentPools',
    'primaryAgentPoolProfile',
    'primaryAgentPoolProfiles',
    'aadProfile',
    'enable_azure_rbac',
    'azure_rbac_enabled',
  ].map((n) => n.toLowerCase()),
);

/**
 * Whether a module call not read builds a cluster: its source names AKS or a managed cluster, or it
 * passes inputs named like cluster security settings.
 */
export function buildsCluster(call: Resource): boolean {
  if (call.type !== UNREAD_MODULE) return false;
  if (/\baks\b|managed-?cluster|kubernetes|container-?service/i.test(call.moduleSource ?? '')) return true;
  return call.body.entries.some((e) => CLUSTER_INPUTS.has(e.key.toLowerCase()));
}

/**
 * The cluster a call to a well-known module deploys, as far as the call's arguments say: each argument
 * the table maps is placed at the cluster setting it sets, where the call writes it.
 */
export function clusterFromCall(call: Resource, module: WellKnownModule, type: string): Resource {
  const root = object([], call.range);
  const ignoreCase = call.format === 'bicep';
  const writtenAs: Record<string, string> = {};
  for (const [input, target] of Object.entries(module.inputs)) {
    const given = inputAt(call.body, input.split('.'), ignoreCase);
    if (!given) continue;
    place(root, target.split('.'), given, call.range);
    writtenAs[target] = input;
  }
  return {
    format: call.format,
    type,
    name: call.name,
    address: call.address,
    file: call.file,
    range: call.range,
    body: root,
    via: call.via,
    references: [],
    ...(call.context ? { context: call.context } : {}),
    ...(call.providerVersion ? { providerVersion: call.providerVersion } : {}),
    ...(call.installedModule ? { installedModule: call.installedModule } : {}),
    fromModuleCall: call.moduleSource,
    writtenAs,
  };
}

/**
 * The argument at a dotted input path: a field of an object input. An object the call passes as an
 * unresolved value leaves every field in it unresolved (the unknown entry stands for them).
 */
function inputAt(body: ObjectValue, path: readonly string[], ignoreCase: boolean): ObjectEntry | undefined {
  let entry = getEntry(body, path[0], { ignoreCase });
  for (const key of path.slice(1)) {
    if (entry?.value.kind === 'unknown') return entry;
    if (entry?.value.kind !== 'object') return undefined;
    entry = getEntry(entry.value, key, { ignoreCase });
  }
  return entry;
}

/** Sets `path` in `into`, which the caller owns; objects on the way that came from a call are copied. */
function place(into: ObjectValue, path: string[], given: ObjectEntry, callRange: SourceRange): void {
  let current = into;
  for (const key of path.slice(0, -1)) {
    const at = current.entries.findIndex((e) => e.key === key);
    const found = at >= 0 ? current.entries[at] : undefined;
    let next: ObjectValue;
    if (found?.value.kind === 'object') {
      // The object may be an argument of the call, which other calls and contexts share. Copied by its
      // members: a spread of a relocated object would lose its entries (see relocated).
      const { range, origins } = found.value;
      const entries = [...found.value.entries];
      next = origins ? { kind: 'object', entries, range, origins } : object(entries, range);
      current.entries[at] = entryWithValue(found, next);
    } else {
      next = object([], callRange);
      current.entries.push({ key, keyRange: callRange, value: next });
    }
    current = next;
  }
  current.entries.push({ key: path[path.length - 1], keyRange: given.keyRange, value: given.value });
}

/** Clusters built from calls to well-known modules, for the AksCluster view. */
export function clustersFromCalls(
  graph: ResourceGraph,
  types: { azure: string; terraform: string },
): Resource[] {
  const out: Resource[] = [];
  for (const call of graph.ofType(UNREAD_MODULE)) {
    const module = wellKnownModule(call);
    if (module) out.push(clusterFromCall(call, module, types[module.family]));
  }
  return out;
}
