import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  compareErrors,
  compareFindings,
  compareNotes,
  severityRank,
  type Finding,
  type LoadHost,
  type ScanReport,
  type Severity,
  type SkipNote,
  type SourceFile,
  type SyntaxCache,
} from '../model';
import { DEFAULT_MAX_FILE_BYTES, discover, readCompanions, tooLargeMessage } from '../discover';
import { createHost, type HostSpec } from '../discover/host';
import type { ModuleCallIndex } from '../discover/companions';
import { allRules, findRule } from '../../policies';
import type { Rule } from '../../policies/api';
import type { ClusterScopes } from '../graph/deployments';
import { analyzeInGroups } from './groups';
import { parallelRunner, threadsFor, WorkerPool, type ParallelTuning } from './parallel';
import type { Shard } from './shard';
import { compareWithBaseline, type Baseline, type PathMapper } from './baseline';
import type { ConfigCascade, FailOn, FileSettings } from './config';
import { suppressFindings } from './suppress';
import { VERSION } from './version';

export interface ScanOptions {
  cwd: string;
  paths: string[];
  /**
   * Standard input; `tooLarge` when reading stopped at the size limit. `named` when it stands for the file
   * at its path (--stdin-filename, an editor's buffer): it is evaluated with that file's companions and
   * deployment, as the file on disk would be. Unnamed input (`kubectl kustomize DIR | akslint scan -`) is
   * a deployment of its own.
   */
  stdin?: SourceFile & { tooLarge?: boolean; named?: boolean };
  varFiles?: string[];
  parameterFiles?: string[];
  /** Folders calling a named Terraform module that are read at most (see CallerLimit); all by default. */
  maxModuleCallers?: number;
  /** The tree's local module calls kept between scans (a language server's). */
  moduleCalls?: ModuleCallIndex;
  /** Configuration per file; the options below (command-line flags) win over it. */
  config?: ConfigCascade;
  failOn?: FailOn;
  showUnknown?: boolean;
  /** Exit 1 when a module that builds a cluster was not read (default: config failOnUnevaluated). */
  failOnUnevaluated?: boolean;
  /** The rules to run (default: all); the configuration may still turn them off per file. */
  rules?: readonly Rule[];
  /** `--max-file-size`: megabytes (default: config maxFileSize, else 5). */
  maxFileSize?: number;
  /** Config `ignorePaths`, as patterns relative to the working directory. */
  ignorePaths?: string[];
  /** Config `clusters`: cluster scopes, as patterns relative to the working directory. */
  clusters?: ClusterScopes;
  /** Today, YYYY-MM-DD, for suppression expiry (default: the local date). */
  today?: string;
  requireReason?: boolean;
  reportUnusedSuppressions?: boolean;
  /** Report only findings the baseline does not record. */
  baseline?: { baseline: Baseline; file: string; toBaselinePath: PathMapper };
  /** Texts that replace files on disk, by display path (files fixed in memory, not yet written). */
  overrides?: ReadonlyMap<string, string>;
  /** List only findings that fail the run (`--quiet`). */
  failingOnly?: boolean;
  /** Entry files parsed so far, out of all of them. */
  onProgress?: (parsed: number, total: number) => void;
  /**
   * Told, once files are found, how many bytes of source the scan reads (entries and companions), and
   * over how many threads it spreads them (1: it stays in this one; at most, as a scan of fewer groups
   * uses fewer).
   */
  onDiscovered?: (bytes: number, threads: number) => void;
  /** Told every path the scan reads or lists (the language server re-lints a document when one changes). */
  onRead?: (path: string) => void;
  /** Parsed files kept from earlier scans (the language server). */
  syntaxCache?: SyntaxCache;
  /**
   * The Bicep module cache folder (absolute; see bicepModuleCacheDir): registry modules restored there
   * are read, and nothing else outside the scanned paths.
   */
  bicepModuleCache?: string;
  /** Threads that parse and evaluate (default 1; large scans only: see engine/parallel.ts). */
  jobs?: number;
  /** How the load is spread over threads (tests and the bench set a lower threshold). */
  parallel?: ParallelTuning;
  /** `--shard i/n`: only the deployments of shard `index` (1-based) out of `count`. */
  shard?: Shard;
  /** Give findings their fixes (default true): false when nothing reads them (see LoadPlan.fixes). */
  fixes?: boolean;
}

