terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 2.99"
    }
  }
}

variable "name" {
  type = string
}

variable "location" {
  type = string
}

variable "resource_group_name" {
  type = string
}

resource "azurerm_kubernetes_cluster" "this" {
  name                = var.name
  location            = var.location
  resource_group_name = var.resource_group_name
  dns_prefix          = var.name

  default_node_pool {
    name       = "default"
    vm_size    = "Standard_D2s_v3"
    node_count = 1
  }

  identity {
    type = "SystemAssigned"
  }

  role_based_access_control {
    enabled = true
  }

  addon_profile {
    # The dashboard add-on: a privileged web UI.
    kube_dashboard {
      enabled = true
    }
    oms_agent {
      enabled = false
    }
  }
}

output "cluster_id" {
  value = azurerm_kubernetes_cluster.this.id
}
