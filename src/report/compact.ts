import type { ScanReport } from '../model';
import { findingNotes, unevaluatedClusters, unevaluatedMessage } from './notes';
import { escapeControls, neutralizeCommandLines, oneLine } from './text';

export interface CompactOptions {
  showSuppressed?: boolean;
}

/** One line per finding, `file:line:col: severity message [rule]`, as editors and grep read it. */
export function formatCompact(report: ScanReport, opts: CompactOptions = {}): string {
  const rows: Array<{ file: string; line: number; column: number; text: string }> = [];
  for (const e of report.errors)
    rows.push({
      ...e,
      text: `${escapeControls(e.file)}:${e.line}:${e.column}: error ${oneLine(e.message)} [parse-error]`,
    });
  for (const f of report.findings) {
    const label = f.status === 'unknown' ? 'unknown' : f.severity;
    const expired = f.expiredSuppression ? ` (suppression expired ${f.expiredSuppression.until})` : '';
    const notes = findingNotes(f)
      .map((n) => ` [${n}]`)
      .join('');
    rows.push({
      ...f,
      text: `${escapeControls(f.file)}:${f.line}:${f.column}: ${label} ${oneLine(f.message + notes + expired)} [${f.ruleId}]`,
    });
  }
  if (opts.showSuppressed) {
    for (const f of report.suppressed) {
      const why = f.suppression?.reason ? `: ${f.suppression.reason}` : '';
      rows.push({
        ...f,
        text: `${escapeControls(f.file)}:${f.line}:${f.column}: suppressed ${oneLine(f.message)} (${f.suppression?.kind ?? 'suppressed'}${oneLine(why)}) [${f.ruleId}]`,
      });
    }
  }
  for (const s of unevaluatedClusters(report))
    rows.push({
      file: s.file,
      line: s.line ?? 1,
      column: s.column ?? 1,
      text: `${escapeControls(s.file)}:${s.line ?? 1}:${s.column ?? 1}: not-read ${oneLine(unevaluatedMessage(s))} [unevaluated-module]`,
    });
  // A limit that stopped work is not a finding, but a reader of this list must know the list is partial.
  for (const note of report.skipped.filter((n) => n.limit)) {
    rows.push({
      file: note.file,
      line: note.line ?? 1,
      column: 1,
      text: `${escapeControls(note.file)}:${note.line ?? 1}:1: warning ${oneLine(note.message)} [limit-reached]`,
    });
  }
  rows.sort((a, b) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column,
  );
  return neutralizeCommandLines(rows.map((r) => r.text + '\n').join(''));
}
