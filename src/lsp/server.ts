import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../engine/version';
import type { Rule } from '../../policies/api';
import { codeActions, FIX_ALL_KIND, minimalEdit, safeFixesOf, wants } from './actions';
import { errorDiagnostic, toLspRange } from './diagnostics';
import { isLintable } from './documents';
import { DocumentLinter, realPathOf, type LintOutcome } from './linter';

export interface ServerOptions {
  /** Rules to run (default: all). */
  rules?: readonly Rule[];
}

/** What a client may set (initializationOptions, or `akslint` in workspace/didChangeConfiguration). */
interface ClientSettings {
  showUnknown: boolean;
  /** Delay between the last change and the lint (0: lint on every change; the benchmark's setting). */
  debounceMs: number;
}

const DEFAULT_DEBOUNCE_MS = 150;
/** Fix-all re-lints after each pass (a fix can reveal the next), as `scan --fix` does. */
const MAX_FIX_PASSES = 10;

function readSettings(raw: unknown, current: ClientSettings): ClientSettings {
  if (typeof raw !== 'object' || raw === null) return current;
  const nested = (raw as { akslint?: unknown }).akslint;
  const from = (typeof nested === 'object' && nested !== null ? nested : raw) as Record<string, unknown>;
  return {
    showUnknown: typeof from.showUnknown === 'boolean' ? from.showUnknown : current.showUnknown,
    debounceMs:
      typeof from.debounceMs === 'number' && from.debounceMs >= 0 ? from.debounceMs : current.debounceMs,
  };
}

/**
 * A change range within the document. TextDocument.update corrupts the document when a range starts
 * past its last line (the text is duplicated on each such edit), so a client's stray range is first
 * brought inside, as offsetAt reads it.
 */
