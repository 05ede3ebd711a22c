import fc from 'fast-check';
import { allRules } from '../../policies';
import type { Rule } from '../../policies/api';
import { MemoryHost } from '../../src/discover/host';
import { withoutBody } from '../../src/engine/batches';
import { runRules } from '../../src/engine/run';
import { kubernetesLoader } from '../../src/evaluate/kubernetes';
import { ResourceGraph } from '../../src/graph/graph';
import { fromPlain, type Value } from '../../src/model';
import {
  calicoSelectorPredicate,
  cidrContains,
  findServiceAccount,
  labelSelectorPredicate,
  namespaceNetworkView,
  podSpecView,
  rbacRoleView,
  serviceAccountView,
} from '../../src/views/kubernetes';
import type { View, ViewInstance } from '../../src/views/view';
import { yaml } from '../rule-tester';

async function graphOf(files: Record<string, string>): Promise<ResourceGraph> {
  const entries = Object.entries(files).map(([path, text]) => ({ path, text }));
  const loaded = await kubernetesLoader.load(entries, new MemoryHost(files), {
    varFiles: [],
    parameterFiles: [],
  });
  expect(loaded.errors).toEqual([]);
  return new ResourceGraph(loaded.resources);
}

const at = { file: 'x.yaml', line: 1, column: 1, endLine: 1, endColumn: 1 };

describe('PodSpec view', () => {
  it('finds the pod spec of every workload kind and inherits pod-level settings as the kubelet does', async () => {
    const graph = await graphOf({
      'w.yaml': yaml`
        apiVersion: batch/v1
        kind: CronJob
        metadata: {name: c, namespace: jobs}
        spec:
          jobTemplate:
            spec:
              template:
                metadata: {labels: {app: c}}
                spec:
                  securityContext:
                    runAsUser: 1000
                    seLinuxOptions: {type: spc_t, level: s0}
                  containers:
                    - name: a
                    - name: b
                      securityContext:
                        runAsUser: 2000
                        seLinuxOptions: {level: s1}
        ---
        apiVersion: v1
        kind: ReplicationController
        metadata: {name: rc}
        spec: {template: {spec: {containers: [{name: x}]}}}
      `,
    });
    const [cron, rc] = podSpecView.select(graph);
    expect(cron).toMatchObject({
      kind: 'CronJob',
      namespace: 'jobs',
      label: 'CronJob jobs/c',
      podLabels: { app: 'c' },
    });
    const [a, b] = cron.containers;
    expect(a.runAsUser).toMatchObject({ state: 'set', value: 1000, from: 'pod', range: { line: 11 } });
    expect(b.runAsUser).toMatchObject({ state: 'set', value: 2000, from: 'container', range: { line: 17 } });
    expect(a.seLinuxType).toMatchObject({ state: 'set', value: 'spc_t', from: 'pod' });
    // b's own seLinuxOptions replace the pod's: no type at all.
    expect(b.seLinuxType).toMatchObject({ state: 'absent', from: 'container' });
    expect(a.runAsNonRoot).toMatchObject({ state: 'absent', range: { line: 14, column: 15 } });
    expect(rc).toMatchObject({
      kind: 'ReplicationController',
      namespace: 'default',
      specPrefix: 'spec.template.spec.',
    });
  });
});

describe('RBAC view', () => {
  it('links roles to the bindings that grant them, across files', async () => {
    const graph = await graphOf({
      'role.yaml': yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: r, namespace: a}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
      `,
      'bindings.yaml': yaml`
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: in-a, namespace: a}
        roleRef: {kind: Role, name: r}
        subjects: [{kind: ServiceAccount, name: s}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: in-b, namespace: b}
        roleRef: {kind: Role, name: r}
        subjects: [{kind: User, name: u}]
      `,
    });
    const [role] = rbacRoleView.select(graph);
    expect(role.bindings.map((b) => b.label)).toEqual(['RoleBinding a/in-a']);
    expect(role.bindings[0].subjects).toMatchObject([{ kind: 'ServiceAccount', name: 's', namespace: 'a' }]);
    expect(role.rules[0].verbs.map((v) => v.value)).toEqual(['get']);
  });
});

describe('namespace network view', () => {
  it('gathers workloads and the policies in force per namespace, pointing at the Namespace object when declared', async () => {
    const graph = await graphOf({
      'app.yaml': yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop, labels: {app: web}}
        spec: {containers: [{name: c}]}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {env: prod}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: empty}
      `,
      'policies.yaml': yaml`
        apiVersion: crd.projectcalico.org/v1
        kind: GlobalNetworkPolicy
        metadata: {name: prod}
        spec:
          namespaceSelector: env == "prod"
          selector: app in {"web", "api"}
          types: [Egress]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: other, namespace: other}
        spec: {podSelector: {}}
      `,
    });
    const namespaces = namespaceNetworkView.select(graph);
    expect(namespaces.map((n) => [n.namespace, n.resource.type, n.workloads.length])).toEqual([
      ['empty', 'Namespace', 0],
      ['shop', 'Namespace', 1],
    ]);
    const shop = namespaces[1];
    expect(shop.policies.map((p) => p.label)).toEqual(['GlobalNetworkPolicy prod']);
    const [policy] = shop.policiesFor(shop.workloads[0]);
    expect(policy.egress).toEqual({
      isolates: true,
      deniesAll: true,
      allowsOnlyDns: false,
      overridesAllows: true,
    });
    expect(policy.ingress.isolates).toBe(false);
    expect(policy.selectsAllPods).toBe(false);
  });
});

