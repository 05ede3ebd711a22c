targetScope = 'subscription'

// Defender plans are managed here, but Containers is left out.
resource vms 'Microsoft.Security/pricings@2024-01-01' = {
  name: 'VirtualMachines'
  properties: {
    pricingTier: 'Standard'
  }
}
