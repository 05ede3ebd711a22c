terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 3.110"
    }
  }
}

module "aks" {
  source  = "Azure/aks/azurerm"
  version = "9.1.0"

  name                   = "shop"
  local_account_disabled = false
}
