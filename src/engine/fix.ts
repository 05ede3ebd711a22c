import type { Finding, Fix, ScanReport } from '../model';
import { applyFixes } from '../fix';
import { runScan, type ScanOptions } from './scan';

/** Fixes can enable others (an inserted block another rule then fills): at most this many scans apply fixes. */
export const MAX_FIX_PASSES = 10;

export interface FixRun {
  /** Apply unsafe fixes too. */
  unsafe: boolean;
  /** The text of a file as it is on disk. */
  readText(file: string): string | undefined;
}

export interface FixOutcome {
  /** The scan of the fixed files: what remains. */
  report: ScanReport;
  /** Fixes applied, over every pass. */
  fixed: number;
  /** Files changed: their text before the first pass and after the last. */
  changed: Map<string, { before: string; after: string }>;
  /** Unsafe fixes left unapplied in the last scan (when only safe ones were asked for). */
  unsafeLeft: number;
}

/**
 * Scan, apply the fixes of the failing findings in memory and scan again, as ESLint's --fix does, until
 * no fix applies or MAX_FIX_PASSES. Fixes that overlap one already applied wait for the next pass.
 * Nothing is written: the caller writes `changed` or prints it.
 */
export async function scanAndFix(opts: ScanOptions, run: FixRun): Promise<FixOutcome> {
  const texts = new Map<string, string>();
  const originals = new Map<string, string>();
  let fixed = 0;
  const current = (file: string) =>
    texts.get(file) ?? (opts.stdin?.path === file ? opts.stdin.text : run.readText(file));
  for (let pass = 0; ; pass++) {
    const stdin = opts.stdin && { ...opts.stdin, text: texts.get(opts.stdin.path) ?? opts.stdin.text };
    const report = await runScan({ ...opts, stdin, overrides: texts, fixes: true });
    const wanted = pass < MAX_FIX_PASSES ? fixesToApply(report.findings, run.unsafe) : [];
    const { texts: next, applied } = applyFixes(wanted, current);
    if (applied.length === 0) {
      const changed = new Map(
        [...originals].map(([file, before]) => [file, { before, after: texts.get(file)! }] as const),
      );
      for (const [file, { before, after }] of changed) if (before === after) changed.delete(file);
      report.summary = { ...report.summary, fixed };
      const unsafeLeft = report.findings.filter((f) => firstFix(f)?.safety === 'unsafe').length;
      return { report, fixed, changed, unsafeLeft: run.unsafe ? 0 : unsafeLeft };
    }
    for (const [file, text] of next) {
      if (!originals.has(file)) originals.set(file, current(file)!);
      texts.set(file, text);
    }
    fixed += applied.length;
  }
}

function firstFix(f: Finding): Fix | undefined {
  return f.status === 'fail' ? f.fixes?.[0] : undefined;
}

/** One fix per failing finding (its first), safe ones only unless unsafe ones are asked for. */
function fixesToApply(findings: readonly Finding[], unsafe: boolean): Fix[] {
  return findings.flatMap((f) => {
    const fix = firstFix(f);
    return fix && (unsafe || fix.safety === 'safe') ? [fix] : [];
  });
}
