# Resources around the clusters: a registry anyone can reach with a shared admin password or pull
# from without any, and a diagnostic setting that leaves the audit logs out.

resource "azurerm_container_registry" "platform" {
  name                   = "acrplatformprod"
  resource_group_name    = azurerm_resource_group.aks.name
  location               = azurerm_resource_group.aks.location
  sku                    = "Standard"
  admin_enabled          = true
  anonymous_pull_enabled = true
}

resource "azurerm_monitor_diagnostic_setting" "aks" {
  name                       = "aks-autoscaler"
  target_resource_id         = azurerm_kubernetes_cluster.main.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id

  enabled_log {
    category = "cluster-autoscaler"
  }
}

# Defender plans are managed here, but Containers is left out.
resource "azurerm_security_center_subscription_pricing" "vms" {
  tier          = "Standard"
  resource_type = "VirtualMachines"
}

resource "azurerm_network_security_group" "nodes" {
  name                = "nsg-aks-nodes"
  location            = azurerm_resource_group.aks.location
  resource_group_name = azurerm_resource_group.aks.name

  security_rule {
    name                       = "ssh-from-anywhere"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}
