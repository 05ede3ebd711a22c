import {
  compareFindings,
  getEntry,
  spanRange,
  uniqueBy,
  uniqueErrors,
  type Finding,
  type Format,
  type ObjectValue,
  type Resource,
  type SourceFile,
  type Suppression,
  type Value,
} from '../model';
import { INTERNAL_ERROR } from './run';

/** Synthetic rule ids for problems with suppressions themselves (reported as findings). */
export const UNUSED_SUPPRESSION = 'akslint/unused-suppression';
export const SUPPRESSION_WITHOUT_REASON = 'akslint/suppression-without-reason';
export const INVALID_SUPPRESSION = 'akslint/invalid-suppression';

export const ANNOTATION_KEY = 'akslint.io/ignore';

/** One `akslint-ignore` comment or annotation, parsed and placed. */
export interface Directive {
  source: 'comment' | 'annotation';
  /** Rule ids as written, upper-cased; `*` means every rule. */
  rules: string[];
  reason?: string;
  until?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  scope: DirectiveScope;
}

export type DirectiveScope =
  | { kind: 'file' }
  /** Findings located on these lines of the directive's file. */
  | { kind: 'lines'; from: number; to: number }
  /** Findings of these resources (every instance declared by the same block). */
  | { kind: 'resource'; addresses: string[] };

/** The text after the comment marker, parsed; `undefined` when it is not a directive. */
export interface ParsedDirective {
  fileWide: boolean;
  rules: string[];
  reason?: string;
  until?: string;
  /** What is wrong with it (no rule, bad date); the directive is then ignored. */
  problem?: string;
}

const UNTIL = /\(\s*until\s+([^)]*?)\s*\)/i;
const RULE_TOKEN = /^(\*|[A-Za-z][A-Za-z0-9_/-]*)$/;
/** What a rule named without a comma after another looks like: an id (AKS101), a slug, or `*`. */
const RULE_SHAPE = /^(\*|[A-Za-z]+[0-9]+|[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)+)$/;
const GRAMMAR = '"akslint-ignore RULE[,RULE]: reason"';

/**
 * The one grammar for every format:
 * `akslint-ignore[-file] RULE[,RULE] [(until YYYY-MM-DD)] [: reason | -- reason] [(until YYYY-MM-DD)]`.
 * `text` starts at the keyword (comments) or is the annotation value (with `keyword` false).
 */
