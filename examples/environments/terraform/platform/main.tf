# One root applied once per environment: terraform plan -var-file=environments/<env>.tfvars
provider "azurerm" {
  features {}
}

variable "environment" {
  type = string
}

variable "private_cluster_enabled" {
  type = bool
}

module "aks" {
  source = "../modules/aks"

  name                    = "aks-platform-${var.environment}"
  location                = "northeurope"
  resource_group_name     = "rg-platform-${var.environment}"
  key_vault_id            = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-platform"
  admin_group_object_ids  = ["00000000-0000-0000-0000-000000000001"]
  private_cluster_enabled = var.private_cluster_enabled
}

resource "azurerm_security_center_subscription_pricing" "containers" {
  tier          = "Standard"
  resource_type = "Containers"
}
