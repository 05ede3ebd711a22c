// Resources around the clusters: a registry anyone can reach with a shared admin password or pull
// from without any, and node NSG that opens SSH to the internet.

resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: 'acrplatformprod'
  location: resourceGroup().location
  sku: { name: 'Standard' }
  properties: {
    adminUserEnabled: true
    anonymousPullEnabled: true
  }
}

resource nsg 'Microsoft.Network/networkSecurityGroups@2023-09-01' = {
  name: 'nsg-aks-nodes'
  location: resourceGroup().location
  properties: {
    securityRules: [
      {
        name: 'ssh-from-anywhere'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourcePortRange: '*'
          destinationPortRange: '22'
          sourceAddressPrefix: 'Internet'
          destinationAddressPrefix: '*'
        }
      }
    ]
  }
}
