import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { LspClient, uriOf } from './lsp-client';
import { DENY_ALL_IN_SHOP, LINE_OF_LOCAL_ACCOUNTS, LINE_OF_PRIVILEGED, MODULE, workspace } from './fixtures';

// The real server process (`node bin/akslint.js lsp --stdio`, built by `npm test`) driven by a
// vscode-jsonrpc client. Debounce 0: every change is linted, so each step waits for its own result.

/** Printable ASCII with HCL's punctuation, from a fixed seed: tree-sitter's worst case. */
function randomText(length: number): string {
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789 {}[]()="\\\'#.,:;-+*/<>!?$%&|\n\t';
  let seed = 12345;
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out.push(chars[Math.floor((seed / 0x7fffffff) * chars.length)]);
  }
  return out.join('');
}

const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const has = (code: string) => (ds: Diagnostic[]) => codes(ds).includes(code);
const lacks = (code: string) => (ds: Diagnostic[]) => !codes(ds).includes(code);

describe('akslint lsp over stdio', () => {
  let dir: string;
  let client: LspClient;
  const file = (rel: string) => path.join(dir, rel);
  const read = (rel: string) => fs.readFileSync(file(rel), 'utf8');

  beforeAll(async () => {
    dir = workspace(MODULE);
    client = LspClient.spawn(dir);
    const init = await client.initialize(dir, { debounceMs: 0 });
    expect(init.serverInfo?.name).toBe('akslint');
    expect(init.capabilities.codeActionProvider).toEqual({
      codeActionKinds: ['quickfix', 'source.fixAll.akslint'],
    });
    expect(init.capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
  });

  afterAll(() => client.kill());

  test('on open: the finding where the value is set, with rule id, docs link, severity and source', async () => {
    await client.open(file('infra/main.tf'), read('infra/main.tf'), 'terraform');
    const ds = await client.diagnostics(file('infra/main.tf'), has('AKS101'));
    const aks101 = ds.find((d) => d.code === 'AKS101')!;
    expect(aks101).toMatchObject({
      source: 'akslint',
      severity: 1,
      range: {
        start: { line: LINE_OF_LOCAL_ACCOUNTS, character: 2 },
        end: { line: LINE_OF_LOCAL_ACCOUNTS, character: 53 },
      },
      codeDescription: { href: 'https://github.com/akslint/akslint/blob/main/docs/rules/AKS101.md' },
    });
    expect(aks101.message).toMatch(/Set local_account_disabled = true/);
    // The value it read, where terraform.tfvars sets it (SARIF's related location).
    expect(aks101.relatedInformation).toContainEqual({
      location: {
        uri: uriOf(file('infra/terraform.tfvars')),
        range: { start: { line: 0, character: 25 }, end: { line: 0, character: 30 } },
      },
      message: 'the value is set here',
    });
    // A missing setting points at the resource: shown on its first line only, not over 18 lines.
    const aks102 = ds.find((d) => d.code === 'AKS102')!;
    expect(aks102.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 46 } });
    // medium -> Warning, low -> Information
    expect(ds.find((d) => d.code === 'AKS103')?.severity).toBe(2);
    expect(ds.find((d) => d.code === 'AKS305')?.severity).toBe(3);
  });

  test('an unsaved edit of terraform.tfvars re-lints the open main.tf that reads it', async () => {
    await client.open(file('infra/terraform.tfvars'), read('infra/terraform.tfvars'), 'terraform-vars');
    await client.change(file('infra/terraform.tfvars'), 'disable_local_accounts = true\n');
    await client.diagnostics(file('infra/main.tf'), lacks('AKS101'));
    expect(read('infra/terraform.tfvars')).toBe('disable_local_accounts = false\n');
    // Closing the buffer without saving: main.tf reads the file on disk again.
    await client.close(file('infra/terraform.tfvars'));
    await client.diagnostics(file('infra/main.tf'), has('AKS101'));
  });

  test('change, save and close of the document itself', async () => {
    const main = file('infra/main.tf');
    const fixed = read('infra/main.tf').replace('var.disable_local_accounts', 'true');
    await client.change(main, fixed);
    await client.diagnostics(main, lacks('AKS101'));
    try {
      fs.writeFileSync(main, fixed);
      await client.save(main);
      await client.diagnostics(main, lacks('AKS101'));
      await client.close(main);
      await client.diagnostics(main, (d) => d.length === 0);
    } finally {
      fs.writeFileSync(main, MODULE['infra/main.tf']);
    }
  });

  test('"Suppress AKS101 on this line" inserts a comment with a reason placeholder that suppresses it', async () => {
    const main = file('infra/main.tf');
    await client.open(main, read('infra/main.tf'), 'terraform');
    await client.diagnostics(main, has('AKS101'));
    const actions = await client.codeActions(main, LINE_OF_LOCAL_ACCOUNTS);
    const suppress = actions.find((a) => a.title === 'Suppress AKS101 on this line')!;
    expect(suppress).toMatchObject({ kind: 'quickfix' });
    expect(suppress.diagnostics?.map((d) => d.code)).toEqual(['AKS101']);
    expect(suppress.edit?.changes?.[uriOf(main)]).toEqual([
      {
        range: {
          start: { line: LINE_OF_LOCAL_ACCOUNTS, character: 0 },
          end: { line: LINE_OF_LOCAL_ACCOUNTS, character: 0 },
        },
        newText: '  # akslint-ignore AKS101: <reason>\n',
      },
    ]);
    await client.apply(suppress.edit!);
    await client.diagnostics(main, lacks('AKS101'));
    await client.close(main);
  });

  test('a manifest is linted with the manifests beside it: a network policy in the next file counts', async () => {
    const app = file('policed/app.yaml');
    const web = MODULE['k8s/web.yaml'].replace('privileged: true', 'privileged: false');
    fs.mkdirSync(path.dirname(app), { recursive: true });
    fs.writeFileSync(app, web);
    fs.writeFileSync(file('policed/netpol.yaml'), DENY_ALL_IN_SHOP);
    await client.open(app, web, 'yaml');
    const ds = await client.diagnostics(app, has('K8S101'));
    expect(codes(ds)).not.toContain('K8S301');
    // An unsaved edit of the policy file re-lints the manifest that depends on it.
    const policy = file('policed/netpol.yaml');
    await client.open(policy, fs.readFileSync(policy, 'utf8'), 'yaml');
    await client.change(policy, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: shop\n');
    await client.diagnostics(app, has('K8S301'));
    await client.close(policy);
    await client.diagnostics(app, lacks('K8S301'));
    await client.close(app);
  });

  test("a manifest is linted with its namespace's policies elsewhere: another folder, an overlay of its base", async () => {
    const web = MODULE['k8s/web.yaml'].replace('privileged: true', 'privileged: false');
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(file(rel)), { recursive: true });
      fs.writeFileSync(file(rel), text);
    };
    // The policies in a folder of their own, in the same folder of manifests (infra/ holds Terraform).
    write('cluster/apps/shop/app.yaml', web);
    write('cluster/namespaces/shop/netpol.yaml', DENY_ALL_IN_SHOP);
    // A kustomize base whose overlay adds the policies.
    write('kz/base/app.yaml', web);
    write('kz/base/kustomization.yaml', 'resources:\n  - app.yaml\n');
    write('kz/overlays/prod/kustomization.yaml', 'resources:\n  - ../../base\n  - netpol.yaml\n');
    write('kz/overlays/prod/netpol.yaml', DENY_ALL_IN_SHOP);
    for (const rel of ['cluster/apps/shop/app.yaml', 'kz/base/app.yaml']) {
      const app = file(rel);
      await client.open(app, web, 'yaml');
      const ds = await client.diagnostics(app, has('K8S101'));
      expect(codes(ds)).not.toContain('K8S301');
      await client.close(app);
    }
  });

  test('manifests: a # comment, or the akslint.io/ignore annotation on the object', async () => {
    const web = file('k8s/web.yaml');
    await client.open(web, read('k8s/web.yaml'), 'yaml');
    const ds = await client.diagnostics(web, has('K8S104'));
    expect(ds.find((d) => d.code === 'K8S104')?.range.start.line).toBe(LINE_OF_PRIVILEGED);
    const actions = await client.codeActions(web, LINE_OF_PRIVILEGED);
    const titles = actions.map((a) => a.title);
    expect(titles).toContain('Suppress K8S104 on this line');
    const annotation = actions.find(
      (a) => a.title === 'Suppress K8S104 for Deployment/shop/web (akslint.io/ignore annotation)',
    )!;
    await client.apply(annotation.edit!);
    expect(client.text(web)).toContain(
      'metadata:\n  annotations:\n    akslint.io/ignore: "K8S104 -- <reason>"\n  name: web\n',
    );
    await client.diagnostics(web, lacks('K8S104'));
    // A second rule joins the same annotation.
    const k8s101 = (await client.diagnostics(web)).find((d) => d.code === 'K8S101')!;
    const more = await client.codeActions(web, k8s101.range.start.line);
    const join = more.find((a) => a.title.startsWith('Suppress K8S101 for'))!;
    await client.apply(join.edit!);
    expect(client.text(web)).toContain('    akslint.io/ignore: "K8S104,K8S101 -- <reason>"\n');
    await client.diagnostics(web, (d) => lacks('K8S101')(d) && lacks('K8S104')(d));
    await client.close(web);
  });

  test('quick fixes and source.fixAll.akslint come from the findings fixes', async () => {
    const web = file('k8s/web.yaml');
    await client.open(web, read('k8s/web.yaml'), 'yaml');
    await client.diagnostics(web, has('K8S104'));
    const actions = await client.codeActions(web, LINE_OF_PRIVILEGED);
    const fixes = actions.filter(
      (a) =>
        a.kind === 'quickfix' && !a.title.startsWith('Suppress') && a.diagnostics?.[0]?.code === 'K8S104',
    );
    expect(fixes.length).toBeGreaterThan(0);
    const preferred = fixes.find((a) => a.isPreferred) as CodeAction;
    await client.apply(preferred.edit!);
    await client.diagnostics(web, lacks('K8S104'));
    expect(client.text(web)).toContain('privileged: false');
    await client.change(web, read('k8s/web.yaml'));
    const before = await client.diagnostics(web, has('K8S104'));
    const [fixAll, ...more] = await client.codeActions(web, 0, ['source.fixAll']);
    expect(more).toEqual([]);
    expect(fixAll.kind).toBe('source.fixAll.akslint');
    await client.apply(fixAll.edit!);
    // Every safe fix in one go, several of them insertions into the same securityContext; unsafe ones
    // (runAsNonRoot, readOnlyRootFilesystem, drop ALL) stay findings.
    const after = await client.diagnostics(web, (d) => lacks('K8S104')(d) && lacks('K8S102')(d));
    expect(codes(after)).toEqual(expect.arrayContaining(['K8S101', 'K8S103']));
    expect(after.length).toBeLessThan(before.length - 1);
    await client.close(web);
  });

  test('a config change reloads; a broken config is one diagnostic on it and the server goes on', async () => {
    const main = file('infra/main.tf');
    const config = file('.akslint.yaml');
    await client.open(main, read('infra/main.tf'), 'terraform');
    await client.diagnostics(main, has('AKS101'));

    fs.writeFileSync(config, 'rules:\n  AKS101: off\nlsp:\n  severity:\n    medium: error\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(config), type: 1 }],
    });
    const ds = await client.diagnostics(main, lacks('AKS101'));
    expect(ds.find((d) => d.code === 'AKS103')?.severity).toBe(1);

    fs.writeFileSync(config, 'rules:\n  AKS101: sometimes\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(config), type: 2 }],
    });
    const problem = await client.diagnostics(config, (d) => d.length === 1);
    expect(problem[0]).toMatchObject({ code: 'config-error', severity: 1, source: 'akslint' });
    expect(problem[0].message).toMatch(/rules\.AKS101 must be one of off, critical/);
    // The defaults apply meanwhile.
    await client.diagnostics(main, has('AKS101'));

    fs.rmSync(config);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf(config), type: 3 }],
    });
    await client.diagnostics(config, (d) => d.length === 0);
    await client.close(main);
  });

  test('bad input: binary, 5 MB of garbage, half-typed HCL, an edit range outside the document', async () => {
    const binary = file('infra/blob.tf');
    await client.open(binary, 'resource "a" "b" {\u0000\u0001\u0002}', 'terraform');
    expect(await client.diagnostics(binary)).toEqual([
      expect.objectContaining({ message: 'binary file (contains NUL bytes), not scanned', severity: 1 }),
    ]);

    const garbage = file('infra/garbage.tf');
    await client.open(garbage, randomText(5 * 1024 * 1024), 'terraform');
    const garbageDs = await client.diagnostics(garbage, (d) => d.length > 0, 60000);
    expect(garbageDs).toEqual([
      expect.objectContaining({
        code: 'parse-error',
        message:
          'syntax error: the file could not be parsed (gave up past its budget of 5 s of CPU time or 640 MB; is it HCL?)',
      }),
    ]);

    const half = file('infra/half.tf');
    await client.open(
      half,
      'resource "azurerm_kubernetes_cluster" "c" {\n  local_account_disabled = false\n  name = \n',
      'terraform',
    );
    const halfDs = await client.diagnostics(half, has('parse-error'));
    expect(halfDs.find((d) => d.code === 'parse-error')?.message).toMatch(/syntax error/);

    await client.change(half, [
      { range: { start: { line: 400, character: 0 }, end: { line: 500, character: 3 } }, newText: '}\n' },
    ]);
    await client.diagnostics(half);
    for (const f of [binary, garbage, half]) await client.close(f);
  });

  test('edits past the end of the document append there, and the document stays as the client has it', async () => {
    const main = file('infra/main.tf');
    await client.open(main, read('infra/main.tf'), 'terraform');
    const before = await client.diagnostics(main, has('AKS101'));
    // vscode-languageserver-textdocument duplicated the text on each of these (the server clamps them).
    for (let i = 0; i < 4; i++) {
      await client.change(main, [
        {
          range: { start: { line: 900, character: 0 }, end: { line: 901, character: 0 } },
          newText: `# ${i}\n`,
        },
      ]);
    }
    await client.change(main, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# top\n' },
    ]);
    const after = await client.diagnostics(main);
    expect(after.map((d) => [d.code, d.range.start.line - 1])).toEqual(
      before.map((d) => [d.code, d.range.start.line]),
    );
    await client.close(main);
  });

  test('an unknown method is answered with an error; the server keeps working', async () => {
    await expect(client.connection.sendRequest('akslint/noSuchMethod', {})).rejects.toMatchObject({
      code: -32601,
    });
    const main = file('infra/main.tf');
    await client.open(main, read('infra/main.tf'), 'terraform');
    await client.diagnostics(main, has('AKS101'));
    await client.close(main);
  });

  test('documents of other kinds get no diagnostics', async () => {
    const notes = file('notes.json');
    fs.writeFileSync(notes, '{"name": "not a template"}');
    await client.open(notes, read('notes.json'), 'json');
    const readme = file('README.md');
    await client.open(readme, '# hello', 'markdown');
    // A lintable document opened after them gets its diagnostics; they never do.
    const main = file('infra/main.tf');
    await client.open(main, read('infra/main.tf'), 'terraform');
    await client.diagnostics(main, has('AKS101'));
    expect(client.published.has(uriOf(notes))).toBe(false);
    expect(client.published.has(uriOf(readme))).toBe(false);
    for (const f of [notes, readme, main]) await client.close(f);
  });
});

