import type { Resource } from '../../model';
import type { ResourceGraph } from '../../graph/graph';
import type { Reading } from '../reading';
import { ARM_CLUSTER, TF_CLUSTER } from '../aks';
import { defineView, type ViewInstance } from '../view';
import { deployedName, familyOf, scalarSetting, toText, type Family } from './common';

export const TF_PRICING = 'azurerm_security_center_subscription_pricing';
export const ARM_PRICING = 'Microsoft.Security/pricings';

/** One Microsoft Defender for Cloud plan of a subscription, and its tier. */
/** How the Defender for Containers plan is added to a subscription, in each vocabulary, for messages. */
export const CONTAINERS_PLAN_TEXT: Record<Family, string> = {
  terraform:
    'Add an azurerm_security_center_subscription_pricing with resource_type = "Containers" and tier = "Standard".',
  azure:
    "Add a Microsoft.Security/pricings resource named 'Containers' with properties.pricingTier 'Standard'.",
};

export class SecurityPricingView {
  readonly family: Family;

  constructor(readonly resource: Resource) {
    this.family = familyOf(resource);
  }

  /** The plan: Terraform `resource_type` (default VirtualMachines); ARM/Bicep the resource name. */
  plan(): Reading<string | undefined> {
    if (this.family === 'terraform')
      return toText(scalarSetting(this.resource, 'terraform', ['resource_type'], 'VirtualMachines'));
    const r = toText(scalarSetting(this.resource, 'azure', ['name']));
    if (r.state !== 'set' || r.value === undefined) return r;
    // A child-style name (`default/Containers`) or an extension name keeps the plan last.
    return { ...r, value: r.value.slice(r.value.lastIndexOf('/') + 1) };
  }

  /** `Free` or `Standard`. */
  tier(): Reading<string | undefined> {
    return this.family === 'terraform'
      ? toText(scalarSetting(this.resource, 'terraform', ['tier']))
      : toText(scalarSetting(this.resource, 'azure', ['properties.pricingTier']));
  }

  get displayName(): string {
    return deployedName(this.resource);
  }
}

/**
 * The subscription's plans as one platform declares them: every pricing of one deployment (under one
 * evaluation context), with those of the deployments the config declares one platform with it. Also,
 * for a cluster whose platform declares no plan while other deployments of the scan do, an instance
 * with no pricings of its own: whether those reach its subscription cannot be told.
 */
export interface SubscriptionPricingsInstance extends ViewInstance {
  pricings: SecurityPricingView[];
  /** For a cluster whose platform declares no plan: the pricings other deployments declare. */
  elsewhere: SecurityPricingView[];
}

export const subscriptionPricings = defineView<SubscriptionPricingsInstance>({
  name: 'SubscriptionPricings',
  formats: ['terraform', 'arm', 'bicep'],
  // A cluster with no plan in its platform is told of the plans of every other deployment.
  acrossDeployments: {
    types: [TF_PRICING, ARM_PRICING, TF_CLUSTER, ARM_CLUSTER],
    fromEveryShard: [TF_PRICING, ARM_PRICING],
    // Of a cluster, AKS603 reads only the name (deployedName).
    keep: { [TF_CLUSTER]: { name: true }, [ARM_CLUSTER]: { name: true } },
  },
  select: (graph: ResourceGraph) => {
    const platforms: SecurityPricingView[][] = [];
    for (const r of graph.ofType(TF_PRICING, ARM_PRICING)) {
      const platform = platforms.find((p) => p.some((other) => graph.samePlatform(other.resource, r)));
      if (platform) platform.push(new SecurityPricingView(r));
      else platforms.push([new SecurityPricingView(r)]);
    }
    const all = platforms.flat();
    const instances: SubscriptionPricingsInstance[] = platforms.map((pricings) => ({
      resource: pricings[0].resource,
      pricings,
      elsewhere: [],
    }));
    if (all.length === 0) return instances;
    for (const cluster of graph.ofType(TF_CLUSTER, ARM_CLUSTER)) {
      if (all.some((p) => graph.samePlatform(p.resource, cluster))) continue;
      instances.push({ resource: cluster, pricings: [], elsewhere: all });
    }
    return instances;
  },
});
