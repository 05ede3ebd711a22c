// The image registry: no shared admin password, reachable only through its private endpoint.

resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'acrplatformprod'
  location: resourceGroup().location
  sku: { name: 'Premium' }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Disabled'
  }
}
