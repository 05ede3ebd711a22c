import { findingsFor } from '../../test/rule-tester';
import { armCluster, bicepCluster } from '../../test/aks-cases';
import type { Format } from '../../src/model';
import autoUpgradeChannel from './auto-upgrade-channel';
import azurePolicyEnabled from './azure-policy-enabled';
import azureRbacEnabled from './azure-rbac-enabled';
import egressThroughFirewall from './egress-through-firewall';
import entraIdIntegration from './entra-id-integration';
import networkPolicy from './network-policy';
import nodeOsUpgradeChannel from './node-os-upgrade-channel';
import workloadIdentity from './workload-identity';

/**
 * AKS Automatic (sku.name: Automatic) preconfigures Azure RBAC with managed Entra ID, automatic
 * upgrades, workload identity with the OIDC issuer, deployment safeguards (Azure Policy) and Azure CNI
 * powered by Cilium: a template that leaves those out is not insecure. The view reads the SKU and
 * gives those settings Automatic's defaults; azurerm's cluster has no Automatic SKU, AzAPI declares it.
 */
const PRECONFIGURED = [
  azureRbacEnabled,
  entraIdIntegration,
  networkPolicy,
  azurePolicyEnabled,
  autoUpgradeChannel,
  nodeOsUpgradeChannel,
  workloadIdentity,
];

const azapiCluster = (sku: string, before = ''): string =>
  [
    before,
    'resource "azapi_resource" "aks" {',
    '  type      = "Microsoft.ContainerService/managedClusters@2025-05-01"',
    '  name      = "aks-auto"',
    '  parent_id = "/subscriptions/0000/resourceGroups/rg"',
    '  location  = "westeurope"',
    '  body = {',
    '    identity = { type = "SystemAssigned" }',
    `    sku      = { name = ${sku}, tier = "Standard" }`,
    '    properties = {',
    '      agentPoolProfiles = [{ name = "systempool", mode = "System", count = 3 }]',
    '    }',
    '  }',
    '}',
  ].join('\n');

const AUTOMATIC: { format: Format; code: string }[] = [
  {
    format: 'bicep',
    code: bicepCluster("dnsPrefix: 'aks'", { top: "sku: {\n  name: 'Automatic'\n  tier: 'Standard'\n}" }),
  },
  {
    format: 'arm',
    code: armCluster('"dnsPrefix": "aks"', { top: '"sku": { "name": "automatic", "tier": "Standard" }' }),
  },
  { format: 'terraform', code: azapiCluster('"Automatic"') },
];

const BASE: { format: Format; code: string }[] = [
  { format: 'bicep', code: bicepCluster("dnsPrefix: 'aks'", { top: "sku: {\n  name: 'Base'\n}" }) },
  { format: 'arm', code: armCluster('"dnsPrefix": "aks"') },
  { format: 'terraform', code: azapiCluster('"Base"') },
];

describe('AKS Automatic defaults', () => {
  for (const { format, code } of AUTOMATIC) {
    it(`${format}: an Automatic cluster passes what Automatic preconfigures`, async () => {
      for (const rule of PRECONFIGURED) {
        const findings = await findingsFor(rule, { name: rule.id, format, code });
        expect({ rule: rule.id, findings: findings.map((f) => f.message) }).toEqual({
          rule: rule.id,
          findings: [],
        });
      }
    });

    it(`${format}: AKS205 says the managed NAT gateway is Automatic's default, not loadBalancer`, async () => {
      const findings = await findingsFor(egressThroughFirewall, { name: 'AKS205', format, code });
      expect(findings.map((f) => f.message)).toEqual([
        expect.stringMatching(/outboundType is not set, so AKS Automatic sets it to "managedNATGateway"/),
      ]);
    });
  }

  for (const { format, code } of BASE) {
    it(`${format}: a Base cluster still fails them, with the platform defaults`, async () => {
      const failing = [];
      for (const rule of PRECONFIGURED) {
        const findings = await findingsFor(rule, { name: rule.id, format, code });
        failing.push(...findings.filter((f) => f.status === 'fail').map((f) => f.ruleId));
      }
      // AKS402's platform default (NodeImage) passes on every cluster.
      expect(failing).toEqual(['AKS103', 'AKS102', 'AKS204', 'AKS301', 'AKS401', 'AKS505', 'AKS505']);
      const egress = await findingsFor(egressThroughFirewall, { name: 'AKS205', format, code });
      expect(egress[0].message).toMatch(/so it defaults to loadBalancer/);
    });
  }

  it('an unresolved SKU leaves the defaults unknown, naming sku.name', async () => {
    const code = bicepCluster("dnsPrefix: 'aks'", {
      before: 'param skuName string',
      top: 'sku: {\n  name: skuName\n}',
    });
    const findings = await findingsFor(azureRbacEnabled, { name: 'AKS103', format: 'bicep', code });
    expect(findings.map((f) => [f.status, f.message])).toEqual([
      [
        'unknown',
        expect.stringMatching(
          /^properties\.aadProfile\.enableAzureRBAC is not set, and its default depends on sku\.name \(AKS Automatic presets it\).*param skuName/,
        ),
      ],
    ]);
  });
});
