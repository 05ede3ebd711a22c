import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Format, FormatLoader, SourceFile } from '../src/model';
import { MemoryHost } from '../src/discover/host';
import { analyzeInGroups } from '../src/engine/groups';
import { loadUnit, planUnits, sharedEntries, withSharedSyntax } from '../src/engine/analyze';
import { loaderFor } from '../src/evaluate/loaders';
import { allRules } from '../policies';
import { cliV8Flags } from './cli-flags';
import { DEFAULT_SEED, MARKER_FILE, existingCorpus, writeCorpus, type CorpusOptions } from './generate';
import { RELINT_BUDGET_MS, loneManifest, memoryFigure, relintFigure, terraformModuleOf } from './lsp';
import { MONOREPO_COPIES, monorepoGrowth } from './monorepo';

const REPO = path.resolve(__dirname, '..', '..');
const CORPUS_ROOT = path.join(REPO, 'bench', 'corpus');
const RESULTS_FILE = path.join(REPO, 'bench', 'last-results.json');
const BIN = path.join(REPO, 'bin', 'akslint.js');
const RSS_CHILD = path.join(__dirname, 'rss-child.js');
const SCAN_CHILD = path.join(__dirname, 'scan-child.js');

/** Budgets from the issues: a full scan at most 1.5x parse-only, a one-file scan at most 200 ms, --version 100 ms. */
const FULL_TO_PARSE_BUDGET = 1.5;
const COLD_START_BUDGET_MS = 200;
const VERSION_BUDGET_MS = 100;
const MEMORY_SCALES = [0.25, 0.5, 1];
const FORMATS: readonly Format[] = ['terraform', 'arm', 'bicep', 'kubernetes'];
const NO_OPTIONS = { varFiles: [], parameterFiles: [] };
const NO_FIXES = { fixes: false };

interface Options extends CorpusOptions {
  regenerate: boolean;
  runs: number;
  /** Seconds of timed runs per figure before taking fewer than `runs`. */
  budgetSeconds: number;
  coldRuns: number;
  memory: boolean;
  /** Language server: timed edits per re-lint figure, edits of the memory figure (0: skip it). */
  lspEdits: number;
  lspMemoryEdits: number;
  /** Scale of the corpus the monorepo case copies 1, 2, 4 and 8 times; 0 skips the case. */
  monorepoScale: number;
  /** Kubernetes objects of the many-manifests memory case (0 skips it). */
  manifests: number;
  /** Only these formats' parse-only and full-scan figures, and nothing else (no results file either). */
  formats?: Format[];
  /** Measure in process under V8's own defaults, not the flags the CLI starts a folder scan with. */
  v8Defaults: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const out: Options = {
    scale: 1,
    seed: DEFAULT_SEED,
    regenerate: false,
    runs: 5,
    budgetSeconds: 10,
    coldRuns: 7,
    memory: true,
    lspEdits: 300,
    lspMemoryEdits: 10000,
    monorepoScale: 0.1,
    manifests: 0,
    v8Defaults: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const num = () => Number(inline ?? argv[++i]);
    if (flag === '--scale') out.scale = num();
    else if (flag === '--seed') out.seed = num();
    else if (flag === '--runs') out.runs = num();
    else if (flag === '--cold-runs') out.coldRuns = num();
    else if (flag === '--budget-seconds') out.budgetSeconds = num();
    else if (flag === '--regenerate') out.regenerate = true;
    else if (flag === '--no-memory') out.memory = false;
    else if (flag === '--lsp-edits') out.lspEdits = num();
    else if (flag === '--lsp-memory-edits') out.lspMemoryEdits = num();
    else if (flag === '--monorepo-scale') out.monorepoScale = num();
    else if (flag === '--no-monorepo') out.monorepoScale = 0;
    else if (flag === '--manifests') out.manifests = num();
    else if (flag === '--formats') out.formats = (inline ?? argv[++i] ?? '').split(',') as Format[];
    else if (flag === '--v8-defaults') out.v8Defaults = true;
    else
      throw new Error(
        `unknown option ${argv[i]} (expected --scale, --seed, --runs, --budget-seconds, --cold-runs, --regenerate, --no-memory, --lsp-edits, --lsp-memory-edits, --monorepo-scale, --no-monorepo, --manifests, --formats, --v8-defaults)`,
      );
  }
  if (!(out.scale > 0) || !(out.runs >= 1) || !(out.coldRuns >= 1) || !Number.isInteger(out.seed))
    throw new Error('--scale must be positive, --runs and --cold-runs at least 1, --seed an integer');
  const unknownFormat = out.formats?.find((f) => !FORMATS.includes(f));
  if (unknownFormat !== undefined)
    throw new Error(
      `--formats takes a comma-separated list of ${FORMATS.join(', ')}, not '${unknownFormat}'`,
    );
  return out;
}

