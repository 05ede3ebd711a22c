targetScope = 'subscription'

// The subscription's Defender plans, deployed on their own.
resource containers 'Microsoft.Security/pricings@2024-01-01' = {
  name: 'Containers'
  properties: {
    pricingTier: 'Standard'
  }
}
