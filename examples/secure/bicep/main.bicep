// The secure example: the same platform as ../terraform and ../arm, in Bicep.
// `akslint scan examples/secure/bicep` finds nothing. prod.bicepparam and dev.bicepparam are two
// environments of this one template: akslint evaluates it once under each.

param location string = resourceGroup().location

@allowed([
  'dev'
  'prod'
])
param environment string

@description('Entra ID groups that administer the cluster.')
param adminGroupObjectIds string[]

@description('Extra node pools.')
param userPools poolType[] = [
  { name: 'apps', vmSize: 'Standard_D8s_v5', count: 2 }
  { name: 'batch', vmSize: 'Standard_D16s_v5', count: 1 }
]

type poolType = {
  name: string
  vmSize: string
  count: int
}

var keyVaultId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-platform'

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'log-aks-${environment}'
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: environment == 'prod' ? 90 : 30
  }
}

module cluster './modules/aks.bicep' = {
  name: 'aks'
  params: {
    name: 'aks-${environment}'
    location: location
    workspaceId: workspace.id
    adminGroupObjectIds: adminGroupObjectIds
    keyVaultId: keyVaultId
    userPools: userPools
    // Egress goes through the hub firewall (route table on the node subnet).
    outboundType: 'userDefinedRouting'
  }
}

output clusterId string = cluster.outputs.clusterId
