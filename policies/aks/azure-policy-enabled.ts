import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS301',
  slug: 'azure-policy-enabled',
  title: 'Azure Policy add-on is enabled',
  severity: 'medium',
  description: 'The Azure Policy add-on (Gatekeeper) enforces policies on what runs in the cluster.',
  rationale:
    'Without the Azure Policy add-on, guardrails such as "no privileged containers" or "images only from our registry" cannot be enforced or audited centrally; every workload is trusted to behave.',
  remediation: {
    terraform: 'azure_policy_enabled = true',
    bicep: 'addonProfiles: {\n  azurepolicy: {\n    enabled: true\n  }\n}',
    arm: '"addonProfiles": { "azurepolicy": { "enabled": true } }',
  },
  references: ['https://learn.microsoft.com/azure/aks/use-azure-policy', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Sets azure_policy_enabled = true (properties.addonProfiles.azurepolicy.enabled: true), inserting it when absent.',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.flag('azurePolicy', false), {
      ok: (v) => v === true,
      fix: (r) => settingFix(ctx, view, r, true),
      fail: (r) =>
        `${clusterName(view)} runs without the Azure Policy add-on (${current(r, 'false')}): admission guardrails cannot be enforced or audited. Set ${assign(view, r.attribute, true)}.`,
    });
  },
});
