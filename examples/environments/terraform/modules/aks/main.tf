# One cluster definition shared by every environment: the security settings that differ between
# environments are inputs, the rest is fixed here.

resource "azurerm_log_analytics_workspace" "aks" {
  name                = "log-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  sku                 = "PerGB2018"
  retention_in_days   = 90
}

resource "azurerm_key_vault_key" "disks" {
  name         = "${var.name}-disks"
  key_vault_id = var.key_vault_id
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_disk_encryption_set" "aks" {
  name                = "des-${var.name}"
  location            = var.location
  resource_group_name = var.resource_group_name
  key_vault_key_id    = azurerm_key_vault_key.disks.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  dns_prefix          = var.name

  local_account_disabled            = var.local_account_disabled
  role_based_access_control_enabled = true
  azure_active_directory_role_based_access_control {
    admin_group_object_ids = var.admin_group_object_ids
    azure_rbac_enabled     = true
  }

  private_cluster_enabled             = var.private_cluster_enabled
  private_cluster_public_fqdn_enabled = false

  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"

  azure_policy_enabled      = true
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  disk_encryption_set_id    = azurerm_disk_encryption_set.aks.id

  default_node_pool {
    name                         = "system"
    vm_size                      = "Standard_D4s_v5"
    node_count                   = 3
    host_encryption_enabled      = true
    node_public_ip_enabled       = false
    only_critical_addons_enabled = true
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin     = "azure"
    network_policy     = "cilium"
    network_data_plane = "cilium"
    outbound_type      = "userDefinedRouting"
  }

  oms_agent {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id
  }

  microsoft_defender {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id
  }

  key_management_service {
    key_vault_key_id         = azurerm_key_vault_key.disks.id
    key_vault_network_access = "Private"
  }

  key_vault_secrets_provider {
    secret_rotation_enabled  = true
    secret_rotation_interval = "2m"
  }
}

resource "azurerm_monitor_diagnostic_setting" "aks" {
  name                       = "aks-control-plane"
  target_resource_id         = azurerm_kubernetes_cluster.this.id
  log_analytics_workspace_id = azurerm_log_analytics_workspace.aks.id

  enabled_log {
    category = "kube-audit-admin"
  }
  enabled_log {
    category = "kube-apiserver"
  }
}
