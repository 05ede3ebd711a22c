/** Shared builders for tests of rules on resources around the cluster: one small resource per format. */

export const tfRegistry = (body: string, before = ''): string =>
  [
    before,
    'resource "azurerm_container_registry" "acr" {',
    '  name                = "acrplatform"',
    '  resource_group_name = "rg-platform"',
    '  location            = "westeurope"',
    '  sku                 = "Premium"',
    body ? `  ${body}` : '',
    '}',
  ].join('\n');

export const armRegistry = (properties: string, parameters = ''): string =>
  [
    '{',
    '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
    '  "contentVersion": "1.0.0.0",',
    `  "parameters": {${parameters}},`,
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.ContainerRegistry/registries",',
    '      "apiVersion": "2023-07-01",',
    '      "name": "acrplatform",',
    '      "location": "westeurope",',
    '      "sku": { "name": "Premium" },',
    '      "properties": {',
    `        ${properties}`,
    '      }',
    '    }',
    '  ]',
    '}',
  ].join('\n');

export const bicepRegistry = (properties: string, before = ''): string =>
  [
    before,
    "resource acr 'Microsoft.ContainerRegistry/registries@2023-07-01' = {",
    "  name: 'acrplatform'",
    "  location: 'westeurope'",
    "  sku: { name: 'Premium' }",
    '  properties: {',
    `    ${properties}`,
    '  }',
    '}',
  ].join('\n');

/** A Terraform Defender plan. */
export const tfPricing = (name: string, resourceType: string | undefined, tier: string): string =>
  [
    `resource "azurerm_security_center_subscription_pricing" "${name}" {`,
    `  tier          = ${tier}`,
    resourceType === undefined ? '' : `  resource_type = ${resourceType}`,
    '}',
  ].join('\n');

/** An ARM subscription-level template; `resources` are JSON resource objects. */
export const armSubscriptionTemplate = (resources: string[], parameters = ''): string =>
  [
    '{',
    '  "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",',
    '  "contentVersion": "1.0.0.0",',
    `  "parameters": {${parameters}},`,
    '  "resources": [',
    resources.map((r) => '    ' + r).join(',\n'),
    '  ]',
    '}',
  ].join('\n');

export const armPricing = (name: string, tier: string): string =>
  `{ "type": "Microsoft.Security/pricings", "apiVersion": "2024-01-01", "name": "${name}", "properties": { "pricingTier": "${tier}" } }`;

export const bicepPricing = (symbol: string, name: string, tier: string): string =>
  [
    `resource ${symbol} 'Microsoft.Security/pricings@2024-01-01' = {`,
    `  name: ${name}`,
    '  properties: {',
    `    pricingTier: ${tier}`,
    '  }',
    '}',
  ].join('\n');
