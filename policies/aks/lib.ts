import type { Resource } from '../../src/model';
import type { FixValue } from '../../src/fix';
import type { Reading } from '../../src/views/reading';
import type { AksClusterView } from '../../src/views/aks';
import type { CheckContext, ReportFix } from '../api';

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

/**
 * The fix that gives an Azure setting `value`: the literal replaced where it is written (or where the
 * variable or parameter it reads is defined), or the attribute inserted when absent. `path` names
 * another attribute than the reading's (a flag inside the block the reading found).
 */
export function settingFix(
  ctx: CheckContext,
  view: { resource: Resource; family: 'terraform' | 'azure' },
  r: Reading<unknown>,
  value: FixValue,
  opts: { path?: string; unsafe?: boolean } = {},
): ReportFix | undefined {
  if (r.state === 'unknown') return undefined;
  const attribute = opts.path ?? r.attribute;
  const edits =
    r.state === 'set' && !opts.path
      ? ctx.fixer.replace(view.resource, r.raw, value)
      : ctx.fixer.set(
          { resource: view.resource, path: attribute.split('.'), ignoreCase: view.family === 'azure' },
          value,
        );
  const title =
    value !== null && typeof value === 'object'
      ? `Add ${attribute}`
      : `Set ${assign(view, attribute, value)}`;
  return { title, edits, ...(opts.unsafe !== undefined ? { unsafe: opts.unsafe } : {}) };
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
