resource "azurerm_resource_group" "aks" {
  name     = "rg-aks-${var.environment}"
  location = var.location
}

resource "azurerm_log_analytics_workspace" "aks" {
  name                = "log-aks-${var.environment}"
  location            = azurerm_resource_group.aks.location
  resource_group_name = azurerm_resource_group.aks.name
  sku                 = "PerGB2018"
  retention_in_days   = 90
}

module "aks" {
  source = "./modules/aks"

  name                   = "aks-${var.environment}"
  location               = azurerm_resource_group.aks.location
  resource_group_name    = azurerm_resource_group.aks.name
  workspace_id           = azurerm_log_analytics_workspace.aks.id
  admin_group_object_ids = var.admin_group_object_ids
  # Egress goes through the hub firewall (route table on the node subnet).
  outbound_type = "userDefinedRouting"
}