const TFVARS = /\.tfvars(\.json)?$/i;
const NO_SETTINGS: FileSettings = { rules: {} };

function localDate(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export async function runScan(opts: ScanOptions): Promise<ScanReport> {
  const rules = opts.rules ?? allRules();
  // Threads are for scans that keep no state between them (the language server's does).
  const jobs = opts.jobs ?? 1;
  const pool =
    jobs > 1 && !opts.onRead && !opts.syntaxCache
      ? new WorkerPool(jobs, opts.parallel ?? {}, rules)
      : undefined;
  try {
    return await scan(opts, rules, pool);
  } finally {
    await pool?.close();
  }
}

async function scan(
  opts: ScanOptions,
  rules: readonly Rule[],
  pool: WorkerPool | undefined,
): Promise<ScanReport> {
  const started = Date.now();
  const maxFileBytes = (file: string) => maxFileBytesOf(opts, file);
  const stdinTooLarge =
    opts.stdin &&
    (opts.stdin.tooLarge === true ||
      Buffer.byteLength(opts.stdin.text, 'utf8') > maxFileBytes(opts.stdin.path));
  const discoverOptions = {
    cwd: opts.cwd,
    ignorePaths: opts.ignorePaths,
    isIgnored: opts.config && ((abs: string) => opts.config!.isIgnored(abs)),
    maxFileBytes,
    maxModuleCallers: opts.maxModuleCallers,
    moduleCalls: opts.moduleCalls,
    onText: pool && ((length: number) => pool.warm(length)),
  };
  const companions =
    opts.stdin && opts.stdin.named && !stdinTooLarge
      ? readCompanions([opts.stdin.path], new Set([opts.stdin.path]), discoverOptions)
      : { companions: [], skipped: [] };
  const found = opts.stdin
    ? {
        files: stdinTooLarge ? [] : [{ path: opts.stdin.path, text: opts.stdin.text }],
        explicitFiles: [opts.stdin.path],
        companions: companions.companions,
        onlyFiles: true,
        roots: [opts.cwd],
        errors: stdinTooLarge
          ? [
              {
                file: opts.stdin.path,
                line: 1,
                column: 1,
                message: tooLargeMessage(maxFileBytes(opts.stdin.path)),
              },
            ]
          : [],
        skipped: companions.skipped,
        listings: undefined,
      }
    : await discover(opts.paths, discoverOptions);
  if (opts.onDiscovered) {
    let bytes = 0;
    for (const f of found.files) bytes += f.text.length;
    for (const f of found.companions) bytes += f.text.length;
    opts.onDiscovered(bytes, pool ? threadsFor(bytes, opts.jobs ?? 1, opts.parallel ?? {}) : 1);
  }
  const config = opts.config;
  const settingsOf = config ? (file: string) => config.settingsFor(file) : () => NO_SETTINGS;
  const fromConfig = config?.inputFiles(found.files.map((f) => f.path));
  const varFiles = opts.varFiles ?? [];
  const parameterFiles = [...(fromConfig?.parameterFiles ?? []), ...(opts.parameterFiles ?? [])];
  // Variable and parameter files may live outside the scanned folders: they are read as named.
  const inputFiles = [
    ...varFiles,
    ...parameterFiles,
    ...(fromConfig?.varFiles ?? []).flatMap((v) => v.files),
    ...(fromConfig?.environments ?? []).flatMap((e) => e.files),
  ];
  // Restored registry modules are read from the module cache's `br` folder, wherever it is.
  const moduleCache = opts.bicepModuleCache && path.resolve(opts.cwd, opts.bicepModuleCache);
  const cacheRoots = moduleCache
    ? ['br', 'ts'].map((scheme) => realPath(opts.cwd, path.join(moduleCache, scheme)))
    : [];
  const overrides = opts.overrides ?? new Map<string, string>();
  if (overrides.size > 0) {
    const open = (f: SourceFile) => (overrides.has(f.path) ? { ...f, text: overrides.get(f.path)! } : f);
    found.files = found.files.map(open);
    found.companions = found.companions.map(open);
  }
  const inMemory = {
    ...Object.fromEntries(overrides),
    ...(opts.stdin ? { [opts.stdin.path]: opts.stdin.text } : {}),
  };
  const hostSpec: HostSpec = {
    cwd: opts.cwd,
    roots: [...found.roots, ...inputFiles.map((p) => realPath(opts.cwd, p)), ...cacheRoots],
    files: inMemory,
  };
  let host = createHost(hostSpec, found.listings);
  if (opts.onRead) {
    host = recordingHost(host, opts.onRead);
    for (const c of found.companions) opts.onRead(c.path);
  }
  const clusters = opts.clusters ?? config?.clusterScopes(found.files.map((f) => f.path));
  const result = await analyzeInGroups(
    [...found.files, ...found.companions],
    host,
    {
      varFiles,
      parameterFiles,
      configVarFiles: fromConfig?.varFiles,
      configEnvironments: fromConfig?.environments,
      syntaxCache: opts.syntaxCache,
      ...(moduleCache ? { bicepModuleCache: cacheDisplayPath(moduleCache, opts.cwd) } : {}),
    },
    rules,
    { clusters, stdin: opts.stdin?.named ? undefined : opts.stdin?.path },
    opts.onProgress,
    {
      runGroups: pool && parallelRunner(hostSpec, opts.jobs!, opts.parallel, pool),
      shard: opts.shard,
      fixes: opts.fixes,
      oneGroup: opts.parallel?.oneGroup,
      batchBytes: opts.parallel?.batchBytes,
    },
  );

  // Files named one by one (a pre-commit hook) mean "what these files change": the findings located in
  // them, and those whose value one of them supplies (a tfvars line, a parameter, a module input).
  const named = new Set(found.explicitFiles);
  const inScope = (f: Finding) =>
    !found.onlyFiles || named.has(f.file) || (f.related?.some((r) => named.has(r.file)) ?? false);
  // Suppressions see every finding (a comment in a given file may cover a finding located in a file it
  // reads), then only the given files' results are kept.
  const suppression = suppressFindings(withRuleSettings(result.findings, settingsOf), result.suppressions, {
    today: opts.today ?? localDate(),
    requireReason: opts.requireReason ?? ((file) => settingsOf(file).requireReason === true),
    reportUnused:
      opts.reportUnusedSuppressions ?? ((file) => settingsOf(file).reportUnusedSuppressions === true),
    resolveRule: (name) => findRule(name)?.id,
  });
  let findings = [...suppression.kept, ...suppression.problems].filter(inScope);
  const showsUnknown = (file: string) => opts.showUnknown ?? settingsOf(file).showUnknown === true;
  const listed = (f: Finding) => f.status === 'fail' || showsUnknown(f.file);
  let suppressed = suppression.suppressed.filter((f) => inScope(f) && listed(f));
  if (opts.baseline) {
    const b = opts.baseline;
    const split = compareWithBaseline(findings, b.baseline, b.toBaselinePath, b.file);
    findings = split.fresh;
    suppressed = [...suppressed, ...split.known.filter(listed)].sort(compareFindings);
  }

  // A file counts as scanned when a loader claimed it or read it as part of a deployment (a tfvars or
  // parameters file); a named variable file that took part in nothing says so.
  const read = result.read;
  // Every claimed file was read: a shard counts only the files of its own deployments.
  const scanned = found.files.filter((f) => read.has(f.path));
  // A shard cannot tell whether another shard read a named variable file; discovery's notes are the
  // first shard's.
  const firstShard = !opts.shard || opts.shard.index === 1;
  const unused = opts.shard
    ? []
    : found.files.filter((f) => named.has(f.path) && TFVARS.test(f.path) && !read.has(f.path));
  const skipped = [
    ...(firstShard ? found.skipped : []),
    ...result.skipped,
    ...unused.map((f) => notReadNote(f.path, opts.varFiles ?? [])),
  ].sort(compareNotes);
  const failsUnevaluated = (file: string) =>
    opts.failOnUnevaluated ?? settingsOf(file).failOnUnevaluated === true;
  const failingUnevaluated = skipped.filter((s) => s.cluster && failsUnevaluated(s.file)).length;

  const failOn = opts.failOn ?? 'low';
  const failOnOf = (file: string) => opts.failOn ?? settingsOf(file).failOn ?? 'low';
  const fails = (f: Finding) => f.status === 'fail' && failsAt(f.severity, failOnOf(f.file));
  const failing = findings.filter(fails).length;
  const shown = findings.filter((f) => (opts.failingOnly ? fails(f) : listed(f))).sort(compareFindings);
  const errors = [...(firstShard ? found.errors : []), ...result.errors].sort(compareErrors);
  const contexts = result.contexts;
  return {
    tool: { name: 'akslint', version: VERSION },
    summary: {
      filesScanned: scanned.length,
      resources: result.resources,
      deployments: result.deployments,
      ...(contexts.size > 0 ? { contexts: Object.fromEntries(contexts) } : {}),
      findings: findings.filter((f) => f.status === 'fail').length,
      suppressed: suppressed.length,
      unknown: findings.filter((f) => f.status === 'unknown').length,
      parseErrors: errors.length,
      durationMs: Date.now() - started,
      limitsReached: skipped.filter((s) => s.limit).length,
      ...(opts.shard
        ? { sharedFiles: scanned.filter((f) => !result.entries.has(f.path)).map((f) => f.path) }
        : {}),
    },
    findings: shown,
    suppressed,
    errors,
    skipped,
    failOn,
    failing,
    ...(failingUnevaluated > 0 ? { failingUnevaluated } : {}),
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
      : 'not read: Terraform loads only terraform.tfvars and *.auto.tfvars by itself, and environments are looked for in a root and its env/, envs/, environments/ or vars/ folder; pass this file with --var-file (or list it under environments in the configuration) to check the values it sets',
  };
}

function failsAt(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank(severity) >= severityRank(failOn);
}

/** Findings with each file's rule settings applied: rules turned off there dropped, severities changed. */
function withRuleSettings(findings: Finding[], settingsOf: (file: string) => FileSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = settingsOf(f.file).rules[f.ruleId];
    if (setting === 'off') continue;
    out.push(setting && setting !== f.severity ? { ...f, severity: setting } : f);
  }
  return out;
}