export function parseDirective(text: string, keyword = true): ParsedDirective | undefined {
  let rest = text.trim();
  let fileWide = false;
  if (keyword) {
    const m = /^akslint-ignore(-file)?(?=$|[\s:])/.exec(rest);
    if (!m) return undefined;
    fileWide = m[1] !== undefined;
    rest = rest.slice(m[0].length);
  }
  let until: string | undefined;
  let problem: string | undefined;
  const u = UNTIL.exec(rest);
  if (u) {
    until = u[1];
    if (!isIsoDate(until)) problem = `"${u[1]}" is not a date: expected (until YYYY-MM-DD)`;
    rest = (rest.slice(0, u.index) + rest.slice(u.index + u[0].length)).replace(/\s+$/, '');
  }
  const sep = /\s*(?::|\s--)\s*/.exec(rest);
  const ruleText = sep ? rest.slice(0, sep.index) : rest;
  const reasonText = sep ? rest.slice(sep.index + sep[0].length).trim() : '';
  const rules = ruleText
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (rules.length === 0) problem ??= `names no rule: expected ${GRAMMAR}`;
  const bad = rules.find((r) => !RULE_TOKEN.test(r));
  if (bad) problem ??= `"${bad}" is not a rule id`;
  // "AKS204 network policy is enforced by Cilium": the reason's words are not rules.
  const prose = ruleText
    .split(/\s*,\s*/)
    .flatMap((part) => part.trim().split(/\s+/).slice(1))
    .find((word) => word !== '' && !RULE_SHAPE.test(word));
  if (prose !== undefined)
    problem ??= `expected ${GRAMMAR}, with a colon (or " -- ") before the reason; "${prose}" is not a rule id`;
  const parsed: ParsedDirective = { fileWide, rules: rules.map((r) => r.toUpperCase()) };
  if (reasonText) parsed.reason = reasonText;
  if (until) parsed.until = until;
  if (problem) parsed.problem = problem;
  return parsed;
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Comment markers by file kind; `#` for YAML and HCL, `//` (and block comments) for Bicep, ARM JSON, HCL. */
export interface CommentSyntax {
  line: string[];
  block: boolean;
  quotes: string;
  /** Quotes inside which a backslash escapes the next character. */
  escaping: string;
  /** YAML: `#` starts a comment only at the line start or after a blank. */
  hashAfterBlank: boolean;
}

/** Comment syntax by file kind: `#` for YAML, `//` (and block comments) for Bicep and ARM JSON, both for HCL. */
export function commentSyntax(path: string): CommentSyntax {
  const lower = path.toLowerCase();
  if (/\.(tf|tfvars|hcl)$/.test(lower))
    return { line: ['#', '//'], block: true, quotes: '"', escaping: '"', hashAfterBlank: false };
  if (/\.(bicep|bicepparam)$/.test(lower))
    return { line: ['//'], block: true, quotes: "'", escaping: "'", hashAfterBlank: false };
  if (/\.jsonc?$/.test(lower))
    return { line: ['//'], block: true, quotes: '"', escaping: '"', hashAfterBlank: false };
  return { line: ['#'], block: false, quotes: `"'`, escaping: '"', hashAfterBlank: true };
}

interface CommentHit {
  line: number;
  column: number;
  endColumn: number;
  /** The comment holds the whole line (nothing but blanks before it). */
  ownLine: boolean;
  parsed: ParsedDirective;
}

/** Every directive comment in a file, outside strings. */
export function findDirectiveComments(file: SourceFile): CommentHit[] {
  const syntax = commentSyntax(file.path);
  const hits: CommentHit[] = [];
  // Most files hold no directive: one search of the text, not a split into lines. Profiled on the
  // bench's ARM folder, scanned group by group as the CLI does: the suppression pass fell from 5% of
  // the CPU to 1%.
  if (!file.text.includes('akslint-ignore')) return hits;
  const lines = file.text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i];
    if (!text.includes('akslint-ignore')) continue;
    const start = commentStart(text, syntax) ?? terraformJsonComment(file.path, text);
    if (!start) continue;
    let body = text.slice(start.bodyAt);
    if (start.marker === '/*') body = body.replace(/\*\/.*$/, '');
    if (start.marker === '"//"') body = body.replace(/"\s*,?\s*$/, '');
    const trimmed = body.replace(/^\s+/, '');
    const parsed = parseDirective(trimmed);
    if (!parsed) continue;
    hits.push({
      line: i + 1,
      column: start.at + 1,
      endColumn: text.replace(/\s+$/, '').length + 1,
      ownLine: text.slice(0, start.at).trim() === '',
      parsed,
    });
  }
  return hits;
}

/**
 * Terraform JSON has no comments; it reserves the property name "//" for them:
 * `"//": "akslint-ignore AKS101: reason"`.
 */
function terraformJsonComment(
  path: string,
  text: string,
): { at: number; bodyAt: number; marker: string } | undefined {
  if (!path.endsWith('.tf.json')) return undefined;
  const m = /"\/\/"\s*:\s*"(?=akslint-ignore)/.exec(text);
  return m ? { at: m.index, bodyAt: m.index + m[0].length, marker: '"//"' } : undefined;
}

/** Where a comment starts on a line, skipping markers inside quoted strings. */
function commentStart(
  text: string,
  syntax: CommentSyntax,
): { at: number; bodyAt: number; marker: string } | undefined {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && syntax.escaping.includes(quote)) i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (syntax.quotes.includes(c)) {
      quote = c;
      continue;
    }
    if (syntax.block && text.startsWith('/*', i)) return { at: i, bodyAt: i + 2, marker: '/*' };
    for (const m of syntax.line) {
      if (!text.startsWith(m, i)) continue;
      if (m === '#' && syntax.hashAfterBlank && i > 0 && !/\s/.test(text[i - 1])) continue;
      return { at: i, bodyAt: i + m.length, marker: m };
    }
  }
  return undefined;
}

