environment             = "staging"
private_cluster_enabled = false
