import {
  compareFindings,
  severityRank,
  type Finding,
  type ScanReport,
  type Severity,
  type SkipNote,
  type SourceFile,
  UNREAD_MODULE,
} from '../model';
import { discover } from '../discover';
import { FsHost, MemoryHost } from '../discover/host';
import { allRules, findRule } from '../../policies';
import type { Rule } from '../../policies/api';
import { analyze } from './analyze';
import { compareWithBaseline, type Baseline, type PathMapper } from './baseline';
import { applySuppressions } from './suppress';
import { VERSION } from './version';

export interface ScanOptions {
  cwd: string;
  paths: string[];
  /** Standard input, named by --stdin-filename. */
  stdin?: SourceFile;
  varFiles?: string[];
  parameterFiles?: string[];
  failOn?: Severity;
  showUnknown?: boolean;
  rules?: readonly Rule[];
  /** Config `ignorePaths`, as patterns relative to the working directory. */
  ignorePaths?: string[];
  /** Today, YYYY-MM-DD, for suppression expiry (default: the local date). */
  today?: string;
  requireReason?: boolean;
  reportUnusedSuppressions?: boolean;
  /** Report only findings the baseline does not record. */
  baseline?: { baseline: Baseline; file: string; toBaselinePath: PathMapper };
}

const TFVARS = /\.tfvars(\.json)?$/i;

function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function runScan(opts: ScanOptions): Promise<ScanReport> {
  const started = Date.now();
  const rules = opts.rules ?? allRules();
  const found = opts.stdin
    ? {
        files: [opts.stdin],
        explicitFiles: [opts.stdin.path],
        companions: [],
        onlyFiles: true,
        roots: [opts.cwd],
        errors: [],
        skipped: [],
      }
    : await discover(opts.paths, { cwd: opts.cwd, ignorePaths: opts.ignorePaths });
  const fsHost = new FsHost(opts.cwd, found.roots);
  const host = opts.stdin ? new MemoryHost({ [opts.stdin.path]: opts.stdin.text }, fsHost) : fsHost;
  const result = await analyze(
    [...found.files, ...found.companions],
    host,
    { varFiles: opts.varFiles ?? [], parameterFiles: opts.parameterFiles ?? [] },
    rules,
  );

  // Files named one by one (a pre-commit hook) mean "what these files change": the findings located in
  // them, and those whose value one of them supplies (a tfvars line, a parameter, a module input).
  const named = new Set(found.explicitFiles);
  const inScope = (f: Finding) =>
    !found.onlyFiles || named.has(f.file) || (f.related?.some((r) => named.has(r.file)) ?? false);
  // Suppressions see every finding (a comment in a given file may cover a finding located in a file it
  // reads), then only the given files' results are kept.
  const suppression = applySuppressions(result.findings, result.files, result.graph.resources, {
    today: opts.today ?? localDate(),
    requireReason: opts.requireReason,
    reportUnused: opts.reportUnusedSuppressions,
    resolveRule: (name) => findRule(name)?.id,
  });
  let findings = [...suppression.kept, ...suppression.problems].filter(inScope);
  const listed = (f: Finding) => f.status === 'fail' || opts.showUnknown === true;
  let suppressed = suppression.suppressed.filter((f) => inScope(f) && listed(f));
  if (opts.baseline) {
    const b = opts.baseline;
    const split = compareWithBaseline(findings, b.baseline, b.toBaselinePath, b.file);
    findings = split.fresh;
    suppressed = [...suppressed, ...split.known.filter(listed)].sort(compareFindings);
  }

  // A file counts as scanned when a loader claimed it or read it as part of a deployment (a tfvars or
  // parameters file); a named variable file that took part in nothing says so.
  const read = new Set(result.files.map((f) => f.path));
  const unclaimed = new Set(result.unclaimed);
  const scanned = found.files.filter((f) => !unclaimed.has(f.path) || read.has(f.path));
  const unused = found.files.filter((f) => named.has(f.path) && TFVARS.test(f.path) && !read.has(f.path));
  const skipped = [
    ...found.skipped,
    ...result.skipped,
    ...unused.map((f) => notReadNote(f.path, opts.varFiles ?? [])),
  ];

  const failOn = opts.failOn ?? 'low';
  const shown = findings.filter((f) => f.status === 'fail' || opts.showUnknown).sort(compareFindings);
  const errors = [...found.errors, ...result.errors].sort((a, b) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column,
  );
  return {
    tool: { name: 'akslint', version: VERSION },
    summary: {
      filesScanned: scanned.length,
      resources: result.graph.resources.filter((r) => r.type !== UNREAD_MODULE).length,
      findings: findings.filter((f) => f.status === 'fail').length,
      suppressed: suppressed.length,
      unknown: findings.filter((f) => f.status === 'unknown').length,
      parseErrors: errors.length,
      durationMs: Date.now() - started,
    },
    findings: shown,
    suppressed,
    errors,
    skipped,
    failOn,
  };
}

/**
 * A named variable file no configuration read: said, since its values were not checked. (Other files
 * no loader claims, JSON that is not a template, are left out in silence, as a folder scan does.)
 */
function notReadNote(file: string, varFiles: readonly string[]): SkipNote {
  const given = varFiles.some((v) => v.split('\\').join('/').replace(/^\.\//, '') === file);
  return {
    file,
    message: given
      ? 'not read: no Terraform configuration was found in its folder or above it'
      : 'not read: Terraform loads only terraform.tfvars and *.auto.tfvars by itself; pass this file with --var-file to check the values it sets',
  };
}

/** 0 when clean, 1 when a failing finding at or above the threshold remains or a file could not be read. */
export function exitCodeFor(report: ScanReport): 0 | 1 {
  const threshold = severityRank(report.failOn);
  const failing = report.findings.some((f) => f.status === 'fail' && severityRank(f.severity) >= threshold);
  return failing || report.errors.length > 0 ? 1 : 0;
}
