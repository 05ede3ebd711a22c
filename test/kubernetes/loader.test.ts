import { MemoryHost } from '../../src/discover/host';
import { kubernetesLoader } from '../../src/evaluate/kubernetes';
import { getProperty, lookupPath, toPlain, type LoadResult, type Value } from '../../src/model';
import { yaml } from '../rule-tester';

async function load(files: Record<string, string>): Promise<LoadResult> {
  const entries = Object.entries(files).map(([path, text]) => ({ path, text }));
  return kubernetesLoader.load(entries, new MemoryHost(files), { varFiles: [], parameterFiles: [] });
}

describe('kubernetes loader', () => {
  it('claims YAML files and extension-less standard input that looks like a manifest', () => {
    expect(kubernetesLoader.claims('k8s/app.yaml', '')).toBe(true);
    expect(kubernetesLoader.claims('k8s/app.YML', '')).toBe(true);
    expect(kubernetesLoader.claims('main.tf', 'apiVersion: v1\nkind: Pod\n')).toBe(false);
    expect(kubernetesLoader.claims('-', 'apiVersion: v1\nkind: Pod\n')).toBe(true);
    expect(kubernetesLoader.claims('-', 'resource "x" "y" {}\n')).toBe(false);
  });

  it('claims JSON files whose own apiVersion and kind are strings, never ARM or Terraform JSON', () => {
    const pod = '{\n  "apiVersion": "v1",\n  "kind": "Pod",\n  "metadata": {"name": "p"}\n}\n';
    expect(kubernetesLoader.claims('k8s/pod.json', pod)).toBe(true);
    expect(kubernetesLoader.claims('all.json', '{"kind": "List", "apiVersion": "v1", "items": []}')).toBe(
      true,
    );
    const schema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
    expect(
      kubernetesLoader.claims('t.json', `{"$schema": "${schema}", "apiVersion": "v1", "kind": "x"}`),
    ).toBe(false);
    expect(kubernetesLoader.claims('main.tf.json', pod)).toBe(false);
    expect(kubernetesLoader.claims('nested.json', '{"spec": {"apiVersion": "v1", "kind": "Pod"}}')).toBe(
      false,
    );
    expect(kubernetesLoader.claims('n.json', '{"apiVersion": 1, "kind": "Pod"}')).toBe(false);
    expect(kubernetesLoader.claims('a.json', '[{"apiVersion": "v1", "kind": "Pod"}]')).toBe(false);
  });

  it('reads every document of a multi-document file with ranges, addresses and namespaces', async () => {
    const text = yaml`
      # the namespace
      apiVersion: v1
      kind: Namespace
      metadata:
        name: shop
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: shop
      spec:
        replicas: 2
      ---
      apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: runner
      ---
      apiVersion: rbac.authorization.k8s.io/v1
      kind: ClusterRole
      metadata:
        name: reader
    `;
    const result = await load({ 'app.yaml': text });
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual([
      'Namespace/shop',
      'Deployment/shop/web',
      'ServiceAccount/default/runner',
      'ClusterRole/reader',
    ]);
    const deployment = result.resources[1];
    expect(deployment).toMatchObject({
      format: 'kubernetes',
      type: 'Deployment',
      name: 'web',
      apiVersion: 'apps/v1',
    });
    expect(deployment.range).toMatchObject({ file: 'app.yaml', line: 7, column: 1 });
    const replicas = lookupPath(deployment.body, ['spec', 'replicas']);
    expect(replicas.value).toMatchObject({ kind: 'scalar', value: 2, range: { line: 13, column: 13 } });
    expect(replicas.entry?.keyRange).toMatchObject({ line: 13, column: 3, endColumn: 11 });
    expect(result.resources[0].range.line).toBe(2);
  });

  it('reads the items of a List, each with its own range', async () => {
    const text = yaml`
      apiVersion: v1
      kind: List
      items:
        - apiVersion: v1
          kind: Pod
          metadata: {name: a, namespace: ns}
        - apiVersion: v1
          kind: Pod
          metadata: {name: b}
        - just a string
    `;
    const result = await load({ 'list.yaml': text });
    expect(result.resources.map((r) => [r.address, r.range.line, r.range.column])).toEqual([
      ['Pod/ns/a', 4, 5],
      ['Pod/default/b', 7, 5],
    ]);
  });

  it('skips YAML that is not a Kubernetes object with one note per file', async () => {
    const workflow = yaml`
      name: ci
      on: [push]
      jobs:
        build:
          runs-on: ubuntu-latest
          if: \${{ github.event_name == 'push' }}
          steps:
            - run: echo "\${{ secrets.TOKEN }}"
    `;
    const compose = yaml`
      services:
        web: {image: nginx}
      ---
      replicaCount: 1
      ---
      - a
      - b
      ---
    `;
    const result = await load({
      '.github/workflows/ci.yml': workflow,
      'compose.yaml': compose,
      'empty.yaml': '# nothing yet\n',
    });
    expect(result).toMatchObject({ resources: [], errors: [] });
    expect(result.skipped.map((n) => `${n.file}:${n.line} ${n.message}`)).toEqual([
      '.github/workflows/ci.yml:1 not a Kubernetes manifest (no document has apiVersion and kind), so not checked',
      'compose.yaml:1 not a Kubernetes manifest (no document has apiVersion and kind), so not checked',
    ]);
  });

  it('skips Ansible and Jinja-templated settings with one note and no syntax errors', async () => {
    const playbook = yaml`
      - hosts: aks_nodes
        vars:
          pool: "{{ node_pool | default('system') }}"
        tasks:
          - name: label nodes
            shell: kubectl label node {{ item }} pool={{ pool }}
            loop: "{{ groups['aks_nodes'] }}"
            when: {% if strict %}true{% else %}false{% endif %}
    `;
    const settings = yaml`
      {% for env in environments %}
      {{ env.name }}:
        location: {{ env.location }}
        aks:
          private: {{ env.private | lower }}
      {% endfor %}
    `;
    const result = await load({ 'site.yml': playbook, 'caf/settings.yaml': settings });
    expect(result.errors).toEqual([]);
    expect(result.resources).toEqual([]);
    expect(result.skipped.map((n) => `${n.file}:${n.line} ${n.message}`)).toEqual([
      'site.yml:1 not a Kubernetes manifest (no document has apiVersion and kind), so not checked',
      'caf/settings.yaml:1 not a Kubernetes manifest (no document has apiVersion and kind), so not checked',
    ]);
  });

  it('reads valid documents with template text in values, skipping only the templated ones', async () => {
    const text = yaml`
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata: {name: node-alerts, namespace: monitoring}
      spec:
        groups:
          - name: node
            rules:
              - alert: NodeDown
                annotations:
                  description: '{{ $labels.instance }} is down{{ with $value }} for {{ . }}{{ end }}'
                  runbook: |
                    {{ if $labels.node }}Node {{ $labels.node }}{{ else }}A node{{ end }} stopped reporting.
      ---
      {{- if .Values.debug }}
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: debug
      {{- end }}
      ---
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        template:
          spec:
            containers:
              - name: web
                image: nginx:1.27
                securityContext: {privileged: true}
    `;
    const result = await load({ 'stream.yaml': text });
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual([
      'PrometheusRule/monitoring/node-alerts',
      'Deployment/shop/web',
    ]);
    expect(result.skipped).toEqual([
      {
        file: 'stream.yaml',
        line: 14,
        message: expect.stringMatching(/^1 of 3 documents skipped: Helm template syntax .*helm template/),
      },
    ]);
  });

  it('reports one syntax error per broken manifest file, not one per token', async () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata:
        name: p
       labels: {app: [web
      spec:
        containers: [{name: c, image: "nginx}]
    `;
    const result = await load({ 'pod.yaml': text });
    expect(result.skipped).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: 'pod.yaml', line: 5 });
    expect(result.errors[0].message).toMatch(/more syntax errors after it/);
  });

  it('notes a kustomization: its transforms are not applied, and says how to scan the result', async () => {
    const result = await load({
      'base/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: dns\n',
      'base/deploy.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n',
    });
    expect(result.resources.map((r) => r.type)).toEqual(['Pod']);
    expect(result.skipped).toEqual([
      {
        file: 'base/kustomization.yaml',
        line: 1,
        message: expect.stringContaining('`kubectl kustomize base | akslint scan -`'),
      },
    ]);
  });

  it('reads files a kustomization lists as patches as patches: no objects, one note each', async () => {
    const partialDeployment = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: argocd-repo-server}
      spec:
        replicas: 3
        template:
          spec:
            containers:
              - name: argocd-repo-server
                env: [{name: ARGOCD_EXEC_TIMEOUT, value: 180s}]
    `;
    const overlay = yaml`
      apiVersion: kustomize.config.k8s.io/v1beta1
      kind: Kustomization
      resources: [../../base]
      patches:
        - path: repo-server.yaml
        - patch: |-
            - op: replace
              path: /spec/replicas
              value: 2
          target: {kind: Deployment, name: argocd-server}
      patchesStrategicMerge:
        - ./redis.yaml
        - |-
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: inline}
      patchesJson6902:
        - target: {group: apps, version: v1, kind: StatefulSet, name: argocd-application-controller}
          path: ../shared/controller-json-patch.yaml
    `;
    const files = {
      'overlays/ha/kustomization.yaml': overlay,
      'overlays/ha/repo-server.yaml': partialDeployment,
      'overlays/ha/redis.yaml': partialDeployment.replace('argocd-repo-server', 'argocd-redis-ha'),
      'overlays/shared/controller-json-patch.yaml': '- op: add\n  path: /spec/replicas\n  value: 2\n',
      'overlays/ha/namespace.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: argocd}\n',
    };
    const result = await load(files);
    expect(result.errors).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual(['Namespace/argocd']);
    expect(result.skipped.map((n) => `${n.file}: ${n.message.slice(0, 60)}`)).toEqual([
      'overlays/ha/kustomization.yaml: a kustomization: the manifests of its folder are checked as ',
      'overlays/ha/repo-server.yaml: a Kustomize patch (listed in overlays/ha/kustomization.yaml)',
      'overlays/ha/redis.yaml: a Kustomize patch (listed in overlays/ha/kustomization.yaml)',
      'overlays/shared/controller-json-patch.yaml: a Kustomize patch (listed in overlays/ha/kustomization.yaml)',
    ]);
    expect(result.skipped[1].message).toMatch(/`kubectl kustomize overlays\/ha \| akslint scan -`$/);
  });

  it('knows a patch named alone by the kustomization beside it', async () => {
    const files = {
      'ha/kustomization.yaml': 'patches:\n  - path: replicas.yaml\n',
      'ha/replicas.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n',
    };
    const host = new MemoryHost(files);
    const result = await kubernetesLoader.load(
      [{ path: 'ha/replicas.yaml', text: files['ha/replicas.yaml'] }],
      host,
      {
        varFiles: [],
        parameterFiles: [],
      },
    );
    expect(result.resources).toEqual([]);
    expect(result.skipped.map((n) => n.file)).toEqual(['ha/replicas.yaml']);
  });

  it('skips a Helm template with a note saying how to scan it', async () => {
    const text = yaml`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: {{ include "chart.fullname" . }}
      spec:
        replicas: {{ .Values.replicaCount }}
    `;
    const result = await load({ 'chart/templates/deployment.yaml': text });
    expect(result.resources).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([
      {
        file: 'chart/templates/deployment.yaml',
        line: 4,
        message: expect.stringMatching(/helm template .*akslint scan -/),
      },
    ]);
  });

  it('keeps `{{ }}` inside ordinary string values (Prometheus, Argo) as data', async () => {
    const text = yaml`
      apiVersion: monitoring.coreos.com/v1
      kind: PrometheusRule
      metadata: {name: alerts}
      spec:
        groups:
          - rules:
              - annotations:
                  summary: "Pod {{ $labels.pod }} restarted"
    `;
    const result = await load({ 'rules.yaml': text });
    expect(result.skipped).toEqual([]);
    expect(result.resources.map((r) => r.address)).toEqual(['PrometheusRule/default/alerts']);
  });

  it('reports a syntax error with its line and column and still loads the other documents', async () => {
    const text = yaml`
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: before}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: broken
      data:
        key: [a, b
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: after}
    `;
    const result = await load({ 'cm.yaml': text });
    expect(result.resources.map((r) => r.name)).toEqual(['before', 'after']);
    expect(result.errors.length).toBeGreaterThan(0);
    for (const e of result.errors) {
      expect(e.file).toBe('cm.yaml');
      expect(e.line).toBeGreaterThanOrEqual(7);
      expect(e.line).toBeLessThanOrEqual(10);
      expect(e.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('counts syntax errors without building resources (parse only)', async () => {
    expect(await kubernetesLoader.parseOnly({ path: 'a.yaml', text: 'a: 1\n' })).toBe(0);
    expect(await kubernetesLoader.parseOnly({ path: 'a.yaml', text: 'a: [1\n---\nb: "x\n' })).toBeGreaterThan(
      0,
    );
  });

  it('turns an alias bomb into an error quickly instead of running out of memory', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: {name: lol}',
      'data:',
      ...levels.map((l) => '  ' + l),
    ];
    const result = await load({
      'bomb.yaml': bomb.join('\n') + '\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n',
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: 'bomb.yaml', message: expect.stringMatching(/alias/) });
    expect(result.errors[0].line).toBeGreaterThanOrEqual(5);
    expect(result.resources.map((r) => r.name)).toEqual(['ok']);
  });

  it('expands small aliases and merge keys as kubectl does', async () => {
    const text = yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: p}
      spec:
        securityContext: &sc
          runAsNonRoot: yes
        containers:
          - name: a
            securityContext:
              <<: *sc
              readOnlyRootFilesystem: true
    `;
    const result = await load({ 'p.yaml': text });
    const container = lookupPath(result.resources[0].body, ['spec', 'containers']).value!;
    expect(toPlain(container)).toEqual([
      { name: 'a', securityContext: { readOnlyRootFilesystem: true, runAsNonRoot: true } },
    ]);
    // An aliased value stands where the alias is written, not at its anchor.
    const merged = lookupPath(container, ['securityContext', 'runAsNonRoot']);
    expect(merged.value?.range).toMatchObject({ line: 10, column: 13 });
    expect(merged.entry?.keyRange).toMatchObject({ line: 10 });
  });

  it('keeps every origin of a value in the file that declares its resource (originsInOwnFile)', async () => {
    // Aliases in several documents of several files, JSON manifests and a List among them.
    const pod = (name: string) => yaml`
      apiVersion: v1
      kind: Pod
      metadata: {name: ${name}, labels: &labels {app: ${name}}}
      spec:
        securityContext: &sc {runAsNonRoot: true}
        containers:
          - name: a
            securityContext: {<<: *sc, readOnlyRootFilesystem: true}
            env: &env [{name: X, value: "1"}]
          - name: b
            securityContext: *sc
            env: *env
    `;
    const list = yaml`
      apiVersion: v1
      kind: List
      items:
        - {apiVersion: v1, kind: ConfigMap, metadata: &m {name: c1}, data: &d {k: v}}
        - {apiVersion: v1, kind: Secret, metadata: {name: s1}, stringData: *d}
    `;
    const result = await load({
      'a.yaml': `${pod('one')}---\n${pod('two')}`,
      'b/b.yaml': pod('three'),
      'c.yml': list,
      'd.json': '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "j"}}',
    });
    expect(kubernetesLoader.originsInOwnFile).toBe(true);
    const files = new Set<string>();
    const walk = (value: Value, file: string) => {
      for (const o of value.origins ?? []) files.add(o.file === file ? 'own' : o.file);
      if (value.kind === 'list') value.items.forEach((i) => walk(i, file));
      if (value.kind === 'object') value.entries.forEach((e) => walk(e.value, file));
    };
    for (const r of result.resources) walk(r.body, r.file);
    expect([...files]).toEqual(['own']);
  });

  it('reports deep nesting as an error instead of crashing', async () => {
    const deep =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ' +
      '['.repeat(5000) +
      ']'.repeat(5000) +
      '\n';
    const mapDeep = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: m}', 'data:'];
    for (let i = 1; i < 400; i++) mapDeep.push(' '.repeat(i * 2) + 'k:');
    const result = await load({ 'deep.yaml': deep, 'map.yaml': mapDeep.join('\n') + '\n' });
    expect(result.errors.map((e) => e.file).sort()).toEqual(['deep.yaml', 'map.yaml']);
    for (const e of result.errors) expect(e.line).toBeGreaterThanOrEqual(1);
  });

  it('reads a large document in reasonable time', async () => {
    const containers = Array.from(
      { length: 3000 },
      (_, i) => `      - name: c${i}\n        image: reg.io/app:${i}\n`,
    );
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n${containers.join('')}`;
    const result = await load({ 'big.yaml': text });
    const list = getProperty(getProperty(result.resources[0].body, 'spec'), 'containers');
    expect(list?.kind === 'list' && list.items.length).toBe(3000);
  });
});
