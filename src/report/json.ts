import type { ScanReport } from '../model';

export interface JsonOptions {
  showSuppressed?: boolean;
}

/** The JSON contract of DESIGN.md: tool, summary, findings, errors (plus skipped and, on request, suppressed). */
export function formatJson(report: ScanReport, opts: JsonOptions = {}): string {
  const out: Record<string, unknown> = {
    tool: report.tool,
    summary: report.summary,
    findings: report.findings,
    errors: report.errors,
    skipped: report.skipped,
  };
  if (opts.showSuppressed) out.suppressed = report.suppressed;
  return JSON.stringify(out, null, 2) + '\n';
}
