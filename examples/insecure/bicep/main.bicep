// The insecure example: the same platform as ../terraform and ../arm, in Bicep.
// Every AKS rule finds something here; `akslint scan examples/insecure/bicep` shows what and where.

param location string = resourceGroup().location

@description('Deployment environment, from main.bicepparam.')
param environment string

@description('Turned off "temporarily" to debug a Helm chart, never turned back on: false in main.bicepparam.')
param rbacEnabled bool = true

param spClientId string

@secure()
param spClientSecret string

var name = 'aks-${environment}'
var tags = {
  environment: environment
  owner: 'platform-team'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
  }
}

// The public production cluster: almost every hardening setting is left at its insecure default.
resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
  name: name
  location: location
  tags: tags
  // No `identity`: the cluster runs as the service principal below.
  properties: {
    kubernetesVersion: '1.30'
    dnsPrefix: name
    // Local accounts stay on: the cluster-admin certificate bypasses Entra ID.
    disableLocalAccounts: false
    // No aadProfile: no Entra ID integration, no Azure RBAC.
    enableRBAC: rbacEnabled
    servicePrincipalProfile: {
      clientId: spClientId
      secret: spClientSecret
    }
    // The API server is public and reachable from anywhere.
    apiServerAccessProfile: {
      enablePrivateCluster: false
      authorizedIPRanges: [
        '0.0.0.0/0'
      ]
    }
    networkProfile: {
      networkPlugin: 'kubenet'
      // No network policy engine: NetworkPolicies are ignored.
      networkPolicy: 'none'
      outboundType: 'loadBalancer'
    }
    addonProfiles: {
      // Development-only add-on, exposed on a public DNS zone.
      httpApplicationRouting: { enabled: true }
      azurepolicy: { enabled: false }
      aciConnectorLinux: {
        enabled: true
        config: { SubnetName: 'snet-virtual-nodes' }
      }
      azureKeyvaultSecretsProvider: {
        enabled: true
        config: { enableSecretRotation: 'false' }
      }
    }
    autoUpgradeProfile: {
      upgradeChannel: 'none'
      nodeOSUpgradeChannel: 'None'
    }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vmSize: 'Standard_D4s_v5'
        count: 3
        enableNodePublicIP: true
      }
    ]
  }

  // A second pool as a child resource: public IPs again, no host encryption.
  resource batch 'agentPools' = {
    name: 'batch'
    properties: {
      vmSize: 'Standard_D8s_v5'
      count: 2
      mode: 'User'
      enableNodePublicIP: true
    }
  }
}

// An internal cluster: private, but its API server name still resolves publicly.
resource internal 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
  name: 'aks-internal'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    dnsPrefix: 'aks-internal'
    disableLocalAccounts: true
    aadProfile: {
      managed: true
      enableAzureRBAC: true
    }
    apiServerAccessProfile: {
      enablePrivateCluster: true
      enablePrivateClusterPublicFQDN: true
    }
    networkProfile: {
      networkPlugin: 'azure'
      networkPolicy: 'calico'
      outboundType: 'userDefinedRouting'
    }
    addonProfiles: {
      azurepolicy: { enabled: true }
      omsagent: {
        enabled: true
        config: { logAnalyticsWorkspaceResourceID: workspace.id }
      }
    }
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspace.id
        securityMonitoring: { enabled: true }
      }
    }
    autoUpgradeProfile: { upgradeChannel: 'patch' }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vmSize: 'Standard_D4s_v5'
        count: 3
        enableEncryptionAtHost: true
      }
    ]
  }
}

// A cluster from the old days, still deployed through a local module written long ago.
module legacy './modules/legacy-aks.bicep' = {
  name: 'legacy'
  params: {
    name: 'aks-legacy'
    location: location
  }
}
