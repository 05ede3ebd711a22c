import rule from './network-policy';
import { ruleTester } from '../../test/rule-tester';
import { armCluster, bicepCluster, failsAt, tfCluster, tfProvider } from '../../test/aks-cases';

const tfNetwork = (body: string): string => `network_profile {\n  network_plugin = "azure"\n  ${body}\n}`;
const armNetwork = (members: string): string =>
  `"networkProfile": {\n  "networkPlugin": "azure"${members ? ',\n  ' + members : ''}\n}`;

ruleTester(rule, {
  valid: [
    { name: 'azure', format: 'terraform', code: tfCluster(tfNetwork('network_policy = "azure"')) },
    { name: 'calico', format: 'terraform', code: tfCluster(tfNetwork('network_policy = "calico"')) },
    {
      name: 'cilium policy on the cilium data plane',
      format: 'terraform',
      code: tfCluster(
        tfNetwork(
          'network_policy      = "cilium"\n  network_data_plane  = "cilium"\n  network_plugin_mode = "overlay"',
        ),
      ),
    },
    {
      name: 'cilium data plane without network_policy',
      format: 'terraform',
      code: tfCluster(tfNetwork('network_data_plane = "cilium"')),
    },
    {
      name: '3.x ebpf_data_plane = "cilium"',
      format: 'terraform',
      code: tfCluster(tfNetwork('ebpf_data_plane = "cilium"'), { before: tfProvider('~> 3.0') }),
    },
    {
      name: 'cilium policy, data plane from a variable without value: the policy value alone passes',
      format: 'terraform',
      code: tfCluster(tfNetwork('network_policy     = "cilium"\n  network_data_plane = var.data_plane'), {
        before: 'variable "data_plane" {}',
      }),
    },
    {
      name: 'cilium policy value, case-insensitive',
      format: 'arm',
      code: armCluster(armNetwork('"networkPolicy": "Cilium"')),
    },
    { name: 'azure', format: 'arm', code: armCluster(armNetwork('"networkPolicy": "azure"')) },
    {
      name: 'cilium policy on the cilium data plane',
      format: 'arm',
      code: armCluster(armNetwork('"networkPolicy": "cilium",\n  "networkDataplane": "cilium"')),
    },
    {
      name: 'cilium data plane alone, case-insensitive names and values',
      format: 'arm',
      code: armCluster(armNetwork('"NetworkDataPlane": "Cilium"')),
    },
    {
      name: 'calico, case-insensitive name',
      format: 'arm',
      code: armCluster(armNetwork('"NetworkPolicy": "Calico"')),
    },
    {
      name: 'calico',
      format: 'bicep',
      code: bicepCluster("networkProfile: {\n  networkPlugin: 'kubenet'\n  networkPolicy: 'calico'\n}"),
    },
    {
      name: 'cilium',
      format: 'bicep',
      code: bicepCluster(
        "networkProfile: {\n  networkPlugin: 'azure'\n  networkPolicy: 'cilium'\n  networkDataplane: 'cilium'\n}",
      ),
    },
  ],
  invalid: [
    failsAt(
      'no network_profile: points at the resource',
      'terraform',
      tfCluster(),
      'resource "azurerm_kubernetes_cluster"',
      /no network policy engine \(network_profile\.network_policy is not set\).*needs a new cluster/,
    ),
    failsAt(
      'network_profile without network_policy: points at the block',
      'terraform',
      tfCluster(tfNetwork('outbound_type = "loadBalancer"')),
      'network_profile {',
      /network_profile\.network_policy is not set/,
    ),
    failsAt(
      'network_policy = "none"',
      'terraform',
      tfCluster(tfNetwork('network_policy = "none"')),
      'network_policy',
      /network_profile\.network_policy = "none"/,
    ),
    failsAt(
      'azure data plane does not enforce policy by itself',
      'terraform',
      tfCluster(tfNetwork('network_data_plane = "azure"')),
      'network_profile {',
      /network_policy is not set/,
    ),
    failsAt(
      'no network policy: points at networkProfile',
      'arm',
      armCluster(armNetwork('')),
      '"networkProfile"',
      /properties\.networkProfile\.networkPolicy is not set/,
    ),
    failsAt(
      'absent: points at properties',
      'arm',
      armCluster('"dnsPrefix": "aks"'),
      '"properties"',
      /networkPolicy is not set/,
    ),
    failsAt(
      'none, case-insensitive name',
      'arm',
      armCluster(armNetwork('"networkpolicy": "none"')),
      '"networkpolicy"',
      /networkPolicy = "none"/,
    ),
    failsAt(
      'absent',
      'bicep',
      bicepCluster("networkProfile: {\n  networkPlugin: 'azure'\n}"),
      'networkProfile: {',
      /networkPolicy is not set/,
    ),
  ],
  unknown: [
    {
      name: 'variable without value',
      format: 'terraform',
      code: tfCluster(tfNetwork('network_policy = var.policy'), { before: 'variable "policy" {}' }),
      message: /var\.policy/,
    },
    {
      name: 'parameter without default',
      format: 'arm',
      code: armCluster(armNetwork('"networkPolicy": "[parameters(\'policy\')]"'), {
        parameters: '"policy": { "type": "string" }',
      }),
      message: /policy/,
    },
    {
      name: 'param without default',
      format: 'bicep',
      code: bicepCluster("networkProfile: {\n  networkPlugin: 'azure'\n  networkPolicy: netPolicy\n}", {
        before: 'param netPolicy string',
      }),
      message: /netPolicy/,
    },
  ],
});
