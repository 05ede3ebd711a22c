import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A fresh folder holding these files (it is a git repository's root, as a workspace would be). */
export function workspace(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-lsp-')));
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** A Terraform root: the cluster reads whether local accounts are disabled from terraform.tfvars. */
export const MODULE: Record<string, string> = {
  'infra/main.tf': `resource "azurerm_kubernetes_cluster" "main" {
  name                   = "aks-prod"
  location               = var.location
  resource_group_name    = "rg-aks"
  dns_prefix             = "aks"
  local_account_disabled = var.disable_local_accounts

  default_node_pool {
    name       = "system"
    vm_size    = "Standard_D4s_v5"
    node_count = 3
  }

  identity {
    type = "SystemAssigned"
  }
}
`,
  'infra/variables.tf': `variable "location" {
  type    = string
  default = "westeurope"
}

variable "disable_local_accounts" {
  type = bool
}
`,
  'infra/terraform.tfvars': `disable_local_accounts = false
`,
  'k8s/web.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27.0@sha256:0000000000000000000000000000000000000000000000000000000000000000
          securityContext:
            privileged: true
`,
};

export const LINE_OF_LOCAL_ACCOUNTS = 5;
export const LINE_OF_PRIVILEGED = 18;

/** A default-deny policy for every pod of namespace `shop` (the namespace of k8s/web.yaml). */
export const DENY_ALL_IN_SHOP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
