import type { Reading } from '../../src/views/reading';
import type { AksClusterView } from '../../src/views/aks';

/** How the setting stands today, for messages: `local_account_disabled is not set`, `x = false`. */
export function current(r: Reading<unknown>, absentMeans?: string): string {
  if (r.state === 'absent' && r.defaultSource)
    return `${r.attribute} is not set, so ${r.defaultSource} sets it to ${literal(r.value)}`;
  if (r.state === 'absent')
    return `${r.attribute} is not set${absentMeans ? `, so it defaults to ${absentMeans}` : ''}`;
  if (r.state === 'unknown') return `${r.attribute} = ${r.source}`;
  return `${r.attribute} = ${literal(r.value)}`;
}

/** The fix as the user writes it: `local_account_disabled = true` or `properties.disableLocalAccounts: true`. */
export function assign(view: { family: 'terraform' | 'azure' }, attribute: string, value: unknown): string {
  return view.family === 'terraform' ? `${attribute} = ${literal(value)}` : `${attribute}: ${literal(value)}`;
}

export function clusterName(view: AksClusterView): string {
  return `Cluster "${view.displayName}"`;
}

function literal(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value && typeof value === 'object' && 'kind' in value) return '…';
  return String(value);
}

export const TF_DOCS =
  'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster';
export const ARM_DOCS =
  'https://learn.microsoft.com/azure/templates/microsoft.containerservice/managedclusters';
