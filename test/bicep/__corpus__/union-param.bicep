// A parameter typed by a union that starts on the line below its name, or inside parentheses.
@description('How the network plugin runs.')
param networkPluginMode
  | 'overlay'
  | 'none' = 'overlay'

param outboundType (
  | 'loadBalancer'
  | 'userDefinedRouting'
  | 'managedNATGateway'
) = 'loadBalancer'

param dnsPrefix string = 'aks'

output mode string = networkPluginMode
