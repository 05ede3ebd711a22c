using './main.bicep'

param name = 'aks-dev'
param adminGroupObjectId = '00000000-0000-0000-0000-0000000000d1'
// Developers fetch admin credentials and reach the API server from their laptops.
param disableLocalAccounts = false
param privateCluster = false
