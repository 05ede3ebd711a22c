import { compareRanges, sameRange } from './range';
import type { Format } from './resource';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function severityRank(s: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(s);
}

export type FindingStatus = 'fail' | 'unknown';

export interface Suppression {
  kind: 'comment' | 'annotation' | 'baseline' | 'config';
  reason?: string;
  until?: string;
  file?: string;
  line?: number;
}

/**
 * One text replacement in a scanned file: the range (1-based lines and columns in UTF-16 code units,
 * end exclusive, as SourceRange) becomes `newText`. An insertion has an empty range.
 */
export interface TextEdit {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  newText: string;
}

/**
 * A fix a rule offers for one finding. `safe` fixes are applied by `scan --fix` and on save; `unsafe`
 * ones (the fix recreates the cluster, or can stop a running workload from starting) only on request.
 */
export interface Fix {
  /** What the fix does, imperative: "Set local_account_disabled = true". */
  title: string;
  safety: 'safe' | 'unsafe';
  /** Why an unsafe fix is unsafe. */
  unsafeReason?: string;
  edits: TextEdit[];
}

/** Another place a finding depends on, as SARIF's relatedLocations: the line that supplies a value it read. */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

/** The related location of a finding moved out of a module `terraform init` installed: the module's line. */
export const moduleLocationMessage = (source: string, file: string, line: number): string =>
  `in module source ${source} at ${file}:${line}`;

export function isModuleLocation(r: RelatedLocation): boolean {
  return r.message.startsWith('in module source ');
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  status: FindingStatus;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  format: Format;
  resource: { type: string; name: string; address: string };
  fixRequiresRecreate: boolean;
  /** Parameter files (or clusters) under which the finding holds, when only some of them. */
  contexts?: string[];
  /** The deployment of the resource it is about (several, comma-separated, for objects clusters share). */
  deployment?: string;
  /** Module call path. */
  via?: string[];
  /**
   * Where the values the finding read were written, when in another file than the finding: a tfvars
   * or parameter file, a variable default, a module call's argument.
   */
  related?: RelatedLocation[];
  /** Text edits that resolve the finding, when the rule has a fix for this case. */
  fixes?: Fix[];
  suppression?: Suppression;
  /** A suppression that existed but has expired: the finding is back, with this note. */
  expiredSuppression?: Suppression;
}

export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.resource.address < b.resource.address ? -1 : a.resource.address > b.resource.address ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/**
 * Findings of parts of one scan (the groups of its units, the reports of `--shard`) as the findings of
 * the whole: a finding two parts both met (a file both read) is told once, with the related locations
 * and deployments of each. Sorted.
 */
export function mergeFindings(all: readonly Finding[]): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const f of all) {
    const key = [f.ruleId, f.status, f.file, f.line, f.column, f.resource.address, f.message].join('\u0000');
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, f);
      continue;
    }
    const merged: Finding = { ...seen };
    for (const r of f.related ?? []) {
      if (merged.related?.some((known) => sameRange(known, r))) continue;
      merged.related = [...(merged.related ?? []), r].sort(compareRanges);
    }
    if (f.deployment !== undefined && merged.deployment !== undefined) {
      const names = new Set([...merged.deployment.split(', '), ...f.deployment.split(', ')]);
      merged.deployment = [...names].sort().join(', ');
    }
    byKey.set(key, merged);
  }
  return [...byKey.values()].sort(compareFindings);
}
