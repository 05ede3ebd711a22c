import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { startServer } from '../../src/lsp/server';
import { allRules } from '../../policies';
import { LspClient } from './lsp-client';
import { MODULE, workspace } from './fixtures';

// A rule that throws cannot be put into the real process: the server runs here, over in-memory pipes,
// with every rule plus AKS101 replaced by one that throws. The client is the same LSP client.
test('a rule that throws becomes one internal-error diagnostic; the other rules still report', async () => {
  const dir = workspace(MODULE);
  const rules = allRules().map((r) =>
    r.id === 'AKS101'
      ? {
          ...r,
          check: () => {
            throw new Error('boom');
          },
        }
      : r,
  );
  const pipes = LspClient.pipes();
  const connection = createConnection(
    ProposedFeatures.all,
    new StreamMessageReader(pipes.serverIn),
    new StreamMessageWriter(pipes.serverOut),
  );
  startServer(connection, { rules });
  const client = pipes.client();
  try {
    await client.initialize(dir, { debounceMs: 0 });
    const main = path.join(dir, 'infra/main.tf');
    await client.open(main, fs.readFileSync(main, 'utf8'), 'terraform');
    const ds = await client.diagnostics(main, (d) => d.some((x) => x.code === 'internal-error'));
    const internal = ds.filter((d) => d.code === 'internal-error');
    expect(internal).toHaveLength(1);
    expect(internal[0]).toMatchObject({ severity: 1, source: 'akslint', range: { start: { line: 0 } } });
    expect(internal[0].message).toBe(
      'internal error in rule AKS101 while checking azurerm_kubernetes_cluster.main: boom',
    );
    expect(ds.map((d) => d.code)).toContain('AKS102');
    expect(ds.map((d) => d.code)).not.toContain('AKS101');
  } finally {
    client.connection.dispose();
    connection.dispose();
  }
});
