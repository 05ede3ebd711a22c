import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildCorpus, existingCorpus, GENERATOR_VERSION, MARKER_FILE, type CorpusOptions } from './generate';
import { cliV8Flags } from './cli-flags';

/** How many times the corpus is copied into one tree: time and memory per copy must stay flat. */
export const MONOREPO_COPIES = [1, 2, 4, 8];

/** The .gitignore at the top of each copy: what a Terraform/Kubernetes repository commonly carries. */
const TOP_GITIGNORE = [
  '# Terraform',
  '.terraform/',
  '*.tfstate',
  '*.tfstate.*',
  'crash.log',
  'crash.*.log',
  '*.tfvars.json',
  'override.tf',
  'override.tf.json',
  '*_override.tf',
  '*_override.tf.json',
  '.terraformrc',
  'terraform.rc',
  '*.local.tfvars',
  '!keep.local.tfvars',
  '# build output',
  'build/',
  'dist/',
  'out/',
  '*.log',
  '# editors',
  '.idea/',
  '.vscode/',
  '*.swp',
  '.DS_Store',
  '# rendered manifests',
  'rendered/**/*.yaml',
  'charts/*/templates/generated-*.yaml',
].join('\n');

/** Each project folder adds a few rules of its own, one negating a rule above. */
const PROJECT_GITIGNORE = ['generated/', 'secrets.*.yaml', '*.plan', '!override.tf', 'tmp-*.json'].join('\n');

const IGNORED_TF = 'resource "azurerm_kubernetes_cluster" "ignored" {\n  local_account_disabled = false\n}\n';

/**
 * The corpus copied `copies` times under copy-1, copy-2...: a .gitignore at the top of each copy and in
 * every folder two levels down, with files those rules exclude (build output, generated code, local
 * tfvars) beside the real ones. Written once per (scale, seed, copies) and kept.
 */
export function ensureMonorepo(root: string, options: CorpusOptions, copies: number): string {
  const dir = path.join(root, `monorepo-scale-${options.scale}-x${copies}`);
  if (existingCorpus(dir, options)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const files = buildCorpus(options);
  const projects = new Set(files.map((f) => f.path.split('/').slice(0, 2).join('/')));
  let written = 0;
  let bytes = 0;
  const write = (rel: string, text: string) => {
    const target = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    written++;
    bytes += Buffer.byteLength(text);
  };
  for (let copy = 1; copy <= copies; copy++) {
    const top = `copy-${copy}`;
    write(`${top}/.gitignore`, TOP_GITIGNORE + '\n');
    for (const f of files) write(`${top}/${f.path}`, f.text);
    for (const project of projects) {
      write(`${top}/${project}/.gitignore`, PROJECT_GITIGNORE + '\n');
      write(`${top}/${project}/generated/main.tf`, IGNORED_TF);
      write(`${top}/${project}/build/main.tf`, IGNORED_TF);
      write(`${top}/${project}/dev.local.tfvars`, 'local_account_disabled = false\n');
      write(`${top}/${project}/x_override.tf`, IGNORED_TF);
    }
  }
  fs.writeFileSync(
    path.join(dir, MARKER_FILE),
    JSON.stringify({ ...options, generatorVersion: GENERATOR_VERSION, files: written, bytes }, null, 2) +
      '\n',
  );
  return dir;
}

export interface MonorepoPoint {
  copies: number;
  files: number;
  /** Discovery alone (walk, ignore files, reading), in the child before its scan. */
  discoverMs: number;
  scanMs: number;
  peakRssMb: number;
  discoverMsPerCopy: number;
  scanMsPerCopy: number;
  /** Peak RSS above a scan of nothing, per copy. */
  rssAboveBaselineMbPerCopy: number;
}

interface ChildResult {
  maxRssBytes: number;
  files: number;
  durationMs: number;
  discoverMs?: number;
}

function child(script: string, cwd: string, args: string[]): ChildResult {
  const paths = args.filter((a) => !a.startsWith('--')).slice(1);
  const run = spawnSync(process.execPath, [...cliV8Flags(cwd, paths), script, ...args], {
    cwd,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`scan child failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as ChildResult;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** A full scan of the monorepo at each number of copies, each in a fresh process. */
export function monorepoGrowth(rssChild: string, corpusRoot: string, options: CorpusOptions) {
  const empty = fs.mkdtempSync(path.join(corpusRoot, 'empty-'));
  const baselineMb = child(rssChild, empty, [empty, '.']).maxRssBytes / 1e6;
  fs.rmSync(empty, { recursive: true, force: true });
  const points: MonorepoPoint[] = [];
  for (const copies of MONOREPO_COPIES) {
    const dir = ensureMonorepo(corpusRoot, options, copies);
    const run = child(rssChild, dir, ['--time-discovery', dir, '.']);
    const peak = run.maxRssBytes / 1e6;
    points.push({
      copies,
      files: run.files,
      discoverMs: round(run.discoverMs ?? 0),
      scanMs: round(run.durationMs),
      peakRssMb: round(peak),
      discoverMsPerCopy: round((run.discoverMs ?? 0) / copies),
      scanMsPerCopy: round(run.durationMs / copies),
      rssAboveBaselineMbPerCopy: round((peak - baselineMb) / copies),
    });
  }
  const first = points[0];
  const last = points[points.length - 1];
  return {
    scale: options.scale,
    baselineRssMb: round(baselineMb),
    points,
    // Flat per copy: 1.0 is linear growth, 8 would be quadratic at 8 copies.
    scanPerCopyRatio: round(last.scanMsPerCopy / first.scanMsPerCopy, 2),
    discoverPerCopyRatio: round(last.discoverMsPerCopy / first.discoverMsPerCopy, 2),
    rssPerCopyRatio: round(last.rssAboveBaselineMbPerCopy / first.rssAboveBaselineMbPerCopy, 2),
  };
}