describe('akslint lsp: a shared Terraform module', () => {
  // A module file is linted through the roots that call it, as `akslint scan FILE` does; on every
  // keystroke, through the first eight of them only, and a note says so.
  const CALLERS = 10;
  const files: Record<string, string> = {
    'modules/aks/main.tf': `variable "local_disabled" {
  type = bool
}

resource "azurerm_kubernetes_cluster" "c" {
  name                   = "aks"
  local_account_disabled = var.local_disabled
}
`,
  };
  // env-01 ... env-10: env-01 leaves local accounts on.
  for (let i = 1; i <= CALLERS; i++) {
    const env = `envs/env-${String(i).padStart(2, '0')}/main.tf`;
    files[env] =
      `module "aks" {\n  source         = "../../modules/aks"\n  local_disabled = ${i === 1 ? 'false' : 'true'}\n}\n`;
  }

  test('findings through its callers, and a note when more call it than an edit evaluates', async () => {
    const dir = workspace(files);
    const client = LspClient.spawn(dir);
    try {
      await client.initialize(dir, { debounceMs: 0 });
      const module = path.join(dir, 'modules/aks/main.tf');
      await client.open(module, files['modules/aks/main.tf'], 'terraform');
      const ds = await client.diagnostics(module, has('AKS101'));
      const aks101 = ds.find((d) => d.code === 'AKS101')!;
      expect(aks101.message).toContain('local_account_disabled = false');
      expect(aks101.relatedInformation?.map((r) => r.location.uri)).toContain(
        uriOf(path.join(dir, 'envs/env-01/main.tf')),
      );
      const note = ds.find((d) => d.code === 'skipped')!;
      expect(note).toMatchObject({ severity: 3, range: { start: { line: 0, character: 0 } } });
      expect(note.message).toBe(
        `evaluated through the first 8 of the ${CALLERS} folders that call this module, as an editor keeps to; \`akslint scan modules/aks/main.tf\` evaluates them all`,
      );
    } finally {
      client.kill();
    }
  });
});

