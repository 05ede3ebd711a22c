variable "name" {
  type = string
}

variable "local_account_disabled" {
  type    = bool
  default = true
}

resource "azurerm_kubernetes_cluster" "main" {
  name                   = var.name
  location               = "westeurope"
  resource_group_name    = "rg-${var.name}"
  dns_prefix             = var.name
  local_account_disabled = var.local_account_disabled
  azure_policy_enabled   = false

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 3
  }

  identity {
    type = "SystemAssigned"
  }
}
