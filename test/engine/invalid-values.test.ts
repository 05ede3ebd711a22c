import { MemoryHost } from '../../src/discover/host';
import { analyze } from '../../src/engine/analyze';
import { allRules } from '../../policies';

/**
 * One template whose every checked setting reads parameter `name`: declared without a value (merely
 * unresolved), or not declared at all (an expression Azure rejects, which the loader reports).
 */
function template(name: string): string {
  const value = `[parameters('${name}')]`;
  return JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { declared: { type: 'string' } },
      resources: [
        {
          type: 'Microsoft.ContainerService/managedClusters',
          apiVersion: '2024-02-01',
          name: 'aks',
          properties: {
            apiServerAccessProfile: { authorizedIPRanges: [value] },
            addonProfiles: {
              azureKeyvaultSecretsProvider: { enabled: true, config: { enableSecretRotation: value } },
            },
          },
        },
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          apiVersion: '2023-09-01',
          name: 'nsg',
          properties: {
            securityRules: [
              {
                name: 'ssh',
                properties: {
                  priority: 100,
                  direction: 'Inbound',
                  access: 'Allow',
                  protocol: 'Tcp',
                  sourceAddressPrefix: value,
                  destinationPortRange: '22',
                },
              },
            ],
          },
        },
        {
          type: 'Microsoft.Insights/diagnosticSettings',
          apiVersion: '2021-05-01-preview',
          name: 'diag',
          scope: "[resourceId('Microsoft.ContainerService/managedClusters', 'aks')]",
          properties: { logs: value },
        },
        {
          type: 'Microsoft.Security/pricings',
          apiVersion: '2023-01-01',
          name: 'Containers',
          properties: { pricingTier: value },
        },
        {
          type: 'Microsoft.ContainerRegistry/registries',
          apiVersion: '2023-07-01',
          name: 'acr',
          sku: { name: 'Premium' },
          properties: { publicNetworkAccess: value },
        },
      ],
    },
    null,
    2,
  );
}

async function scan(text: string) {
  const files = [{ path: 'main.json', text }];
  const rules = allRules().filter((r) => r.id.startsWith('AKS'));
  return analyze(files, new MemoryHost({ 'main.json': text }), { varFiles: [], parameterFiles: [] }, rules);
}

describe('values of invalid expressions', () => {
  it('when merely unresolved, each rule reading one reports it as unknown', async () => {
    const result = await scan(template('declared'));
    expect(result.errors).toEqual([]);
    const unknown = result.findings.filter((f) => f.status === 'unknown');
    expect(unknown.map((f) => f.ruleId).sort()).toEqual([
      'AKS203',
      'AKS306',
      'AKS504',
      'AKS602',
      'AKS603',
      'AKS604',
    ]);
    for (const f of unknown) expect(f.message).toContain("[parameters('declared')] could not be resolved");
  });

  it('when invalid, are one error each and no rule reports on them', async () => {
    const result = await scan(template('undeclared'));
    expect(result.errors.map((e) => e.message)).toEqual(
      Array(6).fill("invalid template expression: parameter 'undeclared' is not declared in the template"),
    );
    expect(result.findings.filter((f) => f.status === 'unknown')).toEqual([]);
    expect(result.findings.filter((f) => f.message.includes('undeclared'))).toEqual([]);
  });
});
