import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeCorpus } from '../../bench/generate';
import type { ScanOptions } from '../../src/engine/scan';
import { scanInBatches } from '../../src/engine/batches';
import type { GroupJob } from '../../src/engine/groups';
import { allRules } from '../../policies';
import type { SourceFile } from '../../src/model';
import { expectGroupsAsOneGraph, folder } from './one-graph';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

const options = (cwd: string, more: Partial<ScanOptions> = {}): ScanOptions => ({
  cwd,
  paths: ['.'],
  today: '2026-01-01',
  showUnknown: true,
  reportUnusedSuppressions: true,
  ...more,
});

/** The scan with large groups of manifests checked part by part, and as one graph: the same report. */
const expectPartsAsOneGraph = (cwd: string, batchBytes: number) =>
  expectGroupsAsOneGraph(options(cwd, { parallel: { batchBytes } }));

const doc = (...lines: string[]) => lines.join('\n') + '\n';

/** Objects whose findings depend on others in other files: accounts, roles, policies, namespaces. */
function team(ns: string, automount: boolean): Record<string, string> {
  return {
    'accounts.yaml': doc(
      'apiVersion: v1',
      'kind: ServiceAccount',
      `metadata: {name: web, namespace: ${ns}}`,
      `automountServiceAccountToken: ${automount}`,
      '---',
      'apiVersion: v1',
      'kind: ServiceAccount',
      `metadata: {name: default, namespace: ${ns}}`,
    ),
    'apps/web.yaml': doc(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: web',
      `  namespace: ${ns}`,
      'spec:',
      '  template:',
      '    metadata:',
      '      labels: {app: web}',
      '    spec:',
      '      serviceAccountName: web',
      '      containers:',
      '        - name: web',
      '          image: nginx:1.27',
      '          securityContext: {privileged: true}',
      '---',
      '# akslint-ignore K8S101: reviewed',
      'apiVersion: batch/v1',
      'kind: CronJob',
      `metadata: {name: report, namespace: ${ns}}`,
      'spec:',
      '  jobTemplate:',
      '    spec:',
      '      template:',
      '        metadata: {labels: {app: report}}',
      '        spec:',
      '          containers: [{name: report, image: "kubernetesui/dashboard:v2"}]',
    ),
    'apps/pod.json': JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'debug', namespace: ns, labels: { app: 'debug' } },
      spec: { containers: [{ name: 'sh', image: 'busybox' }] },
    }),
    'rbac/roles.yaml': doc(
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata: {name: pods-exec}',
      'rules:',
      '  - apiGroups: [""]',
      '    resources: [pods/exec, secrets]',
      '    verbs: [create, get, "*"]',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      `metadata: {name: reader, namespace: ${ns}}`,
      'rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]',
    ),
    'rbac/bindings.yaml': doc(
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRoleBinding',
      `metadata: {name: exec-${ns}}`,
      'roleRef: {kind: ClusterRole, name: pods-exec, apiGroup: rbac.authorization.k8s.io}',
      `subjects: [{kind: ServiceAccount, name: default, namespace: ${ns}}]`,
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      `metadata: {name: edit, namespace: ${ns}}`,
      'roleRef: {kind: ClusterRole, name: edit, apiGroup: rbac.authorization.k8s.io}',
      `subjects: [{kind: ServiceAccount, name: web, namespace: ${ns}}]`,
    ),
    'net/policies.yaml': doc(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      `metadata: {name: web, namespace: ${ns}}`,
      'spec:',
      '  podSelector: {matchLabels: {app: web}}',
      '  policyTypes: [Egress]',
      '  egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]',
      '---',
      // Only in one namespace: the other's workloads are selected by no policy (K8S301).
      ...(ns === 'shop'
        ? [
            'apiVersion: networking.k8s.io/v1',
            'kind: NetworkPolicy',
            `metadata: {name: default-deny, namespace: ${ns}, labels: {team: ${ns}}}`,
            'spec:',
            '  podSelector: {}',
            '  policyTypes: [Ingress, Egress]',
            '  ingress: [{from: [{podSelector: {matchLabels: {role: frontend}}}]}]',
            '  egress:',
            '    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]',
            '      ports: [{protocol: UDP, port: 53}]',
            '---',
          ]
        : []),
      'apiVersion: crd.projectcalico.org/v1',
      'kind: GlobalNetworkPolicy',
      'metadata: {name: deny-imds}',
      'spec:',
      "  selector: app == 'web'",
      '  types: [Egress]',
      '  egress: [{action: Deny, destination: {nets: [169.254.169.254/32]}}]',
    ),
    'namespace.yaml': doc(
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      `  name: ${ns}`,
      '  labels: {pod-security.kubernetes.io/enforce: privileged}',
    ),
  };
}