/** The size limit of a file or standard input in bytes: `--max-file-size`, else its config's, else 5 MB. */
export function maxFileBytesOf(opts: Pick<ScanOptions, 'maxFileSize' | 'config'>, file: string): number {
  const mb = opts.maxFileSize ?? opts.config?.settingsFor(file).maxFileSize;
  return mb === undefined ? DEFAULT_MAX_FILE_BYTES : Math.floor(mb * 1024 * 1024);
}

/** Inside the working directory, relative as every display path; elsewhere (`~/.bicep`), absolute. */
function cacheDisplayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return (inside ? rel : abs).split(path.sep).join('/');
}

function realPath(cwd: string, p: string): string {
  const abs = path.resolve(cwd, p);
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs;
  }
}

/** 0 when clean, 1 when a finding fails the run (at or above its file's failOn) or a file could not be read. */
export function exitCodeFor(report: ScanReport): 0 | 1 {
  return report.failing > 0 || report.errors.length > 0 || (report.failingUnevaluated ?? 0) > 0 ? 1 : 0;
}

function recordingHost(host: LoadHost, onRead: (path: string) => void): LoadHost {
  return {
    readFile: (p) => {
      onRead(p);
      return host.readFile(p);
    },
    listDir: (dir) => {
      onRead(dir);
      return host.listDir(dir);
    },
  };
}
