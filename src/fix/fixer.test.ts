import { MemoryHost } from '../discover/host';
import { analyze } from '../engine/analyze';
import type { Resource, TextEdit } from '../model';
import { applyFixes, unifiedDiff } from './apply';
import { Fixer, type FixTarget } from './fixer';
import type { FixValue } from './text';

const dedent = (s: string) => {
  const lines = s.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
};

/** Load the files, find the resource, run one fixer operation and return the edited files. */
async function fixed(
  files: Record<string, string>,
  type: string,
  run: (fixer: Fixer, resource: Resource) => TextEdit[] | undefined,
): Promise<Record<string, string> | undefined> {
  const texts = Object.fromEntries(Object.entries(files).map(([k, v]) => [k, dedent(v)]));
  const entries = Object.entries(texts).map(([path, text]) => ({ path, text }));
  const result = await analyze(entries, new MemoryHost(texts), { varFiles: [], parameterFiles: [] }, []);
  expect(result.errors).toEqual([]);
  const resource = result.graph.resources.find((r) => r.type === type);
  if (!resource) throw new Error(`no ${type}`);
  const edits = run(new Fixer(result.files), resource);
  if (!edits) return undefined;
  const applied = applyFixes([{ title: 't', safety: 'safe', edits }], (f) => texts[f]);
  return Object.fromEntries(applied.texts);
}

const set =
  (path: string[], value: FixValue, extra: Partial<FixTarget> = {}) =>
  (fixer: Fixer, r: Resource) =>
    fixer.set({ resource: r, path, ...extra }, value);

const indentOf = (text: string, key: string) => new RegExp(`^( *)${key}:`, 'm').exec(text)?.[1].length;

const TF = 'azurerm_kubernetes_cluster';
const ARM = 'Microsoft.ContainerService/managedClusters';

