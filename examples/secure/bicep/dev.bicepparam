using './main.bicep'

// Dev runs smaller pools; every security setting is the same as in prod.
param environment = 'dev'
param adminGroupObjectIds = [
  '00000000-0000-0000-0000-000000000002'
]
param userPools = [
  { name: 'apps', vmSize: 'Standard_D4s_v5', count: 1 }
]
