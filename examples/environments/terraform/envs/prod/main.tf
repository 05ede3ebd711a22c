# Production: the module's hardened defaults.
provider "azurerm" {
  features {}
}

module "aks" {
  source = "../../modules/aks"

  name                   = "aks-prod"
  location               = "westeurope"
  resource_group_name    = "rg-aks-prod"
  key_vault_id           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-prod"
  admin_group_object_ids = ["00000000-0000-0000-0000-000000000001"]
}

resource "azurerm_security_center_subscription_pricing" "containers" {
  tier          = "Standard"
  resource_type = "Containers"
}