function copies(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    const ns = i % 2 === 0 ? 'shop' : 'billing';
    for (const [rel, text] of Object.entries(team(ns, i % 3 === 0))) files[`teams/copy-${i}/${rel}`] = text;
  }
  return files;
}

describe('a large group of manifests checked part by part', () => {
  it('gives what one graph gives, in every format: objects looked up, roles, policies, suppressions, fixes', async () => {
    const cwd = folder({
      ...copies(4),
      // No object: the folder of manifests is named by the files that hold some (`teams`), not `.`.
      'empty.yaml': '# nothing yet\n',
      'broken.yaml': 'kind: [unclosed\n',
    });
    try {
      for (const batchBytes of [1, 900, 4000]) {
        const report = await expectPartsAsOneGraph(cwd, batchBytes);
        const rules = new Set(report.findings.map((f) => f.ruleId));
        for (const id of ['K8S201', 'K8S202', 'K8S301', 'K8S302', 'K8S303', 'K8S304', 'K8S204', 'K8S101'])
          expect(rules).toContain(id);
        expect(report.suppressed.length).toBeGreaterThan(0);
        expect(report.findings.some((f) => f.fixes && f.fixes.length > 0)).toBe(true);
        expect(report.findings.every((f) => f.deployment === undefined || f.deployment === 'teams')).toBe(
          true,
        );
      }
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('gives what one graph gives on the examples and a corpus', async () => {
    const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-batches-corpus-'));
    try {
      writeCorpus(corpus, { scale: 0.04, seed: 11 });
      for (const cwd of [EXAMPLES, corpus]) await expectPartsAsOneGraph(cwd, 3000);
    } finally {
      fs.rmSync(corpus, { recursive: true, force: true });
    }
  });

  it('checks only groups of loose manifests so, and a group whole when a kind looked up hides in its text', async () => {
    const job: GroupJob = {
      options: { varFiles: [], parameterFiles: [] },
      deployment: {},
      placement: {},
      fixes: true,
      evaluationsInScan: {},
      across: {},
      shared: [],
      batchBytes: 1,
    };
    const unit = (files: Record<string, string>) => ({
      format: 'kubernetes' as const,
      entries: Object.entries(files).map(([p, text]): SourceFile => ({ path: p, text })),
    });
    const host = { readFile: () => undefined, exists: () => false, listDir: () => [] };
    const scan = (units: ReturnType<typeof unit>[]) =>
      scanInBatches(units, host as never, job, allRules(), () => []);
    const team1 = team('shop', false);
    const loose = Object.entries(team1).map(([p, text]) => unit({ [`a/${p}`]: text }));
    const result = await scan(loose);
    expect(result?.findings.length).toBeGreaterThan(5);
    expect(result?.deployments).toEqual(['a']);
    // A kustomization places what it lists: not loose.
    expect(await scan([...loose, unit({ 'a/kustomization.yaml': 'resources: [apps/web.yaml]\n' })])).toBe(
      undefined,
    );
    // `kind: "Service\x41ccount"` does not name the kind in its text: the group is checked whole.
    const hidden = doc(
      'apiVersion: v1',
      'kind: "Service\\x41ccount"',
      'metadata: {name: web, namespace: shop}',
      'automountServiceAccountToken: false',
    );
    expect(await scan([...loose, unit({ 'a/more/accounts.yaml': hidden })])).toBe(undefined);
    const cwd = folder({ ...Object.fromEntries(Object.entries(team1).map(([p, t]) => [`a/${p}`, t])) });
    try {
      fs.writeFileSync(path.join(cwd, 'a', 'hidden.yaml'), hidden.replace('shop', 'billing'));
      await expectPartsAsOneGraph(cwd, 1);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
