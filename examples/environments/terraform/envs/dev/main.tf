# Development: a public API server and a break-glass local account, on purpose or not.
provider "azurerm" {
  features {}
}

module "aks" {
  source = "../../modules/aks"

  name                    = "aks-dev"
  location                = "westeurope"
  resource_group_name     = "rg-aks-dev"
  key_vault_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-dev"
  admin_group_object_ids  = ["00000000-0000-0000-0000-000000000001"]
  local_account_disabled  = false
  private_cluster_enabled = false
}

resource "azurerm_security_center_subscription_pricing" "containers" {
  tier          = "Standard"
  resource_type = "Containers"
}
