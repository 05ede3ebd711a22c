import type { Scalar } from '../../src/model';
import type { FixValue } from '../../src/fix';
import type { CheckContext, ReportFix } from '../api';
import type { Reading } from '../../src/views/reading';
import {
  clusterWideGrant,
  type ContainerSettings,
  type EffectiveReading,
  type PodSpecInstance,
  type RoleInstance,
} from '../../src/views/kubernetes';

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
  name = shortName(r.attribute),
): string {
  if (r.state === 'absent') return `${name} is not set`;
  if (r.state === 'unknown') return `${name} is ${r.source}`;
  const from = 'from' in r && r.from === 'pod' ? ' on the pod' : '';
  return `${name} is ${literal(r.value)}${from}`;
}

export function shortName(attribute: string): string {
  return attribute
    .replace(/^spec\.(template\.spec\.|jobTemplate\.spec\.template\.spec\.)?/, '')
    .replace(/^securityContext\./, '');
}

export function literal(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value && typeof value === 'object' && 'kind' in value) return '(not a single value)';
  return String(value);
}

export function isTrue(r: Reading<Scalar>): boolean {
  return r.state === 'set' && (r.value === true || r.value === 'true');
}

export function isFalse(r: Reading<Scalar>): boolean {
  return r.state === 'set' && (r.value === false || r.value === 'false');
}

/** The fix that writes `path` (below the container item, e.g. securityContext.runAsNonRoot) as `value`. */
export function containerFix(
  ctx: CheckContext,
  pod: PodSpecInstance,
  container: ContainerSettings,
  path: readonly string[],
  value: FixValue,
): ReportFix {
  return {
    title: `Set ${path.join('.')}: ${fixLiteral(value)} on ${containerIn(pod, container)}`,
    edits: ctx.fixer.set({ resource: pod.resource, root: container.object, path }, value),
  };
}

/** The fix that writes a pod spec setting (hostNetwork, automountServiceAccountToken) as `value`. */
export function podFix(ctx: CheckContext, pod: PodSpecInstance, key: string, value: FixValue): ReportFix {
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
