import { MemoryHost } from '../src/discover/host';
import { analyze } from '../src/engine/analyze';
import { allRules } from '../policies';

/**
 * Names a user writes (verbs, resources, label keys, kinds, namespaces) that are also the names of
 * Object's own members: a lookup table indexed with them must not find `Object.prototype.constructor`.
 */
const OBJECT_MEMBERS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

async function scan(text: string, path = 'objects.yaml') {
  const files = [{ path, text }];
  const host = new MemoryHost({ [path]: text });
  const rules = allRules().filter((r) => r.id.startsWith(path.endsWith('.yaml') ? 'K8S' : 'AKS'));
  return analyze(files, host, { varFiles: [], parameterFiles: [] }, rules);
}

const list = (names: string[]) => `[${names.map((n) => JSON.stringify(n)).join(', ')}]`;

describe('user-written names that are also Object members', () => {
  it('are verbs and resources like any other: K8S206 reports escalate only', async () => {
    const result = await scan(`
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: odd, namespace: team}
rules:
  - apiGroups: ${list(['', ...OBJECT_MEMBERS])}
    resources: ${list(OBJECT_MEMBERS)}
    verbs: ${list([...OBJECT_MEMBERS, 'escalate'])}
`);
    expect(result.errors).toEqual([]);
    const messages = result.findings.map((f) => f.message);
    expect(messages.filter((m) => /native code|\[object Object\]|undefined/.test(m))).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'K8S206').map((f) => f.message)).toEqual([
      "Role team/odd grants the verb escalate: its subjects can create or change roles with permissions the holder does not have. Remove escalate from the rule's verbs.",
    ]);
  });

  it('are label keys like any other in NetworkPolicy selectors', async () => {
    // The policy selects pods labelled __proto__=web and pods without a toString label: both pods.
    const result = await scan(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: shop}
spec:
  podSelector:
    matchExpressions:
      - {key: __proto__, operator: In, values: [web]}
      - {key: toString, operator: DoesNotExist}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-constructor, namespace: shop}
spec:
  podSelector:
    matchExpressions:
      - {key: constructor, operator: Exists}
  policyTypes: [Ingress, Egress]
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: {__proto__: web}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
  labels: {app: api}
spec:
  containers: [{name: app, image: "nginx:1.27"}]
`);
    expect(result.errors).toEqual([]);
    const isolation = result.findings.filter((f) => f.ruleId === 'K8S301').map((f) => f.message);
    // web is selected by the first policy; api by neither (it has no __proto__ or constructor label).
    expect(isolation).toHaveLength(1);
    expect(isolation[0]).toMatch(/^Pods of Pod shop\/api are not isolated/);
  });

  it('are digest algorithms like any other: an unknown algorithm is not checked for length', async () => {
    const result = await scan(`
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec:
  containers:
    - {name: a, image: "nginx@constructor:abc"}
    - {name: b, image: "nginx@sha256:abc"}
`);
    expect(result.errors).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'K8S115').map((f) => f.message)).toEqual([
      expect.stringMatching(/^Container "b" in Pod shop\/p .*sha256/),
    ]);
  });

  it('are kinds and namespaces like any other', async () => {
    const result = await scan(`
apiVersion: v1
kind: constructor
metadata: {name: x, namespace: toString}
spec:
  template:
    spec:
      containers: [{name: app, image: nginx, securityContext: {privileged: true}}]
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: __proto__}
spec:
  containers: [{name: app, image: "nginx:1.27", securityContext: {privileged: true}}]
`);
    expect(result.errors).toEqual([]);
    // The unknown kind runs no pods; the Pod in namespace __proto__ is checked as any other.
    expect(result.findings.filter((f) => f.resource.name === 'x')).toEqual([]);
    expect(result.findings.filter((f) => f.ruleId === 'K8S104').map((f) => f.message)).toEqual([
      expect.stringMatching(/^Container "app" in Pod __proto__\/p /),
    ]);
  });

  it('are function and path names like any other: not evaluated, never a crash', async () => {
    const terraform = await scan(
      'resource "azurerm_kubernetes_cluster" "c" {\n  local_account_disabled = constructor(1)\n  azure_policy_enabled = path.constructor\n}\n',
      'main.tf',
    );
    const arm = await scan(
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [
          {
            type: 'Microsoft.ContainerService/managedClusters',
            apiVersion: '2024-02-01',
            name: 'aks',
            properties: { disableLocalAccounts: '[constructor()]', enableRBAC: '[toString(1)]' },
          },
        ],
      }),
      'azuredeploy.json',
    );
    for (const result of [terraform, arm]) {
      expect(result.errors).toEqual([]);
      expect(result.findings.filter((f) => f.ruleId === 'akslint/internal-error')).toEqual([]);
    }
    expect(terraform.findings.find((f) => f.ruleId === 'AKS101')?.message).toBe(
      'local_account_disabled = constructor(1) could not be resolved: constructor() is not a function akslint evaluates',
    );
    expect(terraform.errors).toEqual([]);
    expect(terraform.findings.find((f) => f.ruleId === 'AKS301')?.message).toBe(
      'azure_policy_enabled = path.constructor could not be resolved: path.constructor is not a known path',
    );
    expect(arm.findings.filter((f) => f.status === 'unknown').map((f) => f.message)).toEqual([
      'properties.disableLocalAccounts = [constructor()] could not be resolved: constructor() is not evaluated by akslint',
      'properties.enableRBAC = [toString(1)] could not be resolved: toString() is not evaluated by akslint',
    ]);
  });
});
