import type { Random } from './random';
import { bicepValue, raw, Raw, type Data } from './render';
import { ENVIRONMENTS, REGIONS, TEAMS, postureFor, type GeneratedFile, type Posture } from './shared';

/** ARM and Bicep deployments at scale 1: a few hundred files each. */
const ARM_DEPLOYMENTS_AT_SCALE_1 = 130;
const BICEP_DEPLOYMENTS_AT_SCALE_1 = 120;

const CLUSTER_API = '2024-05-01';
const VM_SIZES = ['Standard_D4s_v5', 'Standard_D8s_v5', 'Standard_D16s_v5', 'Standard_E8s_v5'];

interface Deployment {
  dir: string;
  team: string;
  environment: string;
  region: (typeof REGIONS)[number];
  posture: Posture;
}

function planDeployments(rng: Random, count: number, folder: string): Deployment[] {
  const plans: Deployment[] = [];
  for (let i = 0; i < count; i++) {
    const team = TEAMS[(i * 7) % TEAMS.length];
    const environment = ENVIRONMENTS[(i + Math.floor(i / TEAMS.length)) % ENVIRONMENTS.length];
    const region = REGIONS[(i * 5) % REGIONS.length];
    plans.push({
      dir: `${folder}/${team}/${rng.pick(['aks', 'cluster', 'platform', 'compute'])}-${environment}-${region.code}-${i}`,
      team,
      environment,
      region,
      posture: postureFor(rng, environment),
    });
  }
  return plans;
}

/** A template parameter; `value` goes to the parameters file, `defaultValue` stays in the template. */
interface Param {
  type: 'string' | 'bool' | 'int' | 'array' | 'object';
  description: string;
  defaultValue?: Data;
  allowedValues?: Data[];
  secure?: boolean;
  value?: Data;
}

/** What a template declares as it is built, shared by the ARM and Bicep writers. */
class TemplateInputs {
  readonly params = new Map<string, Param>();
  readonly variables = new Map<string, Data>();

  param(name: string, p: Param): string {
    if (!this.params.has(name)) this.params.set(name, p);
    return name;
  }
}

type Dialect = 'arm' | 'bicep';

/** In ARM a reference is an expression string, in Bicep an identifier. */
function ref(dialect: Dialect, kind: 'parameters' | 'variables', name: string): Data {
  return dialect === 'arm' ? `[${kind}('${name}')]` : raw(name);
}

function typeOf(value: Data): Param['type'] {
  return typeof value === 'boolean'
    ? 'bool'
    : typeof value === 'number'
      ? 'int'
      : Array.isArray(value)
        ? 'array'
        : 'string';
}

/** A security setting written as a literal, a parameter (with a default or a parameters-file value), a variable, a condition, or an unset parameter. */
function setting(
  rng: Random,
  dialect: Dialect,
  inputs: TemplateInputs,
  plan: Deployment,
  name: string,
  secureValue: Data,
  insecureValue: Data,
): Data {
  const value = rng.chance(plan.posture.secureShare) ? secureValue : insecureValue;
  const roll = rng.next();
  const type = typeOf(secureValue);
  if (roll < 0.55) return value;
  if (roll < 0.75)
    return ref(
      dialect,
      'parameters',
      inputs.param(name, { type, description: `Cluster setting ${name}.`, value }),
    );
  if (roll < 0.87)
    return ref(
      dialect,
      'parameters',
      inputs.param(name, { type, description: `Cluster setting ${name}.`, defaultValue: value }),
    );
  if (roll < 0.93) {
    inputs.variables.set(name, value);
    return ref(dialect, 'variables', name);
  }
  if (roll < 0.98) {
    inputs.param('environment', { type: 'string', description: 'Environment.', value: plan.environment });
    const literal = (v: Data) => (typeof v === 'boolean' ? `${v}()` : `'${String(v)}'`);
    return dialect === 'arm'
      ? `[if(equals(parameters('environment'), 'prod'), ${literal(secureValue)}, ${literal(value)})]`
      : raw(`environment == 'prod' ? ${bicepValue(secureValue)} : ${bicepValue(value)}`);
  }
  return ref(
    dialect,
    'parameters',
    inputs.param(name, { type, description: `Set by the release pipeline: ${name}.` }),
  );
}

