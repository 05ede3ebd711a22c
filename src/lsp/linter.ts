import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { SyntaxCache, type Severity } from '../model';
import { DEFAULT_MAX_FILE_BYTES } from '../discover';
import { bicepModuleCacheDir, displayPath } from '../discover/host';
import { ModuleCallIndex } from '../discover/companions';
import { runScan } from '../engine/scan';
import {
  CONFIG_FILE_NAMES,
  ConfigCascade,
  ConfigError,
  type EditorSeverity,
  type LoadedConfig,
} from '../engine/config';
import { allRules, findRule } from '../../policies';
import type { Rule } from '../../policies/api';
import { errorDiagnostic, findingDiagnostic, skipDiagnostic, SOURCE } from './diagnostics';
import { refusal } from './documents';
import type { ShownFinding } from './actions';

/**
 * A module file is linted through at most this many of the folders that call it: each is a root to
 * evaluate on every keystroke. A note on the file says when more call it.
 */
export const MAX_MODULE_CALLERS = 8;

/** What one lint of a document produced, kept for code actions and re-lints. */
export interface LintOutcome {
  diagnostics: Diagnostic[];
  /** The document's findings shown as diagnostics (code actions are built from them). */
  shown: ShownFinding[];
  /** Working directory of the scan: findings and fixes name files relative to it. */
  cwd: string;
  /** Absolute paths of the files and folders the scan read: a change to one re-lints the document. */
  dependencies: Set<string>;
}

/** A config file that could not be used: one diagnostic on it. */
export interface ConfigProblem {
  file: string;
  diagnostic: Diagnostic;
}

export interface LinterOptions {
  /** Rules to run (default: all); tests give a rule that throws. */
  rules?: readonly Rule[];
  /** Text of an open buffer by absolute path, or undefined when the file is not open. */
  openText: (abs: string) => string | undefined;
  /** Absolute paths of every open buffer. */
  openFiles: () => string[];
  /** Workspace folders: a document is scanned from the one holding it, as `akslint scan` run there. */
  workspaceFolders: () => string[];
}

/**
 * Lints one document as `akslint scan <file>` does (the file named alone, with its module, variable and
 * parameter files and the config cascade of its folder), reading open buffers instead of the files on disk.
 */
export class DocumentLinter {
  private readonly rules: readonly Rule[];
  private readonly syntaxCache = new SyntaxCache();
  /** The config cascade per working directory, as the CLI builds one per run. */
  private readonly cascades = new Map<string, ConfigCascade>();
  private readonly problems = new Map<string, ConfigProblem>();
  /**
   * Who calls which Terraform or Bicep module, and the manifests around a manifest, read from disk once
   * and again after such a file changes.
   */
  private readonly moduleCalls = new ModuleCallIndex();

  constructor(private readonly options: LinterOptions) {
    this.rules = options.rules ?? allRules();
  }

  /** Forget every config read: a config file changed. */
  reloadConfigs(): void {
    this.cascades.clear();
    this.problems.clear();
  }

  /** A file changed on disk (saved, or changed outside the editor). */
  diskChanged(abs: string): void {
    if (/\.(tf|bicep|ya?ml|jsonc?)$|(^|[\\/])Kustomization$/i.test(abs)) this.moduleCalls.forget();
  }

  static isConfigFile(abs: string): boolean {
    return CONFIG_FILE_NAMES.includes(path.basename(abs));
  }

  /** Config files that could not be used since the last reload, each with its diagnostic. */
  configProblems(): Map<string, ConfigProblem> {
    return new Map(this.problems);
  }

