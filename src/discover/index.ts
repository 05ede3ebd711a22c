import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import type { FileError, SkipNote, SourceFile } from '../model';
import { deploymentCompanions } from './companions';
import { decodeText } from './decode';
import { displayPath } from './host';

export const SCANNED_EXTENSIONS = ['tf', 'tfvars', 'bicep', 'bicepparam', 'json', 'yaml', 'yml'];
const ALWAYS_SKIPPED = ['**/.terraform/**', '**/node_modules/**', '**/.git/**'];
/**
 * Larger files are refused (config `maxFileSize`, `--max-file-size`): no infrastructure file is this big,
 * and parsing one could exhaust memory or time (garbage pasted into an editor).
 */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** The error of a refused file or standard input: names the limit and how to raise it. */
export function tooLargeMessage(maxBytes: number): string {
  const mb = Math.round((maxBytes / 1024 / 1024) * 1000) / 1000;
  return `file is larger than the ${mb} MB limit and was not scanned (raise it with maxFileSize or --max-file-size)`;
}

export interface DiscoverOptions {
  cwd: string;
  /** Extra glob patterns to ignore (config `ignorePaths`), relative to the working directory. */
  ignorePaths?: string[];
  /** Whether configuration excludes a file (absolute path). */
  isIgnored?: (abs: string) => boolean;
  /** The size limit of a file (absolute path), in bytes; DEFAULT_MAX_FILE_BYTES when not given. */
  maxFileBytes?: (abs: string) => number;
}

export interface Discovered {
  files: SourceFile[];
  /** Files named on the command line (not found by walking a folder). */
  explicitFiles: string[];
  /**
   * Files the named files need to be evaluated as part of their deployments (the callers of a module,
   * the manifests beside one, the template of a parameters file): read, not reported on.
   */
  companions: SourceFile[];
  /** Every path given was a file (no folder): the scan reports what those files change. */
  onlyFiles: boolean;
  /** Real paths of the scan roots: nothing outside them (and the working directory) is read. */
  roots: string[];
  errors: FileError[];
  /** Files and folders found but not read (binary, unreadable): the summary says so. */
  skipped: SkipNote[];
}

/**
 * Which files to scan: named files as given, folders walked with fast-glob, honouring .gitignore and
 * .akslintignore, skipping .terraform, node_modules and .git, never following a symlink out of the root.
 */