describe('Fixer: HCL', () => {
  it('replaces a literal, keeping the comment after it', async () => {
    const out = await fixed(
      {
        'main.tf': `
          resource "azurerm_kubernetes_cluster" "c" {
            local_account_disabled = false # for now
          }
        `,
      },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(out?.['main.tf']).toBe(
      dedent(`
        resource "azurerm_kubernetes_cluster" "c" {
          local_account_disabled = true # for now
        }
      `),
    );
  });

  it('inserts an attribute after the last attribute, before nested blocks, with the file indentation', async () => {
    const out = await fixed(
      {
        'main.tf': `
          resource "azurerm_kubernetes_cluster" "c" {
              name = "aks"

              default_node_pool {
                  name = "system"
              }
          }
        `,
      },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(out?.['main.tf']).toBe(
      dedent(`
        resource "azurerm_kubernetes_cluster" "c" {
            name = "aks"
            local_account_disabled = true

            default_node_pool {
                name = "system"
            }
        }
      `),
    );
  });

  it('inserts a missing block with its attribute at the end of the resource', async () => {
    const out = await fixed(
      {
        'main.tf': `
          resource "azurerm_kubernetes_cluster" "c" {
            name = "aks"
          }
        `,
      },
      TF,
      set(['network_profile', 'network_policy'], 'azure'),
    );
    expect(out?.['main.tf']).toBe(
      dedent(`
        resource "azurerm_kubernetes_cluster" "c" {
          name = "aks"
          network_profile {
            network_policy = "azure"
          }
        }
      `),
    );
  });

  it('inserts into an existing nested block', async () => {
    const out = await fixed(
      {
        'main.tf': `
          resource "azurerm_kubernetes_cluster" "c" {
            network_profile {
              network_plugin = "azure"
            }
          }
        `,
      },
      TF,
      set(['network_profile', 'network_policy'], 'azure'),
    );
    expect(out?.['main.tf']).toBe(
      dedent(`
        resource "azurerm_kubernetes_cluster" "c" {
          network_profile {
            network_plugin = "azure"
            network_policy = "azure"
          }
        }
      `),
    );
  });

  it('spreads a single-line block over lines', async () => {
    const out = await fixed(
      { 'main.tf': 'resource "azurerm_kubernetes_cluster" "c" { name = "aks" }\n' },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(out?.['main.tf']).toBe(
      'resource "azurerm_kubernetes_cluster" "c" {\n  name = "aks"\n  local_account_disabled = true\n}\n',
    );
  });

  it('keeps CRLF line endings', async () => {
    const out = await fixed(
      { 'main.tf': 'resource "azurerm_kubernetes_cluster" "c" {\r\n  name = "aks"\r\n}\r\n' },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(out?.['main.tf']).toBe(
      'resource "azurerm_kubernetes_cluster" "c" {\r\n  name = "aks"\r\n  local_account_disabled = true\r\n}\r\n',
    );
  });

  it('edits the default of a variable used only here', async () => {
    const out = await fixed(
      {
        'main.tf': `
          variable "local_off" {
            type    = bool
            default = false
          }
          resource "azurerm_kubernetes_cluster" "c" {
            local_account_disabled = var.local_off
          }
        `,
      },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(out?.['main.tf']).toContain('  default = true\n');
    expect(out?.['main.tf']).toContain('local_account_disabled = var.local_off');
  });

  it('edits the tfvars value that wins over the default', async () => {
    const out = await fixed(
      {
        'main.tf': `
          variable "local_off" { default = true }
          resource "azurerm_kubernetes_cluster" "c" {
            local_account_disabled = var.local_off
          }
        `,
        'terraform.tfvars': `
          # environment
          local_off = false
        `,
      },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(out).toEqual({ 'terraform.tfvars': '# environment\nlocal_off = true\n' });
  });

  it('offers nothing when the variable is used elsewhere, or the value is computed', async () => {
    const shared = await fixed(
      {
        'main.tf': `
          variable "off" { default = false }
          resource "azurerm_kubernetes_cluster" "c" {
            local_account_disabled = var.off
            private_cluster_enabled = var.off
          }
        `,
      },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(shared).toBeUndefined();
    const computed = await fixed(
      {
        'main.tf': `
          locals { off = false }
          resource "azurerm_kubernetes_cluster" "c" {
            local_account_disabled = local.off
          }
        `,
      },
      TF,
      set(['local_account_disabled'], true),
    );
    expect(computed).toBeUndefined();
  });
});

describe('Fixer: Terraform JSON', () => {
  it('replaces a value and inserts a property first, so no other line changes', async () => {
    const files = {
      'main.tf.json': `
        {
          "resource": {
            "azurerm_kubernetes_cluster": {
              "c": {
                "name": "aks",
                "local_account_disabled": false
              }
            }
          }
        }
      `,
    };
    expect((await fixed(files, TF, set(['local_account_disabled'], true)))?.['main.tf.json']).toContain(
      '"local_account_disabled": true\n',
    );
    expect((await fixed(files, TF, set(['private_cluster_enabled'], true)))?.['main.tf.json']).toBe(
      dedent(`
        {
          "resource": {
            "azurerm_kubernetes_cluster": {
              "c": {
                "private_cluster_enabled": true,
                "name": "aks",
                "local_account_disabled": false
              }
            }
          }
        }
      `),
    );
  });
});

const armTemplate = (properties: string) => `
  {
    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0",
    "parameters": {
      "localOff": { "type": "bool", "defaultValue": false }
    },
    "resources": [
      {
        "type": "Microsoft.ContainerService/managedClusters",
        "apiVersion": "2024-02-01",
        "name": "aks",
        "location": "westeurope",
        "properties": ${properties}
      }
    ]
  }
`;

describe('Fixer: ARM JSON', () => {
  it('inserts nested objects as JSON with the file indentation', async () => {
    const out = await fixed(
      { 'azuredeploy.json': armTemplate('{\n          "dnsPrefix": "aks"\n        }') },
      ARM,
      set(['properties', 'networkProfile', 'networkPolicy'], 'azure', { ignoreCase: true }),
    );
    expect(out?.['azuredeploy.json']).toContain(
      [
        '      "properties": {',
        '        "networkProfile": {',
        '          "networkPolicy": "azure"',
        '        },',
        '        "dnsPrefix": "aks"',
        '      }',
      ].join('\n'),
    );
  });

  it('fills an empty object and edits the defaultValue of a parameter used once', async () => {
    const empty = await fixed(
      { 'azuredeploy.json': armTemplate('{}') },
      ARM,
      set(['properties', 'disableLocalAccounts'], true, { ignoreCase: true }),
    );
    expect(empty?.['azuredeploy.json']).toContain(
      '"properties": {\n        "disableLocalAccounts": true\n      }',
    );
    const viaParameter = await fixed(
      { 'azuredeploy.json': armTemplate(`{ "disableLocalAccounts": "[parameters('localOff')]" }`) },
      ARM,
      set(['properties', 'disableLocalAccounts'], true, { ignoreCase: true }),
    );
    expect(viaParameter?.['azuredeploy.json']).toContain(
      '"localOff": { "type": "bool", "defaultValue": true }',
    );
    expect(viaParameter?.['azuredeploy.json']).toContain(`"[parameters('localOff')]"`);
  });

  it('edits the value of the parameters file beside the template', async () => {
    const out = await fixed(
      {
        'azuredeploy.json': armTemplate(`{ "disableLocalAccounts": "[parameters('localOff')]" }`),
        'azuredeploy.parameters.json': `
          {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
            "contentVersion": "1.0.0.0",
            "parameters": { "localOff": { "value": false } }
          }
        `,
      },
      ARM,
      set(['properties', 'disableLocalAccounts'], true, { ignoreCase: true }),
    );
    expect(Object.keys(out ?? {})).toEqual(['azuredeploy.parameters.json']);
    expect(out?.['azuredeploy.parameters.json']).toContain('"localOff": { "value": true }');
  });
});

describe('Fixer: Bicep', () => {
  const bicep = `
    param localOff bool = false
    resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
      name: 'aks'
      location: 'westeurope'
      properties: {
        disableLocalAccounts: localOff
        aadProfile: { managed: false }
      }
    }
  `;

  it('edits the parameter default, inserts with Bicep syntax, and adds to a single-line object', async () => {
    expect(
      (await fixed({ 'main.bicep': bicep }, ARM, set(['properties', 'disableLocalAccounts'], true)))?.[
        'main.bicep'
      ],
    ).toContain('param localOff bool = true\n');
    expect(
      (
        await fixed(
          { 'main.bicep': bicep },
          ARM,
          set(['properties', 'networkProfile', 'networkPolicy'], 'azure'),
        )
      )?.['main.bicep'],
    ).toContain(
      "    aadProfile: { managed: false }\n    networkProfile: {\n      networkPolicy: 'azure'\n    }\n  }\n",
    );
    expect(
      (
        await fixed({ 'main.bicep': bicep }, ARM, set(['properties', 'aadProfile', 'enableAzureRBAC'], true))
      )?.['main.bicep'],
    ).toContain('aadProfile: { managed: false, enableAzureRBAC: true }');
  });

  it('edits the .bicepparam value', async () => {
    const out = await fixed(
      { 'main.bicep': bicep, 'main.bicepparam': "using './main.bicep'\n\nparam localOff = false\n" },
      ARM,
      set(['properties', 'disableLocalAccounts'], true),
    );
    expect(out).toEqual({ 'main.bicepparam': "using './main.bicep'\n\nparam localOff = true\n" });
  });
});

describe('Fixer: YAML', () => {
  const manifest = `
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
    spec:
      template:
        spec:
          containers:
            - name: web
              image: nginx:1.25 # pinned
              securityContext: {}
            - name: side
              image: "busybox:1.36"
              securityContext:
                privileged: true
                capabilities:
                  drop: [NET_RAW]
              ports:
                - containerPort: 80
                  hostPort: 8080
  `;
  const container = (i: number) => (r: Resource) => {
    const spec = r.body.entries.find((e) => e.key === 'spec')!.value;
    const list =
      (spec.kind === 'object' && spec.entries[0].value.kind === 'object' && spec.entries[0].value) || null;
    const podSpec = list && list.entries.find((e) => e.key === 'spec')!.value;
    const containers = podSpec?.kind === 'object' ? podSpec.entries[0].value : undefined;
    const item = containers?.kind === 'list' ? containers.items[i] : undefined;
    if (item?.kind !== 'object') throw new Error('no container');
    return item;
  };

  it('turns an empty flow mapping into a block under its key', async () => {
    const out = await fixed({ 'm.yaml': manifest }, 'Deployment', (fixer, r) =>
      fixer.set({ resource: r, root: container(0)(r), path: ['securityContext', 'runAsNonRoot'] }, true),
    );
    expect(out?.['m.yaml']).toContain(
      '          securityContext:\n            runAsNonRoot: true\n        - name: side',
    );
  });

  it('inserts a missing mapping at the container indentation and replaces a value', async () => {
    const inserted = await fixed({ 'm.yaml': manifest }, 'Deployment', (fixer, r) =>
      fixer.set(
        { resource: r, root: container(1)(r), path: ['securityContext', 'allowPrivilegeEscalation'] },
        false,
      ),
    );
    const text = inserted?.['m.yaml'] ?? '';
    expect(text).toMatch(/drop: \[NET_RAW\]\n +allowPrivilegeEscalation: false\n +ports:/);
    expect(indentOf(text, 'allowPrivilegeEscalation')).toBe(indentOf(text, 'capabilities'));
    const replaced = await fixed({ 'm.yaml': manifest }, 'Deployment', (fixer, r) =>
      fixer.set({ resource: r, root: container(1)(r), path: ['securityContext', 'privileged'] }, false),
    );
    expect(replaced?.['m.yaml']).toContain('privileged: false\n');
  });

  it('appends to a flow list and removes a key line', async () => {
    const appended = await fixed({ 'm.yaml': manifest }, 'Deployment', (fixer, r) => {
      const sc = container(1)(r).entries.find((e) => e.key === 'securityContext')!.value;
      const caps = sc.kind === 'object' ? sc.entries.find((e) => e.key === 'capabilities')!.value : undefined;
      const drop = caps?.kind === 'object' ? caps.entries[0].value : undefined;
      return drop && fixer.append(drop, 'ALL');
    });
    expect(appended?.['m.yaml']).toContain('drop: [NET_RAW, ALL]');
    const removed = await fixed({ 'm.yaml': manifest }, 'Deployment', (fixer, r) => {
      const ports = container(1)(r).entries.find((e) => e.key === 'ports')!.value;
      const port = ports.kind === 'list' && ports.items[0].kind === 'object' ? ports.items[0] : undefined;
      return port && fixer.remove(port.entries[1]);
    });
    expect(removed?.['m.yaml']).toContain('            - containerPort: 80\n');
    expect(removed?.['m.yaml']).not.toContain('hostPort');
  });
});

describe('applyFixes and unifiedDiff', () => {
  const edit = (line: number, column: number, endColumn: number, newText: string): TextEdit => ({
    file: 'f',
    line,
    column,
    endLine: line,
    endColumn,
    newText,
  });

  it('applies non-overlapping fixes and leaves overlapping ones for the next pass', () => {
    const text = 'a = 1\nb = 2\n';
    const fixes = [
      { title: 'one', safety: 'safe' as const, edits: [edit(1, 5, 6, '9')] },
      { title: 'same place', safety: 'safe' as const, edits: [edit(1, 5, 6, '8')] },
      { title: 'two', safety: 'safe' as const, edits: [edit(2, 5, 6, '7')] },
    ];
    const out = applyFixes(fixes, () => text);
    expect(out.applied.map((f) => f.title)).toEqual(['one', 'two']);
    expect(out.texts.get('f')).toBe('a = 9\nb = 7\n');
  });

  it('prints a unified diff with context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8'].join('\n') + '\n';
    const after = before.replace('5', 'five');
    expect(unifiedDiff('x.tf', before, after)).toBe(
      ['--- a/x.tf', '+++ b/x.tf', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8'].join(
        '\n',
      ) + '\n',
    );
  });
});
