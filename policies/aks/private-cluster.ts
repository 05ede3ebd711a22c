import { defineRule, expectReading } from '../api';
import { aksClusters } from '../../src/views/aks';
import { assign, clusterName, current, TF_DOCS, ARM_DOCS, settingFix } from '../lib';

export default defineRule({
  id: 'AKS201',
  slug: 'private-cluster',
  title: 'API server is private',
  severity: 'high',
  description: 'The cluster is a private cluster: its API server has no public endpoint.',
  rationale:
    'A public API server can be reached, probed and brute-forced from the internet; a vulnerability in it or a leaked credential is exploitable from anywhere. A private cluster exposes the API server only on a private IP inside your network. It can only be chosen at creation.',
  remediation: {
    terraform: 'private_cluster_enabled = true',
    bicep: 'apiServerAccessProfile: {\n  enablePrivateCluster: true\n}',
    arm: '"apiServerAccessProfile": { "enablePrivateCluster": true }',
  },
  references: ['https://learn.microsoft.com/azure/aks/private-clusters', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: true,
  fix: {
    description:
      'Sets private_cluster_enabled = true (properties.apiServerAccessProfile.enablePrivateCluster: true), inserting it (and apiServerAccessProfile) when absent.',
  },
  view: aksClusters,
  check(view, ctx) {
    expectReading(ctx, view.flag('privateCluster', false), {
      ok: (v) => v === true,
      fix: (r) => settingFix(ctx, view, r, true),
      fail: (r) =>
        `${clusterName(view)} exposes its API server publicly (${current(r, 'false')}): it can be reached and attacked from the internet. Set ${assign(view, r.attribute, true)}; this needs a new cluster.`,
    });
  },
});
