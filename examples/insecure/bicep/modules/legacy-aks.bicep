// Written for an old API version; nobody has touched it since.
param name string
param location string

resource legacy 'Microsoft.ContainerService/managedClusters@2021-03-01' = {
  name: name
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    dnsPrefix: name
    enableRBAC: true
    agentPoolProfiles: [
      {
        name: 'default'
        mode: 'System'
        vmSize: 'Standard_D2s_v3'
        count: 1
      }
    ]
    addonProfiles: {
      // The dashboard add-on: a privileged web UI.
      kubeDashboard: { enabled: true }
      omsagent: { enabled: false }
    }
  }
}

output clusterId string = legacy.id
