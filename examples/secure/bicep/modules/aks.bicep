param name string
param location string
param workspaceId string
param adminGroupObjectIds string[]
param keyVaultId string
param userPools { name: string, vmSize: string, count: int }[]
param outboundType ('loadBalancer' | 'userDefinedRouting' | 'managedNATGateway' | 'userAssignedNATGateway') = 'loadBalancer'

var kmsKeyId = 'https://kv-platform.vault.azure.net/keys/aks-kms/current'

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
    // Access only through Entra ID, authorized with Azure RBAC.
    disableLocalAccounts: true
    enableRBAC: true
    aadProfile: {
      managed: true
      enableAzureRBAC: true
      adminGroupObjectIDs: adminGroupObjectIds
    }
    // Private API server, no public DNS name.
    apiServerAccessProfile: {
      enablePrivateCluster: true
      enablePrivateClusterPublicFQDN: false
    }
    autoUpgradeProfile: {
      upgradeChannel: 'patch'
      nodeOSUpgradeChannel: 'NodeImage'
    }
    oidcIssuerProfile: { enabled: true }
    diskEncryptionSetID: diskEncryption.id
    agentPoolProfiles: [
      {
        name: 'system'
        mode: 'System'
        vmSize: 'Standard_D4s_v5'
        count: 3
        enableEncryptionAtHost: true
        enableNodePublicIP: false
        nodeTaints: [
          'CriticalAddonsOnly=true:NoSchedule'
        ]
      }
    ]
    networkProfile: {
      networkPlugin: 'azure'
      networkPolicy: 'cilium'
      networkDataplane: 'cilium'
      outboundType: outboundType
    }
    addonProfiles: {
      azurepolicy: { enabled: true }
      omsagent: {
        enabled: true
        config: { logAnalyticsWorkspaceResourceID: workspaceId }
      }
      azureKeyvaultSecretsProvider: {
        enabled: true
        config: {
          enableSecretRotation: 'true'
          rotationPollInterval: '2m'
        }
      }
    }
    securityProfile: {
      defender: {
        logAnalyticsWorkspaceResourceId: workspaceId
        securityMonitoring: { enabled: true }
      }
      azureKeyVaultKms: {
        enabled: true
        keyId: kmsKeyId
        keyVaultNetworkAccess: 'Private'
        keyVaultResourceId: keyVaultId
      }
      workloadIdentity: { enabled: true }
    }
  }

  // One user pool per entry of userPools, as the Terraform for_each does.
  resource pools 'agentPools' = [for pool in userPools: {
    name: pool.name
    properties: {
      mode: 'User'
      vmSize: pool.vmSize
      count: pool.count
      enableEncryptionAtHost: true
      enableNodePublicIP: false
    }
  }]
}

// Control-plane logs: API server and audit logs go to the workspace.
resource controlPlaneLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'control-plane'
  scope: aks
  properties: {
    workspaceId: workspaceId
    logs: [
      { category: 'kube-apiserver', enabled: true }
      { category: 'kube-audit-admin', enabled: true }
    ]
  }
}

output clusterId string = aks.id
