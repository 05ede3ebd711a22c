import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_OBJECTS_PER_FILE } from '../src/parsers/kubernetes/manifests';
import { ROOT, tempTree } from './cli-runner';

/**
 * Hostile inputs, each scanned by the built CLI in a child process whose heap is capped near the goal
 * (500 MB): running out of it fails the process, so memory is asserted without timing anything. The
 * kill timeout only detects a hang. Each case asserts a clean exit (0 or 1, or 2 for a configuration
 * error), no stack trace, and the limit error or note it must meet. The heaviest inputs are measured
 * by `bench/adversarial.ts` instead.
 */
const HEAP_MB = 500;
const HANG_MS = 30_000;

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  signal: NodeJS.Signals | null;
}

function scan(dir: string, args: string[] = []): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${HEAP_MB}`,
        path.join(ROOT, 'bin', 'akslint.js'),
        'scan',
        '.',
        '--format',
        'json',
        ...args,
      ],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, timeout: HANG_MS },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('close', (status, signal) =>
      resolve({
        status,
        signal,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      }),
    );
  });
}

interface Report {
  errors: { file: string; line: number; column: number; message: string }[];
  skipped: { file: string; line?: number; message: string; limit?: true }[];
  findings: { ruleId: string; status: string; message: string }[];
  summary: { resources: number; limitsReached: number };
}

/** Scan one hostile tree; a clean exit (0 or 1), no stack trace, and the JSON report. */
async function scanBounded(files: Record<string, string>, args: string[] = []): Promise<Report> {
  const dir = tempTree(files);
  try {
    const r = await scan(dir, args);
    expect({
      signal: r.signal,
      stackTrace: /\n\s+at /.test(r.stderr),
      stderr: r.stderr.slice(0, 300),
    }).toEqual({
      signal: null,
      stackTrace: false,
      stderr: '',
    });
    expect([0, 1]).toContain(r.status);
    return JSON.parse(r.stdout) as Report;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Deterministic text of `length` characters drawn from `alphabet`. */
function garbage(length: number, alphabet: string, seed = 7): string {
  let x = seed;
  return Array.from({ length }, () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return alphabet[x % alphabet.length];
  }).join('');
}

const messages = (r: Report) => [...r.errors.map((e) => e.message), ...r.skipped.map((s) => s.message)];

describe('manifests', () => {
  it('a million empty documents (4 MB): the first 10,000 are read, the rest noted', async () => {
    const r = await scanBounded({ 'docs.yaml': '---\n'.repeat(1_000_000) });
    expect(r.skipped).toContainEqual(
      expect.objectContaining({
        limit: true,
        message: expect.stringMatching(/^more than 10,000 YAML documents/),
      }),
    );
  });

  it('a List past the object limit: the first objects checked, the rest noted', async () => {
    // ConfigMaps, which no rule checks: the object limit, not the rules, is under test here (Pods are
    // measured by bench/adversarial.ts).
    const item = (i: number) => `  - {apiVersion: v1, kind: ConfigMap, metadata: {name: c${i}}}\n`;
    const r = await scanBounded({
      'all.yaml':
        'apiVersion: v1\nkind: List\nitems:\n' +
        Array.from({ length: MAX_OBJECTS_PER_FILE + 1_000 }, (_, i) => item(i)).join(''),
    });
    expect(r.summary.resources).toBe(MAX_OBJECTS_PER_FILE);
    const line = MAX_OBJECTS_PER_FILE + 4;
    expect(r.skipped).toEqual([
      {
        file: 'all.yaml',
        line,
        limit: true,
        message: `more than ${MAX_OBJECTS_PER_FILE.toLocaleString('en-US')} Kubernetes objects in one file: the objects from line ${line} on were not checked`,
      },
    ]);
  });

  it('one 1.5 MB List document: refused with its size, not read into memory', async () => {
    const pod = (i: number) =>
      `  - {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [{name: c, image: x}]}}\n`;
    const r = await scanBounded({
      'pods.yaml':
        'apiVersion: v1\nkind: List\nitems:\n' + Array.from({ length: 15_000 }, (_, i) => pod(i)).join(''),
    });
    expect(r.errors).toEqual([
      expect.objectContaining({
        line: 1,
        message: expect.stringMatching(/^YAML document of 1\.\d MB is larger than/),
      }),
    ]);
  });

  it('flow collections nested 1,000,000 deep (2 MB): one error at the bracket past the limit', async () => {
    const r = await scanBounded({
      'deep.yaml':
        'apiVersion: v1\nkind: ConfigMap\ndata:\n  x: ' + '['.repeat(1_000_000) + ']'.repeat(1_000_000),
    });
    expect(r.errors).toEqual([
      {
        file: 'deep.yaml',
        line: 4,
        column: 1006,
        message: 'YAML nested deeper than 1000 levels: the file was not read',
      },
    ]);
  });

  it('an alias bomb: refused with the node budget, the file named', async () => {
    let text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++)
      text += `  a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const r = await scanBounded({ 'bomb.yaml': text });
    expect(messages(r)).toEqual([expect.stringMatching(/aliases expand to more than \d+ nodes/)]);
  });
});

