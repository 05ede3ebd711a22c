import type {
  Finding,
  Format,
  RelatedLocation,
  Resource,
  Severity,
  SourceRange,
  TextEdit,
} from '../src/model';
import type { Fixer } from '../src/fix';
import type { ResourceGraph } from '../src/graph/graph';
import type { View, ViewInstance } from '../src/views/view';
import type { Reading, Unresolved } from '../src/views/reading';
import { unknownMessage } from './lib';

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
  /** The rule offers fixes: what they do and when they are offered. */
  fix?: FixMeta;
  tags?: string[];
}

export interface FixMeta {
  /** What the fix writes, per case: "Sets local_account_disabled = true, inserting it when absent." */
  description: string;
  /**
   * Why the fix is unsafe, when it can be (it can stop a running workload from starting). A fix of a
   * create-only setting is always unsafe: it recreates the cluster.
   */
  unsafe?: string;
  /** When the fix is unsafe only in some cases (the rule says which), why it then is. */
  unsafeWhen?: string;
}

/** A fix a rule offers with a report: its edits come from the fixer (undefined when it cannot build them). */
export interface ReportFix {
  title: string;
  edits: TextEdit[] | undefined;
  /** Whether this fix is unsafe; by default, when the rule's metadata says fixes can be, or it is create-only. */
  unsafe?: boolean;
}

interface ReportBase {
  range: SourceRange;
  message: string;
  /** The resource the finding belongs to, when not the view's own. */
  resource?: Resource;
  /**
   * Ranges of the other settings the result depends on (a rule that checks one setting only when
   * another allows it): where their values were written counts as where the finding's were.
   */
  dependsOn?: SourceRange[];
  fix?: ReportFix;
  /**
   * The finding's related locations, when the rule names them itself (AKS901: the value of each
   * environment), instead of the lines that supply the values read at `range`.
   */
  related?: RelatedLocation[];
  /** The severity of this finding, when the rule's depends on the case (AKS901 for a weaker prod). */
  severity?: Severity;
}

/**
 * A finding: a failure, or a result that could not be decided. An undecided result names the value
 * that could not be resolved (`because`), or undefined when the doubt is not a value (code the scan
 * could not read): the engine drops those caused by an invalid expression, which the loader already
 * reported as an error.
 */
export type Report =
  (ReportBase & { status?: 'fail' }) | (ReportBase & { status: 'unknown'; because: Unresolved | undefined });

export interface CheckContext {
  graph: ResourceGraph;
  /** Builds fixes as text edits in the syntax of the file they change. */
  fixer: Fixer;
  report(report: Report): void;
}

export interface Rule<V extends ViewInstance = ViewInstance> extends RuleMeta {
  view: View<V>;
  /**
   * The types of resources the rule finds in `ctx.graph` besides its view's instances (K8S201 looks up
   * the ServiceAccount a pod runs as). A folder of manifests checked part by part (engine/batches.ts)
   * gives each part's graph every resource of these types; views that select them are `acrossObjects`.
   */
  looksUp?: readonly string[];
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
  /** The fix of a failing reading, when the rule has one. */
  fix?(reading: Reading<T>): ReportFix | undefined;
}

/**
 * The common shape of a setting rule: pass when acceptable, fail when not,
 * unknown (never a guess) when the value could not be resolved.
 */
export function expectReading<T>(ctx: CheckContext, reading: Reading<T>, opts: ExpectOptions<T>): void {
  if (reading.state === 'unknown') {
    reportUnknown(ctx, reading);
    return;
  }
  if (!opts.ok(reading.value, reading))
    ctx.report({
      range: reading.range,
      message: opts.fail(reading),
      dependsOn: opts.dependsOn,
      fix: opts.fix?.(reading),
    });
}

/** Report a setting that could not be resolved, where it is written, saying what was unresolved. */
export function reportUnknown(ctx: CheckContext, reading: Unresolved): void {
  ctx.report({ status: 'unknown', range: reading.range, message: unknownMessage(reading), because: reading });
}
