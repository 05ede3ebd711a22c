// The restored AVM module deployed to two environments, which disagree on local accounts.
param disableLocal bool

module aks 'br/public:avm/res/container-service/managed-cluster:0.9.0' = {
  name: 'aks'
  params: {
    name: 'aks'
    disableLocalAccounts: disableLocal
  }
}
