import { defineRule, reportUnknown } from '../api';
import { aksClusters } from '../../src/views/aks';
import { firstUnknown, toPlain } from '../../src/model';
import { unresolvedOf } from '../../src/views/reading';
import { clusterName, unresolvedText, TF_DOCS, ARM_DOCS } from '../lib';

const OPEN = new Set(['0.0.0.0/0', '0.0.0.0', '*', 'internet', 'any']);

export default defineRule({
  id: 'AKS203',
  slug: 'authorized-ip-ranges',
  title: 'Public API server limited to authorized IP ranges',
  severity: 'high',
  description: 'A cluster with a public API server accepts connections only from listed IP ranges.',
  rationale:
    'A public API server without authorized IP ranges accepts connections from the whole internet, so any leaked kubeconfig or API server vulnerability is exploitable from anywhere. Authorized ranges limit it to your offices, VPN and build agents.',
  remediation: {
    terraform: 'api_server_access_profile {\n  authorized_ip_ranges = ["203.0.113.0/24"]\n}',
    bicep: "apiServerAccessProfile: {\n  authorizedIPRanges: [\n    '203.0.113.0/24'\n  ]\n}",
    arm: '"apiServerAccessProfile": { "authorizedIPRanges": ["203.0.113.0/24"] }',
  },
  references: ['https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges', TF_DOCS, ARM_DOCS],
  fixRequiresRecreate: false,
  view: aksClusters,
  check(view, ctx) {
    const privateCluster = view.flag('privateCluster', false);
    if (privateCluster.state !== 'unknown' && privateCluster.value === true) return;
    const ranges = view.value('authorizedIpRanges');
    if (ranges.state === 'unknown') {
      reportUnknown(ctx, ranges);
      return;
    }
    const list = ranges.state === 'set' ? toPlain(ranges.value) : [];
    if (ranges.state === 'set' && list === undefined) {
      const u = unresolvedOf(firstUnknown(ranges.value)!, ranges.attribute);
      ctx.report({ status: 'unknown', because: u, range: u.range, message: unresolvedText(u) });
      return;
    }
    const written = Array.isArray(list) ? list.map(String) : [];
    // An empty string restricts nothing: a list of only those leaves the API server open.
    const values = written.filter((v) => v.trim() !== '');
    const open = values.find((v) => OPEN.has(v.trim().toLowerCase()));
    if (values.length > 0 && !open) return;
    if (privateCluster.state === 'unknown') {
      reportUnknown(ctx, privateCluster);
      return;
    }
    ctx.report({
      range: ranges.range,
      // A private cluster needs no ranges: the finding holds because of privateCluster's value too.
      dependsOn: [privateCluster.range],
      message: open
        ? `${clusterName(view)} allows its public API server from ${open} (${ranges.attribute}): that is the whole internet. List only the ranges of your offices, VPN and build agents.`
        : `${clusterName(view)} has a public API server open to any address (${ranges.attribute} is ${ranges.state === 'absent' ? 'not set' : written.length > 0 ? 'only empty strings' : 'empty'}): leaked credentials work from anywhere. Set ${ranges.attribute} to your trusted ranges, or make the cluster private.`,
    });
  },
});