export async function discover(paths: readonly string[], opts: DiscoverOptions): Promise<Discovered> {
  const errors: FileError[] = [];
  const skipped: SkipNote[] = [];
  const found = new Map<string, string>();
  const explicitFiles: string[] = [];
  const roots = new Set<string>([realOrSelf(opts.cwd)]);
  let onlyFiles = true;
  const configIgnore = ignore().add(opts.ignorePaths ?? []);
  const tracked = new TrackedFiles();
  const readText = (abs: string) => readCapped(abs, opts.maxFileBytes?.(abs) ?? DEFAULT_MAX_FILE_BYTES);
  // Config patterns are relative to the working directory: a path outside it matches none.
  const ignoredByConfig = (display: string, abs: string) =>
    (!display.startsWith('../') && !path.isAbsolute(display) && configIgnore.ignores(display)) ||
    opts.isIgnored?.(abs) === true;

  for (const given of paths.length > 0 ? paths : ['.']) {
    const abs = path.resolve(opts.cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      errors.push({
        file: displayPath(abs, opts.cwd),
        line: 1,
        column: 1,
        message: 'no such file or folder',
      });
      continue;
    }
    const real = realOrSelf(abs);
    if (stat.isFile()) {
      roots.add(path.dirname(real));
      const display = displayPath(abs, opts.cwd);
      // A file named alone (pre-commit passes them one by one) still honours config ignorePaths.
      if (ignoredByConfig(display, abs)) continue;
      found.set(display, abs);
      explicitFiles.push(display);
      continue;
    }
    roots.add(real);
    onlyFiles = false;
    const ignores = collectIgnores(abs);
    // .gitignore keeps untracked files out of git; a file git tracks is part of the repository all the
    // same (added before the rule, or with `git add -f`), and is deployed with it.
    const ignoredByGit = (rel: string) =>
      ignores.git.ignores(rel) && tracked.has(path.join(abs, rel)) !== true;
    const unreadable: string[] = [];
    const entries = await fg(`**/*.{${SCANNED_EXTENSIONS.join(',')}}`, {
      cwd: abs,
      ignore: ALWAYS_SKIPPED,
      dot: false,
      followSymbolicLinks: false,
      onlyFiles: true,
      suppressErrors: true,
      fs: { readdir: noticingFailures(unreadable) },
    });
    for (const dir of unreadable.sort()) {
      skipped.push({
        file: displayPath(dir, opts.cwd),
        message: 'folder could not be read, so its files were not scanned',
      });
    }
    for (const rel of entries.sort()) {
      if (ignores.akslint.ignores(rel) || ignoredByGit(rel)) continue;
      const file = path.join(abs, rel);
      const display = displayPath(file, opts.cwd);
      if (ignoredByConfig(display, file)) continue;
      const target = realOrSelf(file);
      if (!isInside(target, real)) continue;
      found.set(display, file);
    }
  }

  const companions: SourceFile[] = [];
  for (const display of deploymentCompanions(explicitFiles, opts.cwd)) {
    if (found.has(display) || ignoredByConfig(display, path.resolve(opts.cwd, display))) continue;
    const read = readText(path.resolve(opts.cwd, display));
    if ('text' in read) companions.push({ path: display, text: read.text });
  }

  const files: SourceFile[] = [];
  for (const [display, abs] of [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const read = readText(abs);
    if ('error' in read) {
      // A file named on the command line was asked for: not reading it is an error. One found in a
      // folder is noted, and the scan of the others stands.
      // A file over the size limit is an error wherever it was found: what it holds was not checked.
      if (explicitFiles.includes(display) || read.tooLarge)
        errors.push({ file: display, line: 1, column: 1, message: read.error });
      else skipped.push({ file: display, message: read.error });
      continue;
    }
    files.push({ path: display, text: read.text });
  }
  return {
    files,
    explicitFiles,
    companions,
    onlyFiles: onlyFiles && explicitFiles.length > 0,
    roots: [...roots],
    errors,
    skipped,
  };
}

function readCapped(abs: string, maxBytes: number): { text: string } | { error: string; tooLarge?: true } {
  try {
    const size = fs.statSync(abs).size;
    if (size > maxBytes) return { error: tooLargeMessage(maxBytes), tooLarge: true };
    const text = decodeText(fs.readFileSync(abs));
    if (text === undefined) return { error: 'binary file (contains NUL bytes), not scanned' };
    return { text };
  } catch (err) {
    return { error: `cannot read file: ${(err as Error).message}` };
  }
}

type ReaddirCallback = (err: NodeJS.ErrnoException | null, entries: unknown) => void;

/** fs.readdir for fast-glob, which drops folders it cannot read in silence: this one lists them. */
function noticingFailures(failed: string[]) {
  return (dir: string, ...rest: unknown[]): void => {
    const callback = rest.pop() as ReaddirCallback;
    const noticed: ReaddirCallback = (err, entries) => {
      if (err) failed.push(dir);
      callback(err, entries);
    };
    (fs.readdir as (...args: unknown[]) => void)(dir, ...rest, noticed);
  };
}

/** .gitignore and .akslintignore files in the folder and below, each applied relative to its own folder. */
function collectIgnores(root: string): { git: Ignore; akslint: Ignore } {
  const git = ignore();
  const akslint = ignore();
  const ignoreFiles = fg.sync(['**/.gitignore', '**/.akslintignore'], {
    cwd: root,
    ignore: ALWAYS_SKIPPED,
    dot: true,
    followSymbolicLinks: false,
    suppressErrors: true,
  });
  for (const rel of ignoreFiles.sort()) {
    const dir = path.posix.dirname(rel);
    let text: string | undefined;
    try {
      text = decodeText(fs.readFileSync(path.join(root, rel)));
    } catch {
      continue;
    }
    const ig = rel.endsWith('.gitignore') ? git : akslint;
    for (const raw of (text ?? '').split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      ig.add(dir === '.' ? line : prefixPattern(dir, line));
    }
  }
  return { git, akslint };
}

/**
 * The files git tracks, asked once per repository (`git ls-files`) and only when a .gitignore rule
 * would skip a file. Outside a work tree, or when git cannot answer, nothing is known to be tracked.
 */
class TrackedFiles {
  private readonly byWorkTree = new Map<string, Set<string> | undefined>();
  private readonly workTreeByDir = new Map<string, string | undefined>();

  has(file: string): boolean | undefined {
    const dir = path.dirname(file);
    if (!this.workTreeByDir.has(dir)) this.workTreeByDir.set(dir, workTreeOf(dir));
    const top = this.workTreeByDir.get(dir);
    if (top === undefined) return undefined;
    if (!this.byWorkTree.has(top)) this.byWorkTree.set(top, listTracked(top));
    return this.byWorkTree.get(top)?.has(path.relative(top, file).split(path.sep).join('/'));
  }
}

/** The nearest folder at or above `dir` holding a `.git` folder or file (a worktree, a submodule). */
function workTreeOf(dir: string): string | undefined {
  for (let d = dir; ;) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    const parent = path.dirname(d);
    if (parent === d) return undefined;
    d = parent;
  }
}

function listTracked(top: string): Set<string> | undefined {
  const r = spawnSync('git', ['-C', top, 'ls-files', '-z'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (r.status !== 0 || typeof r.stdout !== 'string') return undefined;
  return new Set(r.stdout.split('\0').filter((p) => p !== ''));
}

function prefixPattern(dir: string, pattern: string): string {
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  const anchored = body.startsWith('/')
    ? body.slice(1)
    : body.includes('/') && !body.endsWith('/')
      ? body
      : `**/${body}`;
  return `${negated ? '!' : ''}${dir}/${anchored}`;
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

function isInside(target: string, root: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}
