import { defineRule, reportUnknown } from '../api';
import { containerRegistries, REGISTRY_CLOSING } from '../../src/views/azure/registry';
import { current, settingFix } from '../lib';

export default defineRule({
  id: 'AKS602',
  slug: 'registry-not-public',
  title: 'Container registry is not open to the public network',
  severity: 'medium',
  description:
    'The container registry either disables public network access or, on the Premium tier (the only one that applies network rules), denies it by default through its network rule set.',
  rationale:
    'A registry reachable from any address is one leaked credential away from having its images read or replaced from anywhere on the internet. Private endpoints (or a firewall that denies by default) keep pushes and pulls on networks you control; AKS pulls through the private endpoint.',
  remediation: {
    terraform:
      'public_network_access_enabled = false  # Premium SKU; reach it through azurerm_private_endpoint\n# or: network_rule_set { default_action = "Deny" ... }',
    bicep: "properties: {\n  publicNetworkAccess: 'Disabled'\n}",
    arm: '"properties": { "publicNetworkAccess": "Disabled" }',
  },
  references: [
    'https://learn.microsoft.com/azure/container-registry/container-registry-private-link',
    'https://learn.microsoft.com/azure/container-registry/container-registry-access-selected-networks',
    'https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs/resources/container_registry',
    'https://learn.microsoft.com/azure/templates/microsoft.containerregistry/registries',
  ],
  fixRequiresRecreate: false,
  fix: {
    description:
      "Sets public_network_access_enabled = false (properties.publicNetworkAccess: 'Disabled'), inserting it when absent.",
    unsafe:
      'nodes and pipelines that reach the registry without a private endpoint can no longer pull or push, so new pods fail to start (and it needs the Premium SKU)',
  },
  view: containerRegistries,
  check(view, ctx) {
    const access = view.publicNetworkAccess();
    if (access.state !== 'unknown' && access.value === false) return;
    const action = view.defaultAction();
    const denies = action.state !== 'unknown' && action.value?.toLowerCase() === 'deny';
    const sku = view.sku();
    const premium = sku.state === 'unknown' ? undefined : sku.value?.toLowerCase() === 'premium';
    if (denies && premium) return;
    const unresolved =
      access.state === 'unknown'
        ? access
        : action.state === 'unknown'
          ? action
          : denies && sku.state === 'unknown'
            ? sku
            : undefined;
    if (unresolved) {
      reportUnknown(ctx, unresolved);
      return;
    }
    // ARM/Bicep write 'Enabled'/'Disabled': quote what was written, not the view's boolean.
    const written = access.state === 'set' && access.raw.kind === 'scalar' ? access.raw.value : undefined;
    const accessText =
      view.family === 'terraform'
        ? current(access, 'true')
        : written !== undefined
          ? `${access.attribute} = ${JSON.stringify(written)}`
          : current(access, "'Enabled'");
    const closing = REGISTRY_CLOSING[view.family];
    if (denies) {
      // Only Premium applies network rules: on another tier the rule set is stored and ignored.
      const tier =
        sku.state === 'set' ? `the ${String(sku.value)} tier` : `no tier (${sku.attribute} is not set)`;
      ctx.report({
        range: action.range,
        message: `Container registry "${view.displayName}" accepts connections from any network: ${action.attribute} = "Deny" has no effect on ${tier}, because network rules apply only to Premium registries. Use the Premium tier (${closing.premiumSkuText}), or set ${closing.publicAccessOffText} and reach it through a private endpoint (also Premium).`,
      });
      return;
    }
    const actionText = current(action, "'Allow'");
    const fix = `Set ${closing.publicAccessOffText} and reach it through a private endpoint (Premium SKU), or ${closing.denyByDefaultText} with the addresses that need it.`;
    const fixed = settingFix(ctx, view, access, closing.publicAccessOff, { path: access.attribute });
    ctx.report({
      fix: fixed,
      range: access.state === 'set' ? access.range : action.state === 'set' ? action.range : access.range,
      message: `Container registry "${view.displayName}" accepts connections from any network (${accessText}; ${actionText}): its images can be pulled, and with a leaked credential replaced, from anywhere on the internet. ${fix}`,
    });
  },
});
