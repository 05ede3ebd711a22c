import {
  compareErrors,
  compareNotes,
  mergeFindings,
  severityRank,
  uniqueBy,
  uniqueErrors,
  uniqueNotes,
  type ScanReport,
  type ScanSummary,
  type Severity,
} from '../model';
import type { JsonReport } from './json';

/**
 * The reports of the shards of one scan (`scan --shard i/n`, `--format json`) as the report of the
 * whole scan: findings, errors and notes of every shard in the order a full scan gives them, counts
 * added up, the duration of the slowest shard. A finding two shards both met (a file both read) is
 * told once, naming every deployment it holds in. `failOn` decides which findings fail the run: the
 * per-file thresholds of configuration files are not in the JSON reports.
 */
export function mergeJsonReports(reports: readonly JsonReport[], failOn: Severity | 'none'): ScanReport {
  const findings = mergeFindings(reports.flatMap((r) => r.findings));
  const suppressed = mergeFindings(reports.flatMap((r) => r.suppressed ?? []));
  const errors = uniqueErrors(reports.flatMap((r) => r.errors)).sort(compareErrors);
  const skipped = uniqueNotes(reports.flatMap((r) => r.skipped)).sort(compareNotes);
  type Count = {
    [K in keyof ScanSummary]-?: ScanSummary[K] extends number | undefined ? K : never;
  }[keyof ScanSummary];
  const sum = (key: Count) => reports.reduce((n, r) => n + (r.summary[key] ?? 0), 0);
  // Each deployment is in one part: its contexts come from that part's report.
  const contexts = Object.fromEntries(
    reports
      .flatMap((r) => Object.entries(r.summary.contexts ?? {}))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const fixed = sum('fixed');
  // A file several shards read (a variable file every root reads) is counted once.
  const shared = reports.flatMap((r) => r.summary.sharedFiles ?? []);
  const filesScanned = sum('filesScanned') - shared.length + new Set(shared).size;
  const summary: ScanSummary = {
    filesScanned,
    resources: sum('resources'),
    deployments: sum('deployments'),
    ...(Object.keys(contexts).length > 0 ? { contexts } : {}),
    findings: findings.filter((f) => f.status === 'fail').length,
    suppressed: suppressed.length,
    // Unknown results are counted whether listed or not (--show-unknown): each shard counted its own.
    unknown: sum('unknown'),
    parseErrors: errors.length,
    durationMs: Math.max(0, ...reports.map((r) => r.summary.durationMs)),
    limitsReached: skipped.filter((s) => s.limit).length,
    ...(fixed > 0 ? { fixed } : {}),
  };
  const failing = findings.filter(
    (f) => f.status === 'fail' && failOn !== 'none' && severityRank(f.severity) >= severityRank(failOn),
  ).length;
  return {
    tool: reports[0].tool,
    summary,
    findings,
    suppressed,
    errors,
    skipped,
    failOn,
    failing,
  };
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; version?: string; rules?: Array<{ id: string }> } };
    invocations?: Array<{ executionSuccessful?: boolean; toolExecutionNotifications?: unknown[] }>;
    results?: SarifResult[];
    [key: string]: unknown;
  }>;
  [key: string]: unknown;
}

interface SarifResult {
  ruleId: string;
  ruleIndex?: number;
  locations?: Array<{
    physicalLocation?: {
      artifactLocation?: { uri?: string };
      region?: { startLine?: number; startColumn?: number };
    };
  }>;
  properties?: { resource?: string };
  [key: string]: unknown;
}

/**
 * SARIF logs of the shards of one scan as one log with one run: every rule descriptor once, the
 * results of every shard once each, in the order one scan writes them (file, line, column, rule,
 * resource), the notifications of every shard. The first log gives the rest (tool, base folder).
 */
export function mergeSarifLogs(logs: readonly SarifLog[]): SarifLog {
  const runs = logs.flatMap((l) => l.runs);
  const first = runs[0];
  const rules: Array<{ id: string }> = [];
  const ruleIndex = new Map<string, number>();
  for (const run of runs) {
    for (const rule of run.tool.driver.rules ?? []) {
      if (ruleIndex.has(rule.id)) continue;
      ruleIndex.set(rule.id, rules.length);
      rules.push(rule);
    }
  }
  const results = uniqueBy(
    runs.flatMap((r) => r.results ?? []),
    (r) => JSON.stringify(r),
  )
    .map((r, order) => ({ r, order }))
    .sort((a, b) => compareResults(a.r, b.r) || a.order - b.order)
    .map(({ r }) => (ruleIndex.has(r.ruleId) ? { ...r, ruleIndex: ruleIndex.get(r.ruleId) } : r));
  const notifications = uniqueBy(
    runs.flatMap((r) => r.invocations?.flatMap((i) => i.toolExecutionNotifications ?? []) ?? []),
    (n) => JSON.stringify(n),
  );
  const invocation = first.invocations?.[0] ?? {};
  return {
    ...logs[0],
    runs: [
      {
        ...first,
        tool: { ...first.tool, driver: { ...first.tool.driver, rules } },
        invocations: [
          {
            ...invocation,
            executionSuccessful: runs.every((r) =>
              r.invocations?.every((i) => i.executionSuccessful !== false),
            ),
            toolExecutionNotifications: notifications,
          },
        ],
        results,
      },
    ],
  };
}

function compareResults(a: SarifResult, b: SarifResult): number {
  const where = (r: SarifResult) => {
    const p = r.locations?.[0]?.physicalLocation;
    return {
      uri: p?.artifactLocation?.uri ?? '',
      line: p?.region?.startLine ?? 0,
      column: p?.region?.startColumn ?? 0,
    };
  };
  const [x, y] = [where(a), where(b)];
  const text = (s: string, t: string) => (s < t ? -1 : s > t ? 1 : 0);
  return (
    text(x.uri, y.uri) ||
    x.line - y.line ||
    x.column - y.column ||
    text(a.ruleId, b.ruleId) ||
    text(a.properties?.resource ?? '', b.properties?.resource ?? '')
  );
}

/** Whether a parsed file is a SARIF log (else it should be an akslint JSON report). */
export function isSarifLog(value: unknown): value is SarifLog {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as SarifLog).runs) &&
    (value as SarifLog).runs.every((r) => typeof r?.tool?.driver?.name === 'string')
  );
}

/** Whether a parsed file is an akslint JSON report (`scan --format json`). */
export function isJsonReport(value: unknown): value is JsonReport {
  const r = value as JsonReport;
  return (
    typeof value === 'object' &&
    value !== null &&
    r.tool?.name === 'akslint' &&
    typeof r.summary === 'object' &&
    Array.isArray(r.findings) &&
    Array.isArray(r.errors) &&
    Array.isArray(r.skipped)
  );
}
