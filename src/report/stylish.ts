import type { FileError, Finding, ScanReport, Severity } from '../model';
import { findingNotes } from './notes';
import { escapeControls, neutralizeCommandLines, oneLine, visibleWidth, wrapWords } from './text';

export interface StylishOptions {
  color: boolean;
  showSuppressed?: boolean;
  /** Columns to fit (default 100). */
  width?: number;
  /** Failures only: no skipped notes, and a summary only when something failed. */
  quiet?: boolean;
}

export const DEFAULT_WIDTH = 100;
/** Below this many columns beside the labels, a message goes on its own indented lines. */
const MIN_MESSAGE_WIDTH = 40;
const OWN_LINE_INDENT = '    ';

const SEVERITY_COLOR: Record<Severity, number> = { critical: 35, high: 31, medium: 33, low: 36, info: 90 };

interface Row {
  line: number;
  column: number;
  /** Location, label, rule id: the columns at the left. */
  cells: [string, string, string];
  message: string;
}

/**
 * ESLint-like: findings grouped by file, then a summary line. Each row keeps `line:col  severity  rule`
 * at the left and wraps its message beside them, so the rule id never floats in a wrapped line.
 */
export function formatStylish(report: ScanReport, opts: StylishOptions): string {
  const paint = (code: number, text: string) => (opts.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const width = Math.max(opts.width ?? DEFAULT_WIDTH, 20);
  const rows = new Map<string, Row[]>();
  const add = (file: string, row: Row) => {
    let list = rows.get(file);
    if (!list) rows.set(file, (list = []));
    list.push(row);
  };
  for (const e of report.errors) add(e.file, errorRow(e, paint));
  for (const f of report.findings) add(f.file, findingRow(f, paint));
  if (opts.showSuppressed && !opts.quiet) {
    for (const f of report.suppressed) {
      const why = f.suppression?.reason ? ` (suppressed: ${f.suppression.reason})` : ' (suppressed)';
      add(f.file, {
        line: f.line,
        column: f.column,
        cells: [`${f.line}:${f.column}`, paint(90, 'suppressed'), paint(90, f.ruleId)],
        message: f.message + why,
      });
    }
  }

  const out: string[] = [];
  for (const file of [...rows.keys()].sort()) {
    const list = rows.get(file)!.sort((a, b) => a.line - b.line || a.column - b.column);
    out.push('', paint(4, escapeControls(file)));
    const widths = [0, 1, 2].map((i) => Math.max(...list.map((r) => visibleWidth(r.cells[i]))));
    const left = 2 + widths.reduce((sum, w) => sum + w + 2, 0);
    const ownLine = width - left < MIN_MESSAGE_WIDTH;
    for (const r of list) {
      const labels = `  ${r.cells.map((c, i) => pad(c, widths[i])).join('  ')}`;
      const message = oneLine(r.message);
      if (ownLine) {
        out.push(labels.trimEnd());
        for (const l of wrapWords(message, width - OWN_LINE_INDENT.length)) out.push(OWN_LINE_INDENT + l);
        continue;
      }
      const [first, ...rest] = wrapWords(message, width - left);
      out.push(`${labels}  ${first}`);
      for (const l of rest) out.push(' '.repeat(left) + l);
    }
  }
  if (!opts.quiet) {
    for (const s of report.skipped)
      out.push(
        '',
        `${paint(90, 'skipped')} ${escapeControls(s.file)}${s.line ? `:${s.line}` : ''}: ${oneLine(s.message)}`,
      );
  }
  if (!opts.quiet) {
    // Which environments each deployment was checked in: a finding in only some of them names them.
    const contexts = Object.entries(report.summary.contexts ?? {});
    if (contexts.length > 0) out.push('');
    for (const [deployment, names] of contexts) {
      const [first, ...rest] = wrapWords(
        `${escapeControls(deployment)} with ${names.map(escapeControls).join(', ')}`,
        width - 'evaluated '.length,
      );
      out.push(
        `${paint(90, 'evaluated')} ${first}`,
        ...rest.map((l) => `${' '.repeat('evaluated '.length)}${l}`),
      );
    }
  }
  const problems = report.errors.length + report.findings.filter((f) => f.status === 'fail').length;
  if (!opts.quiet || problems > 0) {
    const [first, ...rest] = wrapWords(summaryLine(report, opts.quiet === true), width);
    out.push('', paint(problems === 0 ? 32 : 31, first), ...rest.map((l) => `  ${l}`), '');
  }
  return neutralizeCommandLines(out.join('\n'));
}

function findingRow(f: Finding, paint: (c: number, t: string) => string): Row {
  const label = f.status === 'unknown' ? paint(90, 'unknown') : paint(SEVERITY_COLOR[f.severity], f.severity);
  let message = f.message;
  for (const note of findingNotes(f)) message += ` [${note}]`;
  if (f.fixRequiresRecreate && f.status === 'fail') message += ' [create-only: the fix recreates it]';
  if (f.expiredSuppression) message += ` [suppression expired ${f.expiredSuppression.until}]`;
  return {
    line: f.line,
    column: f.column,
    cells: [`${f.line}:${f.column}`, label, paint(90, f.ruleId)],
    message,
  };
}

function errorRow(e: FileError, paint: (c: number, t: string) => string): Row {
  return {
    line: e.line,
    column: e.column,
    cells: [`${e.line}:${e.column}`, paint(31, 'error'), paint(90, 'parse-error')],
    message: e.message,
  };
}

function summaryLine(report: ScanReport, quiet: boolean): string {
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
      ? '✔ no problems'
      : `✖ ${plural(fails.length, 'finding')}${parts.length ? ` (${parts.join(', ')})` : ''}, ${plural(report.errors.length, 'error')}`;
  const extra = [
    `${plural(s.filesScanned, 'file')} scanned`,
    `${plural(s.deployments, 'deployment')}`,
    `${plural(s.resources, 'resource')}`,
    s.fixed !== undefined ? `${plural(s.fixed, 'fix', 'fixes')} applied` : '',
    s.suppressed ? `${s.suppressed} suppressed` : '',
    s.limitsReached
      ? `${plural(s.limitsReached, 'limit')} reached, so not all was checked (see skipped)`
      : '',
    s.unknown
      ? `${s.unknown} unknown${report.findings.some((f) => f.status === 'unknown') ? '' : ' (--show-unknown to list)'}`
      : '',
  ].filter(Boolean);
  return quiet ? head : `${head}; ${extra.join(', ')}`;
}

function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - visibleWidth(s)));
}
