terraform {
  required_version = ">= 1.5.0"
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 3.110"
    }
  }
}

provider "azurerm" {
  features {}
}

locals {
  location = "westeurope"
  prefix   = "shop-${var.environment}"
  tags = {
    owner       = "platform-team"
    cost_center = 4711
    critical    = true
  }
  admin_groups = ["00000000-0000-0000-0000-000000000001"]
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-${local.prefix}"
  location = local.location
  tags     = local.tags
}

resource "azurerm_virtual_network" "vnet" {
  name                = "vnet-shop"
  address_space       = ["10.10.0.0/16"]
  location            = azurerm_resource_group.rg.location
  resource_group_name = azurerm_resource_group.rg.name
}

resource "azurerm_subnet" "aks" {
  name                 = "snet-aks"
  resource_group_name  = azurerm_resource_group.rg.name
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.10.0.0/20"]
}

resource "azurerm_log_analytics_workspace" "logs" {
  name                = "log-shop"
  location            = "westeurope"
  resource_group_name = azurerm_resource_group.rg.name
  sku                 = "PerGB2018"
  retention_in_days   = 30
}

# akslint-ignore AKS204: network policy is enforced by Cilium (until 2027-03-31)
resource "azurerm_kubernetes_cluster" "main" {
  name                      = "aks-shop"
  location                  = "westeurope"
  resource_group_name       = azurerm_resource_group.rg.name
  dns_prefix                = "shop"
  kubernetes_version        = "1.29.4"
  sku_tier                  = "Standard"
  private_cluster_enabled   = true
  local_account_disabled    = true
  azure_policy_enabled      = true
  oidc_issuer_enabled       = true
  workload_identity_enabled = true
  automatic_channel_upgrade = "patch"
  api_server_access_profile {
    authorized_ip_ranges = []
  }

  default_node_pool {
    name                         = "system"
    vm_size                      = "Standard_D4s_v5"
    node_count                   = 3
    min_count                    = null
    zones                        = ["1", "2", "3"]
    only_critical_addons_enabled = true
    enable_host_encryption       = true
    os_disk_type                 = "Ephemeral"
    max_pods                     = 50
    vnet_subnet_id               = azurerm_subnet.aks.id
    upgrade_settings {
      max_surge = "33%"
    }
  }

  identity {
    type = "SystemAssigned"
  }

  network_profile {
    network_plugin      = "azure"
    network_plugin_mode = "overlay"
    network_policy      = "cilium"
    network_data_plane  = "cilium"
    load_balancer_sku   = "standard"
    outbound_type       = "userDefinedRouting"
    service_cidr        = "172.16.0.0/16"
    dns_service_ip      = "172.16.0.10"
  }

  azure_active_directory_role_based_access_control {
    managed                = true
    azure_rbac_enabled     = true
    admin_group_object_ids = local.admin_groups
  }

  oms_agent {
    log_analytics_workspace_id = azurerm_log_analytics_workspace.logs.id
  }

  key_vault_secrets_provider {
    secret_rotation_enabled  = true
    secret_rotation_interval = "2m"
  }

  maintenance_window {
    allowed {
      day   = "Saturday"
      hours = [1, 2, 3]
    }
    allowed {
      day   = "Sunday"
      hours = [1, 2]
    }
  }

  tags = merge(local.tags, { component = "aks" })

  lifecycle {
    ignore_changes = [default_node_pool[0].node_count]
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "user" {
  for_each              = var.user_pools
  name                  = each.key
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size               = each.value.vm_size
  node_count            = each.value.count
  mode                  = "User"
  node_taints           = ["workload=${each.key}:NoSchedule"]
  node_labels = {
    "workload" = each.key
  }
}

module "secondary" {
  source      = "./modules/cluster"
  name        = "aks-shop-dr"
  location    = "northeurope"
  private     = false
  admin_group = local.admin_groups[0]
}

output "cluster_id" {
  value     = azurerm_kubernetes_cluster.main.id
  sensitive = false
}