/** Which loader's files a path belongs to, counting the inputs it reads besides entries (tfvars, parameter files). */
function formatOf(file: string): Format | undefined {
  if (/\.(tf|tfvars)$/.test(file)) return 'terraform';
  if (/\.(bicep|bicepparam)$/.test(file)) return 'bicep';
  if (/\.json$/.test(file)) return 'arm';
  if (/\.ya?ml$/.test(file)) return 'kubernetes';
  return undefined;
}

function corpusDir(scale: number, seed: number): string {
  return path.join(CORPUS_ROOT, seed === DEFAULT_SEED ? `scale-${scale}` : `scale-${scale}-seed-${seed}`);
}

function ensureCorpus(options: CorpusOptions, regenerate: boolean): { dir: string; generatedMs?: number } {
  const dir = corpusDir(options.scale, options.seed);
  if (!regenerate && existingCorpus(dir, options)) return { dir };
  const started = performance.now();
  writeCorpus(dir, options);
  return { dir, generatedMs: performance.now() - started };
}

function readTree(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name !== MARKER_FILE)
        out.push({ path: child, text: fs.readFileSync(path.join(dir, child), 'utf8') });
    }
  };
  walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

interface Timing<T> {
  /** Median wall time of the timed runs. */
  ms: number;
  /** Timed runs made: `--runs`, fewer when they would exceed the time budget (at least one). */
  runs: number;
  result: T;
}

/**
 * A warm-up (a smaller task of the same kind: it loads the parsers and warms the JIT without costing a
 * full run), then the median of up to `runs` timed runs, stopping early once they have taken `budgetMs`.
 */
async function measure<T>(
  task: () => Promise<T>,
  warmUp: () => Promise<unknown>,
  limits: { runs: number; budgetMs: number },
): Promise<Timing<T>> {
  await warmUp();
  const times: number[] = [];
  let result: T | undefined;
  let spent = 0;
  while (times.length < limits.runs && (times.length === 0 || spent < limits.budgetMs)) {
    const started = performance.now();
    result = await task();
    const ms = performance.now() - started;
    times.push(ms);
    spent += ms;
  }
  return { ms: median(times), runs: times.length, result: result as T };
}

const bytesOf = (files: readonly SourceFile[]) =>
  files.reduce((n, f) => n + Buffer.byteLength(f.text, 'utf8'), 0);

interface Throughput {
  ms: number;
  filesPerSecond: number;
  mbPerSecond: number;
}