describe('Bicep', () => {
  it('100,000 lines of one mistake: 99 errors, then one saying where reading stopped', async () => {
    const r = await scanBounded({ 'deep.bicep': 'var x = ' + '{\n'.repeat(100_000) });
    expect(r.errors).toHaveLength(100);
    expect(r.errors[99].message).toBe('99 syntax errors: the file was not read past line 100');
  });

  it('1 MB of token soup: errors with positions, never more than 101', async () => {
    const r = await scanBounded({
      'main.bicep': garbage(1 << 20, "{}[]()'=:.,?!\n var param resource x 1 ${"),
    });
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.length).toBeLessThanOrEqual(101);
    for (const e of r.errors) expect(e.line).toBeGreaterThan(0);
  });

  it('parentheses nested 20,000 deep: one error naming the nesting', async () => {
    const r = await scanBounded({
      'deep.bicep': 'var x = ' + '('.repeat(20_000) + '1' + ')'.repeat(20_000) + '\n',
    });
    expect(messages(r)).toEqual([expect.stringMatching(/nested too deeply/)]);
  });

  it('variables and modules that refer to themselves: evaluated without looping, the cluster still checked', async () => {
    const r = await scanBounded({
      'main.bicep': `var a = b\nvar b = a\nmodule self 'main.bicep' = {\n  name: 'self'\n}\nresource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n  name: a\n  location: 'westeurope'\n  properties: {\n    disableLocalAccounts: false\n  }\n}\n`,
    });
    expect(r.findings.map((f) => f.ruleId)).toContain('AKS101');
  });

  it('an array of 100,000 items: read whole', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `  'x${i}'`).join('\n');
    const r = await scanBounded({ 'main.bicep': `var xs = [\n${items}\n]\noutput n int = length(xs)\n` });
    expect(r.errors).toEqual([]);
  });
});

describe('ARM templates', () => {
  const template = (variables: string) =>
    `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0", "variables": ${variables}, "resources": []}`;

  it('JSON nested 1,000,000 deep: one error', async () => {
    const r = await scanBounded({
      'azuredeploy.json': template(`{"x": ${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`),
    });
    expect(messages(r)).toEqual(['JSON nested too deeply to read']);
  });

  it('variables that refer to each other, and a 100,000-item array', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `"x${i}"`).join(',');
    const r = await scanBounded({
      'azuredeploy.json': template(
        `{"a": "[variables('b')]", "b": "[variables('a')]", "xs": [${items}], "n": "[length(variables('xs'))]"}`,
      ),
    });
    expect(r.errors.map((e) => e.message)).not.toContainEqual(expect.stringMatching(/internal error/));
  });
});

describe('Terraform', () => {
  it('1 MB of garbage: one error at 1:1', async () => {
    const r = await scanBounded({ 'main.tf': garbage(1 << 20, 'abc{}[]()"=$%#\n /*<>.,:?!\\\'') });
    expect(r.errors).toEqual([expect.objectContaining({ file: 'main.tf', line: 1, column: 1 })]);
  });

  it('brackets nested 100,000 deep: read and evaluated without overflowing', async () => {
    const r = await scanBounded({
      'main.tf': `locals {\n  x = ${'['.repeat(100_000)}${']'.repeat(100_000)}\n}\nresource "azurerm_kubernetes_cluster" "main" {\n  local_account_disabled = local.x[0] == 1\n}\n`,
    });
    expect(r.findings.find((f) => f.ruleId === 'AKS101')?.status).toBe('fail');
  });

  it('cyclic locals, a module that calls itself, and 100,000 list items: evaluated without looping', async () => {
    const items = Array(100_000).fill('0').join(', ');
    const r = await scanBounded({
      'main.tf': `locals {\n  a = local.b\n  b = local.a\n  xs = [${items}]\n  n = length(local.xs)\n}\nmodule "self" {\n  source = "./"\n}\nresource "azurerm_kubernetes_cluster" "main" {\n  name = local.a\n  local_account_disabled = false\n}\n`,
    });
    expect(r.findings.map((f) => f.ruleId)).toContain('AKS101');
  });
});

describe('expression bombs: a string doubled 40 times', () => {
  const chain = (first: string, step: (i: number) => string) =>
    [first, ...Array.from({ length: 39 }, (_, i) => step(i + 1))].join('\n');

  it('in Terraform, Bicep and ARM: unknown with the reason, within the heap', async () => {
    const r = await scanBounded(
      {
        'tf/main.tf': `locals {\n${chain('  a0 = "xxxxxxxxxxxxxxxx"', (i) => `  a${i} = "\${local.a${i - 1}}\${local.a${i - 1}}"`)}\n}\nresource "azurerm_kubernetes_cluster" "main" {\n  local_account_disabled = local.a39 == "x"\n}\n`,
        'main.bicep': `${chain("var a0 = 'xxxxxxxxxxxxxxxx'", (i) => `var a${i} = '\${a${i - 1}}\${a${i - 1}}'`)}\nresource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n  name: 'aks'\n  location: 'westeurope'\n  properties: {\n    disableLocalAccounts: a39 == 'x'\n  }\n}\n`,
        'arm/azuredeploy.json': JSON.stringify({
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          contentVersion: '1.0.0.0',
          variables: Object.fromEntries(
            Array.from({ length: 40 }, (_, i) => [
              `a${i}`,
              i === 0 ? 'xxxxxxxxxxxxxxxx' : `[concat(variables('a${i - 1}'), variables('a${i - 1}'))]`,
            ]),
          ),
          resources: [
            {
              type: 'Microsoft.ContainerService/managedClusters',
              apiVersion: '2024-02-01',
              name: 'aks',
              location: 'westeurope',
              properties: { disableLocalAccounts: "[equals(variables('a39'), 'x')]" },
            },
          ],
        }),
      },
      ['--show-unknown'],
    );
    const aks101 = r.findings.filter((f) => f.ruleId === 'AKS101');
    expect(aks101.map((f) => f.status)).toEqual(['unknown', 'unknown', 'unknown']);
  });
});

describe('configuration', () => {
  it('an alias bomb in .akslint.yaml: exit 2, one line naming the file', async () => {
    let config = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++)
      config += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const dir = tempTree({ '.akslint.yaml': config, 'main.tf': '' });
    try {
      const r = await scan(dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/^akslint: .*\.akslint\.yaml: .*alias.*\n$/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