  async lint(abs: string, text: string, settings: { showUnknown: boolean }): Promise<LintOutcome> {
    const cwd = this.workingDirectory(abs);
    const display = displayPath(abs, cwd);
    const outcome: LintOutcome = { diagnostics: [], shown: [], cwd, dependencies: new Set([abs]) };
    let config: ConfigCascade | undefined = this.cascadeFor(cwd);
    let severity: LspSettings['severity'];
    try {
      if (config.isIgnored(abs)) return outcome;
      severity = lspSettingsOf(config.configsFor(abs)).severity;
    } catch (err) {
      // A broken config: one diagnostic on it, and the defaults for the document.
      this.recordProblem(err, cwd);
      config = undefined;
    }
    const refused = refusal(text, DEFAULT_MAX_FILE_BYTES);
    if (refused) {
      outcome.diagnostics.push(errorDiagnostic({ file: display, line: 1, column: 1, message: refused }));
      return outcome;
    }
    const overrides = new Map<string, string>();
    for (const other of this.options.openFiles()) {
      const otherText = other === abs ? undefined : this.options.openText(other);
      if (otherText !== undefined && !refusal(otherText, DEFAULT_MAX_FILE_BYTES))
        overrides.set(displayPath(other, cwd), otherText);
    }
    const scan = (cascade: ConfigCascade | undefined) =>
      runScan({
        cwd,
        paths: [display],
        stdin: { path: display, text, named: true },
        maxModuleCallers: MAX_MODULE_CALLERS,
        moduleCalls: this.moduleCalls,
        config: cascade,
        showUnknown: true,
        rules: this.rules,
        overrides,
        onRead: (p) => outcome.dependencies.add(path.resolve(cwd, p)),
        syntaxCache: this.syntaxCache,
        bicepModuleCache: bicepModuleCacheDir(process.env),
      });
    let report;
    try {
      report = await scan(config);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.recordProblem(err, cwd);
      config = undefined;
      report = await scan(undefined);
    }
    const diagnosticSettings = {
      severity,
      showUnknown: settings.showUnknown || config?.settingsFor(abs).showUnknown === true,
      absolute: (file: string) => path.resolve(cwd, file),
      lineLength: lineLengths(text),
    };
    for (const e of report.errors) if (e.file === display) outcome.diagnostics.push(errorDiagnostic(e));
    for (const f of report.findings) {
      if (f.file !== display) continue;
      const diagnostic = findingDiagnostic(f, diagnosticSettings);
      if (!diagnostic) continue;
      outcome.diagnostics.push(diagnostic);
      outcome.shown.push({ finding: f, diagnostic });
    }
    for (const s of report.skipped) if (s.file === display) outcome.diagnostics.push(skipDiagnostic(s));
    return outcome;
  }

  private cascadeFor(cwd: string): ConfigCascade {
    let cascade = this.cascades.get(cwd);
    if (!cascade) this.cascades.set(cwd, (cascade = new ConfigCascade(cwd, (name) => findRule(name)?.id)));
    return cascade;
  }

  private recordProblem(err: unknown, cwd: string): void {
    if (!(err instanceof ConfigError)) throw err;
    const problem = configProblem(err.message, cwd);
    this.problems.set(problem.file, problem);
  }

  /**
   * The folder `akslint scan` would be run from: the workspace folder holding the file, else the
   * repository (the nearest folder with .git), else the file's own folder. Modules and parameter files
   * are read only below it, as the CLI reads only below its working directory.
   */
  private workingDirectory(abs: string): string {
    const folders = this.options
      .workspaceFolders()
      .filter((f) => abs === f || abs.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
      .sort((a, b) => b.length - a.length);
    if (folders.length > 0) return realOrSelf(folders[0]);
    for (let dir = path.dirname(abs); ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, '.git'))) return realOrSelf(dir);
      if (path.dirname(dir) === dir) return realOrSelf(path.dirname(abs));
    }
  }
}

interface LspSettings {
  severity?: Partial<Record<Severity, EditorSeverity>>;
}

/** `lsp` settings of the configs that apply, nearer ones over farther ones. */
function lspSettingsOf(chain: readonly LoadedConfig[]): LspSettings {
  const severity: Partial<Record<Severity, EditorSeverity>> = {};
  for (const loaded of chain) Object.assign(severity, loaded.config.lsp?.severity);
  return { severity };
}

/**
 * A config error starts with the config file's path (relative to the working directory), then the line
 * and column when the parser knows them.
 */
function configProblem(message: string, cwd: string): ConfigProblem {
  const at = /^(.*?(?:\.akslint\.ya?ml|\.akslint\.json|package\.json))(?::(\d+):(\d+))?:\s*([\s\S]*)$/.exec(
    message,
  );
  const file = path.resolve(cwd, at ? at[1] : '.akslint.yaml');
  const line = at?.[2] ? Number(at[2]) - 1 : 0;
  const character = at?.[3] ? Number(at[3]) - 1 : 0;
  const text = (at ? at[4] : message).trim();
  return {
    file,
    diagnostic: {
      range: { start: { line, character }, end: { line, character } },
      severity: 1,
      code: 'config-error',
      source: SOURCE,
      message: `akslint configuration: ${text} (the default settings apply until it is fixed)`,
    },
  };
}

function lineLengths(text: string): (line: number) => number {
  let lines: string[] | undefined;
  return (line) => (lines ??= text.split(/\r?\n/))[line]?.length ?? 0;
}

/** The real path of a file, also of one not yet saved (its folder's real path). */
export function realPathOf(abs: string): string {
  try {
    return fs.realpathSync(abs);
  } catch {
    return path.join(realOrSelf(path.dirname(abs)), path.basename(abs));
  }
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