interface ClusterShape {
  /** The managedClusters resource body without type/apiVersion/name (ARM and Bicep share it). */
  identity: Data;
  sku: Data;
  properties: Record<string, Data>;
  userPools: Record<string, Data>[];
}

/** The properties of Microsoft.ContainerService/managedClusters, secure or not by the deployment's posture. */
function clusterShape(
  rng: Random,
  dialect: Dialect,
  inputs: TemplateInputs,
  plan: Deployment,
  workspaceId: Data,
  subnetId: Data,
): ClusterShape {
  const s = (name: string, secure: Data, insecure: Data) =>
    setting(rng, dialect, inputs, plan, name, secure, insecure);
  const p = (name: string) => ref(dialect, 'parameters', name);
  inputs.param('clusterName', {
    type: 'string',
    description: 'Cluster name.',
    value: `aks-${plan.team}-${plan.environment}-${plan.region.code}`,
  });
  inputs.param('kubernetesVersion', {
    type: 'string',
    description: 'Version.',
    defaultValue: '1.29',
    value: rng.pick(['1.28', '1.29', '1.30']),
  });
  inputs.param('adminGroupObjectIds', {
    type: 'array',
    description: 'Entra ID admin groups.',
    defaultValue: [],
    value: [rng.guid()],
  });

  const systemPool: Record<string, Data> = {
    name: 'system',
    mode: 'System',
    count: rng.pick([2, 3]),
    vmSize: rng.pick(VM_SIZES),
    osType: 'Linux',
    osSKU: rng.pick(['AzureLinux', 'Ubuntu']),
    enableAutoScaling: true,
    minCount: 2,
    maxCount: rng.int(3, 6),
    availabilityZones: ['1', '2', '3'],
    vnetSubnetID: subnetId,
    maxPods: rng.pick([30, 50, 110]),
    osDiskType: rng.pick(['Ephemeral', 'Managed']),
    enableEncryptionAtHost: s('encryptionAtHost', true, false),
    nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'],
    upgradeSettings: { maxSurge: '33%' },
  };
  if (rng.chance(0.25)) systemPool.enableNodePublicIP = s('nodePublicIp', false, true);

  const properties: Record<string, Data> = {
    kubernetesVersion: p('kubernetesVersion'),
    dnsPrefix: p('clusterName'),
    enableRBAC: s('enableRbac', true, false),
    disableLocalAccounts: s('disableLocalAccounts', true, false),
  };
  if (rng.chance(0.85))
    properties.aadProfile = {
      managed: true,
      enableAzureRBAC: s('enableAzureRbac', true, false),
      adminGroupObjectIDs: p('adminGroupObjectIds'),
      tenantID: dialect === 'arm' ? '[subscription().tenantId]' : raw('subscription().tenantId'),
    };
  const apiServer: Record<string, Data> = { enablePrivateCluster: s('privateCluster', true, false) };
  if (rng.chance(0.4)) apiServer.enablePrivateClusterPublicFQDN = s('privateClusterPublicFqdn', false, true);
  if (rng.chance(0.5))
    apiServer.authorizedIPRanges = rng.chance(plan.posture.secureShare) ? ['203.0.113.0/24'] : ['0.0.0.0/0'];
  properties.apiServerAccessProfile = apiServer;
  properties.agentPoolProfiles = [systemPool];
  const network: Record<string, Data> = {
    networkPlugin: s('networkPlugin', 'azure', 'kubenet'),
    loadBalancerSku: 'standard',
    outboundType: s('outboundType', 'userDefinedRouting', 'loadBalancer'),
    serviceCidr: '172.16.0.0/16',
    dnsServiceIP: '172.16.0.10',
  };
  if (rng.chance(0.5)) network.networkPluginMode = 'overlay';
  if (rng.chance(0.8))
    network.networkPolicy = s('networkPolicy', rng.pick(['calico', 'azure', 'cilium']), 'none');
  properties.networkProfile = network;
  const addons: Record<string, Data> = {
    azureKeyvaultSecretsProvider: {
      enabled: true,
      config: { enableSecretRotation: s('secretRotation', 'true', 'false'), rotationPollInterval: '2m' },
    },
    azurepolicy: { enabled: s('azurePolicy', true, false) },
  };
  if (rng.chance(0.8))
    addons.omsagent = { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId } };
  if (rng.chance(0.15)) addons.httpApplicationRouting = { enabled: s('httpApplicationRouting', false, true) };
  if (rng.chance(0.1)) addons.kubeDashboard = { enabled: s('kubeDashboard', false, true) };
  if (rng.chance(0.08))
    addons.aciConnectorLinux = { enabled: true, config: { SubnetName: 'snet-virtual-nodes' } };
  properties.addonProfiles = addons;
  const security: Record<string, Data> = {
    workloadIdentity: { enabled: s('workloadIdentity', true, false) },
    imageCleaner: { enabled: true, intervalHours: 48 },
  };
  if (rng.chance(plan.posture.secureShare))
    security.defender = {
      logAnalyticsWorkspaceResourceId: workspaceId,
      securityMonitoring: { enabled: true },
    };
  if (rng.chance(0.3))
    security.azureKeyVaultKms = {
      enabled: true,
      keyId: `https://kv-${plan.team}.vault.azure.net/keys/etcd/${rng.hex(32)}`,
      keyVaultNetworkAccess: 'Public',
    };
  properties.securityProfile = security;
  properties.oidcIssuerProfile = { enabled: true };
  properties.autoUpgradeProfile = {
    upgradeChannel: s('upgradeChannel', 'patch', 'none'),
    nodeOSUpgradeChannel: s('nodeOsUpgradeChannel', 'NodeImage', 'None'),
  };
  if (rng.chance(0.3))
    properties.diskEncryptionSetID = `/subscriptions/${rng.guid()}/resourceGroups/rg-keys/providers/Microsoft.Compute/diskEncryptionSets/des-${plan.team}`;
  properties.autoScalerProfile = {
    expander: rng.pick(['least-waste', 'random']),
    'balance-similar-node-groups': 'true',
    'scale-down-unneeded-time': '10m',
  };

  const identity: Data = rng.chance(0.85) ? { type: 'SystemAssigned' } : { type: 'None' };
  if ((identity as { type: string }).type === 'None') {
    properties.servicePrincipalProfile = {
      clientId: rng.guid(),
      secret: ref(
        dialect,
        'parameters',
        inputs.param('servicePrincipalSecret', {
          type: 'string',
          description: 'Legacy SP secret.',
          secure: true,
        }),
      ),
    };
  }
  const userPools: Record<string, Data>[] = rng
    .sample(['apps', 'batch', 'spot', 'memory', 'jobs'], rng.int(1, 4))
    .map((name) => {
      const pool: Record<string, Data> = {
        name,
        vmSize: rng.pick(VM_SIZES),
        minCount: 1,
        maxCount: rng.int(2, 10),
        zones: ['1', '2', '3'],
        enableHostEncryption: rng.chance(plan.posture.secureShare),
        enableNodePublicIp: !rng.chance(plan.posture.secureShare) && rng.chance(0.4),
      };
      if (name === 'spot') pool.priority = 'Spot';
      return pool;
    });
  return {
    identity,
    sku: { name: 'Base', tier: plan.environment === 'prod' ? 'Standard' : 'Free' },
    properties,
    userPools,
  };
}

