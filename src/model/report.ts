import type { Finding, Severity } from './finding';
import type { FileError, SkipNote } from './resource';

export interface ScanSummary {
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
  /** Skipped notes where a limit stopped work (listed in `skipped` with `limit: true`). */
  limitsReached: number;
  /** Fixes applied (scan --fix): the other counts are those of the scan after fixing. */
  fixed?: number;
  /**
   * `--shard`: the files counted in filesScanned that are no entry of the shard's own groups (a variable
   * or parameter file every root reads): another shard may count them too; `akslint merge` counts each once.
   */
  sharedFiles?: string[];
}

/** Everything a reporter needs; reporters never call the engine. */
export interface ScanReport {
  tool: { name: 'akslint'; version: string };
  summary: ScanSummary;
  /** Failing findings, plus unknown ones when asked for (`--show-unknown`). Sorted. */
  findings: Finding[];
  /** Suppressed findings (counted always; listed with `--show-suppressed`). */
  suppressed: Finding[];
  errors: FileError[];
  skipped: SkipNote[];
  /** The severity threshold of the command line (configuration files may set one per file); none: findings never fail. */
  failOn: Severity | 'none';
  /** Findings that fail the run: at or above the failOn threshold of their file. */
  failing: number;
  /** Module calls that build a cluster and were not read, that fail the run (--fail-on-unevaluated). */
  failingUnevaluated?: number;
}
