import { jsonChunks } from './json-chunks';
import type { FileError, Finding, ScanReport, ScanSummary, SkipNote } from '../model';
import { jsonText } from './text';

export interface JsonOptions {
  showSuppressed?: boolean;
}

/** The JSON contract of DESIGN.md, as an object (the programmatic API returns it). */
export interface JsonReport {
  tool: ScanReport['tool'];
  summary: ScanSummary;
  findings: Finding[];
  errors: FileError[];
  skipped: SkipNote[];
  /** Only with `showSuppressed`. */
  suppressed?: Finding[];
}

/** tool, summary, findings, errors, skipped and, on request, suppressed. */
export function jsonReport(report: ScanReport, opts: JsonOptions = {}): JsonReport {
  const out: JsonReport = {
    tool: report.tool,
    summary: report.summary,
    findings: report.findings,
    errors: report.errors,
    skipped: report.skipped,
  };
  if (opts.showSuppressed) out.suppressed = report.suppressed;
  return out;
}

export function formatJson(report: ScanReport, opts: JsonOptions = {}): string {
  return jsonText(jsonReport(report, opts));
}

/** `formatJson`'s text in pieces, each finding one (the CLI writes them as they come). */
export function* jsonReportChunks(report: ScanReport, opts: JsonOptions = {}): Generator<string> {
  yield* jsonChunks(jsonReport(report, opts));
  yield '\n';
}
