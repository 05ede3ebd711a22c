// The public API of the akslint package (lib/akslint.cjs, built from src/index.ts). Kept true by
// test/api-types.ts, which the type check compiles against the implementation.

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface Suppression {
  kind: 'comment' | 'annotation' | 'baseline' | 'config';
  reason?: string;
  /** YYYY-MM-DD: the suppression holds through that day. */
  until?: string;
  file?: string;
  line?: number;
}

/** One text replacement: 1-based lines and columns (UTF-16 code units), end exclusive. */
export interface TextEdit {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

export interface Fix {
  title: string;
  safety: 'safe' | 'unsafe';
  unsafeReason?: string;
  edits: TextEdit[];
}

/** Where a value the finding read was written, in another file than the finding (a tfvars line). */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  /** `unknown`: the setting could not be resolved statically (listed only with showUnknown). */
  status: 'fail' | 'unknown';
  message: string;
  /** Relative to `cwd`, with forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  format: 'terraform' | 'bicep' | 'arm' | 'kubernetes';
  resource: { type: string; name: string; address: string };
  /** The fix is a setting chosen at creation: it means a new cluster. */
  fixRequiresRecreate: boolean;
  /** Parameter files or tfvars (or clusters) under which the finding holds, when only some of them. */
  contexts?: string[];
  /** The deployment of the resource it is about (several, comma-separated, for objects clusters share). */
  deployment?: string;
  /** Module call path. */
  via?: string[];
  /** Where the values it read were written, when in other files: a tfvars or parameter file, a variable default. */
  related?: RelatedLocation[];
  fixes?: Fix[];
  suppression?: Suppression;
  expiredSuppression?: Suppression;
}

export interface FileError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Something the scan deliberately did not read (a remote module, a Helm template). */
export interface SkipNote {
  file: string;
  line?: number;
  message: string;
}

/** What `akslint scan --format json` prints. */
export interface Report {
  tool: { name: 'akslint'; version: string };
  summary: {
    filesScanned: number;
    resources: number;
    /** Terraform roots, ARM/Bicep deployments, kustomizations, clusters and folders of manifests. */
    deployments: number;
    /**
     * The contexts each deployment was evaluated under (parameter files, tfvars sets, environments), for
     * the deployments that have any besides themselves; absent when none has.
     */
    contexts?: Record<string, string[]>;
    findings: number;
    suppressed: number;
    unknown: number;
    parseErrors: number;
    durationMs: number;
  };
  findings: Finding[];
  errors: FileError[];
  skipped: SkipNote[];
  /** Only with `showSuppressed`. */
  suppressed?: Finding[];
}

export interface ScanOptions {
  /** Folder the paths, the configuration search and the report's file names are relative to (default: process.cwd()). */
  cwd?: string;
  /** One configuration file for every scanned file, instead of each file's own (found from its folder upward). */
  config?: string;
  /** Terraform variable files, after terraform.tfvars and *.auto.tfvars. */
  varFiles?: string[];
  /** ARM / Bicep parameter files. */
  parameterFiles?: string[];
  /** List results that could not be decided. */
  showUnknown?: boolean;
  /** Add the suppressed findings, with their reasons. */
  showSuppressed?: boolean;
  /**
   * Threads that parse and evaluate a large scan (default: every core, `os.availableParallelism()`);
   * 1 keeps it in the calling thread. The report is the same whatever the number.
   */
  jobs?: number;
}

/**
 * `akslint scan PATHS --format json`, for programs: the same report object. Rejects with the CLI's
 * message when the configuration is invalid.
 */
export function scan(paths?: string | readonly string[], options?: ScanOptions): Promise<Report>;

/** The package version. */
export const VERSION: string;
