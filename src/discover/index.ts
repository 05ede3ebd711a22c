import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { FileError, SkipNote, SourceFile } from '../model';
import { deploymentCompanions, type ModuleCallIndex } from './companions';
import { decodeText } from './decode';
import { displayPath } from './host';

export const SCANNED_EXTENSIONS = ['tf', 'tfvars', 'bicep', 'bicepparam', 'json', 'yaml', 'yml'];
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
  /** Folders calling a named Terraform module read at most (the language server's bound); all when not given. */
  maxModuleCallers?: number;
  /** The tree's local module calls kept between scans (see ModuleCallIndex). */
  moduleCalls?: ModuleCallIndex;
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
 * The deployment companions of named files (see `deploymentCompanions`), read; `scanned` are files the
 * scan already holds (they are not read twice). Standard input named as a file has companions too: an
 * editor buffer is evaluated with the files beside it, as the file on disk would be.
 */
export function readCompanions(
  named: readonly string[],
  scanned: ReadonlySet<string>,
  opts: DiscoverOptions,
): { companions: SourceFile[]; skipped: SkipNote[] } {
  const readText = textReader(opts);
  const ignoredByConfig = configIgnores(ignore().add(opts.ignorePaths ?? []), opts);
  const companions: SourceFile[] = [];
  const skipped: SkipNote[] = [];
  const limits = {
    maxCallers: opts.maxModuleCallers,
    index: opts.moduleCalls,
    onCut: (file: string, kept: number, total: number) =>
      skipped.push({
        file,
        line: 1,
        column: 1,
        message: `evaluated through the first ${kept} of the ${total} folders that call this module, as an editor keeps to; \`akslint scan ${file}\` evaluates them all`,
        limit: true,
      }),
  };
  for (const display of deploymentCompanions(named, opts.cwd, limits)) {
    if (scanned.has(display) || ignoredByConfig(display, path.resolve(opts.cwd, display))) continue;
    const read = readText(path.resolve(opts.cwd, display));
    if ('text' in read) companions.push({ path: display, text: read.text });
  }
  return { companions, skipped };
}

function textReader(opts: DiscoverOptions) {
  return (abs: string) => readCapped(abs, opts.maxFileBytes?.(abs) ?? DEFAULT_MAX_FILE_BYTES);
}

/** Config patterns are relative to the working directory: a path outside it matches none. */
function configIgnores(configIgnore: Ignore, opts: DiscoverOptions) {
  return (display: string, abs: string) =>
    (!display.startsWith('../') && !path.isAbsolute(display) && configIgnore.ignores(display)) ||
    opts.isIgnored?.(abs) === true;
}

/**
 * Which files to scan: named files as given, folders walked once, honouring .gitignore and .akslintignore,
 * skipping dot folders (.terraform, .git), node_modules and symbolic links.
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
  const readText = textReader(opts);
  const ignoredByConfig = configIgnores(configIgnore, opts);

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
    const unreadable: string[] = [];
    for (const rel of walkFolder(abs, tracked, unreadable, (relDir) => {
      const display = displayPath(path.join(abs, relDir), opts.cwd);
      return !display.startsWith('../') && !path.isAbsolute(display) && configIgnore.ignores(`${display}/`);
    })) {
      const file = path.join(abs, rel);
      const display = displayPath(file, opts.cwd);
      if (ignoredByConfig(display, file)) continue;
      found.set(display, file);
    }
    for (const dir of unreadable.sort()) {
      skipped.push({
        file: displayPath(dir, opts.cwd),
        message: 'folder could not be read, so its files were not scanned',
      });
    }
  }

  const { companions, skipped: cut } = readCompanions(explicitFiles, new Set(found.keys()), opts);
  skipped.push(...cut);

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

/** The ignore files of one folder, compiled once, matched against paths relative to that folder. */
interface IgnoreLevel {
  /** The folder, relative to the scan root ('' for the root itself), with a trailing slash. */
  prefix: string;
  git?: Ignore;
  akslint?: Ignore;
}

const SCANNED_SUFFIXES = SCANNED_EXTENSIONS.map((ext) => `.${ext}`);
const isScannedName = (name: string) => SCANNED_SUFFIXES.some((suffix) => name.endsWith(suffix));

/**
 * The files to scan below `root` (relative, forward slashes), in one walk. Each folder's .gitignore and
 * .akslintignore are compiled once and matched, deepest folder first, against paths relative to that
 * folder: the deepest rule that speaks decides (git's order), and a folder one excludes is not entered, so
 * the work grows with the tree, not with the tree times the rules of every ignore file in it. A folder
 * .gitignore excludes is still entered when git tracks a file below it: tracked files are scanned all
 * the same. Dot files and folders, node_modules and symbolic links are not followed.
 */
