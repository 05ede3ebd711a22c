variable "location" {
  type    = string
  default = "westeurope"
}

variable "environment" {
  type = string
}

variable "rbac_enabled" {
  description = "Turned off 'temporarily' to debug a Helm chart, never turned back on."
  type        = bool
  default     = true
}

variable "sp_client_id" {
  type = string
}

variable "sp_client_secret" {
  type      = string
  sensitive = true
}
