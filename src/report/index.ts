import type { ScanReport } from '../model';
import { formatJson } from './json';
import { formatStylish } from './stylish';

export interface ReportOptions {
  color: boolean;
  showSuppressed: boolean;
}

type Reporter = (report: ScanReport, opts: ReportOptions) => string;

export const REPORTERS: Record<string, Reporter> = {
  stylish: (r, o) => formatStylish(r, o),
  json: (r, o) => formatJson(r, o),
};

export const FORMAT_NAMES = Object.keys(REPORTERS);
