environment  = "prod"
rbac_enabled = false
