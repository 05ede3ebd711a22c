using './main.bicep'

param name = 'aks-dev'
param adminGroupObjectId = '00000000-0000-0000-0000-0000000000d1'
param keyVaultId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-dev'
// Developers fetch admin credentials and reach the API server from their laptops.
param disableLocalAccounts = false
param privateCluster = false
