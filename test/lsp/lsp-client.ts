import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const REPO = path.resolve(__dirname, '..', '..');
export const BIN = path.join(REPO, 'bin', 'akslint.js');

export const uriOf = (file: string) => pathToFileURL(file).href;

/**
 * A plain JSON-RPC client speaking LSP to the server, as an editor does: it keeps the documents it has
 * open, sends their changes, and records what the server publishes.
 */
export class LspClient {
  readonly published = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<() => void> = [];
  private readonly docs = new Map<string, TextDocument>();
  readonly stderr: string[] = [];

  constructor(
    readonly connection: MessageConnection,
    readonly process?: ChildProcess,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.set(p.uri, p);
      for (const w of this.waiters.splice(0)) w();
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('workspace/applyEdit', () => ({ applied: false }));
    connection.listen();
  }

  /** `node bin/akslint.js lsp --stdio`, the way an editor starts it. */
  static spawn(cwd: string): LspClient {
    const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    const client = new LspClient(connection, child);
    child.stderr.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    return client;
  }

  /** Streams to hand to a server started in this process. */
  static pipes(): { client: () => LspClient; serverIn: PassThrough; serverOut: PassThrough } {
    const serverIn = new PassThrough();
    const serverOut = new PassThrough();
    return {
      serverIn,
      serverOut,
      client: () =>
        new LspClient(
          createMessageConnection(new StreamMessageReader(serverOut), new StreamMessageWriter(serverIn)),
        ),
    };
  }

  async initialize(root: string, initializationOptions?: unknown): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      // A server in this process would watch its own process id (a timer that keeps jest alive).
      processId: this.process ? process.pid : null,
      rootUri: uriOf(root),
      workspaceFolders: [{ uri: uriOf(root), name: path.basename(root) }],
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  text(file: string): string {
    return this.docs.get(uriOf(file))!.getText();
  }

  async open(file: string, text: string, languageId = 'plaintext'): Promise<void> {
    const uri = uriOf(file);
    this.published.delete(uri);
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Replace the whole text, or apply range edits (incremental sync). */
  async change(file: string, edits: string | TextEdit[]): Promise<void> {
    const uri = uriOf(file);
    const doc = this.docs.get(uri)!;
    // An editor's buffer never holds a range past its end: clamp, as the server does.
    const clamp = (p: { line: number; character: number }) => doc.positionAt(doc.offsetAt(p));
    const contentChanges =
      typeof edits === 'string'
        ? [{ text: edits }]
        : edits.map((e) => ({
            range: { start: clamp(e.range.start), end: clamp(e.range.end) },
            text: e.newText,
          }));
    const sent =
      typeof edits === 'string' ? contentChanges : edits.map((e) => ({ range: e.range, text: e.newText }));
    const next = TextDocument.update(doc, contentChanges, doc.version + 1);
    this.docs.set(uri, next);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: next.version },
      contentChanges: sent,
    });
  }

  async save(file: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri: uriOf(file) } });
  }

  async close(file: string): Promise<void> {
    const uri = uriOf(file);
    this.docs.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Apply a code action's edit to the open buffers, as the editor does, and send the change. */
  async apply(edit: WorkspaceEdit): Promise<void> {
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
      const file = new URL(uri).pathname;
      if (!this.docs.has(uri)) throw new Error(`edit for a file that is not open: ${file}`);
      await this.change(file, edits);
    }
  }

  codeActions(file: string, line: number, only?: string[]): Promise<CodeAction[]> {
    const uri = uriOf(file);
    const at = { line, character: 0 };
    return this.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: this.published.get(uri)?.diagnostics ?? [], only },
    });
  }

  /**
   * The diagnostics of a file once the server has published a set that satisfies `test` (by default:
   * any set, for the current version of an open document).
   */
  async diagnostics(
    file: string,
    test: (d: Diagnostic[]) => boolean = () => true,
    timeoutMs = 20000,
  ): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.published.get(uri);
      const version = this.docs.get(uri)?.version;
      if (
        got &&
        (got.version === undefined || version === undefined || got.version === version) &&
        test(got.diagnostics)
      )
        return got.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(
          `no matching diagnostics for ${file} within ${timeoutMs} ms; last: ${JSON.stringify(got?.diagnostics.map((d) => `${d.range.start.line}:${d.code}`) ?? null)}\n${this.stderr.join('')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** shutdown, exit; resolves with the process's exit code. */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    const exited = this.process
      ? new Promise<number | null>((resolve) => this.process!.once('exit', (code) => resolve(code)))
      : Promise.resolve(0);
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.process?.kill();
  }
}
