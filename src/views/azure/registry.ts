import type { Resource, Scalar } from '../../model';
import type { Reading } from '../reading';
import { defineView, type ViewInstance } from '../view';
import { booleanSetting, deployedName, familyOf, scalarSetting, toText, type Family } from './common';

export const TF_REGISTRY = 'azurerm_container_registry';
export const ARM_REGISTRY = 'Microsoft.ContainerRegistry/registries';

/**
 * An Azure Container Registry. Defaults from the azurerm and REST references: the admin user and
 * anonymous pull are off, public network access is on, and the network rule set allows by default.
 * Network rules apply only to the Premium tier: a Basic or Standard registry accepts every network
 * whatever its rule set says.
 */
export class ContainerRegistryView implements ViewInstance {
  readonly family: Family;

  constructor(readonly resource: Resource) {
    this.family = familyOf(resource);
  }

  get displayName(): string {
    return deployedName(this.resource);
  }

  adminUserEnabled(): Reading<boolean> {
    return this.family === 'terraform'
      ? booleanSetting(this.resource, 'terraform', ['admin_enabled'], false)
      : booleanSetting(this.resource, 'azure', ['properties.adminUserEnabled'], false);
  }

  /** Registry-wide pull without credentials (Standard and Premium SKUs only). */
  anonymousPullEnabled(): Reading<boolean> {
    return this.family === 'terraform'
      ? booleanSetting(this.resource, 'terraform', ['anonymous_pull_enabled'], false)
      : booleanSetting(this.resource, 'azure', ['properties.anonymousPullEnabled'], false);
  }

  /** Terraform's boolean, or ARM/Bicep's 'Enabled'/'Disabled', as "is the public endpoint reachable". */
  publicNetworkAccess(): Reading<boolean> {
    if (this.family === 'terraform')
      return booleanSetting(this.resource, 'terraform', ['public_network_access_enabled'], true);
    const r = toText(scalarSetting(this.resource, 'azure', ['properties.publicNetworkAccess'], 'Enabled'));
    if (r.state === 'unknown') return r;
    const text = r.value?.toLowerCase();
    if (text === 'enabled' || text === 'disabled') return { ...r, value: text === 'enabled' };
    return {
      state: 'unknown',
      reason: `expected 'Enabled' or 'Disabled', found ${JSON.stringify(r.value)}`,
      source: JSON.stringify(r.value),
      range: r.range,
      attribute: r.attribute,
    };
  }

  /** The service tier: Basic, Standard or Premium (`sku` in azurerm, `sku.name` in the REST API). */
  sku(): Reading<string | undefined> {
    return this.family === 'terraform'
      ? toText(scalarSetting(this.resource, 'terraform', ['sku']))
      : toText(scalarSetting(this.resource, 'azure', ['sku.name']));
  }

  /** The network rule set's default action, 'Allow' when no rule set is written. */
  defaultAction(): Reading<string | undefined> {
    return this.family === 'terraform'
      ? toText(scalarSetting(this.resource, 'terraform', ['network_rule_set.default_action'], 'Allow'))
      : toText(scalarSetting(this.resource, 'azure', ['properties.networkRuleSet.defaultAction'], 'Allow'));
  }
}

/** How a registry is closed to the internet in each vocabulary, for messages and fixes. */
export const REGISTRY_CLOSING: Record<
  Family,
  {
    /** The value of publicNetworkAccess() that turns the public endpoint off. */
    publicAccessOff: Scalar;
    /** The same, as written: `public_network_access_enabled = false`. */
    publicAccessOffText: string;
    /** A network rule set that denies what it does not list. */
    denyByDefaultText: string;
    premiumSkuText: string;
  }
> = {
  terraform: {
    publicAccessOff: false,
    publicAccessOffText: 'public_network_access_enabled = false',
    denyByDefaultText: 'add network_rule_set { default_action = "Deny" }',
    premiumSkuText: 'sku = "Premium"',
  },
  azure: {
    publicAccessOff: 'Disabled',
    publicAccessOffText: 'properties.publicNetworkAccess: "Disabled"',
    denyByDefaultText: 'set properties.networkRuleSet.defaultAction: "Deny"',
    premiumSkuText: "sku: { name: 'Premium' }",
  },
};

export const containerRegistries = defineView<ContainerRegistryView>({
  name: 'ContainerRegistry',
  formats: ['terraform', 'arm', 'bicep'],
  select: (graph) => graph.ofType(TF_REGISTRY, ARM_REGISTRY).map((r) => new ContainerRegistryView(r)),
});
