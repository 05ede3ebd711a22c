import type { Finding, FindingStatus, Format, Resource, Severity, SourceRange } from '../src/model';
import type { ResourceGraph } from '../src/graph/graph';
import type { View, ViewInstance } from '../src/views/view';
import type { Reading } from '../src/views/reading';

export interface RuleMeta {
  /** Stable forever: AKS101, K8S101. */
  id: string;
  /** kebab-case name; old slugs stay as aliases. */
  slug: string;
  aliases?: string[];
  title: string;
  severity: Severity;
  /** One sentence: what the rule checks. */
  description: string;
  /** Why it matters. */
  rationale: string;
  /** How to fix it, one short snippet per format the view supports. */
  remediation: Partial<Record<Format, string>>;
  references: string[];
  /** The setting can only be chosen at creation (Terraform forces replacement): the fix means a new cluster. */
  fixRequiresRecreate: boolean;
  tags?: string[];
}

export interface Report {
  status?: FindingStatus;
  range: SourceRange;
  message: string;
  /** The resource the finding belongs to, when not the view's own. */
  resource?: Resource;
  /**
   * Ranges of the other settings the result depends on (a rule that checks one setting only when
   * another allows it): where their values were written counts as where the finding's were.
   */
  dependsOn?: SourceRange[];
}

export interface CheckContext {
  graph: ResourceGraph;
  report(report: Report): void;
}

export interface Rule<V extends ViewInstance = ViewInstance> extends RuleMeta {
  view: View<V>;
  check(view: V, ctx: CheckContext): void;
}

export function defineRule<V extends ViewInstance>(rule: Rule<V>): Rule<V> {
  return rule;
}

/** Anything with a `ruleId` is a finding; exported so tests and reporters share one shape. */
export type { Finding };

export interface ExpectOptions<T> {
  /** Whether the value (or the platform default, when absent) is acceptable. */
  ok(value: T | undefined, reading: Reading<T>): boolean;
  /** The failure message: what is wrong, why it matters, what to do. */
  fail(reading: Reading<T>): string;
  /** Ranges of the other settings the result depends on (see Report). */
  dependsOn?: SourceRange[];
}

/**
 * The common shape of a setting rule: pass when acceptable, fail when not,
 * unknown (never a guess) when the value could not be resolved.
 */
export function expectReading<T>(ctx: CheckContext, reading: Reading<T>, opts: ExpectOptions<T>): void {
  if (reading.state === 'unknown') {
    ctx.report({ status: 'unknown', range: reading.range, message: unknownMessage(reading) });
    return;
  }
  if (!opts.ok(reading.value, reading))
    ctx.report({ range: reading.range, message: opts.fail(reading), dependsOn: opts.dependsOn });
}

export function unknownMessage(reading: Extract<Reading<unknown>, { state: 'unknown' }>): string {
  // An unknown with no source text stands for a default that depends on something unresolved.
  if (reading.source === '') return `${reading.attribute} ${reading.reason}`;
  return `${reading.attribute} = ${reading.source} could not be resolved: ${reading.reason}`;
}