describe('NamespaceNetwork policies of a workload', () => {
  // Labels from a small set, so that selectors and pods often share them; keys that are also Object's.
  const key = fc.constantFrom('app', 'tier', 'constructor', '__proto__');
  const value = fc.constantFrom('web', 'api', 'db');
  const labels = fc.dictionary(key, value, { maxKeys: 3 });
  const selector = fc.oneof(
    fc.constant('{}'),
    labels.map((l) => JSON.stringify({ matchLabels: l })),
    fc
      .record({
        key,
        operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
        values: fc.array(value),
      })
      .chain((e) => labels.map((l) => JSON.stringify({ matchLabels: l, matchExpressions: [e] }))),
  );
  const calico = fc.constantFrom('all()', "app == 'web'", "has(tier) && app != 'db'");

  it('are those of the namespace that select its pods, in its order (found by label)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(labels, { minLength: 1, maxLength: 6 }),
        fc.array(
          fc.oneof(
            selector.map((s) => ({ s })),
            calico.map((c) => ({ c })),
          ),
          { maxLength: 8 },
        ),
        async (pods, policies) => {
          const docs = [
            ...pods.map((l, i) =>
              JSON.stringify({
                apiVersion: 'v1',
                kind: 'Pod',
                metadata: { name: `p${i}`, namespace: 'shop', labels: l },
                spec: { containers: [{ name: 'c' }] },
              }),
            ),
            ...policies.map((p, i) =>
              'c' in p
                ? JSON.stringify({
                    apiVersion: 'crd.projectcalico.org/v1',
                    kind: 'NetworkPolicy',
                    metadata: { name: `n${i}`, namespace: 'shop' },
                    spec: { selector: p.c },
                  })
                : `{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "n${i}", "namespace": "shop"}, "spec": {"podSelector": ${p.s}}}`,
            ),
          ];
          const graph = await graphOf({ 'all.yaml': docs.join('\n---\n') });
          const [shop] = namespaceNetworkView.select(graph);
          expect(shop.workloads).toHaveLength(pods.length);
          for (const w of shop.workloads) {
            const every = shop.policies.filter((p) => p.selects(w.podLabels, 'shop'));
            expect(shop.policiesFor(w).map((p) => p.label)).toEqual(every.map((p) => p.label));
            // Asked again (several rules ask): the same.
            expect(shop.policiesFor(w)).toBe(shop.policiesFor(w));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('ServiceAccounts looked up', () => {
  it('are indexed once for the graphs that share their list (the parts of a large group)', async () => {
    const accounts = await graphOf({
      'sa.yaml': yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: api, namespace: shop}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: web, namespace: shop}
      `,
    });
    const pod = (
      await graphOf({
        'pod.yaml': yaml`
        apiVersion: v1
        kind: Pod
        metadata: {name: p, namespace: shop}
        spec: {serviceAccountName: api, containers: [{name: c}]}
      `,
      })
    ).resources[0];
    const list = accounts.ofType('ServiceAccount');
    const shared = new Map([['serviceaccount', list]]);
    const partOf = () => new ResourceGraph([pod, ...list], new Map(), shared);
    const [one, two] = [partOf(), partOf()];
    expect(one.ofType('ServiceAccount')).toBe(list);
    const found = findServiceAccount(one, pod, 'shop', 'api');
    expect(found?.name).toBe('api');
    // The second part's lookup finds the first's instance: its index was not built again.
    expect(findServiceAccount(two, pod, 'shop', 'api')).toBe(found);
    expect(findServiceAccount(two, pod, 'shop', 'db')).toBeUndefined();
    // A graph with another ServiceAccount of its own answers from its own list.
    const own = (
      await graphOf({
        'own.yaml': yaml`
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: db, namespace: shop}
      `,
      })
    ).resources[0];
    const mixed = new ResourceGraph([pod, own, ...list], new Map(), shared);
    expect(mixed.ofType('ServiceAccount')).not.toBe(list);
    expect(mixed.ofType('ServiceAccount').map((r) => r.name)).toEqual(['db', 'api', 'web']);
    expect(findServiceAccount(mixed, pod, 'shop', 'db')?.name).toBe('db');
  });
});

describe('selectors', () => {
  it('matches Kubernetes label selectors', () => {
    const selector = fromPlain(
      {
        matchLabels: { app: 'web' },
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'team', operator: 'Exists' },
        ],
      },
      at,
    );
    const matches = labelSelectorPredicate(selector);
    expect(matches({ app: 'web', team: 'a' })).toBe(true);
    expect(matches({ app: 'web', team: 'a', tier: 'db' })).toBe(false);
    expect(matches({ app: 'web' })).toBe(false);
    expect(labelSelectorPredicate(undefined)({})).toBe(true);
  });

  it('parses Calico selector expressions, and refuses what it does not understand', () => {
    const select = calicoSelectorPredicate(
      "has(app) && app not in {'db'} && (tier == 'front' || !has(tier)) && team starts with 'ret'",
    )!;
    expect(select({ app: 'web', tier: 'front', team: 'retail' })).toBe(true);
    expect(select({ app: 'web', team: 'retail' })).toBe(true);
    expect(select({ app: 'db', team: 'retail' })).toBe(false);
    expect(select({ app: 'web', tier: 'back', team: 'retail' })).toBe(false);
    expect(calicoSelectorPredicate('all()')!({})).toBe(true);
    expect(calicoSelectorPredicate("app == 'x' &&")).toBeUndefined();
    expect(calicoSelectorPredicate('app ~= x')).toBeUndefined();
  });

  it('knows which CIDRs contain the metadata endpoint', () => {
    expect(cidrContains('0.0.0.0/0', '169.254.169.254')).toBe(true);
    expect(cidrContains('169.254.0.0/16', '169.254.169.254')).toBe(true);
    expect(cidrContains('169.254.169.254/32', '169.254.169.254')).toBe(true);
    expect(cidrContains('169.254.169.254', '169.254.169.254')).toBe(true);
    expect(cidrContains('10.0.0.0/8', '169.254.169.254')).toBe(false);
    expect(cidrContains('::/0', '169.254.169.254')).toBe(false);
    expect(cidrContains('169.254.169.0/33', '169.254.169.254')).toBe(false);
  });
});

/**
 * Objects whose findings come from views that read several of them (a large folder of manifests runs
 * the rules on those views once, over what each part read: engine/batches.ts): workloads with the
 * dashboard among them, policies of every flavour, a Namespace, roles, bindings, accounts.
 */
const FILES = {
  'apps.yaml': yaml`
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: web, namespace: shop}
    spec:
      template:
        metadata: {labels: {app: web, tier: front}}
        spec:
          initContainers: [{name: init, image: busybox}]
          containers:
            - {name: web, image: nginx}
            - {name: side, image: "kubernetesui/dashboard:v2"}
    ---
    apiVersion: v1
    kind: Pod
    metadata: {name: debug, namespace: shop, labels: {app: debug}}
    spec: {containers: [{name: sh, image: busybox}]}
    ---
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: report, namespace: ops}
    spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: report}}, spec: {containers: [{name: r}]}}}}}
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata: {name: db, namespace: billing}
    spec: {template: {metadata: {labels: {app: db}}, spec: {containers: [{name: db, image: postgres}]}}}
  `,
  'net.yaml': yaml`
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: web, namespace: shop}
    spec:
      podSelector: {matchLabels: {app: web}}
      policyTypes: [Egress]
      egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]
    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: deny, namespace: ops}
    spec: {podSelector: {}, policyTypes: [Ingress]}
    ---
    apiVersion: crd.projectcalico.org/v1
    kind: GlobalNetworkPolicy
    metadata: {name: deny-imds}
    spec:
      selector: app == 'debug'
      namespaceSelector: team == 'shop'
      types: [Egress]
      egress: [{action: Allow, destination: {nets: [169.254.169.254/32]}}]
    ---
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: two, namespace: shop}
    specs:
      - endpointSelector: {matchLabels: {app: web}}
        egress: [{toEntities: [world], toPorts: [{ports: [{port: "80"}]}]}]
      - endpointSelector: {}
        ingress: [{fromEndpoints: [{matchLabels: {app: lb}}]}]
    ---
    apiVersion: v1
    kind: Namespace
    metadata: {name: shop, labels: {team: shop}}
  `,
  'rbac.yaml': yaml`
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata: {name: exec}
    rules:
      - {apiGroups: [""], resources: [pods/exec, secrets], verbs: [create, get, "*"]}
      - {nonResourceURLs: ["*"], verbs: [get]}
      - {apiGroups: [rbac.authorization.k8s.io], resources: [clusterroles], verbs: [escalate, bind]}
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: Role
    metadata: {name: reader, namespace: shop}
    rules: [{apiGroups: [""], resources: [secrets], verbs: [list]}]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRoleBinding
    metadata: {name: exec}
    roleRef: {kind: ClusterRole, name: exec}
    subjects: [{kind: ServiceAccount, name: default, namespace: shop}]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: reader, namespace: shop}
    roleRef: {kind: Role, name: reader}
    subjects: [{kind: Group, name: devs}]
    ---
    apiVersion: rbac.authorization.k8s.io/v1
    kind: RoleBinding
    metadata: {name: edit, namespace: ops}
    roleRef: {kind: ClusterRole, name: edit}
    subjects: [{kind: ServiceAccount, name: bot}]
    ---
    apiVersion: v1
    kind: ServiceAccount
    metadata: {name: default, namespace: shop}
  `,
};

/** Every node of a value tree. */
function nodesOf(value: Value, into = new Set<object>()): Set<object> {
  into.add(value);
  if (value.kind === 'object') for (const e of value.entries) nodesOf(e.value, into);
  if (value.kind === 'list') for (const item of value.items) nodesOf(item, into);
  return into;
}

/** Whether anything reachable from `from` through members and items is one of `nodes`. */
function reaches(from: unknown, nodes: ReadonlySet<object>, seen = new Set<object>()): boolean {
  if (typeof from !== 'object' || from === null || seen.has(from)) return false;
  if (nodes.has(from)) return true;
  seen.add(from);
  return Object.values(from).some((member) => reaches(member, nodes, seen));
}

const viewsAcrossObjects = (rules: readonly Rule[]): View[] => [
  ...new Set(rules.filter((r) => r.view.acrossObjects).map((r) => r.view)),
];

describe('views whose instances read several objects, read object by object', () => {
  it('give the findings the graph gives, from the objects without their bodies', async () => {
    const graph = await graphOf(FILES);
    const rules = allRules().filter((r) => r.view.acrossObjects);
    const views = viewsAcrossObjects(rules);
    expect(views.map((v) => v.name).sort()).toEqual(['NamespaceNetwork', 'RbacRole']);
    const kept = new Map(graph.resources.map((r) => [r, withoutBody(r)]));
    const instances = new Map<View, ViewInstance[]>();
    for (const view of views) {
      const across = view.acrossObjects!;
      // In the order of another scan's parts: the view sorts what it read.
      const objects = [...graph.ofType(...across.types)].reverse();
      instances.set(view, across.select(objects.map((r) => across.read(r, kept.get(r)!))));
    }
    const bodiless = new ResourceGraph([...kept.values()]);
    const fromObjects = runRules(bodiless, rules, [], { instances }).findings;
    const fromGraph = runRules(graph, rules).findings;
    expect(fromObjects).toEqual(fromGraph);
    // The checks here cover what the rules at the end report on.
    expect(new Set(fromGraph.map((f) => f.ruleId))).toEqual(
      new Set(['K8S204', 'K8S205', 'K8S206', 'K8S210', 'K8S301', 'K8S302', 'K8S303', 'K8S304']),
    );
  });

  it('keep none of an object’s value tree', async () => {
    const graph = await graphOf(FILES);
    for (const view of [namespaceNetworkView, rbacRoleView, serviceAccountView]) {
      const across = view.acrossObjects!;
      for (const r of graph.ofType(...across.types)) {
        const read = across.read(r, withoutBody(r));
        expect(reaches(read, nodesOf(r.body))).toBe(false);
        expect(read.resource.body.entries).toEqual([]);
      }
    }
  });
});