function walkFolder(
  root: string,
  tracked: TrackedFiles,
  unreadable: string[],
  ignoredByConfig: (relDir: string) => boolean,
): string[] {
  const out: string[] = [];
  const levels: IgnoreLevel[] = [];
  const verdict = (kind: 'git' | 'akslint', rel: string, isDir: boolean): boolean => {
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i];
      const matcher = level[kind];
      if (!matcher) continue;
      const result = matcher.test(rel.slice(level.prefix.length) + (isDir ? '/' : ''));
      if (result.ignored) return true;
      if (result.unignored) return false;
    }
    return false;
  };
  // Inside a folder .gitignore excludes, git reads no ignore file and re-includes nothing: only what it
  // tracks is scanned there.
  const walk = (relDir: string, gitExcluded: boolean): void => {
    const absDir = relDir === '' ? root : path.join(root, relDir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch {
      unreadable.push(absDir);
      return;
    }
    const prefix = relDir === '' ? '' : `${relDir}/`;
    const level: IgnoreLevel = { prefix };
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      if (entry.name === '.gitignore' && !gitExcluded)
        level.git = readIgnoreFile(path.join(absDir, entry.name));
      else if (entry.name === '.akslintignore') level.akslint = readIgnoreFile(path.join(absDir, entry.name));
    }
    const pushed = level.git !== undefined || level.akslint !== undefined;
    if (pushed) levels.push(level);
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const rel = prefix + entry.name;
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || verdict('akslint', rel, true) || ignoredByConfig(rel)) continue;
        const excluded = gitExcluded || verdict('git', rel, true);
        if (excluded && !tracked.hasBelow(path.join(root, rel))) continue;
        walk(rel, excluded);
      } else if (entry.isFile() && isScannedName(entry.name)) {
        if (verdict('akslint', rel, false)) continue;
        // .gitignore keeps untracked files out of git; a file git tracks is part of the repository all
        // the same (added before the rule, or with `git add -f`), and is deployed with it.
        if ((gitExcluded || verdict('git', rel, false)) && tracked.has(path.join(root, rel)) !== true)
          continue;
        out.push(rel);
      }
    }
    if (pushed) levels.pop();
  };
  walk('', false);
  return out;
}

function readIgnoreFile(file: string): Ignore | undefined {
  let text: string | undefined;
  try {
    text = decodeText(fs.readFileSync(file));
  } catch {
    return undefined;
  }
  const rules = (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return rules.length > 0 ? ignore().add(rules) : undefined;
}

/**
 * The files git tracks, asked once per repository (`git ls-files`) and only when a .gitignore rule
 * would skip a file. Outside a work tree, or when git cannot answer, nothing is known to be tracked.
 */
class TrackedFiles {
  private readonly byWorkTree = new Map<string, { files: Set<string>; folders: Set<string> } | undefined>();
  private readonly workTreeByDir = new Map<string, string | undefined>();

  has(file: string): boolean | undefined {
    return this.lookup(path.dirname(file), file, 'files');
  }

  /** Whether git tracks a file somewhere below `dir`. */
  hasBelow(dir: string): boolean {
    return this.lookup(dir, dir, 'folders') === true;
  }

  private lookup(dir: string, target: string, kind: 'files' | 'folders'): boolean | undefined {
    const top = this.workTreeOf(dir);
    if (top === undefined) return undefined;
    if (!this.byWorkTree.has(top)) this.byWorkTree.set(top, listTracked(top));
    const listed = this.byWorkTree.get(top);
    const rel = path.relative(top, target).split(path.sep).join('/');
    // A nested repository's own top: it holds whatever it tracks.
    if (rel === '') return listed && listed.files.size > 0;
    return listed?.[kind].has(rel);
  }

  /** The nearest folder at or above `dir` holding a `.git` folder or file (a worktree, a submodule). */
  private workTreeOf(dir: string): string | undefined {
    if (this.workTreeByDir.has(dir)) return this.workTreeByDir.get(dir);
    const parent = path.dirname(dir);
    const top = fs.existsSync(path.join(dir, '.git'))
      ? dir
      : parent === dir
        ? undefined
        : this.workTreeOf(parent);
    this.workTreeByDir.set(dir, top);
    return top;
  }
}

function listTracked(top: string): { files: Set<string>; folders: Set<string> } | undefined {
  // Loaded on first use: most scans never ask git, and loading node:child_process is a visible part of
  // a one-file scan's start (profiled).
  const { spawnSync } = require('node:child_process') as typeof import('node:child_process');
  const r = spawnSync('git', ['-C', top, 'ls-files', '-z'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  if (r.status !== 0 || typeof r.stdout !== 'string') return undefined;
  const files = new Set(r.stdout.split('\0').filter((p) => p !== ''));
  const folders = new Set<string>();
  for (const file of files) {
    for (
      let dir = path.posix.dirname(file);
      dir !== '.' && !folders.has(dir);
      dir = path.posix.dirname(dir)
    ) {
      folders.add(dir);
    }
  }
  return { files, folders };
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