describe('akslint lsp: settings and lifecycle', () => {
  test('akslint.showUnknown shows undecided results as hints with the reason', async () => {
    const dir = workspace({
      'main.tf': MODULE['infra/main.tf'],
      'variables.tf': MODULE['infra/variables.tf'],
    });
    const client = LspClient.spawn(dir);
    try {
      await client.initialize(dir, { akslint: { showUnknown: true } });
      const main = path.join(dir, 'main.tf');
      await client.open(main, fs.readFileSync(main, 'utf8'), 'terraform');
      const ds = await client.diagnostics(main, has('AKS101'));
      const unknown = ds.find((d) => d.code === 'AKS101')!;
      expect(unknown.severity).toBe(4);
      expect(unknown.message).toMatch(/var\.disable_local_accounts has no default and no tfvars value/);
    } finally {
      client.kill();
    }
  });

  test('without it, unknown results are hidden; the debounced change still arrives', async () => {
    const dir = workspace({
      'main.tf': MODULE['infra/main.tf'],
      'variables.tf': MODULE['infra/variables.tf'],
    });
    const client = LspClient.spawn(dir);
    try {
      await client.initialize(dir);
      const main = path.join(dir, 'main.tf');
      await client.open(main, fs.readFileSync(main, 'utf8'), 'terraform');
      expect(codes(await client.diagnostics(main))).not.toContain('AKS101');
      await client.change(main, fs.readFileSync(main, 'utf8').replace('var.disable_local_accounts', 'false'));
      await client.diagnostics(main, has('AKS101'));
    } finally {
      client.kill();
    }
  });

  test('shutdown refuses later requests, exit ends the process with 0', async () => {
    const dir = workspace(MODULE);
    const client = LspClient.spawn(dir);
    await client.initialize(dir, { debounceMs: 0 });
    const main = path.join(dir, 'infra/main.tf');
    await client.open(main, fs.readFileSync(main, 'utf8'), 'terraform');
    await client.diagnostics(main, has('AKS101'));
    await client.connection.sendRequest('shutdown');
    await expect(
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uriOf(main) },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [] },
      }),
    ).rejects.toMatchObject({ code: -32600 });
    const exited = new Promise<number | null>((resolve) => client.process!.once('exit', resolve));
    await client.connection.sendNotification('exit');
    expect(await exited).toBe(0);
    client.connection.dispose();
  });
});
