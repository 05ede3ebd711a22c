resource "azurerm_kubernetes_cluster" "main" {
  name                   = "aks-prod"
  location               = "westeurope"
  resource_group_name    = "rg"
  dns_prefix             = "prod"
  local_account_disabled = false

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}
