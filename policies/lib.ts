import type { Resource, Scalar } from '../src/model';
import type { FixValue } from '../src/fix';
import type { Reading, Unresolved } from '../src/views/reading';
import type { AksClusterView } from '../src/views/aks';
import {
  clusterWideGrant,
  CONTAINER_SETTING_PATHS,
  shortAttribute,
  type ContainerSetting,
  type ContainerSettings,
  type EffectiveReading,
  type PodSetting,
  type PodSpecInstance,
  type RoleInstance,
} from '../src/views/kubernetes';
import type { CheckContext, ReportFix } from './api';

/** The message kit every rule shares: how values, settings and unresolved readings are worded. */

export type { Unresolved };

const MAX_SOURCE = 40;
const MAX_REASON = 100;

/**
 * The one sentence for a value that could not be resolved: `attribute = source could not be
 * resolved: reason`, on one line of about 120 characters at most: a long or multi-line expression is
 * left out (the reason names the reference that could not be resolved), a long reason is cut.
 */
export function unresolvedText(u: Pick<Unresolved, 'attribute' | 'source' | 'reason'>): string {
  const source = oneLine(u.source);
  const shown = source !== '' && source.length <= MAX_SOURCE ? ` = ${source}` : '';
  return `${u.attribute}${shown} could not be resolved: ${clip(u.reason, MAX_REASON)}`;
}

/** The message of an unknown setting reported on its own (see reportUnknown). */
export function unknownMessage(reading: Unresolved): string {
  // An unknown with no source text stands for a default that depends on something unresolved.
  if (reading.source === '') return `${reading.attribute} ${clip(reading.reason, 2 * MAX_REASON)}`;
  return unresolvedText(reading);
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

function clip(text: string, max: number): string {
  const line = oneLine(text);
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** A value in a message: strings quoted, a list or object as `(not a single value)`. */
export function literal(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value && typeof value === 'object' && 'kind' in value) return '(not a single value)';
  return String(value);
}

// Azure settings

/** How the setting stands today, for messages: `local_account_disabled is not set`, `x = false`. */
export function current(r: Reading<unknown>, absentMeans?: string): string {
  if (r.state === 'absent' && r.defaultSource)
    return `${r.attribute} is not set, so ${r.defaultSource} sets it to ${settingLiteral(r.value)}`;
  if (r.state === 'absent')
    return `${r.attribute} is not set${absentMeans ? `, so it defaults to ${absentMeans}` : ''}`;
  if (r.state === 'unknown') return `${r.attribute} = ${r.source}`;
  return `${r.attribute} = ${settingLiteral(r.value)}`;
}

/** The fix as the user writes it: `local_account_disabled = true` or `properties.disableLocalAccounts: true`. */
export function assign(
  view: { family: 'terraform' | 'azure'; resource?: { format: string } },
  attribute: string,
  value: unknown,
): string {
  // HCL assigns with `=` whatever the vocabulary (an azapi body, a module's inputs); Bicep and ARM with `:`.
  return view.family === 'terraform' || view.resource?.format === 'terraform'
    ? `${attribute} = ${settingLiteral(value)}`
    : `${attribute}: ${settingLiteral(value)}`;
}

/** An Azure setting's value: a list or object (authorized IP ranges) is shortened to `…`. */
function settingLiteral(value: unknown): string {
  return value && typeof value === 'object' && 'kind' in value ? '…' : literal(value);
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

export const TF_DOCS =
  'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/kubernetes_cluster';
export const ARM_DOCS =
  'https://learn.microsoft.com/azure/templates/microsoft.containerservice/managedclusters';

// Kubernetes objects

export const PSS = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/';
export const SECURITY_CONTEXT = 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/';
export const AKS_POD_SECURITY = 'https://learn.microsoft.com/azure/aks/developer-best-practices-pod-security';
export const AKS_PSA = 'https://learn.microsoft.com/azure/aks/use-psa';
export const CIS_KUBERNETES = 'https://www.cisecurity.org/benchmark/kubernetes';
export const RBAC = 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/';
export const RBAC_GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';
export const AKS_IDENTITY = 'https://learn.microsoft.com/azure/aks/concepts-identity';
export const NETWORK_POLICIES = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';
export const AKS_NETWORK_POLICIES = 'https://learn.microsoft.com/azure/aks/use-network-policies';
export const AKS_NETWORK_PRACTICES = 'https://learn.microsoft.com/azure/aks/operator-best-practices-network';
export const SERVICE_ACCOUNTS =
  'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/';

/** `Container "web" in Deployment shop/web`. */
export function containerIn(pod: PodSpecInstance, container: ContainerSettings): string {
  return `${container.label} in ${pod.label}`;
}

/** How a setting stands, for messages: `runAsNonRoot is not set`, `privileged is true (from the pod)`. */
export function stated(
  r: Reading<unknown> | EffectiveReading<unknown>,
  name = shortAttribute(r.attribute),
): string {
  if (r.state === 'absent') return `${name} is not set`;
  if (r.state === 'unknown') return `${name} is ${r.source}`;
  const from = 'from' in r && r.from === 'pod' ? ' on the pod' : '';
  return `${name} is ${literal(r.value)}${from}`;
}

export function isTrue(r: Reading<Scalar>): boolean {
  return r.state === 'set' && (r.value === true || r.value === 'true');
}

export function isFalse(r: Reading<Scalar>): boolean {
  return r.state === 'set' && (r.value === false || r.value === 'false');
}

/** The fix that writes a container's own setting (securityContext.runAsNonRoot…) as `value`. */
export function containerFix(
  ctx: CheckContext,
  pod: PodSpecInstance,
  container: ContainerSettings,
  setting: ContainerSetting,
  value: FixValue,
): ReportFix {
  const path = CONTAINER_SETTING_PATHS[setting];
  return {
    title: `Set ${path.join('.')}: ${fixLiteral(value)} on ${containerIn(pod, container)}`,
    edits: ctx.fixer.set({ resource: pod.resource, root: container.object, path }, value),
  };
}

/** The fix that writes a pod spec setting (hostNetwork, automountServiceAccountToken) as `value`. */
export function podFix(ctx: CheckContext, pod: PodSpecInstance, key: PodSetting, value: FixValue): ReportFix {
  return {
    title: `Set ${pod.specPrefix}${key}: ${fixLiteral(value)} on ${pod.label}`,
    edits: pod.spec
      ? ctx.fixer.set({ resource: pod.resource, root: pod.spec, path: [key] }, value)
      : undefined,
  };
}

function fixLiteral(value: FixValue): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/**
 * For a role whose grants reach every namespace, how messages say so: `, bound cluster-wide by
 * ClusterRoleBinding ops` (or nothing when the scan does not bind it); undefined when they do not.
 */
export function clusterWideBinding(role: RoleInstance): string | undefined {
  const grant = clusterWideGrant(role);
  if (!grant.clusterWide) return undefined;
  return grant.via ? `, bound cluster-wide by ${grant.via.label}` : '';
}
