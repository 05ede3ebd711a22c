variable "name" {
  type = string
}

variable "location" {
  type    = string
  default = "westeurope"
}

variable "private" {
  type    = bool
  default = true
}

variable "admin_group" {
  type = string
}

variable "enable_monitoring" {
  type    = bool
  default = false
}

resource "azurerm_kubernetes_cluster" "this" {
  name                    = var.name
  location                = var.location
  resource_group_name     = "rg-${var.name}"
  dns_prefix              = replace(var.name, "-", "")
  private_cluster_enabled = var.private
  local_account_disabled  = false
  role_based_access_control_enabled = true

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D2s_v5"
    node_count = 1
  }

  identity {
    type = "SystemAssigned"
  }

  dynamic "oms_agent" {
    for_each = var.enable_monitoring ? [1] : []
    content {
      log_analytics_workspace_id = "unused"
    }
  }

  azure_active_directory_role_based_access_control {
    managed                = true
    admin_group_object_ids = [var.admin_group]
  }
}

output "id" {
  value = azurerm_kubernetes_cluster.this.id
}
