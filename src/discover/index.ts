import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import type { FileError, SkipNote, SourceFile } from '../model';
import { decodeText } from './decode';
import { displayPath } from './host';

export const SCANNED_EXTENSIONS = ['tf', 'bicep', 'bicepparam', 'json', 'yaml', 'yml'];
const ALWAYS_SKIPPED = ['**/.terraform/**', '**/node_modules/**', '**/.git/**'];
const IGNORE_FILES = ['.gitignore', '.akslintignore'];
/** Larger files are refused: no infrastructure file is this big, and reading one could exhaust memory. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface DiscoverOptions {
  cwd: string;
  /** Extra glob patterns to ignore (config `ignorePaths`), relative to the working directory. */
  ignorePaths?: string[];
}

export interface Discovered {
  files: SourceFile[];
  /** Files named on the command line (not found by walking a folder): only their findings are reported. */
  explicitFiles: string[];
  /** Every path given was a file (no folder): the scan reports only findings in those files. */
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
  // Config patterns are relative to the working directory: a path outside it matches none.
  const ignoredByConfig = (display: string) =>
    !display.startsWith('../') && !path.isAbsolute(display) && configIgnore.ignores(display);

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
      if (ignoredByConfig(display)) continue;
      found.set(display, abs);
      explicitFiles.push(display);
      continue;
    }
    roots.add(real);
    onlyFiles = false;
    const ignores = collectIgnores(abs);
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
      if (ignores.ignores(rel)) continue;
      const file = path.join(abs, rel);
      const display = displayPath(file, opts.cwd);
      if (ignoredByConfig(display)) continue;
      const target = realOrSelf(file);
      if (!isInside(target, real)) continue;
      found.set(display, file);
    }
  }

  const files: SourceFile[] = [];
  for (const [display, abs] of [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const read = readText(abs);
    if ('error' in read) {
      // A file named on the command line was asked for: not reading it is an error. One found in a
      // folder is noted, and the scan of the others stands.
      if (explicitFiles.includes(display))
        errors.push({ file: display, line: 1, column: 1, message: read.error });
      else skipped.push({ file: display, message: read.error });
      continue;
    }
    files.push({ path: display, text: read.text });
  }
  return {
    files,
    explicitFiles,
    onlyFiles: onlyFiles && explicitFiles.length > 0,
    roots: [...roots],
    errors,
    skipped,
  };
}

function readText(abs: string): { text: string } | { error: string } {
  try {
    const size = fs.statSync(abs).size;
    if (size > MAX_FILE_BYTES) {
      return { error: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB and was not scanned` };
    }
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
function collectIgnores(root: string): Ignore {
  const ig = ignore();
  const ignoreFiles = fg.sync(
    IGNORE_FILES.map((f) => `**/${f}`),
    {
      cwd: root,
      ignore: ALWAYS_SKIPPED,
      dot: true,
      followSymbolicLinks: false,
      suppressErrors: true,
    },
  );
  for (const rel of ignoreFiles.sort()) {
    const dir = path.posix.dirname(rel);
    let text: string;
    try {
      text = fs.readFileSync(path.join(root, rel), 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      ig.add(dir === '.' ? line : prefixPattern(dir, line));
    }
  }
  return ig;
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
