import type { Format } from '../src/model';
import type { InvalidCase } from './rule-tester';

/** Shared builders for cluster-rule tests: one small cluster per format, the setting under test inside. */

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l.trim() ? by + l : l))
    .join('\n');
}

/** A Terraform cluster; `body` goes inside the resource block, `before` above it (variables, locals). */
export function tfCluster(body = '', opts: { before?: string; after?: string } = {}): string {
  return [
    opts.before ?? '',
    'resource "azurerm_kubernetes_cluster" "c" {',
    '  name                = "aks-test"',
    '  location            = "westeurope"',
    '  resource_group_name = "rg-test"',
    '  dns_prefix          = "aks-test"',
    indent(body, '  '),
    '}',
    opts.after ?? '',
  ].join('\n');
}

/** An ARM template with one cluster; `properties` is JSON members inside properties, `top` members beside it. */
export function armCluster(
  properties = '',
  opts: { parameters?: string; top?: string; resources?: string } = {},
): string {
  return [
    '{',
    '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
    '  "contentVersion": "1.0.0.0",',
    `  "parameters": {${opts.parameters ?? ''}},`,
    '  "resources": [',
    '    {',
    '      "type": "Microsoft.ContainerService/managedClusters",',
    '      "apiVersion": "2024-02-01",',
    '      "name": "aks-test",',
    '      "location": "westeurope",',
    opts.top ? indent(opts.top, '      ') + ',' : '',
    '      "properties": {',
    indent(properties, '        '),
    '      }',
    `    }${opts.resources ? ',\n' + indent(opts.resources, '    ') : ''}`,
    '  ]',
    '}',
  ].join('\n');
}

/** A Bicep file with one cluster; `properties` goes inside properties, `top` beside it, `before` above. */
export function bicepCluster(
  properties = '',
  opts: { before?: string; top?: string; after?: string } = {},
): string {
  return [
    opts.before ?? '',
    "resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {",
    "  name: 'aks-test'",
    "  location: 'westeurope'",
    opts.top ? indent(opts.top, '  ') : '',
    '  properties: {',
    indent(properties, '    '),
    '  }',
    '}',
    opts.after ?? '',
  ].join('\n');
}

/**
 * 1-based line of the first line containing `needle`: where a finding must point. With `after`, the
 * first such line below the line holding `after` (the second pool's attribute, say).
 */
export function lineOf(code: string, needle: string, after?: string): number {
  const from = after === undefined ? 0 : lineOf(code, after);
  const index = code.split('\n').findIndex((l, i) => i >= from && l.includes(needle));
  if (index < 0) throw new Error(`test setup: "${needle}" is not in the code`);
  return index + 1;
}

/** An invalid case whose single finding points at the line holding `needle`. */
export function failsAt(
  name: string,
  format: Format,
  code: string,
  needle: string,
  message: RegExp | string,
  more: Partial<InvalidCase> = {},
): InvalidCase {
  return { name, format, code, errors: [{ line: lineOf(code, needle), message }], ...more };
}

/** A `terraform` block pinning the azurerm provider: views read version-dependent names and defaults from it. */
export function tfProvider(version: string): string {
  return [
    'terraform {',
    '  required_providers {',
    '    azurerm = {',
    '      source  = "hashicorp/azurerm"',
    `      version = "${version}"`,
    '    }',
    '  }',
    '}',
  ].join('\n');
}

/** A separate Terraform node pool of cluster `c`; `body` goes inside the resource block. */
export function tfNodePool(body = '', name = 'extra'): string {
  return [
    `resource "azurerm_kubernetes_cluster_node_pool" "${name}" {`,
    `  name                  = "${name}"`,
    '  kubernetes_cluster_id = azurerm_kubernetes_cluster.c.id',
    '  vm_size               = "Standard_D4s_v5"',
    indent(body, '  '),
    '}',
  ].join('\n');
}

/** An ARM agentPools child resource of the cluster, for armCluster's `resources` option. */
export function armAgentPool(properties = '', name = 'extra'): string {
  return [
    '{',
    '  "type": "Microsoft.ContainerService/managedClusters/agentPools",',
    '  "apiVersion": "2024-02-01",',
    `  "name": "aks-test/${name}",`,
    '  "dependsOn": ["[resourceId(\'Microsoft.ContainerService/managedClusters\', \'aks-test\')]"],',
    '  "properties": {',
    `    "vmSize": "Standard_D4s_v5"${properties ? ',' : ''}`,
    indent(properties, '    '),
    '  }',
    '}',
  ].join('\n');
}

/** A Bicep agentPools resource nested in the cluster, for bicepCluster's `top` option. */
export function bicepNestedPool(properties = '', name = 'extra'): string {
  return [
    "resource pool 'agentPools' = {",
    `  name: '${name}'`,
    '  properties: {',
    "    vmSize: 'Standard_D4s_v5'",
    indent(properties, '    '),
    '  }',
    '}',
  ].join('\n');
}

/** A top-level Bicep agentPools resource with `parent: aks`, for bicepCluster's `after` option. */
export function bicepChildPool(properties = '', name = 'extra'): string {
  return [
    "resource pool 'Microsoft.ContainerService/managedClusters/agentPools@2024-02-01' = {",
    '  parent: aks',
    `  name: '${name}'`,
    '  properties: {',
    "    vmSize: 'Standard_D4s_v5'",
    indent(properties, '    '),
    '  }',
    '}',
  ].join('\n');
}

/** A Terraform default_node_pool block with `body` added inside. */
export const defaultPool = (body = ''): string =>
  `default_node_pool {\n  name       = "system"\n  vm_size    = "Standard_D4s_v5"\n  node_count = 3\n${body ? '  ' + body + '\n' : ''}}`;

/** ARM agentPoolProfiles with the given profile objects. */
export const armProfiles = (...items: string[]): string =>
  `"agentPoolProfiles": [\n  ${items.join(',\n  ')}\n]`;
