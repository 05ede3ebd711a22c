import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** Starts `akslint lsp` for the workspace; everything else (diagnostics, code actions) is the server's. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const settings = vscode.workspace.getConfiguration('akslint');
  const serverOptions: ServerOptions = {
    command: settings.get<string>('path') || 'akslint',
    args: ['lsp', '--stdio'],
  };
  const clientOptions: LanguageClientOptions = {
    // The server decides by name and, for .json, by content: it leaves other files alone at no cost.
    documentSelector: [{ scheme: 'file', pattern: '**/*.{tf,tfvars,json,bicep,bicepparam,yaml,yml}' }],
    initializationOptions: { showUnknown: settings.get<boolean>('showUnknown', false) },
    synchronize: {
      configurationSection: 'akslint',
      fileEvents: vscode.workspace.createFileSystemWatcher(
        '**/{*.tf,*.tfvars,*.json,*.bicep,*.bicepparam,*.yaml,*.yml,.akslint.yaml,.akslint.yml}',
      ),
    },
  };
  client = new LanguageClient('akslint', 'akslint', serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
