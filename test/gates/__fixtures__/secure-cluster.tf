resource "azurerm_disk_encryption_set" "aks" {
  name                = "des-${"aks-prod"}"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  key_vault_key_id    = azurerm_key_vault_key.disks.id

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_key_vault_key" "disks" {
  name         = "aks-disks"
  key_vault_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-platform"
  key_type     = "RSA"
  key_size     = 3072
  key_opts     = ["wrapKey", "unwrapKey"]
}

resource "azurerm_kubernetes_cluster" "this" {
  name                = "aks-prod"
  location            = "westeurope"
  resource_group_name = "rg-aks"
  dns_prefix          = "aks-prod"

  # Access only through Entra ID, authorized with Azure RBAC.
  local_account_disabled            = true
  role_based_access_control_enabled = true
  azure_active_directory_role_based_access_control {
    admin_group_object_ids = ["00000000-0000-0000-0000-000000000001"]
    azure_rbac_enabled     = true
  }

  # Private API server, no public DNS name.
  private_cluster_enabled             = true
  private_cluster_public_fqdn_enabled = false

  automatic_upgrade_channel = "patch"
  node_os_upgrade_channel   = "NodeImage"

  azure_policy_enabled      = true
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  disk_encryption_set_id    = azurerm_disk_encryption_set.aks.id

  default_node_pool {
    name                    = "system"
    vm_size                 = "Standard_D4s_v5"
    node_count              = 3
    host_encryption_enabled = true
    node_public_ip_enabled  = false
    only_critical_addons_enabled = true
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin    = "azure"
    network_policy    = "cilium"
    network_data_plane = "cilium"
    outbound_type     = "userDefinedRouting"
  }

  oms_agent {
    log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
  }

  microsoft_defender {
    log_analytics_workspace_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log"
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

