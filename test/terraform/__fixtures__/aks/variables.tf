variable "environment" {
  type        = string
  description = "Deployment stage, e.g. prod or dev."
  default     = "dev"
}

variable "user_pools" {
  type = map(object({
    vm_size = string
    count   = number
  }))
  default = {
    apps = {
      vm_size = "Standard_D8s_v5"
      count   = 2
    }
    batch = {
      vm_size = "Standard_F8s_v2"
      count   = 1
    }
  }
}
