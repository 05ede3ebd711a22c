import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { clusterName, current, TF_DOCS, ARM_DOCS } from '../lib';

/**
 * userDefinedRouting sends egress through your firewall; a user-assigned NAT gateway is accepted as
 * the documented controlled-egress alternative; none/block mean the cluster has no default egress.
 */
const CONTROLLED = ['userdefinedrouting', 'userassignednatgateway', 'none', 'block'];

export default defineRule({
  id: 'AKS205',
  slug: 'egress-through-firewall',
  title: 'Egress is forced through a firewall',
  severity: 'low',
  description:
    'Outbound traffic leaves through user-defined routing (a firewall) rather than the default load balancer.',
  rationale:
    'With the default loadBalancer outbound type, any compromised pod can reach any address on the internet to exfiltrate data or fetch tooling. Routing egress through Azure Firewall or another appliance lets you allow only the FQDNs the cluster needs.',
  remediation: {
    terraform:
      'network_profile {\n  outbound_type = "userDefinedRouting"  # with a route table to your firewall on the node subnet\n}',
    bicep: "networkProfile: {\n  outboundType: 'userDefinedRouting'\n}",
    arm: '"networkProfile": { "outboundType": "userDefinedRouting" }',
  },
  references: [
    'https://learn.microsoft.com/azure/aks/limit-egress-traffic',
    'https://learn.microsoft.com/azure/aks/egress-outboundtype',
    TF_DOCS,
    ARM_DOCS,
  ],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.setting('outboundType', 'loadBalancer'), {
      ok: (v) => typeof v === 'string' && CONTROLLED.includes(v.toLowerCase()),
      fail: (r) =>
        `${clusterName(view)} sends egress straight to the internet (${current(r, 'loadBalancer')}): a compromised pod can reach any address. Set ${r.attribute} to userDefinedRouting with a route to your firewall.`,
    });
  },
});