function clampRange(doc: TextDocument, range: Range): Range {
  return { start: doc.positionAt(doc.offsetAt(range.start)), end: doc.positionAt(doc.offsetAt(range.end)) };
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return realPathOf(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

/**
 * The language server on a connection: diagnostics on open, change (debounced) and save; code actions;
 * re-lints when a file a document's scan read changes, in a buffer or on disk.
 */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments({
    create: TextDocument.create,
    update: (doc, changes, version) =>
      TextDocument.update(
        doc,
        changes.map((c) => ('range' in c ? { ...c, range: clampRange(doc, c.range) } : c)),
        version,
      ),
  });
  let settings: ClientSettings = { showUnknown: false, debounceMs: DEFAULT_DEBOUNCE_MS };
  let workspaceFolders: string[] = [];
  let shuttingDown = false;
  const outcomes = new Map<string, LintOutcome & { version: number }>();
  const timers = new Map<string, NodeJS.Timeout>();
  /** The latest lint started per document: an older one finishing later publishes nothing. */
  const generation = new Map<string, number>();
  /** Config files whose problem is on show. */
  const configsWithProblems = new Set<string>();

  const openByPath = (): Map<string, TextDocument> => {
    const byPath = new Map<string, TextDocument>();
    for (const doc of documents.all()) {
      const p = pathOf(doc.uri);
      if (p) byPath.set(p, doc);
    }
    return byPath;
  };
  const linter = new DocumentLinter({
    rules: options.rules,
    openText: (abs) => openByPath().get(abs)?.getText(),
    openFiles: () => [...openByPath().keys()],
    workspaceFolders: () => workspaceFolders,
  });

  const refuseAfterShutdown = () => {
    if (shuttingDown) throw new ResponseError(ErrorCodes.InvalidRequest, 'the server is shutting down');
  };

  connection.onInitialize((params): InitializeResult => {
    settings = readSettings(params.initializationOptions, settings);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folders.map(pathOf).filter((p): p is string => p !== undefined);
    const canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    if (canWatch) {
      connection.onInitialized(() => {
        // A client that closes before it answers rejects the registration (and the library's own
        // log of that throws on the closed connection): an unhandled rejection would end the
        // process; without watching, the files the editor saves still re-lint through didSave.
        connection.client
          .register(DidChangeWatchedFilesNotification.type, {
            watchers: [
              { globPattern: '**/*.{tf,tfvars,bicep,bicepparam,json,yaml,yml}' },
              { globPattern: '**/.akslint.{yaml,yml,json}' },
            ],
          })
          .catch(() => undefined);
      });
    }
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'akslint', version: VERSION },
    };
  });

  const publish = (uri: string, diagnostics: Diagnostic[], version?: number) =>
    void connection.sendDiagnostics({ uri, version, diagnostics });

  /** One diagnostic on each broken config read so far; none on one that was fixed or deleted. */
  const publishConfigProblems = () => {
    const problems = linter.configProblems();
    for (const file of configsWithProblems) {
      if (problems.get(file)) continue;
      configsWithProblems.delete(file);
      publish(pathToFileURL(file).href, []);
    }
    for (const [file, problem] of problems) {
      if (!problem) continue;
      configsWithProblems.add(file);
      publish(pathToFileURL(file).href, [problem.diagnostic]);
    }
  };

  const lintNow = async (uri: string): Promise<void> => {
    timers.delete(uri);
    const doc = documents.get(uri);
    const abs = pathOf(uri);
    if (!doc || !abs || shuttingDown) return;
    const text = doc.getText();
    if (!isLintable(abs, text)) return;
    const mine = (generation.get(uri) ?? 0) + 1;
    generation.set(uri, mine);
    let outcome: LintOutcome;
    try {
      outcome = await linter.lint(abs, text, settings);
    } catch (err) {
      // The engine reports bad input as errors; reaching here is a bug, shown where it can be seen.
      const message = `internal error: ${err instanceof Error ? err.message : String(err)}`;
      outcome = {
        diagnostics: [errorDiagnostic({ file: abs, line: 1, column: 1, message })],
        shown: [],
        cwd: path.dirname(abs),
        dependencies: new Set([abs]),
      };
    }
    if (generation.get(uri) !== mine || !documents.get(uri)) return;
    outcomes.set(uri, { ...outcome, version: doc.version });
    publish(uri, outcome.diagnostics, doc.version);
    publishConfigProblems();
  };

  const schedule = (uri: string, delayMs: number) => {
    const pending = timers.get(uri);
    if (pending) clearTimeout(pending);
    if (delayMs === 0) {
      void lintNow(uri);
      return;
    }
    timers.set(
      uri,
      setTimeout(() => void lintNow(uri), delayMs),
    );
  };

  /** Open documents whose last scan read this file (or listed its folder): they see its new text. */
  const relintReaders = (changed: string, delayMs: number, except?: string) => {
    for (const [uri, outcome] of outcomes) {
      if (uri === except) continue;
      if (outcome.dependencies.has(changed) || outcome.dependencies.has(path.dirname(changed)))
        schedule(uri, delayMs);
    }
  };

  const relintAll = () => {
    linter.reloadConfigs();
    const open = documents.all();
    for (const doc of open) schedule(doc.uri, 0);
    // Each lint publishes the config problems it met; with nothing open, clear the old ones now.
    if (open.length === 0) publishConfigProblems();
  };

  const changed = (uri: string, delayMs: number) => {
    const abs = pathOf(uri);
    if (abs && DocumentLinter.isConfigFile(abs)) {
      relintAll();
      return;
    }
    schedule(uri, delayMs);
    if (abs) relintReaders(abs, delayMs, uri);
  };

  // TextDocuments raises didOpen, then a content change, for an opened document: lint it at once.
  const opening = new Set<string>();
  documents.onDidOpen((e) => opening.add(e.document.uri));
  documents.onDidChangeContent((e) =>
    changed(e.document.uri, opening.delete(e.document.uri) ? 0 : settings.debounceMs),
  );
  documents.onDidSave((e) => {
    const abs = pathOf(e.document.uri);
    if (abs) linter.diskChanged(abs);
    changed(e.document.uri, 0);
  });
  documents.onDidClose((e) => {
    const pending = timers.get(e.document.uri);
    if (pending) clearTimeout(pending);
    timers.delete(e.document.uri);
    outcomes.delete(e.document.uri);
    generation.delete(e.document.uri);
    publish(e.document.uri, []);
    // Its readers now read the file on disk again.
    const abs = pathOf(e.document.uri);
    if (abs) relintReaders(abs, 0, e.document.uri);
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) {
      const abs = pathOf(change.uri);
      if (!abs) continue;
      linter.diskChanged(abs);
      if (DocumentLinter.isConfigFile(abs)) {
        relintAll();
        return;
      }
      relintReaders(abs, 0);
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settings = readSettings(params.settings, settings);
    relintAll();
  });

  /** Every safe fix of the document, pass after pass, as one edit of the changed lines. */
  const fixAllEdit = async (doc: TextDocument, abs: string, file: string): Promise<TextEdit | undefined> => {
    const original = doc.getText();
    const known = outcomes.get(doc.uri);
    let outcome: LintOutcome =
      known && known.version === doc.version ? known : await linter.lint(abs, original, settings);
    let text = original;
    for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
      const edits = safeFixesOf(
        file,
        outcome.shown.map((s) => s.finding),
      );
      if (edits.length === 0) break;
      text = TextDocument.applyEdits(
        TextDocument.create(doc.uri, doc.languageId, 0, text),
        edits.map((e) => ({ range: toLspRange(e), newText: e.newText })),
      );
      outcome = await linter.lint(abs, text, settings);
    }
    return minimalEdit(original, text);
  };

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    refuseAfterShutdown();
    const doc = documents.get(params.textDocument.uri);
    const outcome = outcomes.get(params.textDocument.uri);
    const abs = pathOf(params.textDocument.uri);
    if (!doc || !outcome || !abs) return [];
    const file = path.relative(outcome.cwd, abs).split(path.sep).join('/');
    const actions = codeActions({
      file,
      uri: doc.uri,
      text: doc.getText(),
      range: params.range,
      only: params.context.only,
      shown: outcome.shown,
      absolute: (f) => path.resolve(outcome.cwd, f),
    });
    // Fix-all re-lints the document: only when asked for by kind (on save, the Source Action menu), not
    // on every cursor move that asks for the light bulb's actions.
    if (params.context.only && wants(params.context.only, FIX_ALL_KIND)) {
      const edit = await fixAllEdit(doc, abs, file);
      if (edit)
        actions.push({
          title: 'Fix all safe akslint problems',
          kind: FIX_ALL_KIND,
          edit: { changes: { [doc.uri]: [edit] } },
        });
    }
    return actions;
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}

/** `akslint lsp`: the server over standard input and output. */
export async function runLanguageServer(): Promise<void> {
  const { createConnection, ProposedFeatures } =
    require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection);
}
