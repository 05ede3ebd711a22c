import { defineRule } from '../api';
import { unresolvedText } from '../lib';
import {
  CONTAINERS_PLAN_TEXT,
  subscriptionPricings,
  type SecurityPricingView,
} from '../../src/views/azure/pricing';
import { deployedName } from '../../src/views/azure/common';
import type { Reading } from '../../src/views/reading';

/** Defender for Containers, and the two plans it replaced (Defender for Kubernetes, for container registries). */
const CONTAINER_PLANS = ['containers', 'kubernetesservice', 'containerregistry'];

type Known = Extract<Reading<string | undefined>, { state: 'set' | 'absent' }>;

export default defineRule({
  id: 'AKS603',
  slug: 'defender-containers-plan',
  title: 'Defender for Containers plan is on for the subscription',
  severity: 'low',
  description:
    'Where the code manages the subscription’s Microsoft Defender for Cloud plans, the Containers plan is at the Standard tier. Plans are matched with clusters of the same deployment, or of deployments the configuration declares one platform.',
  rationale:
    'The Containers plan is what scans registry and running images for vulnerabilities, watches the Kubernetes audit log and nodes for attacks, and enforces image policies. The cluster’s Defender profile (AKS302) only sends data: without the plan at Standard, nothing analyses it. A configuration that manages other Defender plans but leaves this one out usually forgot it.',
  remediation: {
    terraform:
      'resource "azurerm_security_center_subscription_pricing" "containers" {\n  tier          = "Standard"\n  resource_type = "Containers"\n}',
    bicep:
      "targetScope = 'subscription'\nresource containers 'Microsoft.Security/pricings@2024-01-01' = {\n  name: 'Containers'\n  properties: { pricingTier: 'Standard' }\n}",
    arm: '{ "type": "Microsoft.Security/pricings", "apiVersion": "2024-01-01", "name": "Containers", "properties": { "pricingTier": "Standard" } }',
  },
  references: [
    'https://learn.microsoft.com/azure/defender-for-cloud/defender-for-containers-introduction',
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/security_center_subscription_pricing',
    'https://learn.microsoft.com/azure/templates/microsoft.security/pricings',
  ],
  fixRequiresRecreate: false,
  view: subscriptionPricings,
  check(view, ctx) {
    if (view.pricings.length === 0) {
      const where = nearestFirst(
        view.resource.file,
        view.elsewhere.map((p) => p.resource.deployment ?? p.resource.file),
      );
      ctx.report({
        status: 'unknown',
        because: undefined,
        range: view.resource.range,
        message: `Whether Defender for Containers covers cluster "${deployedName(view.resource)}" cannot be told: the subscription's Defender plan is set in another deployment (${listed(where)}), which may or may not deploy to this cluster's subscription. To check them together, declare both deployments one platform in the configuration (clusters: {name: [their paths]}).`,
      });
      return;
    }
    const plans = view.pricings.map((pricing) => ({ pricing, plan: pricing.plan(), tier: pricing.tier() }));
    const containerPlans = plans.filter(
      (p) => p.plan.state !== 'unknown' && CONTAINER_PLANS.includes(p.plan.value?.toLowerCase() ?? ''),
    );
    if (containerPlans.some((p) => p.tier.state !== 'unknown' && isStandard(p.tier))) return;
    const unresolvedTier = containerPlans.find((p) => p.tier.state === 'unknown');
    const unresolvedPlan = plans.find((p) => p.plan.state === 'unknown');
    const unresolved = unresolvedTier?.tier ?? unresolvedPlan?.plan;
    if (unresolved?.state === 'unknown') {
      const pricing = (unresolvedTier ?? unresolvedPlan)!.pricing;
      ctx.report({
        status: 'unknown',
        because: unresolved,
        range: unresolved.range,
        resource: pricing.resource,
        message: `Whether Defender for Containers is on cannot be told: ${unresolvedText(unresolved)}.`,
      });
      return;
    }
    const lower = containerPlans[0];
    if (lower) {
      const tier = lower.tier as Known;
      const planName = (lower.plan as Known).value;
      ctx.report({
        range: tier.range,
        resource: lower.pricing.resource,
        message: `Defender plan "${planName}" is at tier ${tier.state === 'set' ? JSON.stringify(tier.value) : `(${tier.attribute} not set)`}, not Standard: container images are not scanned and Kubernetes activity is not analysed for threats. ${setStandard(lower.pricing, tier.attribute)}${planName?.toLowerCase() === 'containers' ? '' : ' This plan is retired: move to the Containers plan.'}`,
      });
      return;
    }
    const declared = plans.map((p) => (p.plan as Known).value).filter((v): v is string => v !== undefined);
    const first = view.pricings[0];
    ctx.report({
      range: first.resource.range,
      message: `The subscription’s Defender plans are managed here (${[...new Set(declared)].join(', ')}) but Containers is not among them: container images are not scanned and Kubernetes activity is not analysed for threats. ${CONTAINERS_PLAN_TEXT[first.family]}`,
    });
  },
});

/** Deployments, those sharing the longest folder with the cluster's file first. */
function nearestFirst(file: string, deployments: string[]): string[] {
  const shared = (d: string) => {
    const a = file.split('/');
    const b = d.split('/');
    let i = 0;
    while (i < a.length - 1 && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  return [...new Set(deployments)].sort((x, y) => shared(y) - shared(x) || (x < y ? -1 : x > y ? 1 : 0));
}

function listed(names: string[]): string {
  return names.length <= 3
    ? names.join(', ')
    : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

function isStandard(tier: Known): boolean {
  return tier.value?.toLowerCase() === 'standard';
}

function setStandard(pricing: SecurityPricingView, attribute: string): string {
  return pricing.family === 'terraform' ? `Set ${attribute} = "Standard".` : `Set ${attribute}: 'Standard'.`;
}