/**
 * Place each directive: file-wide; before a resource (the whole resource); inside a resource (that
 * resource); before an attribute or on its line (that attribute's lines).
 */
export function collectDirectives(
  files: readonly SourceFile[],
  resources: readonly Resource[],
): {
  directives: Directive[];
  invalid: Array<{ file: string; line: number; column: number; endColumn: number; message: string }>;
} {
  const directives: Directive[] = [];
  const invalid: Array<{ file: string; line: number; column: number; endColumn: number; message: string }> =
    [];
  const byFile = new Map<string, Resource[]>();
  for (const r of resources) {
    let list = byFile.get(r.file);
    if (!list) byFile.set(r.file, (list = []));
    list.push(r);
  }
  for (const file of files) {
    const hits = findDirectiveComments(file);
    if (hits.length === 0) continue;
    const lines = file.text.split(/\r?\n/);
    const own = byFile.get(file.path) ?? [];
    const syntax = commentSyntax(file.path);
    for (const hit of hits) {
      const base = { file: file.path, line: hit.line, column: hit.column, endColumn: hit.endColumn };
      if (hit.parsed.problem) {
        invalid.push({ ...base, message: `Invalid akslint-ignore comment: ${hit.parsed.problem}` });
        continue;
      }
      let scope: DirectiveScope;
      if (hit.parsed.fileWide) scope = { kind: 'file' };
      else {
        const target = hit.ownLine ? nextCodeLine(lines, hit.line, syntax.line) : hit.line;
        const startsHere = target ? own.filter((r) => r.range.line === target) : [];
        const inside = innermostContaining(own, hit.line);
        if (startsHere.length > 0) scope = { kind: 'resource', addresses: addressesOf(startsHere) };
        else if (inside.length > 0) scope = { kind: 'resource', addresses: addressesOf(inside) };
        else if (target) scope = { kind: 'lines', from: target, to: extentFrom(own, file.path, target) };
        else {
          invalid.push({
            ...base,
            message: 'akslint-ignore comment is followed by no code it could apply to',
          });
          continue;
        }
      }
      directives.push({
        source: 'comment',
        rules: hit.parsed.rules,
        reason: hit.parsed.reason,
        until: hit.parsed.until,
        ...base,
        endLine: hit.line,
        scope,
      });
    }
  }
  for (const r of resources) {
    if (r.format !== 'kubernetes') continue;
    const annotation = annotationEntry(r.body);
    if (!annotation) continue;
    if (directives.some((d) => d.source === 'annotation' && d.file === r.file && d.line === annotation.line))
      continue;
    const range = annotation.range;
    const base = { file: range.file, line: range.line, column: range.column, endColumn: range.endColumn };
    const parsed = typeof annotation.text === 'string' ? parseDirective(annotation.text, false) : undefined;
    if (!parsed || parsed.problem) {
      invalid.push({
        ...base,
        message: `Invalid ${ANNOTATION_KEY} annotation: ${parsed?.problem ?? 'expected "RULE[,RULE] -- reason"'}`,
      });
      continue;
    }
    const sameBlock = resources.filter((o) => o.file === r.file && o.range.line === r.range.line);
    directives.push({
      source: 'annotation',
      rules: parsed.rules,
      reason: parsed.reason,
      until: parsed.until,
      ...base,
      endLine: range.endLine,
      scope: { kind: 'resource', addresses: addressesOf(sameBlock) },
    });
  }
  return { directives, invalid };
}

