using './main.bicep'

param environment = 'prod'
param rbacEnabled = false
param spClientId = '00000000-0000-0000-0000-00000000abcd'
// The secret itself lives in Key Vault.
param spClientSecret = az.getSecret('00000000-0000-0000-0000-000000000000', 'rg-keys', 'kv-platform', 'aks-sp-secret')
