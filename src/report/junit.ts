import type { Finding, ScanReport, SkipNote } from '../model';
import { findingNotes, unevaluatedClusters, unevaluatedMessage } from './notes';
import { escapeControlsButLineBreaks, neutralizeCommandLines } from './text';

export interface JunitOptions {
  showSuppressed?: boolean;
}

/**
 * XML 1.0 text: the five predefined entities escaped; line breaks and tabs as character references, so
 * that scanned content (a manifest value, a file name) can never start a line of the printed report (a
 * CI runner reads `::error::` at a line start as a command); other control characters as visible
 * `\uXXXX`, and lone surrogates, which XML cannot carry, dropped.
 */
export function escapeXml(s: string): string {
  return escapeControlsButLineBreaks(s)
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/\t/g, '&#9;');
}

/** Lines of the report's own text, each escaped: only the line breaks between them are printed as such. */
function escapeXmlLines(lines: readonly string[]): string {
  return neutralizeCommandLines(lines.map(escapeXml).join('\n'));
}

interface Case {
  file: string;
  ruleId: string;
  resource: string;
  title: string;
  line: number;
  failures: Finding[];
  skipped: Finding[];
  errors: Array<{ line: number; column: number; message: string }>;
  /** A module call that builds a cluster and was not read. */
  notRead?: string;
  /** Limits that stopped work in this file: a skipped case, so a partial scan is not a clean one. */
  limits: SkipNote[];
}

/**
 * JUnit XML for CI test tabs: a suite per file, a test case per rule and resource (all its findings
 * in one failure), suppressed and undecided results as skipped, unreadable files as errors.
 */
export function formatJunit(report: ScanReport, _opts: JunitOptions = {}): string {
  const cases = new Map<string, Case>();
  const caseFor = (file: string, ruleId: string, resource: string, title: string, line: number) => {
    const key = [file, ruleId, resource].join('\u0000');
    let c = cases.get(key);
    if (!c)
      cases.set(
        key,
        (c = { file, ruleId, resource, title, line, failures: [], skipped: [], errors: [], limits: [] }),
      );
    c.line = Math.min(c.line, line);
    return c;
  };
  for (const f of report.findings) {
    const c = caseFor(f.file, f.ruleId, f.resource.address, f.title, f.line);
    (f.status === 'fail' ? c.failures : c.skipped).push(f);
  }
  for (const f of report.suppressed)
    caseFor(f.file, f.ruleId, f.resource.address, f.title, f.line).skipped.push(f);
  for (const e of report.errors)
    caseFor(e.file, 'parse-error', e.file, 'File could not be read', e.line).errors.push(e);
  for (const n of unevaluatedClusters(report))
    caseFor(n.file, 'unevaluated-module', n.module ?? n.file, 'Module not read', n.line ?? 1).notRead =
      unevaluatedMessage(n);
  for (const note of report.skipped.filter((n) => n.limit)) {
    const c = caseFor(note.file, 'limit-reached', note.file, 'Not checked past a limit', note.line ?? 1);
    c.limits.push(note);
  }

  const byFile = new Map<string, Case[]>();
  for (const c of cases.values()) {
    let list = byFile.get(c.file);
    if (!list) byFile.set(c.file, (list = []));
    list.push(c);
  }
  const suites: string[] = [];
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const file of [...byFile.keys()].sort()) {
    const list = byFile
      .get(file)!
      .sort((a, b) => a.line - b.line || cmp(a.ruleId, b.ruleId) || cmp(a.resource, b.resource));
    const counts = {
      tests: list.length,
      failures: list.filter((c) => c.failures.length > 0 && c.errors.length === 0).length,
      errors: list.filter((c) => c.errors.length > 0).length,
      skipped: list.filter((c) => c.failures.length === 0 && c.errors.length === 0).length,
    };
    for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += counts[k];
    suites.push(
      `  <testsuite name="${escapeXml(file)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0">`,
      ...list.map(testCase),
      '  </testsuite>',
    );
  }
  if (cases.size === 0) {
    total.tests = 1;
    suites.push(
      '  <testsuite name="akslint" tests="1" failures="0" errors="0" skipped="0" time="0">',
      `    <testcase classname="akslint" name="${escapeXml(`no findings in ${report.summary.filesScanned} files`)}" time="0"/>`,
      '  </testsuite>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="akslint" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}" skipped="${total.skipped}" time="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function testCase(c: Case): string {
  const head = `    <testcase classname="${escapeXml(c.ruleId)}" name="${escapeXml(`${c.ruleId} ${c.title}: ${c.resource}`)}" file="${escapeXml(c.file)}" line="${c.line}" time="0"`;
  const body: string[] = [];
  if (c.errors.length > 0) {
    const e = c.errors[0];
    body.push(
      `      <error type="parse-error" message="${escapeXml(e.message)}">${escapeXmlLines(
        c.errors.map((x) => `${c.file}:${x.line}:${x.column}: ${x.message}`),
      )}</error>`,
    );
  } else if (c.failures.length > 0) {
    const first = c.failures[0];
    body.push(
      `      <failure type="${first.severity}" message="${escapeXml(first.message)}">${escapeXmlLines(
        c.failures.flatMap((f, i) => (i === 0 ? describe(f) : ['', ...describe(f)])),
      )}</failure>`,
    );
  } else if (c.notRead) {
    body.push(`      <skipped message="${escapeXml(c.notRead)}"/>`);
  } else if (c.limits.length > 0) {
    body.push(
      `      <skipped message="${escapeXml(`limit reached: ${c.limits.map((n) => n.message).join('; ')}`)}"/>`,
    );
  } else {
    const s = c.skipped[0];
    const why = s.suppression
      ? `suppressed (${s.suppression.kind})${s.suppression.reason ? `: ${s.suppression.reason}` : ''}`
      : `could not be decided: ${s.message}`;
    body.push(`      <skipped message="${escapeXml(why)}"/>`);
  }
  return [`${head}>`, ...body, '    </testcase>'].join('\n');
}

function describe(f: Finding): string[] {
  const lines = [`${f.file}:${f.line}:${f.column}: ${f.severity} ${f.message} [${f.ruleId}]`];
  lines.push(...findingNotes(f));
  if (f.fixRequiresRecreate) lines.push('the fix recreates the cluster');
  if (f.expiredSuppression)
    lines.push(
      `suppression at ${f.expiredSuppression.file}:${f.expiredSuppression.line} expired ${f.expiredSuppression.until}`,
    );
  return lines;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
