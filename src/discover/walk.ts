import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { decodeText } from './decode';

/** The ignore files of one folder, compiled once, matched against paths relative to that folder. */
interface IgnoreLevel {
  /** The folder, relative to the scan root ('' for the root itself), with a trailing slash. */
  prefix: string;
  git?: Ignore;
  akslint?: Ignore;
}

/**
 * The files below `root` whose names `wanted` accepts (relative, forward slashes), in one walk, as
 * discovery finds them. Each folder's .gitignore and
 * .akslintignore are compiled once and matched, deepest folder first, against paths relative to that
 * folder: the deepest rule that speaks decides (git's order), and a folder one excludes is not entered, so
 * the work grows with the tree, not with the tree times the rules of every ignore file in it. A folder
 * .gitignore excludes is still entered when git tracks a file below it: tracked files are scanned all
 * the same. Dot files and folders, node_modules and symbolic links are not followed. `onListing` is told
 * each folder's listing as read (the absolute folder, as `root` and the relative path join).
 */
export function walkFolder(
  root: string,
  tracked: TrackedFiles,
  unreadable: string[],
  ignoredByConfig: (relDir: string) => boolean,
  wanted: (name: string) => boolean,
  onListing?: (absDir: string, entries: readonly fs.Dirent[]) => void,
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
    onListing?.(absDir, entries);
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
      } else if (entry.isFile() && wanted(entry.name)) {
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
export class TrackedFiles {
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

export function realOrSelf(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}
