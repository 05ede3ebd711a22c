import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ScanReport } from '../model';
import { unifiedDiff } from '../fix';
import { decodeText } from '../discover/decode';
import { scanAndFix } from '../engine/fix';
import { runScan, type ScanOptions } from '../engine/scan';

export interface FixFlags {
  fix?: boolean;
  'fix-unsafe'?: boolean;
  'fix-dry-run'?: boolean;
}

export function wantsFixes(flags: FixFlags): boolean {
  return Boolean(flags.fix || flags['fix-unsafe'] || flags['fix-dry-run']);
}

export interface ScanOutcome {
  report: ScanReport;
  /** With --fix-dry-run: the unified diff and its summary, printed instead of the report. */
  dryRun?: string;
}

/**
 * `scan`, or with --fix / --fix-unsafe `scan`, fix, re-scan (writing the fixed files), or with
 * --fix-dry-run the same in memory, returning the diff.
 */
export async function scanOrFix(flags: FixFlags, opts: ScanOptions): Promise<ScanOutcome> {
  if (!wantsFixes(flags)) return { report: await runScan(opts) };
  const outcome = await scanAndFix(opts, {
    unsafe: Boolean(flags['fix-unsafe']),
    readText: (file) => {
      try {
        return decodeText(fs.readFileSync(path.resolve(opts.cwd, file)));
      } catch {
        return undefined;
      }
    },
  });
  const files = [...outcome.changed.keys()].sort();
  if (flags['fix-dry-run']) {
    const diff = files.map((f) =>
      unifiedDiff(f, outcome.changed.get(f)!.before, outcome.changed.get(f)!.after),
    );
    const remaining = outcome.report.summary.findings;
    const more =
      outcome.unsafeLeft > 0
        ? `; ${plural(outcome.unsafeLeft, 'unsafe fix', 'unsafe fixes')} more with --fix-unsafe`
        : '';
    const summary = `${plural(outcome.fixed, 'fix', 'fixes')} would be applied in ${plural(files.length, 'file')}; ${plural(remaining, 'finding')} would remain${more}\n`;
    return { report: outcome.report, dryRun: diff.join('') + summary };
  }
  for (const file of files) {
    const target = path.resolve(opts.cwd, file);
    fs.writeFileSync(target, encodedLike(fs.readFileSync(target), outcome.changed.get(file)!.after));
  }
  return { report: outcome.report };
}

/** The fixed text in the encoding of the file it replaces (its UTF-8 or UTF-16 byte order mark kept). */
function encodedLike(original: Buffer, text: string): Buffer {
  if (original[0] === 0xef && original[1] === 0xbb && original[2] === 0xbf)
    return Buffer.concat([original.subarray(0, 3), Buffer.from(text, 'utf8')]);
  if (original[0] === 0xff && original[1] === 0xfe)
    return Buffer.concat([original.subarray(0, 2), Buffer.from(text, 'utf16le')]);
  if (original[0] === 0xfe && original[1] === 0xff)
    return Buffer.concat([original.subarray(0, 2), Buffer.from(text, 'utf16le').swap16()]);
  return Buffer.from(text, 'utf8');
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
