import { defineRule, expectReading, reportUnknown } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS202',
  slug: 'private-cluster-no-public-fqdn',
  title: 'Private cluster has no public FQDN',
  severity: 'medium',
  description: 'A private cluster does not publish its API server address in public DNS.',
  rationale:
    "The public FQDN of a private cluster resolves the private API server address from anywhere, revealing internal addressing and the cluster's existence; keep name resolution inside your network with the private DNS zone.",
  remediation: {
    terraform: 'private_cluster_public_fqdn_enabled = false',
    bicep:
      'apiServerAccessProfile: {\n  enablePrivateCluster: true\n  enablePrivateClusterPublicFQDN: false\n}',
    arm: '"apiServerAccessProfile": { "enablePrivateCluster": true, "enablePrivateClusterPublicFQDN": false }',
  },
  references: ['https://learn.microsoft.com/azure/aks/private-clusters', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  fix: {
    description:
      'Sets private_cluster_public_fqdn_enabled = false (properties.apiServerAccessProfile.enablePrivateClusterPublicFQDN: false).',
  },
  view: aksClusters,
  check(view, ctx) {
    const fqdn = view.flag('privateClusterPublicFqdn', false);
    if (fqdn.state !== 'unknown' && fqdn.value !== true) return;
    const privateCluster = view.flag('privateCluster', false);
    if (privateCluster.state === 'unknown') {
      reportUnknown(ctx, privateCluster);
      return;
    }
    if (privateCluster.value !== true) return; // a public cluster is AKS201's finding
    expectReading(ctx, fqdn, {
      ok: (v) => v !== true,
      dependsOn: [privateCluster.range],
      fix: (r) => settingFix(ctx, view, r, false),
      fail: (r) =>
        `${clusterName(view)} is private but publishes a public FQDN (${current(r)}): anyone can resolve its API server and learn internal addressing. Set ${assign(view, r.attribute, false)}.`,
    });
  },
});
