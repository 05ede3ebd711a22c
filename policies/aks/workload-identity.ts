import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS } from '../lib';

export default defineRule({
  id: 'AKS505',
  slug: 'workload-identity',
  title: 'Workload identity with an OIDC issuer',
  severity: 'low',
  description:
    'Workload identity and the OIDC issuer are enabled, so pods get Entra ID tokens instead of stored credentials.',
  rationale:
    'Without workload identity, pods that call Azure need client secrets in Kubernetes Secrets or the deprecated pod-managed identity; with it they exchange their service account token for a short-lived Entra ID token.',
  remediation: {
    terraform: 'oidc_issuer_enabled       = true\nworkload_identity_enabled = true',
    bicep:
      'oidcIssuerProfile: {\n  enabled: true\n}\nsecurityProfile: {\n  workloadIdentity: {\n    enabled: true\n  }\n}',
    arm: '"oidcIssuerProfile": { "enabled": true }, "securityProfile": { "workloadIdentity": { "enabled": true } }',
  },
  references: ['https://learn.microsoft.com/azure/aks/workload-identity-overview', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    // azurerm 5.x turns the OIDC issuer on by default.
    const oidcDefault = view.family === 'terraform' && (view.providerMajor() ?? 0) >= 5;
    for (const setting of ['workloadIdentity', 'oidcIssuer'] as const) {
      expectReading(ctx, view.flag(setting, setting === 'oidcIssuer' && oidcDefault), {
        ok: (v) => v === true,
        fail: (r) =>
          `${clusterName(view)} does not enable ${setting === 'oidcIssuer' ? 'the OIDC issuer' : 'workload identity'} (${current(r, 'false')}): pods that call Azure need stored secrets instead of short-lived tokens. Set ${assign(view, r.attribute, true)}.`,
      });
    }
  },
});