const NSG_RULES: [string, string, string][] = [
  ['AllowHttps', '443', 'Tcp'],
  ['AllowHttp', '80', 'Tcp'],
  ['AllowSsh', '22', 'Tcp'],
  ['AllowRdp', '3389', 'Tcp'],
  ['AllowKubelet', '10250', 'Tcp'],
  ['AllowDns', '53', 'Udp'],
  ['AllowNodePorts', '30000-32767', 'Tcp'],
  ['AllowMonitoring', '9100', 'Tcp'],
];

function securityRules(rng: Random, plan: Deployment): Data[] {
  return Array.from({ length: rng.int(8, 16) }, (_, i) => {
    const [name, port, protocol] = rng.pick(NSG_RULES);
    const open = !rng.chance(plan.posture.secureShare) && rng.chance(0.5);
    return {
      name: `${name}${i}`,
      properties: {
        priority: 100 + i * 10,
        direction: 'Inbound',
        access: 'Allow',
        protocol,
        sourcePortRange: '*',
        destinationPortRange: port,
        sourceAddressPrefix: open ? 'Internet' : 'VirtualNetwork',
        destinationAddressPrefix: '*',
        description: `${name} for ${plan.team}`,
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------- ARM

const TEMPLATE_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const PARAMETERS_SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#';

function armParameters(inputs: TemplateInputs): Record<string, Data> {
  const out: Record<string, Data> = {};
  for (const [name, p] of inputs.params) {
    const decl: Record<string, Data> = {
      type: p.secure ? (p.type === 'object' ? 'secureObject' : 'secureString') : p.type,
    };
    if (p.defaultValue !== undefined) decl.defaultValue = p.defaultValue;
    if (p.allowedValues) decl.allowedValues = p.allowedValues;
    decl.metadata = { description: p.description };
    out[name] = decl;
  }
  return out;
}

function armTemplate(rng: Random, plan: Deployment): GeneratedFile[] {
  const inputs = new TemplateInputs();
  inputs.param('location', {
    type: 'string',
    description: 'Region.',
    defaultValue: '[resourceGroup().location]',
    value: plan.region.name,
  });
  inputs.param('environment', {
    type: 'string',
    description: 'Environment.',
    allowedValues: [...ENVIRONMENTS],
    value: plan.environment,
  });
  inputs.param('userPools', { type: 'array', description: 'User node pools.', defaultValue: [] });
  const workspaceId = "[resourceId('Microsoft.OperationalInsights/workspaces', variables('workspaceName'))]";
  const subnetId =
    "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), 'snet-aks-nodes')]";
  const cluster = clusterShape(rng, 'arm', inputs, plan, workspaceId, subnetId);
  inputs.params.get('userPools')!.value = cluster.userPools;

  const clusterRef = "[resourceId('Microsoft.ContainerService/managedClusters', parameters('clusterName'))]";
  const variables: Record<string, Data> = {
    workspaceName: "[format('log-{0}', parameters('clusterName'))]",
    vnetName: "[format('vnet-{0}', parameters('clusterName'))]",
    nsgName: "[format('nsg-{0}', parameters('clusterName'))]",
    tags: { team: plan.team, environment: "[parameters('environment')]", managedBy: 'arm' },
    ...Object.fromEntries(inputs.variables),
  };
  const resources: Data[] = [
    {
      type: 'Microsoft.OperationalInsights/workspaces',
      apiVersion: '2022-10-01',
      name: "[variables('workspaceName')]",
      location: "[parameters('location')]",
      tags: "[variables('tags')]",
      properties: {
        sku: { name: 'PerGB2018' },
        retentionInDays: rng.pick([30, 90, 180]),
        publicNetworkAccessForIngestion: rng.pick(['Enabled', 'Disabled']),
      },
    },
    {
      type: 'Microsoft.Network/networkSecurityGroups',
      apiVersion: '2023-09-01',
      name: "[variables('nsgName')]",
      location: "[parameters('location')]",
      tags: "[variables('tags')]",
      properties: { securityRules: securityRules(rng, plan) },
    },
    {
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2023-09-01',
      name: "[variables('vnetName')]",
      location: "[parameters('location')]",
      dependsOn: ["[resourceId('Microsoft.Network/networkSecurityGroups', variables('nsgName'))]"],
      properties: {
        addressSpace: { addressPrefixes: [`10.${rng.int(16, 250)}.0.0/16`] },
        subnets: ['aks-nodes', 'aks-pods', 'ingress', 'private-endpoints'].map((name, i) => ({
          name: `snet-${name}`,
          properties: {
            addressPrefix: `10.${rng.int(0, 255)}.${i * 16}.0/20`,
            networkSecurityGroup: {
              id: "[resourceId('Microsoft.Network/networkSecurityGroups', variables('nsgName'))]",
            },
          },
        })),
      },
    },
    {
      type: 'Microsoft.ContainerService/managedClusters',
      apiVersion: CLUSTER_API,
      name: "[parameters('clusterName')]",
      location: "[parameters('location')]",
      tags: "[variables('tags')]",
      dependsOn: [
        "[resourceId('Microsoft.Network/virtualNetworks', variables('vnetName'))]",
        "[resourceId('Microsoft.OperationalInsights/workspaces', variables('workspaceName'))]",
      ],
      sku: cluster.sku,
      identity: cluster.identity,
      properties: cluster.properties,
    },
    {
      type: 'Microsoft.ContainerService/managedClusters/agentPools',
      apiVersion: CLUSTER_API,
      name: "[format('{0}/{1}', parameters('clusterName'), parameters('userPools')[copyIndex()].name)]",
      copy: {
        name: 'userPoolCopy',
        count: "[length(parameters('userPools'))]",
        mode: 'Serial',
        batchSize: 1,
      },
      dependsOn: [clusterRef],
      properties: {
        mode: 'User',
        vmSize: "[parameters('userPools')[copyIndex()].vmSize]",
        enableAutoScaling: true,
        minCount: "[parameters('userPools')[copyIndex()].minCount]",
        maxCount: "[parameters('userPools')[copyIndex()].maxCount]",
        availabilityZones: "[parameters('userPools')[copyIndex()].zones]",
        enableEncryptionAtHost: "[parameters('userPools')[copyIndex()].enableHostEncryption]",
        enableNodePublicIP: "[parameters('userPools')[copyIndex()].enableNodePublicIp]",
        scaleSetPriority:
          "[if(contains(parameters('userPools')[copyIndex()], 'priority'), parameters('userPools')[copyIndex()].priority, 'Regular')]",
        vnetSubnetID: subnetId,
        osType: 'Linux',
      },
    },
    {
      type: 'Microsoft.Insights/diagnosticSettings',
      apiVersion: '2021-05-01-preview',
      scope: "[format('Microsoft.ContainerService/managedClusters/{0}', parameters('clusterName'))]",
      name: 'aks-diagnostics',
      dependsOn: [clusterRef],
      properties: {
        workspaceId,
        logs: rng
          .sample(
            ['kube-apiserver', 'kube-audit-admin', 'kube-controller-manager', 'guard', 'cluster-autoscaler'],
            rng.int(2, 5),
          )
          .map((category) => ({ category, enabled: true })),
        metrics: [{ category: 'AllMetrics', enabled: true }],
      },
    },
  ];
  if (rng.chance(0.5))
    resources.push({
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: `[guid(resourceGroup().id, parameters('clusterName'), 'network')]`,
      dependsOn: [clusterRef],
      properties: {
        roleDefinitionId:
          "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4d97b98b-1d4f-4787-a291-c67834d212e7')]",
        principalId: `[reference(${clusterRef.slice(1, -1)}, '${CLUSTER_API}', 'full').identity.principalId]`,
        principalType: 'ServicePrincipal',
      },
    });
  const template = {
    $schema: TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    metadata: {
      description: `AKS platform for ${plan.team} (${plan.environment}, ${plan.region.name})`,
      owner: `${plan.team}@contoso.com`,
    },
    parameters: armParameters(inputs),
    variables,
    resources,
    outputs: {
      clusterId: { type: 'string', value: clusterRef },
      oidcIssuerUrl: {
        type: 'string',
        value: `[reference(${clusterRef.slice(1, -1)}, '${CLUSTER_API}').oidcIssuerProfile.issuerURL]`,
      },
    },
  };
  const files: GeneratedFile[] = [{ path: `${plan.dir}/azuredeploy.json`, text: toJson(template) }];
  const values = Object.fromEntries(
    [...inputs.params]
      .filter(([, p]) => p.value !== undefined)
      .map(([name, p]) => [name, { value: p.value! }]),
  );
  files.push({
    path: `${plan.dir}/azuredeploy.parameters.json`,
    text: toJson({ $schema: PARAMETERS_SCHEMA, contentVersion: '1.0.0.0', parameters: values }),
  });
  if (rng.chance(0.3)) {
    const other = ENVIRONMENTS.find((e) => e !== plan.environment)!;
    files.push({
      path: `${plan.dir}/azuredeploy.parameters.${other}.json`,
      text: toJson({
        $schema: PARAMETERS_SCHEMA,
        contentVersion: '1.0.0.0',
        parameters: { ...values, environment: { value: other } },
      }),
    });
  }
  return files;
}

function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Raw ? v.text : v), 2) + '\n';
}

export function armCorpus(rng: Random, scale: number): GeneratedFile[] {
  const count = Math.max(1, Math.round(ARM_DEPLOYMENTS_AT_SCALE_1 * scale));
  return planDeployments(rng, count, 'arm').flatMap((plan) => armTemplate(rng.fork(plan.dir), plan));
}

// -------------------------------------------------------------------------------------------- Bicep

function bicepParams(inputs: TemplateInputs): string {
  const out: string[] = [];
  for (const [name, p] of inputs.params) {
    out.push(`@description('${p.description.replace(/'/g, "\\'")}')`);
    if (p.allowedValues) out.push(`@allowed(${bicepValue(p.allowedValues)})`);
    if (p.secure) out.push('@secure()');
    out.push(
      `param ${name} ${p.type}${p.defaultValue !== undefined ? ` = ${bicepValue(p.defaultValue)}` : ''}`,
    );
    out.push('');
  }
  return out.join('\n');
}

function bicepResource(symbol: string, type: string, body: Data, condition?: string): string {
  return `resource ${symbol} '${type}' = ${condition ? `if (${condition}) ` : ''}${bicepValue(body)}\n`;
}

function bicepTemplate(rng: Random, plan: Deployment): GeneratedFile[] {
  const inputs = new TemplateInputs();
  inputs.param('location', {
    type: 'string',
    description: 'Region.',
    defaultValue: raw('resourceGroup().location'),
    value: plan.region.name,
  });
  inputs.param('environment', {
    type: 'string',
    description: 'Environment.',
    allowedValues: [...ENVIRONMENTS],
    value: plan.environment,
  });
  inputs.param('tags', {
    type: 'object',
    description: 'Extra tags.',
    defaultValue: {},
    value: { costCenter: `cc-${rng.int(1000, 9999)}` },
  });
  const viaModules = rng.chance(0.4);
  const body: string[] = [];
  const workspaceId = raw(viaModules ? 'monitoring.outputs.workspaceId' : 'workspace.id');
  const subnetId = raw(viaModules ? 'network.outputs.nodeSubnetId' : 'vnet.properties.subnets[0].id');

  if (viaModules) {
    body.push(
      `module network '../../modules/network.bicep' = ${bicepValue({
        name: raw("'network-${clusterName}'"),
        params: {
          name: raw('clusterName'),
          location: raw('location'),
          addressPrefix: `10.${rng.int(16, 250)}.0.0/16`,
          allowSshFromInternet: !rng.chance(plan.posture.secureShare),
          tags: raw('allTags'),
        },
      })}\n`,
      `module monitoring '../../modules/monitoring.bicep' = ${bicepValue({
        name: raw("'monitoring-${clusterName}'"),
        params: {
          name: raw("'log-${clusterName}'"),
          location: raw('location'),
          retentionInDays: rng.pick([30, 90]),
          tags: raw('allTags'),
        },
      })}\n`,
    );
  } else {
    body.push(
      bicepResource('workspace', 'Microsoft.OperationalInsights/workspaces@2022-10-01', {
        name: raw("'log-${clusterName}'"),
        location: raw('location'),
        tags: raw('allTags'),
        properties: { sku: { name: 'PerGB2018' }, retentionInDays: rng.pick([30, 90, 180]) },
      }),
      bicepResource('nsg', 'Microsoft.Network/networkSecurityGroups@2023-09-01', {
        name: raw("'nsg-${clusterName}'"),
        location: raw('location'),
        properties: { securityRules: securityRules(rng, plan) },
      }),
      bicepResource('vnet', 'Microsoft.Network/virtualNetworks@2023-09-01', {
        name: raw("'vnet-${clusterName}'"),
        location: raw('location'),
        properties: {
          addressSpace: { addressPrefixes: [`10.${rng.int(16, 250)}.0.0/16`] },
          subnets: raw(
            `[for (subnet, i) in subnetNames: {\n  name: 'snet-\${subnet}'\n  properties: {\n    addressPrefix: cidrSubnet('10.${rng.int(16, 250)}.0.0/16', 20, i)\n    networkSecurityGroup: {\n      id: nsg.id\n    }\n  }\n}]`,
          ),
        },
      }),
    );
  }

  const cluster = clusterShape(rng, 'bicep', inputs, plan, workspaceId, subnetId);
  inputs.param('userPools', {
    type: 'array',
    description: 'User node pools.',
    defaultValue: [],
    value: cluster.userPools,
  });
  const clusterInModule = rng.chance(0.3);
  if (clusterInModule) {
    body.push(
      `module aks '../../modules/aks.bicep' = ${bicepValue({
        name: raw("'aks-${clusterName}'"),
        params: {
          name: raw('clusterName'),
          location: raw('location'),
          subnetId,
          workspaceId,
          adminGroupObjectIds: raw('adminGroupObjectIds'),
          disableLocalAccounts: cluster.properties.disableLocalAccounts,
          privateCluster: (cluster.properties.apiServerAccessProfile as Record<string, Data>)
            .enablePrivateCluster,
          userPools: raw('userPools'),
        },
      })}\n`,
    );
  } else {
    body.push(
      bicepResource('aks', `Microsoft.ContainerService/managedClusters@${CLUSTER_API}`, {
        name: raw('clusterName'),
        location: raw('location'),
        tags: raw('allTags'),
        sku: cluster.sku,
        identity: cluster.identity,
        properties: cluster.properties,
      }),
      `resource userPoolResources 'Microsoft.ContainerService/managedClusters/agentPools@${CLUSTER_API}' = [for pool in userPools: ${bicepValue(
        {
          parent: raw('aks'),
          name: raw('pool.name'),
          properties: {
            mode: 'User',
            vmSize: raw('pool.vmSize'),
            enableAutoScaling: true,
            minCount: raw('pool.minCount'),
            maxCount: raw('pool.maxCount'),
            availabilityZones: raw('pool.zones'),
            enableEncryptionAtHost: raw('pool.enableHostEncryption'),
            enableNodePublicIP: raw('pool.enableNodePublicIp'),
            scaleSetPriority: raw("pool.?priority ?? 'Regular'"),
            vnetSubnetID: subnetId,
          },
        },
      )}]\n`,
      bicepResource(
        'diagnostics',
        'Microsoft.Insights/diagnosticSettings@2021-05-01-preview',
        {
          name: 'aks-diagnostics',
          scope: raw('aks'),
          properties: {
            workspaceId,
            logs: rng
              .sample(['kube-apiserver', 'kube-audit-admin', 'guard', 'cluster-autoscaler'], rng.int(1, 4))
              .map((category) => ({ category, enabled: true })),
          },
        },
        `environment != 'dev'`,
      ),
    );
  }
  const outputs = clusterInModule
    ? `output clusterId string = aks.outputs.clusterId\n`
    : `output clusterId string = aks.id\noutput oidcIssuerUrl string = aks.properties.oidcIssuerProfile.issuerURL\n`;

  const vars = [
    `var allTags = union(tags, {\n  team: '${plan.team}'\n  environment: environment\n  managedBy: 'bicep'\n})`,
    `var subnetNames = [\n  'aks-nodes'\n  'aks-pods'\n  'ingress'\n]`,
    ...[...inputs.variables].map(([k, v]) => `var ${k} = ${bicepValue(v)}`),
  ];
  const header = `// AKS platform for ${plan.team} (${plan.environment}, ${plan.region.name}).\ntargetScope = 'resourceGroup'\n\n`;
  const main =
    header + bicepParams(inputs) + '\n' + vars.join('\n\n') + '\n\n' + body.join('\n') + '\n' + outputs;

  const paramFile = (usingPath: string, environment: string) => {
    const lines = [`using '${usingPath}'`, ''];
    for (const [name, p] of inputs.params) {
      if (p.value === undefined) continue;
      lines.push(`param ${name} = ${bicepValue(name === 'environment' ? environment : p.value)}`);
    }
    return lines.join('\n') + '\n';
  };
  const files: GeneratedFile[] = [{ path: `${plan.dir}/main.bicep`, text: main }];
  if (rng.chance(0.5))
    files.push({ path: `${plan.dir}/main.bicepparam`, text: paramFile('./main.bicep', plan.environment) });
  else
    for (const env of rng.sample(ENVIRONMENTS, rng.int(1, 3)))
      files.push({
        path: `${plan.dir}/environments/${env}.bicepparam`,
        text: paramFile('../main.bicep', env),
      });
  return files;
}

function bicepModules(): GeneratedFile[] {
  const network = `@description('Base name.')
param name string
param location string
param addressPrefix string
@description('Legacy jump host access; should stay off.')
param allowSshFromInternet bool = false
param tags object = {}

var subnets = [
  'aks-nodes'
  'aks-pods'
  'ingress'
  'private-endpoints'
]

resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-\${name}'
  location: location
  tags: tags
  properties: {
    securityRules: concat([
      {
        name: 'AllowHttpsInbound'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourcePortRange: '*'
          destinationPortRange: '443'
          sourceAddressPrefix: 'Internet'
          destinationAddressPrefix: '*'
        }
      }
    ], allowSshFromInternet ? [
      {
        name: 'AllowSshInbound'
        properties: {
          priority: 200
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourcePortRange: '*'
          destinationPortRange: '22'
          sourceAddressPrefix: '*'
          destinationAddressPrefix: '*'
        }
      }
    ] : [])
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2023-09-01' = {
  name: 'vnet-\${name}'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [for (subnet, i) in subnets: {
      name: 'snet-\${subnet}'
      properties: {
        addressPrefix: cidrSubnet(addressPrefix, 20, i)
        networkSecurityGroup: {
          id: nsg.id
        }
      }
    }]
  }
}

output vnetId string = vnet.id
output nodeSubnetId string = vnet.properties.subnets[0].id
`;
  const monitoring = `param name string
param location string
@minValue(30)
@maxValue(730)
param retentionInDays int = 30
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

output workspaceId string = workspace.id
`;
  const aks = `@description('Cluster name.')
param name string
param location string
param subnetId string
param workspaceId string
param adminGroupObjectIds array = []
param disableLocalAccounts bool = true
param privateCluster bool = true
param userPools array = []

resource cluster 'Microsoft.ContainerService/managedClusters@${CLUSTER_API}' = {
  name: name
  location: location
  identity: {
    type: 'SystemAssigned'
  }
  sku: {
    name: 'Base'
    tier: 'Standard'
  }
  properties: {
    dnsPrefix: name
    enableRBAC: true
    disableLocalAccounts: disableLocalAccounts
    aadProfile: {
      managed: true
      enableAzureRBAC: true
      adminGroupObjectIDs: adminGroupObjectIds
    }
    apiServerAccessProfile: {
      enablePrivateCluster: privateCluster
    }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        count: 3
        vmSize: 'Standard_D4s_v5'
        vnetSubnetID: subnetId
        enableEncryptionAtHost: true
        availabilityZones: [
          '1'
          '2'
          '3'
        ]
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPolicy: 'calico'
      outboundType: 'userDefinedRouting'
    }
    addonProfiles: {
      omsagent: {
        enabled: true
        config: {
          logAnalyticsWorkspaceResourceID: workspaceId
        }
      }
      azurepolicy: {
        enabled: true
      }
    }
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: {
          enabled: true
        }
      }
      workloadIdentity: {
        enabled: true
      }
    }
    oidcIssuerProfile: {
      enabled: true
    }
    autoUpgradeProfile: {
      upgradeChannel: 'patch'
      nodeOSUpgradeChannel: 'NodeImage'
    }
  }
}

module pools 'nodepool.bicep' = [for pool in userPools: {
  name: 'pool-\${pool.name}'
  params: {
    clusterName: cluster.name
    pool: pool
    subnetId: subnetId
  }
}]

output clusterId string = cluster.id
`;
  const nodepool = `param clusterName string
param pool object
param subnetId string

resource cluster 'Microsoft.ContainerService/managedClusters@${CLUSTER_API}' existing = {
  name: clusterName
}

resource agentPool 'Microsoft.ContainerService/managedClusters/agentPools@${CLUSTER_API}' = {
  parent: cluster
  name: pool.name
  properties: {
    mode: 'User'
    vmSize: pool.vmSize
    enableAutoScaling: true
    minCount: pool.minCount
    maxCount: pool.maxCount
    enableEncryptionAtHost: pool.enableHostEncryption
    enableNodePublicIP: pool.enableNodePublicIp
    vnetSubnetID: subnetId
  }
}
`;
  return [
    { path: 'bicep/modules/aks.bicep', text: aks },
    { path: 'bicep/modules/monitoring.bicep', text: monitoring },
    { path: 'bicep/modules/network.bicep', text: network },
    { path: 'bicep/modules/nodepool.bicep', text: nodepool },
  ];
}

export function bicepCorpus(rng: Random, scale: number): GeneratedFile[] {
  const count = Math.max(1, Math.round(BICEP_DEPLOYMENTS_AT_SCALE_1 * scale));
  return [
    ...bicepModules(),
    ...planDeployments(rng, count, 'bicep').flatMap((plan) => bicepTemplate(rng.fork(plan.dir), plan)),
  ];
}
