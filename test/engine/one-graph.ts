import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runScan, type ScanOptions } from '../../src/engine/scan';
import { REPORTERS } from '../../src/report';
import type { ScanReport } from '../../src/model';

/** Every format's text of a report (suppressed findings shown), its timing left out. */
export function rendered(report: ScanReport): Record<string, string> {
  const timeless = { ...report, summary: { ...report.summary, durationMs: 0 } };
  return Object.fromEntries(
    Object.entries(REPORTERS).map(([name, format]) => [
      name,
      format(timeless, { color: false, showSuppressed: true }),
    ]),
  );
}

/**
 * The scan group by group (and a large group of manifests in parts, as `opts.parallel` says), and as
 * one graph of every unit: the same report in every format.
 */
export async function expectGroupsAsOneGraph(opts: ScanOptions): Promise<ScanReport> {
  const groups = await runScan(opts);
  const one = await runScan({ ...opts, parallel: { ...opts.parallel, oneGroup: true } });
  expect(rendered(groups)).toEqual(rendered(one));
  return groups;
}

/** A temporary folder holding these files (relative path -> text). */
export function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-groups-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
