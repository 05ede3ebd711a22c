// A cluster built by the AVM managed-cluster module, restored by `bicep restore` into the module
// cache (../bicep-cache here: the tests set BICEP_CACHE_DIRECTORY to it).
module aks 'br/public:avm/res/container-service/managed-cluster:0.9.0' = {
  name: 'aks'
  params: {
    name: 'aks-registry'
    disableLocalAccounts: false
  }
}