function annotationEntry(
  body: ObjectValue,
): { text: unknown; range: Resource['range']; line: number } | undefined {
  const metadata = getEntry(body, 'metadata')?.value;
  if (metadata?.kind !== 'object') return undefined;
  const annotations = getEntry(metadata, 'annotations')?.value;
  if (annotations?.kind !== 'object') return undefined;
  const entry = getEntry(annotations, ANNOTATION_KEY);
  if (!entry) return undefined;
  const text = entry.value.kind === 'scalar' ? entry.value.value : undefined;
  const range = spanRange(entry.keyRange, entry.value.range);
  return { text, range, line: entry.keyRange.line };
}

function nextCodeLine(lines: string[], after: number, markers: string[]): number | undefined {
  for (let i = after; i < lines.length; i++) {
    const t = lines[i].trim();
    if (t === '' || markers.some((m) => t.startsWith(m)) || t.startsWith('/*') || t.startsWith('*')) continue;
    return i + 1;
  }
  return undefined;
}

function innermostContaining(resources: readonly Resource[], line: number): Resource[] {
  let best: Resource | undefined;
  for (const r of resources) {
    if (line < r.range.line || line > r.range.endLine) continue;
    if (!best || r.range.endLine - r.range.line < best.range.endLine - best.range.line) best = r;
  }
  if (!best) return [];
  const b = best;
  return resources.filter((r) => r.range.line === b.range.line && r.range.endLine === b.range.endLine);
}

function addressesOf(resources: readonly Resource[]): string[] {
  return [...new Set(resources.map((r) => r.address))].sort();
}

/** The last line of the attribute or block that starts on `line`, so a comment before a block covers it. */
function extentFrom(resources: readonly Resource[], file: string, line: number): number {
  let end = line;
  const visit = (value: Value): void => {
    if (value.range.file === file && value.range.endLine < line) return;
    if (value.kind === 'object') {
      for (const e of value.entries) {
        if (e.keyRange.file === file && e.keyRange.line === line && e.value.range.file === file)
          end = Math.max(end, e.value.range.endLine);
        visit(e.value);
      }
    } else if (value.kind === 'list') {
      for (const item of value.items) {
        if (item.range.file === file && item.range.line === line) end = Math.max(end, item.range.endLine);
        visit(item);
      }
    }
  };
  for (const r of resources) visit(r.body);
  return end;
}

export interface SuppressOptions {
  /** Today, `YYYY-MM-DD` (injected so tests do not depend on the clock). */
  today: string;
  /** Refuse suppressions that give no reason (everywhere, or in the files the function says). */
  requireReason?: boolean | ((file: string) => boolean);
  /** Report suppressions that matched no finding (everywhere, or in the files the function says). */
  reportUnused?: boolean | ((file: string) => boolean);
  /** Maps a rule id, slug or alias (any case) to its id; unknown names are reported when given. */
  resolveRule?: (name: string) => string | undefined;
}

function appliesTo(setting: boolean | ((file: string) => boolean) | undefined, file: string): boolean {
  return typeof setting === 'function' ? setting(file) : setting === true;
}

export interface SuppressResult {
  /** Findings still reported (expired suppressions are noted on them). Sorted. */
  kept: Finding[];
  /** Findings hidden by a suppression, each with `suppression` set. Sorted. */
  suppressed: Finding[];
  /**
   * Problems with the suppressions themselves, as findings (rule ids UNUSED_SUPPRESSION,
   * SUPPRESSION_WITHOUT_REASON, INVALID_SUPPRESSION). Sorted.
   */
  problems: Finding[];
}

/**
 * What suppressions need from the files and resources of a scan, or of one group of it: the directives
 * placed, the invalid ones, and for each file holding a directive the addresses of the resources it
 * declares. Plain data, so that groups scanned apart join (see joinSuppressionInputs).
 */
export interface SuppressionInputs {
  directives: Directive[];
  invalid: Array<{ file: string; line: number; column: number; endColumn: number; message: string }>;
  /**
   * File -> the resources declared in it (declaredKey: address and deployment), for the files that hold
   * a directive.
   */
  declared: Record<string, string[]>;
}

