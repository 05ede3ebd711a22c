import type { Resource } from '../../model';
import type { ResourceGraph } from '../../graph/graph';
import type { Reading } from '../reading';
import { defineView, type ViewInstance } from '../view';
import { deployedName, familyOf, scalarSetting, toText, type Family } from './common';

export const TF_PRICING = 'azurerm_security_center_subscription_pricing';
export const ARM_PRICING = 'Microsoft.Security/pricings';

/** One Microsoft Defender for Cloud plan of a subscription, and its tier. */
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

/** Every pricing one language declares under one evaluation context: the subscription's plans as that code sees them. */
export interface SubscriptionPricingsInstance extends ViewInstance {
  pricings: SecurityPricingView[];
}

export const subscriptionPricings = defineView<SubscriptionPricingsInstance>({
  name: 'SubscriptionPricings',
  formats: ['terraform', 'arm', 'bicep'],
  select: (graph: ResourceGraph) => {
    const groups = new Map<string, SecurityPricingView[]>();
    for (const r of graph.ofType(TF_PRICING, ARM_PRICING)) {
      // Each language's templates are deployed on their own: judge the plans each one declares.
      const key = `${r.format}\u0000${r.context?.name ?? ''}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = []));
      group.push(new SecurityPricingView(r));
    }
    return [...groups.values()].map((pricings) => ({ resource: pricings[0].resource, pricings }));
  },
});
