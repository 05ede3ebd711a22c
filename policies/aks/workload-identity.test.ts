import rule from './workload-identity';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, lineOf, tfCluster, tfProvider } from '../../test/aks-cases';

const both = 'oidc_issuer_enabled       = true\nworkload_identity_enabled = true';
const armBoth = (wi: string, oidc: string): string =>
  `"securityProfile": {\n  "workloadIdentity": {\n    "enabled": ${wi}\n  }\n},\n"oidcIssuerProfile": {\n  "enabled": ${oidc}\n}`;

const tfNeither = tfCluster();
const armNeither = armCluster('"dnsPrefix": "aks"');

ruleTester(rule, {
  valid: [
    { name: 'both on', format: 'terraform', code: tfCluster(both) },
    {
      name: '5.x: the OIDC issuer is on by default',
      format: 'terraform',
      code: tfCluster('workload_identity_enabled = true', { before: tfProvider('~> 5.0') }),
    },
    { name: 'both on', format: 'arm', code: armCluster(armBoth('true', 'true')) },
    {
      name: 'case-insensitive names',
      format: 'arm',
      code: armCluster(
        '"SecurityProfile": { "WorkloadIdentity": { "Enabled": true } },\n"OIDCIssuerProfile": { "Enabled": true }',
      ),
    },
    {
      name: 'both on',
      format: 'bicep',
      code: bicepCluster(
        'securityProfile: {\n  workloadIdentity: {\n    enabled: true\n  }\n}\noidcIssuerProfile: {\n  enabled: true\n}',
      ),
    },
  ],
  invalid: [
    {
      name: 'neither: two findings at the resource',
      format: 'terraform',
      code: tfNeither,
      errors: [
        {
          line: lineOf(tfNeither, 'resource "azurerm_kubernetes_cluster"'),
          message: /workload identity \(workload_identity_enabled is not set/,
        },
        {
          line: lineOf(tfNeither, 'resource "azurerm_kubernetes_cluster"'),
          message: /OIDC issuer \(oidc_issuer_enabled is not set, so it defaults to false\)/,
        },
      ],
    },
    failsAt(
      '4.x: workload identity without the OIDC issuer',
      'terraform',
      tfCluster('workload_identity_enabled = true', { before: tfProvider('~> 4.0') }),
      'resource "azurerm_kubernetes_cluster"',
      /OIDC issuer.*Set oidc_issuer_enabled = true/,
    ),
    failsAt(
      'OIDC issuer without workload identity',
      'terraform',
      tfCluster('oidc_issuer_enabled = true'),
      'resource "azurerm_kubernetes_cluster"',
      /workload identity \(workload_identity_enabled is not set, so it defaults to false\).*Set workload_identity_enabled = true/,
    ),
    failsAt(
      '5.x: the OIDC issuer turned off explicitly',
      'terraform',
      tfCluster('workload_identity_enabled = true\noidc_issuer_enabled       = false', {
        before: tfProvider('~> 5.0'),
      }),
      'oidc_issuer_enabled',
      /oidc_issuer_enabled = false/,
    ),
    failsAt(
      'workload identity off',
      'terraform',
      tfCluster('oidc_issuer_enabled       = true\nworkload_identity_enabled = false'),
      'workload_identity_enabled',
      /workload identity \(workload_identity_enabled = false\)/,
    ),
    {
      name: 'neither: two findings at properties',
      format: 'arm',
      code: armNeither,
      errors: [
        {
          line: lineOf(armNeither, '"properties"'),
          message: /properties\.securityProfile\.workloadIdentity\.enabled is not set/,
        },
        {
          line: lineOf(armNeither, '"properties"'),
          message: /properties\.oidcIssuerProfile\.enabled is not set/,
        },
      ],
    },
    failsAt(
      'OIDC issuer off',
      'arm',
      armCluster(armBoth('true', 'false')),
      '"enabled": false',
      /oidcIssuerProfile\.enabled = false/,
    ),
    failsAt(
      'workload identity off',
      'bicep',
      bicepCluster(
        'securityProfile: {\n  workloadIdentity: {\n    enabled: false\n  }\n}\noidcIssuerProfile: {\n  enabled: true\n}',
      ),
      'enabled: false',
      /workloadIdentity\.enabled = false/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster('oidc_issuer_enabled       = true\nworkload_identity_enabled = var.wi', {
        before: 'variable "wi" {}',
      }),
      message: /var\.wi/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armBoth('true', '"[parameters(\'oidc\')]"'), {
        parameters: '"oidc": { "type": "bool" }',
      }),
      message: /oidc/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster(
        'securityProfile: {\n  workloadIdentity: {\n    enabled: wiOn\n  }\n}\noidcIssuerProfile: {\n  enabled: true\n}',
        { before: 'param wiOn bool' },
      ),
      message: /wiOn/,
    },
  ],
});
