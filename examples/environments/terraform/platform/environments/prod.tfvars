environment             = "prod"
private_cluster_enabled = true