export function collectSuppressionInputs(
  files: readonly SourceFile[],
  resources: readonly Resource[],
): SuppressionInputs {
  const { directives, invalid } = collectDirectives(files, resources);
  const wanted = new Set(directives.map((d) => d.file));
  return {
    directives,
    invalid,
    declared: addressesByFile(
      resources
        .filter((r) => wanted.has(r.file))
        .map((r) => [r.file, [declaredKey(r.address, r.deployment)]]),
    ),
  };
}

/**
 * A resource as a directive's file declares it: its address in its deployment. Two Terraform roots may
 * each declare `azurerm_kubernetes_cluster.main`; a module file both call declares it in each.
 */
function declaredKey(address: string, deployment: string | undefined): string {
  return `${deployment ?? ''}\u0000${address}`;
}

/** The inputs with each deployment named anew (engine/batches.ts names folders of manifests last). */
export function renameDeployments(
  inputs: SuppressionInputs,
  rename: (deployment: string) => string,
): SuppressionInputs {
  const renamed = (key: string) => {
    const at = key.indexOf('\u0000');
    return declaredKey(key.slice(at + 1), at > 0 ? rename(key.slice(0, at)) : undefined);
  };
  return {
    ...inputs,
    declared: addressesByFile(
      Object.entries(inputs.declared).map(([file, keys]) => [file, keys.map(renamed)]),
    ),
  };
}

/** Whether `file` declares the finding's resource in the finding's deployment (one of them when shared). */
function declaresResourceOf(
  declared: ReadonlyMap<string, ReadonlySet<string>>,
  file: string,
  f: Finding,
): boolean {
  const here = declared.get(file);
  if (!here) return false;
  const address = f.resource.address;
  if (here.has(declaredKey(address, f.deployment))) return true;
  // Objects several deployments render are reported once, with the deployments joined.
  return (
    f.deployment?.includes(', ') === true &&
    f.deployment.split(', ').some((d) => here.has(declaredKey(address, d)))
  );
}

/** File -> the distinct addresses given for it, sorted. */
function addressesByFile(
  pairs: ReadonlyArray<readonly [string, readonly string[]]>,
): Record<string, string[]> {
  const byFile = new Map<string, Set<string>>();
  for (const [file, addresses] of pairs) {
    let set = byFile.get(file);
    if (!set) byFile.set(file, (set = new Set()));
    for (const a of addresses) set.add(a);
  }
  return Object.fromEntries([...byFile].map(([file, set]) => [file, [...set].sort()]));
}

/**
 * The inputs of groups that each read a part of the scan as one: a directive in a file two groups
 * read is one directive (used when either group's findings use it), its file declaring what either saw.
 */
export function joinSuppressionInputs(parts: readonly SuppressionInputs[]): SuppressionInputs {
  const directives = uniqueBy(
    parts.flatMap((p) => p.directives),
    (d) => `${d.source}\u0000${d.file}\u0000${d.line}\u0000${d.column}`,
  );
  return {
    directives,
    invalid: uniqueErrors(parts.flatMap((p) => p.invalid)),
    declared: addressesByFile(parts.flatMap((p) => Object.entries(p.declared))),
  };
}

/**
 * Apply inline comments, file-wide comments and Kubernetes annotations to findings.
 * Pure: everything it reads is passed in.
 */
export function applySuppressions(
  findings: readonly Finding[],
  files: readonly SourceFile[],
  resources: readonly Resource[],
  options: SuppressOptions,
): SuppressResult {
  return suppressFindings(findings, collectSuppressionInputs(files, resources), options);
}

