import { pathToFileURL } from 'node:url';
import type { Finding, Fix, ScanReport, Severity } from '../model';
import type { RuleMeta } from '../../policies/api';
import { allRules } from '../../policies';
import { findingNotes } from './notes';
import { jsonChunks } from './json-chunks';
import { jsonText } from './text';

export const REPOSITORY_URL = 'https://github.com/akslint/akslint';

/** Stable docs address of a rule: the generated page in the repository. */
export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`;
}

/** GitHub code scanning ranks alerts by this (critical >= 9.0, high >= 7.0, medium >= 4.0). */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

type SarifLevel = 'error' | 'warning' | 'note';
export function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'critical' || severity === 'high'
    ? 'error'
    : severity === 'medium'
      ? 'warning'
      : 'note';
}

export interface SarifOptions {
  showSuppressed?: boolean;
  /** Rule metadata for descriptors (default: every rule). */
  rules?: readonly RuleMeta[];
  /** Absolute folder paths in the report are relative to (default: the working directory). */
  srcRoot?: string;
}

/**
 * SARIF 2.1.0 for code scanning: one descriptor per rule from its metadata, results with relative
 * locations under %SRCROOT%, line-independent fingerprints, and suppressed findings carried with
 * their justification so code scanning shows them as dismissed.
 */
export function formatSarif(report: ScanReport, opts: SarifOptions = {}): string {
  return jsonText(sarifLog(report, opts));
}

/** `formatSarif`'s text in pieces, each result one (the CLI writes them as they come). */
export function* sarifChunks(report: ScanReport, opts: SarifOptions = {}): Generator<string> {
  // runs[0].results is three levels down.
  yield* jsonChunks(sarifLog(report, opts), 4);
  yield '\n';
}

function sarifLog(report: ScanReport, opts: SarifOptions) {
  const metas = opts.rules ?? allRules();
  const all = [...report.findings, ...report.suppressed];
  const descriptors: object[] = metas.map(ruleDescriptor);
  const index = new Map(metas.map((m, i) => [m.id, i]));
  // Findings of rules outside the catalogue (suppression problems) still get a descriptor.
  for (const f of all) {
    if (index.has(f.ruleId)) continue;
    index.set(f.ruleId, descriptors.length);
    descriptors.push(syntheticDescriptor(f));
  }
  const srcRoot = pathToFileURL(opts.srcRoot ?? process.cwd()).href.replace(/\/?$/, '/');
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'akslint',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: REPOSITORY_URL,
            rules: descriptors,
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } },
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: [
              ...report.errors.map((e) => ({
                level: 'error',
                message: { text: e.message },
                locations: [location(e.file, { line: e.line, column: e.column })],
              })),
              ...report.skipped.map((s) => ({
                level: s.limit ? 'warning' : 'note',
                message: { text: s.message },
                locations: [location(s.file, s.line ? { line: s.line, column: 1 } : undefined)],
              })),
            ],
          },
        ],
        columnKind: 'unicodeCodePoints',
        results: all
          .slice()
          .sort(compareForSarif)
          .map((f) => result(f, index.get(f.ruleId)!)),
      },
    ],
  };
}

function compareForSarif(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.line - b.line ||
    a.column - b.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.resource.address < b.resource.address ? -1 : a.resource.address > b.resource.address ? 1 : 0)
  );
}

function ruleDescriptor(rule: RuleMeta) {
  const remediation = Object.entries(rule.remediation).filter(([, s]) => s);
  const text = [
    rule.description,
    '',
    rule.rationale,
    ...remediation.flatMap(([format, snippet]) => ['', `Fix (${format}):`, snippet!]),
  ].join('\n');
  const markdown = [
    `**${rule.title}** (${rule.id})`,
    '',
    rule.description,
    '',
    rule.rationale,
    ...(rule.fixRequiresRecreate
      ? ['', 'This setting can only be chosen when the cluster is created: fixing it means a new cluster.']
      : []),
    ...remediation.flatMap(([format, snippet]) => [
      '',
      `Fix (${format}):`,
      '',
      '```' + fenceLanguage(format),
      snippet!,
      '```',
    ]),
    ...(rule.references.length > 0 ? ['', 'References:', '', ...rule.references.map((r) => `- ${r}`)] : []),
  ].join('\n');
  return {
    id: rule.id,
    name: pascalCase(rule.slug),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.description) },
    help: { text, markdown },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: sarifLevel(rule.severity) },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      problem: { severity: rule.severity === 'info' ? 'recommendation' : sarifLevel(rule.severity) },
      tags: ['security', 'aks', ...(rule.tags ?? [])].filter((t, i, all) => all.indexOf(t) === i),
    },
  };
}

