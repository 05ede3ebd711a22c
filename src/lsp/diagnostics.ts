import { pathToFileURL } from 'node:url';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range,
} from 'vscode-languageserver';
import type { FileError, Finding, Severity, SkipNote } from '../model';
import type { EditorSeverity } from '../engine/config';
import { ruleDocsUrl } from '../report/sarif';
import { INTERNAL_ERROR } from '../engine/run';

export const SOURCE = 'akslint';

const DEFAULT_SEVERITY: Record<Severity, EditorSeverity> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'information',
  info: 'hint',
};

const LSP_SEVERITY: Record<EditorSeverity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticSettings {
  /** Config `lsp.severity`: editor severity by finding severity. */
  severity?: Partial<Record<Severity, EditorSeverity>>;
  /** Client setting `akslint.showUnknown`: undecided results as hints, with the reason. */
  showUnknown: boolean;
  /** Absolute path of a display path (findings name files relative to the scan's working directory). */
  absolute: (file: string) => string;
  /** Length of a line (0-based) of the document. */
  lineLength: (line: number) => number;
}

/** A 1-based, end-exclusive source range as an LSP range (0-based; columns are UTF-16 units in both). */
export function toLspRange(r: { line: number; column: number; endLine: number; endColumn: number }): Range {
  const start = { line: Math.max(0, r.line - 1), character: Math.max(0, r.column - 1) };
  const end = { line: Math.max(0, r.endLine - 1), character: Math.max(0, r.endColumn - 1) };
  const backwards = end.line < start.line || (end.line === start.line && end.character < start.character);
  return { start, end: backwards ? start : end };
}

/**
 * A finding about a missing setting points at the whole block around it; underlining fifty lines hides
 * the code, so a range over several lines is shown on its first line (as tflint's server does).
 */
function firstLineOf(range: Range, lineLength: (line: number) => number): Range {
  if (range.end.line === range.start.line) return range;
  return { start: range.start, end: { line: range.start.line, character: lineLength(range.start.line) } };
}

/** Rule ids of real rules have a docs page; `akslint/…` ids are problems with suppressions. */
const hasDocs = (ruleId: string) => !ruleId.includes('/');

export function findingDiagnostic(f: Finding, settings: DiagnosticSettings): Diagnostic | undefined {
  if (f.status === 'unknown' && !settings.showUnknown) return undefined;
  const level = settings.severity?.[f.severity] ?? DEFAULT_SEVERITY[f.severity];
  let message = f.message;
  if (f.fixRequiresRecreate && f.status === 'fail') message += ' [create-only: the fix recreates it]';
  if (f.expiredSuppression) message += ` [suppression expired ${f.expiredSuppression.until}]`;
  const diagnostic: Diagnostic = {
    range: firstLineOf(toLspRange(f), settings.lineLength),
    severity: f.status === 'unknown' ? DiagnosticSeverity.Hint : LSP_SEVERITY[level],
    // Editors already know a crashed rule as `internal-error` (as a crashed lint is reported).
    code: f.ruleId === INTERNAL_ERROR ? 'internal-error' : f.ruleId,
    source: SOURCE,
    message: f.status === 'unknown' ? `Could not decide: ${message}` : message,
  };
  if (hasDocs(f.ruleId)) diagnostic.codeDescription = { href: ruleDocsUrl(f.ruleId) };
  const related = relatedInformation(f, settings);
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/**
 * What the message leaves out (as the text reports add it): the lines that supply the values it read
 * (a tfvars line, a parameter, a module input: SARIF's related locations), the parameter files or roots
 * the finding holds under, and the module call path, each pointing where it can.
 */
function relatedInformation(f: Finding, settings: DiagnosticSettings): DiagnosticRelatedInformation[] {
  const here = { uri: pathToFileURL(settings.absolute(f.file)).href, range: toLspRange(f) };
  const out: DiagnosticRelatedInformation[] = [];
  for (const r of f.related ?? [])
    out.push({
      location: { uri: pathToFileURL(settings.absolute(r.file)).href, range: toLspRange(r) },
      message: r.message,
    });
  for (const context of f.contexts ?? []) {
    out.push({
      location: {
        uri: pathToFileURL(settings.absolute(context)).href,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
      message: `only with ${context}`,
    });
  }
  if (f.via && f.via.length > 0) out.push({ location: here, message: `via ${f.via.join(' > ')}` });
  return out;
}

export function errorDiagnostic(e: FileError): Diagnostic {
  const internal = e.message.startsWith('internal error');
  return {
    range: toLspRange({ line: e.line, column: e.column, endLine: e.line, endColumn: e.column }),
    severity: DiagnosticSeverity.Error,
    code: internal ? 'internal-error' : 'parse-error',
    source: SOURCE,
    message: e.message,
  };
}

/** Something deliberately not read (a remote module, a kustomization's transforms): said once, softly. */
export function skipDiagnostic(s: SkipNote): Diagnostic {
  const line = Math.max(0, (s.line ?? 1) - 1);
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code: 'skipped',
    source: SOURCE,
    message: s.message,
  };
}
