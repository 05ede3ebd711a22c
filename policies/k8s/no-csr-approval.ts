import { defineRule } from '../api';
import { grantedVerbs, namedResource, rbacRoleView } from '../../src/views/kubernetes';
import { clusterWideBinding, RBAC, RBAC_GOOD_PRACTICES } from '../lib';

const CERTIFICATES = 'certificates.k8s.io';
const CSR_DOCS = 'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/';

/** Signers whose certificates the cluster trusts: those of kubernetes.io, or any signer at all. */
function coversKubernetesSigners(names: readonly string[]): boolean {
  return names.length === 0 || names.some((n) => n === '*' || n.startsWith('kubernetes.io/'));
}

export default defineRule({
  id: 'K8S213',
  slug: 'no-csr-approval',
  title: 'Roles do not approve certificate signing requests for Kubernetes signers',
  severity: 'high',
  description:
    'No ClusterRole grants both update (or patch) on certificatesigningrequests/approval and approve on signers of kubernetes.io (or on every signer), unless every binding of it in the scan is a namespaced RoleBinding, which cannot grant these cluster-scoped resources. Approval limited to custom signers (resourceNames outside kubernetes.io) passes.',
  rationale:
    'Approving a request for the kubernetes.io/kube-apiserver-client signer has the cluster CA issue a client certificate for any user and group the request names; the signer puts no limit on the subject. Whoever can both create and approve requests can therefore mint credentials for any identity, and a certificate cannot be revoked before it expires. Leave approval of kubelet requests to the control plane and give custom issuers their own signer name.',
  remediation: {
    kubernetes: [
      'rules:',
      '  - apiGroups: ["certificates.k8s.io"]',
      '    resources: ["certificatesigningrequests/approval"]',
      '    verbs: ["update"]',
      '  - apiGroups: ["certificates.k8s.io"]',
      '    resources: ["signers"]',
      '    resourceNames: ["example.com/my-signer"]   # not kubernetes.io/*',
      '    verbs: ["approve"]',
    ].join('\n'),
  },
  references: [CSR_DOCS, `${RBAC_GOOD_PRACTICES}#csrs-and-certificate-issuing`, RBAC],
  fixRequiresRecreate: false,
  tags: ['rbac'],
  view: rbacRoleView,
  check(role, ctx) {
    const bound = clusterWideBinding(role);
    if (bound === undefined) return;
    const approval = role.rules.find(
      (r) =>
        namedResource(r, CERTIFICATES, 'certificatesigningrequests/approval') &&
        grantedVerbs(r, ['update', 'patch']).length > 0,
    );
    const signers = role.rules.find(
      (r) =>
        namedResource(r, CERTIFICATES, 'signers') &&
        grantedVerbs(r, ['approve']).length > 0 &&
        coversKubernetesSigners(r.resourceNames.map((n) => n.value)),
    );
    if (!approval || !signers) return;
    const item = namedResource(approval, CERTIFICATES, 'certificatesigningrequests/approval')!;
    const names = signers.resourceNames.map((n) => n.value);
    const which = names.length > 0 ? `the signers ${names.join(', ')}` : 'every signer';
    ctx.report({
      range: item.range,
      message: `${role.label} lets its subjects approve certificate signing requests for ${which}${bound}: with kubernetes.io/kube-apiserver-client the cluster CA then issues a client certificate for any user or group they ask for, which cannot be revoked. Limit approve on signers (resourceNames) to your own signer names, outside kubernetes.io.`,
    });
  },
});
