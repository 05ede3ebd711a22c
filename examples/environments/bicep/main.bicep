// One template, two environments: main.dev.bicepparam and main.parameters.prod.json. akslint
// evaluates it once under each. Production is hardened; dev keeps local accounts and a public API
// server, so AKS101, AKS201 and AKS203 hold only with main.dev.bicepparam, and AKS901 reports each
// security setting the two environments disagree on, at the setting, naming both values.

param location string = resourceGroup().location
param name string
param disableLocalAccounts bool
param privateCluster bool

@description('Entra ID group that administers the cluster.')
param adminGroupObjectId string

@description('Key Vault that holds the disk and KMS keys.')
param keyVaultId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-${name}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
  }
}

resource diskEncryption 'Microsoft.Compute/diskEncryptionSets@2023-04-02' = {
  name: 'des-${name}'
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    activeKey: {
      keyUrl: 'https://kv-platform.vault.azure.net/keys/aks-disks/current'
      sourceVault: { id: keyVaultId }
    }
  }
}

resource aks 'Microsoft.ContainerService/managedClusters@2024-09-01' = {
  name: name
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    dnsPrefix: name
    enableRBAC: true
    disableLocalAccounts: disableLocalAccounts
    aadProfile: {
      managed: true
      enableAzureRBAC: true
      adminGroupObjectIDs: [adminGroupObjectId]
    }
    apiServerAccessProfile: {
      enablePrivateCluster: privateCluster
      enablePrivateClusterPublicFQDN: false
    }
    networkProfile: {
      networkPlugin: 'azure'
      networkPolicy: 'calico'
      outboundType: 'userDefinedRouting'
    }
    autoUpgradeProfile: {
      upgradeChannel: 'patch'
      nodeOSUpgradeChannel: 'NodeImage'
    }
    diskEncryptionSetID: diskEncryption.id
    oidcIssuerProfile: { enabled: true }
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
      azureKeyVaultKms: {
        enabled: true
        keyId: 'https://kv-platform.vault.azure.net/keys/aks-kms/current'
        keyVaultNetworkAccess: 'Private'
        keyVaultResourceId: keyVaultId
      }
      workloadIdentity: { enabled: true }
    }
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vmSize: 'Standard_D4s_v5'
        count: 3
        enableEncryptionAtHost: true
        enableNodePublicIP: false
      }
    ]
  }
}

resource controlPlaneLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'control-plane'
  scope: aks
  properties: {
    workspaceId: workspace.id
    logs: [
      { category: 'kube-apiserver', enabled: true }
      { category: 'kube-audit-admin', enabled: true }
    ]
  }
}
