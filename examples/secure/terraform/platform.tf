# Resources around the cluster: control-plane logs, the image registry, Defender, node subnet.

resource "azurerm_monitor_diagnostic_setting" "aks" {
  name                       = "aks-control-plane"
  target_resource_id         = module.aks.cluster_id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id

  enabled_log {
    category = "kube-audit-admin"
  }
  enabled_log {
    category = "kube-apiserver"
  }
}

resource "azurerm_container_registry" "platform" {
  name                          = "acrplatform${var.environment}"
  resource_group_name           = azurerm_resource_group.aks.name
  location                      = azurerm_resource_group.aks.location
  sku                           = "Premium"
  admin_enabled                 = false
  public_network_access_enabled = false
}

resource "azurerm_security_center_subscription_pricing" "containers" {
  tier          = "Standard"
  resource_type = "Containers"
}
