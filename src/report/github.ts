import type { Finding, ScanReport, Severity } from '../model';
import { escapeControlsButLineBreaks } from './text';
import { findingNotes, unevaluatedClusters, unevaluatedMessage } from './notes';

export interface GithubOptions {
  showSuppressed?: boolean;
}

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'warning',
  info: 'notice',
};

/** Workflow-command data: % and line breaks are escaped (toolkit `escapeData`). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values: also `:` and `,`, which separate properties (toolkit `escapeProperty`). */
export function escapeProperty(s: string): string {
  return escapeData(escapeControlsButLineBreaks(s)).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(name: string, props: Array<[string, string | number | undefined]>, message: string): string {
  const list = props
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${list ? ` ${list}` : ''}::${escapeData(escapeControlsButLineBreaks(message))}`;
}

/** GitHub Actions annotations: one workflow command per finding and per file error. */
export function formatGithub(report: ScanReport, opts: GithubOptions = {}): string {
  const lines: string[] = [];
  for (const e of report.errors) {
    lines.push(
      command(
        'error',
        [
          ['file', e.file],
          ['line', e.line],
          ['col', e.column],
          ['title', 'akslint: parse error'],
        ],
        e.message,
      ),
    );
  }
  for (const f of report.findings) lines.push(findingCommand(f));
  if (opts.showSuppressed) {
    for (const f of report.suppressed) {
      const why = f.suppression?.reason ? `: ${f.suppression.reason}` : '';
      lines.push(
        command(
          'notice',
          locationProps(f, `${f.ruleId} suppressed (${f.suppression?.kind ?? 'suppressed'})`),
          `${f.message} (suppressed${why})`,
        ),
      );
    }
  }
  const unevaluated = unevaluatedClusters(report);
  for (const n of unevaluated)
    lines.push(
      command(
        'warning',
        [
          ['file', n.file],
          ['line', n.line],
          ['col', n.column],
          ['title', 'akslint: module not read'],
        ],
        unevaluatedMessage(n),
      ),
    );
  const s = report.summary;
  const notRead =
    unevaluated.length > 0
      ? `, ${unevaluated.length} cluster module${unevaluated.length === 1 ? '' : 's'} not read`
      : '';
  for (const note of report.skipped.filter((n) => n.limit)) {
    lines.push(
      command(
        'warning',
        [
          ['file', note.file],
          ['line', note.line],
          ['title', 'akslint limit reached'],
        ],
        note.message,
      ),
    );
  }
  const limits = s.limitsReached
    ? `, ${s.limitsReached} limit${s.limitsReached === 1 ? '' : 's'} reached`
    : '';
  lines.push(
    `akslint: ${s.findings} finding${s.findings === 1 ? '' : 's'}, ${s.suppressed} suppressed, ${s.parseErrors} error${s.parseErrors === 1 ? '' : 's'} in ${s.filesScanned} file${s.filesScanned === 1 ? '' : 's'}${notRead}${limits}`,
  );
  return lines.join('\n') + '\n';
}

function findingCommand(f: Finding): string {
  const name = f.status === 'unknown' ? 'notice' : COMMAND[f.severity];
  const title =
    f.status === 'unknown' ? `${f.ruleId} (unknown) ${f.title}` : `${f.ruleId} (${f.severity}) ${f.title}`;
  let message = f.message;
  for (const note of findingNotes(f)) message += ` [${note}]`;
  if (f.fixRequiresRecreate && f.status === 'fail') message += ' [fix recreates the cluster]';
  if (f.expiredSuppression)
    message += ` [suppression at line ${f.expiredSuppression.line} expired ${f.expiredSuppression.until}]`;
  return command(name, locationProps(f, title), message);
}

function locationProps(f: Finding, title: string): Array<[string, string | number | undefined]> {
  const multiLine = f.endLine > f.line;
  return [
    ['file', f.file],
    ['line', f.line],
    ['endLine', f.endLine],
    // GitHub ignores columns on annotations that span lines.
    ['col', multiLine ? undefined : f.column],
    ['endColumn', multiLine ? undefined : f.endColumn],
    ['title', title],
  ];
}