/** applySuppressions over inputs collected before (and possibly joined from groups). */
export function suppressFindings(
  findings: readonly Finding[],
  inputs: SuppressionInputs,
  options: SuppressOptions,
): SuppressResult {
  const problems: Finding[] = inputs.invalid.map((p) =>
    problemFinding(INVALID_SUPPRESSION, 'Invalid suppression', 'medium', p.message, {
      ...p,
      endLine: p.line,
    }),
  );
  const declared = new Map(Object.entries(inputs.declared).map(([file, list]) => [file, new Set(list)]));
  const active: Directive[] = [];
  for (const original of inputs.directives) {
    const d = { ...original };
    if (options.resolveRule) {
      const resolved: string[] = [];
      for (const name of d.rules) {
        if (name === '*') resolved.push('*');
        else {
          const id = options.resolveRule(name);
          if (id) resolved.push(id.toUpperCase());
          else
            problems.push(
              problemFinding(
                INVALID_SUPPRESSION,
                'Invalid suppression',
                'medium',
                `Suppression names unknown rule ${name}`,
                d,
              ),
            );
        }
      }
      if (resolved.length === 0) continue;
      d.rules = resolved;
    }
    if (appliesTo(options.requireReason, d.file) && !d.reason) {
      problems.push(
        problemFinding(
          SUPPRESSION_WITHOUT_REASON,
          'Suppression without a reason',
          'high',
          `Suppression of ${d.rules.join(', ')} gives no reason and reasons are required (--require-reason): ` +
            `it is ignored. Add one: akslint-ignore ${d.rules.join(',')}: <why this is acceptable>`,
          d,
        ),
      );
      continue;
    }
    active.push(d);
  }
  const used = new Set<Directive>();
  const kept: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const matching = active.filter((d) => matches(d, f, declared));
    const live = matching.find((d) => !d.until || d.until >= options.today);
    for (const d of matching) used.add(d);
    if (live) {
      suppressed.push({ ...f, suppression: toSuppression(live) });
      continue;
    }
    const expired = matching[0];
    kept.push(expired ? { ...f, expiredSuppression: toSuppression(expired) } : f);
  }
  if (options.reportUnused) {
    for (const d of active) {
      if (used.has(d) || !appliesTo(options.reportUnused, d.file)) continue;
      const what = d.source === 'annotation' ? `${ANNOTATION_KEY} annotation` : 'akslint-ignore comment';
      problems.push(
        problemFinding(
          UNUSED_SUPPRESSION,
          'Unused suppression',
          'low',
          `Unused ${what}: no ${d.rules.join(', ')} finding here to suppress. Remove it.`,
          d,
        ),
      );
    }
  }
  return {
    kept: kept.sort(compareFindings),
    suppressed: suppressed.sort(compareFindings),
    problems: problems.sort(compareFindings),
  };
}

function matches(d: Directive, f: Finding, declared: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  // A crashed rule is akslint's fault to fix, not a finding to waive with `akslint-ignore *`.
  if (f.ruleId === INTERNAL_ERROR) return false;
  if (!d.rules.includes('*') && !d.rules.includes(f.ruleId.toUpperCase())) return false;
  const declaredHere = declaresResourceOf(declared, d.file, f);
  switch (d.scope.kind) {
    case 'file':
      return f.file === d.file || declaredHere;
    case 'resource':
      return d.scope.addresses.includes(f.resource.address) && declaredHere;
    case 'lines':
      return f.file === d.file && f.line >= d.scope.from && f.line <= d.scope.to;
  }
}

function toSuppression(d: Directive): Suppression {
  const s: Suppression = { kind: d.source, file: d.file, line: d.line };
  if (d.reason) s.reason = d.reason;
  if (d.until) s.until = d.until;
  return s;
}

function problemFinding(
  ruleId: string,
  title: string,
  severity: Finding['severity'],
  message: string,
  at: { file: string; line: number; column: number; endLine: number; endColumn: number },
): Finding {
  return {
    ruleId,
    title,
    severity,
    status: 'fail',
    message,
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.endLine,
    endColumn: at.endColumn,
    format: formatOfPath(at.file),
    resource: { type: 'file', name: at.file, address: at.file },
    fixRequiresRecreate: false,
  };
}

export function formatOfPath(path: string): Format {
  const lower = path.toLowerCase();
  if (/\.(tf|tfvars|hcl)$/.test(lower) || /\.(tf|tfvars)\.json$/.test(lower)) return 'terraform';
  if (/\.(bicep|bicepparam)$/.test(lower)) return 'bicep';
  if (/\.jsonc?$/.test(lower)) return 'arm';
  return 'kubernetes';
}
