locals {
  name = "aks-${var.environment}"
  tags = {
    environment = var.environment
    owner       = "platform-team"
  }
}

resource "azurerm_resource_group" "aks" {
  name     = "rg-${local.name}"
  location = var.location
  tags     = local.tags
}

resource "azurerm_log_analytics_workspace" "aks" {
  name                = "log-${local.name}"
  location            = azurerm_resource_group.aks.location
  resource_group_name = azurerm_resource_group.aks.name
  sku                 = "PerGB2018"
}

# The public production cluster: almost every hardening setting is left at its insecure default.
resource "azurerm_kubernetes_cluster" "main" {
  name                = local.name
  location            = azurerm_resource_group.aks.location
  resource_group_name = azurerm_resource_group.aks.name
  dns_prefix          = local.name
  kubernetes_version  = "1.30"

  # Local accounts stay on: the cluster-admin certificate bypasses Entra ID.
  local_account_disabled = false

  # Comes from terraform.tfvars: false.
  role_based_access_control_enabled = var.rbac_enabled

  # The API server is public and reachable from anywhere.
  private_cluster_enabled = false

  # Development-only add-on, exposed on a public DNS zone.
  http_application_routing_enabled = true
  azure_policy_enabled             = false

  node_os_channel_upgrade = "None"

  default_node_pool {
    name                  = "system"
    vm_size               = "Standard_D4s_v5"
    node_count            = 3
    enable_node_public_ip = true
  }

  # A service principal with a client secret instead of a managed identity.
  service_principal {
    client_id     = var.sp_client_id
    client_secret = var.sp_client_secret
  }

  network_profile {
    network_plugin = "kubenet"
    # no network_policy: NetworkPolicies are ignored
  }

  aci_connector_linux {
    subnet_name = "snet-virtual-nodes"
  }

  key_vault_secrets_provider {
    secret_rotation_enabled = false
  }

  tags = local.tags
}

resource "azurerm_kubernetes_cluster_node_pool" "batch" {
  name                  = "batch"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size               = "Standard_D8s_v5"
  node_count            = 2
  enable_node_public_ip = true
}