function throughput(ms: number, files: number, bytes: number): Throughput {
  return {
    ms: round(ms),
    filesPerSecond: round((files / ms) * 1000),
    mbPerSecond: round((bytes / 1e6 / ms) * 1000, 2),
  };
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

interface FormatResult {
  format: Format | 'total';
  files: number;
  /** Files a loader takes as entries (the rest it reads on demand: tfvars, ARM parameter files). */
  entries: number;
  mb: number;
  parseOnly: Throughput & { runs: number };
  full: Throughput & { runs: number };
  /** The loader alone (parse and evaluate, no graph or rules): where the full scan's extra time goes. */
  loadOnlyMs: number;
  ratio: number;
  verdict: 'PASS' | 'FAIL';
  resources: number;
  findings: number;
  /** Errors the full load reported (syntax and evaluation); a realistic corpus has none. */
  loadErrors: number;
  /** Syntax errors parse-only counted. */
  syntaxErrors: number;
}

async function parseAll(files: readonly SourceFile[]): Promise<number> {
  let errors = 0;
  for (const file of files) errors += await (loaderFor(formatOf(file.path)!) as FormatLoader).parseOnly(file);
  return errors;
}

const WARM_UP_FILES = 40;

async function benchFormat(
  format: Format,
  files: SourceFile[],
  limits: { runs: number; budgetMs: number },
): Promise<FormatResult> {
  const host = new MemoryHost(Object.fromEntries(files.map((f) => [f.path, f.text])));
  const rules = allRules();
  const sample = files.slice(0, WARM_UP_FILES);
  const parse = await measure(
    () => parseAll(files),
    () => parseAll(sample),
    limits,
  );
  // As `akslint scan --jobs 1` runs with its default output, which shows no fix (LoadPlan.fixes): group
  // by group, each loaded, checked and let go before the next (engine/groups.ts). One graph of every
  // file (`analyze`, what the tests compare the groups with) held a whole format's values until its
  // rules ran, and the collector copied them again and again: 27% more CPU for the Terraform corpus.
  const full = await measure(
    () => analyzeInGroups(files, host, NO_OPTIONS, rules, {}, undefined, NO_FIXES),
    () => analyzeInGroups(sample, host, NO_OPTIONS, rules, {}, undefined, NO_FIXES),
    limits,
  );
  // The loader alone on the units the scan loads, each apart, shared files parsed once (as the scan's
  // groups load them): what the full scan adds beyond it is graph and rules.
  const loadUnits = async (list: readonly SourceFile[]) => {
    const { units } = planUnits(list, host, NO_OPTIONS);
    const options = withSharedSyntax(NO_OPTIONS, sharedEntries(units));
    for (const unit of units) await loadUnit(unit, host, options);
  };
  const load = await measure(
    () => loadUnits(files),
    () => loadUnits(sample),
    limits,
  );
  const bytes = bytesOf(files);
  const ratio = round(full.ms / parse.ms, 2);
  return {
    format,
    files: files.length,
    entries: files.length - full.result.unclaimed.length,
    mb: round(bytes / 1e6, 2),
    parseOnly: { ...throughput(parse.ms, files.length, bytes), runs: parse.runs },
    full: { ...throughput(full.ms, files.length, bytes), runs: full.runs },
    loadOnlyMs: round(load.ms),
    ratio,
    verdict: ratio <= FULL_TO_PARSE_BUDGET ? 'PASS' : 'FAIL',
    resources: full.result.resources,
    findings: full.result.findings.length,
    loadErrors: full.result.errors.length,
    syntaxErrors: parse.result,
  };
}

/** Formats do not interact in a scan but through the rules, so the corpus total is the sum of its formats. */
function totalOf(rows: readonly FormatResult[]): FormatResult {
  const sum = (pick: (r: FormatResult) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const files = sum((r) => r.files);
  const bytes = sum((r) => r.mb) * 1e6;
  const parseMs = sum((r) => r.parseOnly.ms);
  const fullMs = sum((r) => r.full.ms);
  const ratio = round(fullMs / parseMs, 2);
  return {
    format: 'total',
    files,
    entries: sum((r) => r.entries),
    mb: round(bytes / 1e6, 2),
    parseOnly: { ...throughput(parseMs, files, bytes), runs: Math.min(...rows.map((r) => r.parseOnly.runs)) },
    full: { ...throughput(fullMs, files, bytes), runs: Math.min(...rows.map((r) => r.full.runs)) },
    loadOnlyMs: round(sum((r) => r.loadOnlyMs)),
    ratio,
    verdict: ratio <= FULL_TO_PARSE_BUDGET ? 'PASS' : 'FAIL',
    resources: sum((r) => r.resources),
    findings: sum((r) => r.findings),
    loadErrors: sum((r) => r.loadErrors),
    syntaxErrors: sum((r) => r.syntaxErrors),
  };
}

interface ColdStart {
  format: Format;
  /** What the file is: the issue's budget names each case. */
  label: string;
  file: string;
  /** A module's file named alone: the roots that call it, which the scan loads too. */
  callers?: number;
  medianMs: number;
  minMs: number;
  exitCodes: number[];
  verdict: 'PASS' | 'FAIL';
}

/** One representative entry file per format: a root module's main.tf, a deployment's main.bicep... */
function coldStartFiles(files: readonly SourceFile[]): Record<Format, string | undefined> {
  const first = (test: (p: string) => boolean) => files.find((f) => test(f.path))?.path;
  return {
    terraform: first((p) => p.startsWith('terraform/teams/') && p.endsWith('/main.tf')),
    bicep: first(
      (p) => p.startsWith('bicep/') && !p.startsWith('bicep/modules/') && p.endsWith('/main.bicep'),
    ),
    arm: first((p) => p.endsWith('/azuredeploy.json')),
    kubernetes: first((p) => /\.ya?ml$/.test(p)),
  };
}

/**
 * The main.tf of the local module the most root folders call: named alone, it is checked as each of them
 * deploys it, so the scan loads every one of them (a pre-commit hook on a change to a shared module).
 */
function mostCalledModule(files: readonly SourceFile[]): { file: string; callers: number } | undefined {
  const callers = new Map<string, Set<string>>();
  for (const f of files) {
    if (!f.path.endsWith('.tf')) continue;
    const dir = path.posix.dirname(f.path);
    for (const m of f.text.matchAll(/\bsource\s*=\s*"(\.\.?\/[^"]*)"/g)) {
      const module = path.posix.normalize(path.posix.join(dir, m[1])).replace(/\/$/, '');
      callers.set(module, (callers.get(module) ?? new Set()).add(dir));
    }
  }
  const paths = new Set(files.map((f) => f.path));
  let best: { file: string; callers: number } | undefined;
  for (const [module, dirs] of [...callers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const file = `${module}/main.tf`;
    if (paths.has(file) && dirs.size > (best?.callers ?? 0)) best = { file, callers: dirs.size };
  }
  return best;
}

const MODULE_FILES = 30;

/**
 * The root module of `main` spread over 30 files, as large modules are: main.tf as it is, the top-level
 * blocks of its other .tf files split across 28 files, and its tfvars, under a copy of the corpus's
 * shared modules so that its module sources resolve. Written under bench/corpus/ on each run.
 */
function thirtyFileModule(corpus: string, main: string): { cwd: string; file: string } {
  const moduleDir = path.posix.dirname(main);
  const cwd = path.join(CORPUS_ROOT, `module-${MODULE_FILES}`);
  const target = path.join(cwd, ...moduleDir.split('/'));
  fs.rmSync(cwd, { recursive: true, force: true });
  fs.cpSync(path.join(corpus, 'terraform', 'modules'), path.join(cwd, 'terraform', 'modules'), {
    recursive: true,
  });
  fs.mkdirSync(target, { recursive: true });
  const blocks: { from: string; text: string }[] = [];
  let kept = 0;
  for (const name of fs.readdirSync(path.join(corpus, moduleDir)).sort()) {
    const text = fs.readFileSync(path.join(corpus, moduleDir, name), 'utf8');
    if (name === path.posix.basename(main) || !name.endsWith('.tf')) {
      fs.writeFileSync(path.join(target, name), text);
      kept++;
      continue;
    }
    // The generator writes top-level blocks from column 0 and indents everything inside them.
    for (const block of text.split(/\n(?=[a-z])/)) blocks.push({ from: name, text: `${block.trim()}\n` });
  }
  const parts = MODULE_FILES - kept;
  if (blocks.length < parts) throw new Error(`${moduleDir} has ${blocks.length} blocks, fewer than ${parts}`);
  for (let i = 0; i < parts; i++) {
    const part = blocks.slice(
      Math.floor((i * blocks.length) / parts),
      Math.floor(((i + 1) * blocks.length) / parts),
    );
    const name = `${part[0].from.replace(/\.tf$/, '')}-${i + 1}.tf`;
    fs.writeFileSync(path.join(target, name), part.map((b) => b.text).join('\n'));
  }
  return { cwd, file: main };
}

function timeProcess(args: string[], cwd: string): { ms: number; status: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (run.error) throw run.error;
  return { ms, status: run.status ?? -1 };
}

const COLD_START_LABELS: Record<Format, string> = {
  terraform: 'a .tf in a 12-file root module',
  arm: 'an ARM template',
  bicep: 'a .bicep deployment',
  kubernetes: 'a small manifest',
};

function coldStarts(
  dir: string,
  files: readonly SourceFile[],
  runs: number,
): { nodeBaselineMs: number; versionMs: number; versionVerdict: 'PASS' | 'FAIL'; scans: ColdStart[] } {
  const baseline: number[] = [];
  const version: number[] = [];
  for (let i = 0; i <= runs; i++) {
    baseline.push(timeProcess(['-e', '0'], dir).ms);
    version.push(timeProcess([BIN, '--version'], dir).ms);
  }
  const versionMs = round(median(version.slice(1)));
  const cases: { format: Format; label: string; cwd: string; file: string; callers?: number }[] = [];
  for (const [format, file] of Object.entries(coldStartFiles(files)) as [Format, string | undefined][]) {
    if (!file) continue;
    cases.push({ format, label: COLD_START_LABELS[format], cwd: dir, file });
    if (format !== 'terraform') continue;
    cases.push({
      format,
      label: `a .tf in a ${MODULE_FILES}-file root module`,
      ...thirtyFileModule(dir, file),
    });
    const shared = mostCalledModule(files);
    if (shared)
      cases.push({
        format,
        label: `a .tf of a module ${shared.callers} roots call`,
        cwd: dir,
        file: shared.file,
        callers: shared.callers,
      });
  }
  const scans: ColdStart[] = [];
  for (const { format, label, cwd, file, callers } of cases) {
    const times: number[] = [];
    const exitCodes = new Set<number>();
    // The first spawn warms the OS file cache; it is not counted.
    for (let i = 0; i <= runs; i++) {
      const run = timeProcess([BIN, 'scan', file, '--format', 'json'], cwd);
      exitCodes.add(run.status);
      if (i > 0) times.push(run.ms);
    }
    const medianMs = round(median(times));
    scans.push({
      format,
      label,
      file,
      ...(callers !== undefined ? { callers } : {}),
      medianMs,
      minMs: round(Math.min(...times)),
      exitCodes: [...exitCodes].sort(),
      verdict: medianMs <= COLD_START_BUDGET_MS && ![...exitCodes].some((c) => c > 1) ? 'PASS' : 'FAIL',
    });
  }
  return {
    nodeBaselineMs: round(median(baseline.slice(1))),
    versionMs,
    versionVerdict: versionMs <= VERSION_BUDGET_MS ? 'PASS' : 'FAIL',
    scans,
  };
}

interface MemoryPoint {
  scale: number;
  files: number;
  mb: number;
  peakRssMb: number;
  mbPer1kFiles: number;
  aboveBaselineMbPer1kFiles: number;
}

interface FolderScan {
  ms: number[];
  cpuMs: number[];
  files: number;
  findings: number;
  parseErrors: number;
}

function folderScanInChild(
  dir: string,
  limits: { runs: number; budgetMs: number },
  warmUpPaths: readonly string[],
): FolderScan {
  const args = [
    ...cliV8Flags(dir, ['.']),
    SCAN_CHILD,
    dir,
    String(limits.runs),
    String(limits.budgetMs),
    ...warmUpPaths,
  ];
  const run = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`folder scan child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as FolderScan;
}

function childScan(cwd: string, paths: string[]): { maxRssBytes: number; files: number } {
  const run = spawnSync(process.execPath, [...cliV8Flags(cwd, paths), RSS_CHILD, cwd, ...paths], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`scan child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as { maxRssBytes: number; files: number };
}

function memoryGrowth(options: Options, coldFiles: string[], coldDir: string) {
  const baseline = childScan(coldDir, coldFiles);
  const baselineMb = baseline.maxRssBytes / 1e6;
  const points: MemoryPoint[] = [];
  for (const scale of MEMORY_SCALES) {
    const { dir } = ensureCorpus({ scale, seed: options.seed }, false);
    const bytes = readTree(dir).reduce((n, f) => n + Buffer.byteLength(f.text), 0);
    const scan = childScan(dir, ['.']);
    const peak = scan.maxRssBytes / 1e6;
    points.push({
      scale,
      files: scan.files,
      mb: round(bytes / 1e6, 2),
      peakRssMb: round(peak),
      mbPer1kFiles: round((peak / scan.files) * 1000),
      aboveBaselineMbPer1kFiles: round(((peak - baselineMb) / scan.files) * 1000),
    });
  }
  const first = points[0];
  const last = points[points.length - 1];
  return {
    baselineRssMb: round(baselineMb),
    points,
    // Linear growth: the memory added by the corpus grows by the same factor as the corpus does.
    fileRatio: round(last.files / first.files, 2),
    rssAboveBaselineRatio: round((last.peakRssMb - baselineMb) / (first.peakRssMb - baselineMb), 2),
  };
}

/**
 * Peak RSS of a scan of at least `objects` Kubernetes objects in a fresh process: the corpus's
 * kubernetes/ folder copied as often as it takes (copy-1, copy-2...), written under bench/corpus/ once.
 */
function manyManifests(corpus: string, objects: number) {
  const source = path.join(corpus, 'kubernetes');
  const perCopy = readTree(source).reduce((n, f) => n + (f.text.match(/^kind:/gm)?.length ?? 0), 0);
  const copies = Math.ceil(objects / perCopy);
  const dir = path.join(CORPUS_ROOT, `manifests-${copies}x`);
  if (!fs.existsSync(path.join(dir, `copy-${copies}`)))
    for (let i = 1; i <= copies; i++)
      fs.cpSync(source, path.join(dir, `copy-${i}`), { recursive: true, force: true });
  const emptyDir = fs.mkdtempSync(path.join(CORPUS_ROOT, 'empty-'));
  const empty = childScan(emptyDir, ['.']);
  fs.rmSync(emptyDir, { recursive: true, force: true });
  const scan = childScan(dir, ['.']);
  return {
    objects: perCopy * copies,
    files: scan.files,
    peakRssMb: round(scan.maxRssBytes / 1e6),
    baselineRssMb: round(empty.maxRssBytes / 1e6),
  };
}

/** Short arrays of numbers or strings on one line, as prettier leaves JSON, so `prettier --check .` stays clean. */
function primitiveArraysInline(json: string): string {
  return json.replace(
    /^( *)(.*)\[\n((?: *(?:-?[\d.e+]+|"[^"\n]*"|true|false|null),?\n)+) *\]/gm,
    (whole, indent: string, head: string, items: string) => {
      const line = `${indent}${head}[${items
        .split('\n')
        .map((i) => i.trim())
        .filter(Boolean)
        .join(' ')}]`;
      return line.length <= 110 ? line : whole;
    },
  );
}

function pad(cells: (string | number)[], widths: number[]): string {
  return cells
    .map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])))
    .join('  ');
}

function printTable(rows: (string | number)[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log(pad(rows[0], widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) console.log(pad(r, widths));
}

/**
 * The in-process figures are taken under the V8 flags the CLI starts a folder scan with
 * (bin/v8-flags.js), so that they measure what users run: a process without them runs this script
 * again with them, and reports its exit code. `--v8-defaults` measures under V8's own.
 */
function relaunchedWithCliFlags(options: Options): boolean {
  if (options.v8Defaults) return false;
  const flags = cliV8Flags(REPO, [CORPUS_ROOT]);
  if (flags.every((f) => process.execArgv.includes(f))) return false;
  const run = spawnSync(
    process.execPath,
    [...process.execArgv, ...flags, __filename, ...process.argv.slice(2)],
    {
      stdio: 'inherit',
    },
  );
  process.exitCode = run.status ?? 1;
  return true;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (relaunchedWithCliFlags(options)) return;
  const started = performance.now();
  const { dir, generatedMs } = ensureCorpus(options, options.regenerate);
  const files = readTree(dir);
  const byFormat = new Map<Format, SourceFile[]>();
  for (const f of files) {
    const format = formatOf(f.path);
    if (format) byFormat.set(format, [...(byFormat.get(format) ?? []), f]);
  }
  console.log(
    `akslint benchmark — node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}, V8 flags: ${process.execArgv.join(' ') || "V8's defaults"}`,
  );
  console.log(
    `corpus ${path.relative(REPO, dir)}: scale ${options.scale}, seed ${options.seed}, ${files.length} files, ${round(bytesOf(files) / 1e6, 1)} MB` +
      (generatedMs !== undefined
        ? ` (generated in ${round(generatedMs / 1000, 1)} s)`
        : ' (already generated)'),
  );
  console.log(
    `timings: median of up to ${options.runs} runs (fewer once ${options.budgetSeconds} s are spent; runs shown as ×n) after a warm-up; ` +
      `text in memory, no file I/O; total = sum of the formats\n`,
  );

  const limits = { runs: options.runs, budgetMs: options.budgetSeconds * 1000 };
  const formats: FormatResult[] = [];
  for (const format of options.formats ?? FORMATS) {
    const list = byFormat.get(format);
    if (list) formats.push(await benchFormat(format, list, limits));
  }
  formats.push(totalOf(formats));
  printTable([
    [
      'format',
      'files',
      'MB',
      'parse ms',
      'files/s',
      'MB/s',
      'full ms',
      'files/s',
      'MB/s',
      'full/parse',
      `≤${FULL_TO_PARSE_BUDGET}x`,
      'resources',
      'findings',
      'errors',
    ],
    ...formats.map((r) => [
      r.format,
      r.files,
      r.mb,
      `${r.parseOnly.ms} ×${r.parseOnly.runs}`,
      r.parseOnly.filesPerSecond,
      r.parseOnly.mbPerSecond,
      `${r.full.ms} ×${r.full.runs}`,
      r.full.filesPerSecond,
      r.full.mbPerSecond,
      `${r.ratio}x`,
      r.verdict,
      r.resources,
      r.findings,
      r.loadErrors + r.syntaxErrors,
    ]),
  ]);
  console.log(
    '\nwhere the full scan goes: the loader alone (parse + evaluate), then graph and rules (full - loader)',
  );
  printTable([
    ['format', 'parse ms', 'loader ms', 'loader/parse', 'graph+rules ms'],
    ...formats.map((r) => [
      r.format,
      r.parseOnly.ms,
      r.loadOnlyMs,
      `${round(r.loadOnlyMs / r.parseOnly.ms, 2)}x`,
      round(r.full.ms - r.loadOnlyMs),
    ]),
  ]);
  // A look at some formats' ratios: the folder scan, start-up, memory and the results file need them all.
  if (options.formats) return;

  const warmUpPaths = [
    ...new Set(
      Object.values(coldStartFiles(files))
        .filter((f): f is string => !!f)
        .map((f) => path.posix.dirname(f)),
    ),
  ];
  // In a fresh process: this one holds the corpus and what the per-format runs kept (bench/scan-child.ts).
  const scan = folderScanInChild(dir, limits, warmUpPaths);
  const scanBytes = bytesOf(files);
  const folderScan = {
    ...throughput(median(scan.ms), scan.files, scanBytes),
    cpuMs: round(median(scan.cpuMs)),
    runs: scan.ms.length,
    files: scan.files,
    findings: scan.findings,
    parseErrors: scan.parseErrors,
  };
  console.log(
    `\nrunScan on the folder in a fresh process, after a warm-up (discovery, file I/O, suppressions included): ${folderScan.ms} ms (${folderScan.cpuMs} ms of CPU) ×${folderScan.runs}, ${folderScan.files} files, ` +
      `${folderScan.filesPerSecond} files/s, ${folderScan.mbPerSecond} MB/s, ${folderScan.findings} findings, ${folderScan.parseErrors} errors`,
  );

  const cold = coldStarts(dir, files, options.coldRuns);
  console.log(
    `\ncold start: \`node bin/akslint.js scan <file> --format json\`, median of ${options.coldRuns} processes (node -e 0 alone: ${cold.nodeBaselineMs} ms; ` +
      `--version: ${cold.versionMs} ms, ${round(cold.versionMs / cold.nodeBaselineMs, 2)}x node -e 0, ≤${VERSION_BUDGET_MS} ms ${cold.versionVerdict})`,
  );
  printTable([
    ['case', 'file', 'median ms', 'min ms', 'exit', `≤${COLD_START_BUDGET_MS} ms`],
    ...cold.scans.map((c) => [c.label, c.file, c.medianMs, c.minMs, c.exitCodes.join(','), c.verdict]),
  ]);

  let memory: ReturnType<typeof memoryGrowth> | undefined;
  if (options.memory) {
    // The baseline is a scan of one file of each kind, not of the roots a shared module brings along.
    const baselineFiles = cold.scans.filter((c) => c.callers === undefined).map((c) => c.file);
    memory = memoryGrowth(options, baselineFiles, dir);
    console.log(
      `\npeak RSS of a full folder scan in a fresh process (a scan of the ${baselineFiles.length} cold-start files: ${memory.baselineRssMb} MB)`,
    );
    printTable([
      ['scale', 'files', 'MB', 'peak RSS MB', 'MB / 1k files', 'above baseline / 1k files'],
      ...memory.points.map((p) => [
        p.scale,
        p.files,
        p.mb,
        p.peakRssMb,
        p.mbPer1kFiles,
        p.aboveBaselineMbPer1kFiles,
      ]),
    ]);
    console.log(
      `scale ${MEMORY_SCALES[0]} -> ${MEMORY_SCALES[MEMORY_SCALES.length - 1]}: files x${memory.fileRatio}, RSS above baseline x${memory.rssAboveBaselineRatio}`,
    );
  }

  const lsp = await languageServer(dir, options);
  let monorepo: ReturnType<typeof monorepoGrowth> | undefined;
  if (options.monorepoScale > 0) {
    monorepo = monorepoGrowth(RSS_CHILD, CORPUS_ROOT, { scale: options.monorepoScale, seed: options.seed });
    console.log(
      `\nmonorepo: the scale-${options.monorepoScale} corpus copied ${MONOREPO_COPIES.join(', ')} times, a .gitignore at each copy's top and in every project folder, ` +
        `each scan in a fresh process (a scan of an empty folder: ${monorepo.baselineRssMb} MB)`,
    );
    printTable([
      [
        'copies',
        'files',
        'discover ms',
        'per copy',
        'scan ms',
        'per copy',
        'peak RSS MB',
        'above baseline / copy',
      ],
      ...monorepo.points.map((p) => [
        p.copies,
        p.files,
        p.discoverMs,
        p.discoverMsPerCopy,
        p.scanMs,
        p.scanMsPerCopy,
        p.peakRssMb,
        p.rssAboveBaselineMbPerCopy,
      ]),
    ]);
    console.log(
      `per copy, ${MONOREPO_COPIES[MONOREPO_COPIES.length - 1]} copies / 1 copy (1.0 = linear): discovery x${monorepo.discoverPerCopyRatio}, ` +
        `scan x${monorepo.scanPerCopyRatio}, memory x${monorepo.rssPerCopyRatio}`,
    );
  }

  let manifests: ReturnType<typeof manyManifests> | undefined;
  if (options.manifests > 0) {
    manifests = manyManifests(dir, options.manifests);
    console.log(
      `\n${manifests.objects} Kubernetes objects in ${manifests.files} files (the corpus's manifests copied), one scan in a fresh process: ` +
        `peak RSS ${manifests.peakRssMb} MB (a scan of nothing: ${manifests.baselineRssMb} MB)`,
    );
  }

  const results = {
    node: process.version,
    v8Flags: process.execArgv,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => round(l, 2)),
    corpus: {
      dir: path.relative(REPO, dir),
      scale: options.scale,
      seed: options.seed,
      files: files.length,
      mb: round(bytesOf(files) / 1e6, 2),
    },
    runs: options.runs,
    budgets: {
      fullToParseRatio: FULL_TO_PARSE_BUDGET,
      coldStartMs: COLD_START_BUDGET_MS,
      versionMs: VERSION_BUDGET_MS,
    },
    formats,
    folderScan,
    coldStart: cold,
    memory,
    lsp,
    monorepo,
    manifests,
    elapsedSeconds: round((performance.now() - started) / 1000),
  };
  const json = primitiveArraysInline(JSON.stringify(results, null, 2));
  fs.writeFileSync(RESULTS_FILE, json + '\n');
  console.log(
    `\n${json}\n\n(written to ${path.relative(REPO, RESULTS_FILE)}; total ${results.elapsedSeconds} s)`,
  );
}

/**
 * `akslint lsp` as an editor drives it: the time from didChange to publishDiagnostics (no debounce) for
 * main.tf of a 12-file root module (it also reads the shared modules it calls) and for a manifest alone
 * in its folder; then the server's memory over many edits.
 */
async function languageServer(dir: string, options: Options) {
  if (options.lspEdits <= 0) return undefined;
  const module = terraformModuleOf(dir, 12);
  if (!module) throw new Error(`no 12-file Terraform root module in ${dir}`);
  const manifest = loneManifest(path.join(REPO, 'examples', 'insecure', 'kubernetes', 'web.yaml'));
  const terraform = await relintFigure(
    BIN,
    dir,
    module.main,
    options.lspEdits,
    RELINT_BUDGET_MS.terraformModule,
  );
  const kubernetes = await relintFigure(
    BIN,
    manifest.root,
    manifest.file,
    options.lspEdits,
    RELINT_BUDGET_MS.loneManifest,
  );
  console.log(
    `
language server: didChange -> publishDiagnostics, no debounce, ${options.lspEdits} edits after a warm-up (\`akslint lsp\` process, vscode-jsonrpc client)`,
  );
  printTable([
    ['document', 'p50 ms', 'p95 ms', 'max ms', 'budget (p95)', 'verdict'],
    [
      `12-file module: ${terraform.file}`,
      terraform.p50Ms,
      terraform.p95Ms,
      terraform.maxMs,
      `≤${terraform.budgetMs} ms`,
      terraform.verdict,
    ],
    [
      'lone manifest: web.yaml',
      kubernetes.p50Ms,
      kubernetes.p95Ms,
      kubernetes.maxMs,
      `≤${kubernetes.budgetMs} ms`,
      kubernetes.verdict,
    ],
  ]);
  let memory;
  if (options.lspMemoryEdits > 0) {
    memory = await memoryFigure(BIN, dir, module.main, options.lspMemoryEdits);
    console.log(
      `server RSS over ${memory.edits} edits of ${memory.file}: ${memory.rssAfterWarmUpMb} MB half-way, ${memory.rssAfterMb} MB at the end ` +
        `(${round(memory.growth * 100)}% growth, budget <10%): ${memory.verdict}`,
    );
  }
  fs.rmSync(manifest.root, { recursive: true, force: true });
  return { terraformModule: terraform, loneManifest: kubernetes, memory };
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
