variable "name" {
  type = string
}

variable "location" {
  type = string
}

variable "resource_group_name" {
  type = string
}

variable "key_vault_id" {
  type = string
}

variable "admin_group_object_ids" {
  type = list(string)
}

variable "local_account_disabled" {
  type    = bool
  default = true
}

variable "private_cluster_enabled" {
  type    = bool
  default = true
}
