import rule from './private-cluster-no-public-fqdn';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster } from '../../test/aks-cases';

const armProfile = (members: string): string => `"apiServerAccessProfile": {\n  ${members}\n}`;
const bicepProfile = (members: string): string => `apiServerAccessProfile: {\n  ${members}\n}`;

ruleTester(rule, {
  valid: [
    {
      name: 'private without public FQDN',
      format: 'terraform',
      code: tfCluster('private_cluster_enabled = true'),
    },
    {
      name: 'private, public FQDN false',
      format: 'terraform',
      code: tfCluster(
        'private_cluster_enabled             = true\nprivate_cluster_public_fqdn_enabled = false',
      ),
    },
    {
      name: 'public cluster: the FQDN setting does not apply (AKS201 reports it)',
      format: 'terraform',
      code: tfCluster('private_cluster_public_fqdn_enabled = true'),
    },
    {
      name: 'public FQDN unknown on a public cluster',
      format: 'terraform',
      code: tfCluster(
        'private_cluster_enabled             = false\nprivate_cluster_public_fqdn_enabled = var.fqdn',
        {
          before: 'variable "fqdn" {}',
        },
      ),
    },
    {
      name: 'private without public FQDN',
      format: 'arm',
      code: armCluster(
        armProfile('"enablePrivateCluster": true,\n  "enablePrivateClusterPublicFQDN": false'),
      ),
    },
    {
      name: 'public cluster with public FQDN',
      format: 'arm',
      code: armCluster(armProfile('"enablePrivateClusterPublicFQDN": true')),
    },
    {
      name: 'private without public FQDN',
      format: 'bicep',
      code: bicepCluster(bicepProfile('enablePrivateCluster: true')),
    },
  ],
  invalid: [
    failsAt(
      'private with public FQDN',
      'terraform',
      tfCluster('private_cluster_enabled             = true\nprivate_cluster_public_fqdn_enabled = true'),
      'private_cluster_public_fqdn_enabled',
      /private but publishes a public FQDN \(private_cluster_public_fqdn_enabled = true\)/,
    ),
    failsAt(
      'private with public FQDN',
      'arm',
      armCluster(armProfile('"enablePrivateCluster": true,\n  "enablePrivateClusterPublicFQDN": true')),
      '"enablePrivateClusterPublicFQDN"',
      /properties\.apiServerAccessProfile\.enablePrivateClusterPublicFQDN = true/,
    ),
    failsAt(
      'case-insensitive names',
      'arm',
      armCluster(armProfile('"EnablePrivateCluster": true,\n  "enablePrivateClusterPublicFqdn": true')),
      '"enablePrivateClusterPublicFqdn"',
      /enablePrivateClusterPublicFQDN/,
    ),
    failsAt(
      'private with public FQDN',
      'bicep',
      bicepCluster(bicepProfile('enablePrivateCluster: true\n  enablePrivateClusterPublicFQDN: true')),
      'enablePrivateClusterPublicFQDN',
      /enablePrivateClusterPublicFQDN/,
    ),
  ],
  unknown: [
    {
      name: 'public FQDN from a variable without value on a private cluster',
      format: 'terraform',
      code: tfCluster(
        'private_cluster_enabled             = true\nprivate_cluster_public_fqdn_enabled = var.fqdn',
        {
          before: 'variable "fqdn" {}',
        },
      ),
      message: /var\.fqdn/,
    },
    {
      name: 'private from a variable without value, public FQDN on',
      format: 'terraform',
      code: tfCluster(
        'private_cluster_enabled             = var.private\nprivate_cluster_public_fqdn_enabled = true',
        {
          before: 'variable "private" {}',
        },
      ),
      message: /var\.private/,
    },
    {
      name: 'public FQDN parameter without default',
      format: 'arm',
      code: armCluster(
        armProfile(
          '"enablePrivateCluster": true,\n  "enablePrivateClusterPublicFQDN": "[parameters(\'publicFqdn\')]"',
        ),
        { parameters: '"publicFqdn": { "type": "bool" }' },
      ),
      message: /publicFqdn/,
    },
    {
      name: 'private param without default',
      format: 'bicep',
      code: bicepCluster(
        bicepProfile('enablePrivateCluster: isPrivate\n  enablePrivateClusterPublicFQDN: true'),
        {
          before: 'param isPrivate bool',
        },
      ),
      message: /isPrivate/,
    },
  ],
});
