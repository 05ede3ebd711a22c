# An internal cluster: private, but its API server name still resolves publicly.
resource "azurerm_kubernetes_cluster" "internal" {
  name                                = "aks-internal"
  location                            = azurerm_resource_group.aks.location
  resource_group_name                 = azurerm_resource_group.aks.name
  dns_prefix                          = "aks-internal"
  private_cluster_enabled             = true
  private_cluster_public_fqdn_enabled = true
  local_account_disabled              = true
  azure_policy_enabled                = true
  automatic_channel_upgrade           = "patch"

  azure_active_directory_role_based_access_control {
    managed            = true
    azure_rbac_enabled = true
  }

  default_node_pool {
    name                   = "system"
    vm_size                = "Standard_D4s_v5"
    node_count             = 3
    enable_host_encryption = true
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin = "azure"
    network_policy = "calico"
    outbound_type  = "userDefinedRouting"
  }

  oms_agent {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id
  }

  microsoft_defender {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id
  }
}

# A cluster from the old days, still deployed through a local module written for azurerm 2.x.
module "legacy" {
  source              = "./modules/legacy-aks"
  name                = "aks-legacy"
  location            = var.location
  resource_group_name = azurerm_resource_group.aks.name
}
