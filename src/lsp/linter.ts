import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { SyntaxCache } from '../model';
import { configIgnores, MAX_FILE_BYTES } from '../discover';
import { displayPath } from '../discover/host';
import { runScan } from '../engine/scan';
import {
  CONFIG_FILE_NAMES,
  ConfigError,
  configureRules,
  findConfigFile,
  ignorePatternsFromConfig,
  parseConfig,
  pathsFromConfig,
  type AkslintConfig,
  type LoadedConfig,
} from '../engine/config';
import { allRules, findRule } from '../../policies';
import type { Rule } from '../../policies/api';
import { errorDiagnostic, findingDiagnostic, skipDiagnostic, SOURCE } from './diagnostics';
import { refusal } from './documents';
import type { ShownFinding } from './actions';

/** What one lint of a document produced, kept for code actions and re-lints. */
export interface LintOutcome {
  diagnostics: Diagnostic[];
  /** The document's findings shown as diagnostics (code actions are built from them). */
  shown: ShownFinding[];
  /** Working directory of the scan: findings and fixes name files relative to it. */
  cwd: string;
  /** Absolute paths of the files and folders the scan read: a change to one re-lints the document. */
  dependencies: Set<string>;
  /** The config file that applied, if any. */
  configFile?: string;
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

interface ConfigEntry {
  loaded?: LoadedConfig;
  problem?: ConfigProblem;
}

/**
 * Lints one document as `akslint scan <file>` does (the file named alone, with its module, variable and
 * parameter files and its config), reading open buffers instead of the files on disk.
 */
export class DocumentLinter {
  private readonly rules: readonly Rule[];
  private readonly syntaxCache = new SyntaxCache();
  /** Config file (or none) by the folder its search started from. */
  private readonly configFileByDir = new Map<string, string | undefined>();
  private readonly configs = new Map<string, ConfigEntry>();

  constructor(private readonly options: LinterOptions) {
    this.rules = options.rules ?? allRules();
  }

  /** Forget every config read: a config file changed on disk or in a buffer. */
  reloadConfigs(): void {
    this.configFileByDir.clear();
    this.configs.clear();
  }

  static isConfigFile(abs: string): boolean {
    return CONFIG_FILE_NAMES.includes(path.basename(abs));
  }

  /** Problems of the configs read so far, by config file (undefined: the file is fine). */
  configProblems(): Map<string, ConfigProblem | undefined> {
    return new Map([...this.configs].map(([file, entry]) => [file, entry.problem]));
  }

  async lint(abs: string, text: string, settings: { showUnknown: boolean }): Promise<LintOutcome> {
    const cwd = this.workingDirectory(abs);
    const display = displayPath(abs, cwd);
    const configFile = this.configFileFor(path.dirname(abs));
    const loaded = configFile ? this.configEntry(configFile, cwd).loaded : undefined;
    const config: AkslintConfig = loaded?.config ?? {};
    const outcome: LintOutcome = {
      diagnostics: [],
      shown: [],
      cwd,
      dependencies: new Set([abs]),
      configFile,
    };
    if (loaded && configIgnores(ignorePatternsFromConfig(loaded, cwd))(display)) return outcome;
    const refused = refusal(text, MAX_FILE_BYTES);
    if (refused) {
      outcome.diagnostics.push(errorDiagnostic({ file: display, line: 1, column: 1, message: refused }));
      return outcome;
    }
    const openBuffers = new Map<string, string>();
    for (const other of this.options.openFiles()) {
      const otherText = other === abs ? undefined : this.options.openText(other);
      if (otherText !== undefined && !refusal(otherText, MAX_FILE_BYTES))
        openBuffers.set(displayPath(other, cwd), otherText);
    }
    const report = await runScan({
      cwd,
      paths: [display],
      stdin: { path: display, text },
      varFiles: loaded ? pathsFromConfig(loaded, cwd, config.varFiles) : [],
      parameterFiles: loaded ? pathsFromConfig(loaded, cwd, config.parameterFiles) : [],
      showUnknown: true,
      rules: configureRules(this.rules, config.rules),
      requireReason: config.requireReason,
      reportUnusedSuppressions: config.reportUnusedSuppressions,
      openBuffers,
      onRead: (p) => outcome.dependencies.add(path.resolve(cwd, p)),
      syntaxCache: this.syntaxCache,
    });
    const diagnosticSettings = {
      severity: config.lsp?.severity,
      showUnknown: settings.showUnknown || config.showUnknown === true,
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

  private configFileFor(dir: string): string | undefined {
    if (this.configFileByDir.has(dir)) return this.configFileByDir.get(dir);
    const file = findConfigFile(
      dir,
      (candidate) => this.options.openText(candidate) ?? readIfFile(candidate),
    );
    this.configFileByDir.set(dir, file);
    return file;
  }

  private configEntry(file: string, cwd: string): ConfigEntry {
    const cached = this.configs.get(file);
    if (cached) return cached;
    const display = displayPath(file, cwd);
    const text = this.options.openText(file) ?? readIfFile(file);
    let entry: ConfigEntry;
    try {
      if (text === undefined) throw new ConfigError(`${display}: cannot read the configuration file`);
      entry = { loaded: { file, config: parseConfig(display, text, (name) => findRule(name)?.id) } };
    } catch (err) {
      entry = { problem: { file, diagnostic: configDiagnostic(display, err) } };
    }
    this.configs.set(file, entry);
    return entry;
  }
}

/** A config error names the file, and the line and column when the parser knows them. */
function configDiagnostic(display: string, err: unknown): Diagnostic {
  const raw = err instanceof Error ? err.message : String(err);
  const rest = raw.startsWith(display) ? raw.slice(display.length) : `: ${raw}`;
  const at = /^:(\d+):(\d+): ?([\s\S]*)$/.exec(rest);
  const line = at ? Number(at[1]) - 1 : 0;
  const character = at ? Number(at[2]) - 1 : 0;
  const message = (at ? at[3] : rest.replace(/^:\s*/, '')).trim();
  return {
    range: { start: { line, character }, end: { line, character } },
    severity: 1,
    code: 'config-error',
    source: SOURCE,
    message: `akslint configuration: ${message} (the default settings apply until it is fixed)`,
  };
}

function lineLengths(text: string): (line: number) => number {
  let lines: string[] | undefined;
  return (line) => (lines ??= text.split(/\r?\n/))[line]?.length ?? 0;
}

function readIfFile(abs: string): string | undefined {
  try {
    return fs.statSync(abs).isFile() ? fs.readFileSync(abs, 'utf8') : undefined;
  } catch {
    return undefined;
  }
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
