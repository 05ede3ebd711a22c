import type { ScanReport } from '../model';
import { formatCompact } from './compact';
import { formatGithub } from './github';
import { formatJson, jsonReportChunks } from './json';
import { formatJunit } from './junit';
import { formatSarif, sarifChunks } from './sarif';
import { formatStylish } from './stylish';

export interface ReportOptions {
  color: boolean;
  showSuppressed: boolean;
}

type Reporter = (report: ScanReport, opts: ReportOptions) => string;

export const REPORTERS: Record<string, Reporter> = {
  stylish: (r, o) => formatStylish(r, o),
  json: (r, o) => formatJson(r, o),
  sarif: (r, o) => formatSarif(r, o),
  junit: (r, o) => formatJunit(r, o),
  github: (r, o) => formatGithub(r, o),
  compact: (r, o) => formatCompact(r, o),
};

export const FORMAT_NAMES = Object.keys(REPORTERS);

/** The formats that print findings' fixes (JSON writes findings whole, SARIF as `fixes`); the others show none. */
export const FORMATS_WITH_FIXES: readonly string[] = ['json', 'sarif'];

/**
 * A report's text in pieces: JSON and SARIF, which can run to hundreds of megabytes, come finding by
 * finding and are never built whole; the others are one piece.
 */
export function reportChunks(format: string, report: ScanReport, opts: ReportOptions): Iterable<string> {
  if (format === 'json') return jsonReportChunks(report, opts);
  if (format === 'sarif') return sarifChunks(report, opts);
  return [REPORTERS[format](report, opts)];
}
