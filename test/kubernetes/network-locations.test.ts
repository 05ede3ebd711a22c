import { runScan } from '../../src/engine/scan';
import networkPolicyPerNamespace from '../../policies/k8s/network-policy-per-namespace';
import blockInstanceMetadata from '../../policies/k8s/block-instance-metadata';
import { yaml } from '../rule-tester';

/**
 * Namespace-wide network rules report each workload at the workload, so suppressions written where
 * users write them (a comment before the object, its annotation) silence that workload only.
 */
const manifests = yaml`
  apiVersion: v1
  kind: Pod
  metadata:
    name: a
    namespace: shop
    annotations: {akslint.io/ignore: K8S303}
  spec: {containers: [{name: app}]}
  ---
  # akslint-ignore K8S301: b only talks to itself
  apiVersion: v1
  kind: Pod
  metadata: {name: b, namespace: shop}
  spec: {containers: [{name: app}]}
`;

describe('K8S301 and K8S303 findings sit at the workload they name', () => {
  it('silences b for K8S301 with the comment before it, a for K8S303 with its annotation', async () => {
    const report = await runScan({
      cwd: '/nowhere',
      paths: [],
      stdin: { path: 'pods.yaml', text: manifests },
      rules: [networkPolicyPerNamespace, blockInstanceMetadata],
      today: '2026-01-01',
    });
    const brief = (f: { ruleId: string; line: number; message: string }) =>
      `${f.ruleId} ${f.line} ${/Pod shop\/(\w)/.exec(f.message)?.[1] ?? '?'}`;
    expect(report.findings.map(brief)).toEqual(['K8S301 1 a', 'K8S303 10 b']);
    expect(report.suppressed.map(brief)).toEqual(['K8S303 1 a', 'K8S301 10 b']);
  });
});