function syntheticDescriptor(f: Finding) {
  return {
    id: f.ruleId,
    name: pascalCase(f.ruleId.split('/').pop() ?? f.ruleId),
    shortDescription: { text: sentence(f.title) },
    fullDescription: { text: sentence(f.title) },
    help: { text: sentence(f.title), markdown: sentence(f.title) },
    helpUri: `${REPOSITORY_URL}/blob/main/docs/ci.md`,
    defaultConfiguration: { level: sarifLevel(f.severity) },
    properties: { 'security-severity': SECURITY_SEVERITY[f.severity], tags: ['maintainability'] },
  };
}

function fenceLanguage(format: string): string {
  return format === 'terraform'
    ? 'hcl'
    : format === 'kubernetes'
      ? 'yaml'
      : format === 'arm'
        ? 'json'
        : format;
}

function pascalCase(slug: string): string {
  return slug
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** SARIF asks for message strings that end with a period. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

function result(f: Finding, ruleIndex: number) {
  let text = sentence(f.status === 'unknown' ? `Could not be decided: ${f.message}` : f.message);
  for (const note of findingNotes(f)) text += ` (${note})`;
  if (f.expiredSuppression)
    text += ` The suppression at ${f.expiredSuppression.file}:${f.expiredSuppression.line} expired on ${f.expiredSuppression.until}.`;
  const out: Record<string, unknown> = {
    ruleId: f.ruleId,
    ruleIndex,
    level: f.status === 'unknown' ? 'note' : sarifLevel(f.severity),
    message: { text },
    locations: [
      {
        ...location(f.file, f),
        logicalLocations: [{ fullyQualifiedName: f.resource.address, kind: 'resource' }],
      },
    ],
    ...(f.related && f.related.length > 0
      ? {
          relatedLocations: f.related.map((r, id) => ({
            id,
            ...location(r.file, r),
            message: { text: sentence(r.message) },
          })),
        }
      : {}),
    partialFingerprints: { 'akslintFinding/v1': fingerprint(f) },
    properties: {
      status: f.status,
      severity: f.severity,
      resource: f.resource.address,
      fixRequiresRecreate: f.fixRequiresRecreate,
    },
  };
  if (f.fixes && f.status === 'fail' && !f.suppression) out.fixes = f.fixes.map(sarifFix);
  if (f.suppression) {
    const s = f.suppression;
    const where = s.file ? ` (${s.file}${s.line ? `:${s.line}` : ''})` : '';
    out.suppressions = [
      {
        kind: s.kind === 'comment' || s.kind === 'annotation' ? 'inSource' : 'external',
        status: 'accepted',
        justification: `${s.reason ?? 'no reason given'}${s.until ? ` (until ${s.until})` : ''}${where}`,
      },
    ];
  }
  return out;
}

/** A fix as SARIF writes it: the edits of each file as replacements of regions (empty for insertions). */
function sarifFix(fix: Fix) {
  const files = [...new Set(fix.edits.map((e) => e.file))].sort();
  return {
    description: { text: sentence(fix.title) },
    artifactChanges: files.map((file) => ({
      artifactLocation: location(file).physicalLocation.artifactLocation,
      replacements: fix.edits
        .filter((e) => e.file === file)
        .map((e) => ({
          deletedRegion: {
            startLine: e.line,
            startColumn: e.column,
            endLine: e.endLine,
            endColumn: e.endColumn,
          },
          insertedContent: { text: e.newText },
        })),
    })),
    properties: { safety: fix.safety, ...(fix.unsafeReason ? { unsafeReason: fix.unsafeReason } : {}) },
  };
}

function location(file: string, at?: { line: number; column: number; endLine?: number; endColumn?: number }) {
  const region = at && {
    startLine: Math.max(1, at.line),
    startColumn: Math.max(1, at.column),
    ...(at.endLine !== undefined && at.endColumn !== undefined && validEnd(at)
      ? { endLine: at.endLine, endColumn: at.endColumn }
      : {}),
  };
  return {
    physicalLocation: {
      artifactLocation: { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' },
      ...(region ? { region } : {}),
    },
  };
}

function validEnd(at: { line: number; column: number; endLine?: number; endColumn?: number }): boolean {
  const endLine = at.endLine!;
  const endColumn = at.endColumn!;
  return endColumn >= 1 && (endLine > at.line || (endLine === at.line && endColumn >= at.column));
}

/**
 * Identifies a finding across commits: rule, file, resource and the message with case, blanks and
 * numbers normalised (messages may quote a line or a count), never line numbers.
 */
export function fingerprint(f: Finding): string {
  const normalised = f.message.toLowerCase().replace(/\d+/g, '0').replace(/\s+/g, ' ').trim();
  // Loaded on first use: only SARIF output needs it, and node:crypto adds to every scan's startup.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256')
    .update([f.ruleId, f.file, f.resource.address, normalised].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
