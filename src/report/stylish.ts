import type { FileError, Finding, ScanReport, Severity } from '../model';
import { findingNotes } from './notes';

export interface StylishOptions {
  color: boolean;
  showSuppressed?: boolean;
}

const SEVERITY_COLOR: Record<Severity, number> = { critical: 35, high: 31, medium: 33, low: 36, info: 90 };

/** ESLint-like: findings grouped by file, `line:col  severity  message  ruleId`, then a summary line. */
export function formatStylish(report: ScanReport, opts: StylishOptions): string {
  const paint = (code: number, text: string) => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const rows = new Map<string, { line: number; column: number; cells: string[] }[]>();
  const add = (file: string, line: number, column: number, cells: string[]) => {
    let list = rows.get(file);
    if (!list) rows.set(file, (list = []));
    list.push({ line, column, cells });
  };
  for (const e of report.errors) add(e.file, e.line, e.column, errorCells(e, paint));
  for (const f of report.findings) add(f.file, f.line, f.column, findingCells(f, paint));
  if (opts.showSuppressed) {
    for (const f of report.suppressed) {
      const why = f.suppression?.reason ? ` (suppressed: ${f.suppression.reason})` : ' (suppressed)';
      add(f.file, f.line, f.column, [
        `${f.line}:${f.column}`,
        paint(90, 'suppressed'),
        f.message + why,
        paint(90, f.ruleId),
      ]);
    }
  }

  const out: string[] = [];
  for (const file of [...rows.keys()].sort()) {
    const list = rows.get(file)!.sort((a, b) => a.line - b.line || a.column - b.column);
    out.push('', paint(4, file));
    const widths = [0, 0, 0];
    for (const r of list)
      for (let i = 0; i < 3; i++) widths[i] = Math.max(widths[i], visible(r.cells[i]).length);
    for (const r of list) {
      out.push(
        `  ${pad(r.cells[0], widths[0])}  ${pad(r.cells[1], widths[1])}  ${pad(r.cells[2], widths[2])}  ${r.cells[3]}`,
      );
    }
  }
  for (const s of report.skipped)
    out.push('', `${paint(90, 'skipped')} ${s.file}${s.line ? `:${s.line}` : ''}: ${s.message}`);
  out.push('', summaryLine(report, paint), '');
  return out.join('\n');
}

function findingCells(f: Finding, paint: (c: number, t: string) => string): string[] {
  const label = f.status === 'unknown' ? paint(90, 'unknown') : paint(SEVERITY_COLOR[f.severity], f.severity);
  let message = f.message;
  for (const note of findingNotes(f)) message += ` [${note}]`;
  if (f.fixRequiresRecreate && f.status === 'fail') message += ' [create-only: the fix recreates it]';
  if (f.expiredSuppression) message += ` [suppression expired ${f.expiredSuppression.until}]`;
  return [`${f.line}:${f.column}`, label, message, paint(90, f.ruleId)];
}

function errorCells(e: FileError, paint: (c: number, t: string) => string): string[] {
  return [`${e.line}:${e.column}`, paint(31, 'error'), e.message, paint(90, 'parse-error')];
}

function summaryLine(report: ScanReport, paint: (c: number, t: string) => string): string {
  const fails = report.findings.filter((f) => f.status === 'fail');
  const bySeverity = new Map<Severity, number>();
  for (const f of fails) bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1);
  const parts = (['critical', 'high', 'medium', 'low', 'info'] as const)
    .filter((s) => bySeverity.has(s))
    .map((s) => `${bySeverity.get(s)} ${s}`);
  const s = report.summary;
  const problems = fails.length + report.errors.length;
  const head =
    problems === 0
      ? paint(32, `✔ no problems`)
      : paint(
          31,
          `✖ ${plural(fails.length, 'finding')}${parts.length ? ` (${parts.join(', ')})` : ''}, ${plural(report.errors.length, 'error')}`,
        );
  const extra = [
    `${plural(s.filesScanned, 'file')} scanned`,
    `${plural(s.deployments, 'deployment')}`,
    `${plural(s.resources, 'resource')}`,
    s.fixed !== undefined ? `${plural(s.fixed, 'fix', 'fixes')} applied` : '',
    s.suppressed ? `${s.suppressed} suppressed` : '',
    s.unknown
      ? `${s.unknown} unknown${report.findings.some((f) => f.status === 'unknown') ? '' : ' (--show-unknown to list)'}`
      : '',
  ].filter(Boolean);
  return `${head}; ${extra.join(', ')}`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
function visible(s: string): string {
  return s.replace(ANSI, '');
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visible(s).length));
}
