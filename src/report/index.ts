import type { ScanReport } from '../model';
import { formatCompact } from './compact';
import { formatGithub } from './github';
import { formatJson } from './json';
import { formatJunit } from './junit';
import { formatSarif } from './sarif';
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
