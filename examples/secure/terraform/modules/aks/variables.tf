variable "name" {
  type = string
}

variable "location" {
  type = string
}

variable "resource_group_name" {
  type = string
}

variable "workspace_id" {
  type = string
}

variable "admin_group_object_ids" {
  type = list(string)
}

variable "outbound_type" {
  type    = string
  default = "userDefinedRouting"
}

variable "user_pools" {
  description = "Extra node pools by name."
  type        = map(object({ vm_size = string, count = number }))
  default = {
    apps  = { vm_size = "Standard_D4s_v5", count = 3 }
    batch = { vm_size = "Standard_D8s_v5", count = 1 }
  }
}
