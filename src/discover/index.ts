import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { FileError, SkipNote, SourceFile } from '../model';
import { companionFiles, type ModuleCallIndex } from './companions';
import { decodeText } from './decode';
import { displayPath, entryKinds, type EntryKind } from './host';
import { realOrSelf, TrackedFiles, walkFolder } from './walk';

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
  /** Terraform files the search for a named module's callers reads at most (see CallerLimit; tests). */
  maxCallerSearchFiles?: number;
  /**
   * Told, after each file found or companion is read, the source text read so far (the sum of the
   * texts' lengths).
   */
  onText?: (length: number) => void;
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
  /** The listings of the folders walked, by absolute path, for the scan's host (see createHost). */
  listings: Map<string, ReadonlyMap<string, EntryKind>>;
}

/**
 * Who calls a file named alone, and the files read to find them, by the kind of file: Terraform's
 * callers are folders, Bicep's templates, a manifest's the kustomizations that render it.
 */
const CALLERS: ReadonlyArray<{ file: RegExp; callers: string; searched: string }> = [
  { file: /\.bicep$/i, callers: 'templates that call this module', searched: 'Bicep' },
  { file: /\.ya?ml$/i, callers: 'kustomizations that render this manifest', searched: 'kustomization' },
  { file: /\.jsonc?$/i, callers: 'templates that link this template', searched: 'JSON' },
  { file: /(?:)/, callers: 'folders that call this module', searched: 'Terraform' },
];
const callersOf = (file: string) => CALLERS.find((c) => c.file.test(file))!.callers;
const languageOf = (file: string) => CALLERS.find((c) => c.file.test(file))!.searched;

/**
 * The deployment companions of named files (see `deploymentCompanions`), read; `scanned` are files the
 * scan already holds (they are not read twice). Standard input named as a file has companions too: an
 * editor buffer is evaluated with the files beside it, as the file on disk would be.
 */
export function readCompanions(
  named: readonly string[],
  scanned: ReadonlySet<string>,
  opts: DiscoverOptions,
  onListing?: (absDir: string, entries: readonly fs.Dirent[]) => void,
): { companions: SourceFile[]; skipped: SkipNote[] } {
  const readText = textReader(opts);
  const ignoredByConfig = configIgnores(ignore().add(opts.ignorePaths ?? []), opts);
  const companions: SourceFile[] = [];
  const skipped: SkipNote[] = [];
  const limits = {
    maxCallers: opts.maxModuleCallers,
    maxSearchFiles: opts.maxCallerSearchFiles,
    index: opts.moduleCalls,
    onCut: (file: string, kept: number, total: number) =>
      skipped.push({
        file,
        line: 1,
        column: 1,
        message: `evaluated through the first ${kept} of the ${total} ${callersOf(file)}, as an editor keeps to; \`akslint scan ${file}\` evaluates them all`,
        limit: true,
      }),
    onSearchCut: (file: string, read: number, unread: number) =>
      skipped.push({
        file,
        line: 1,
        column: 1,
        message: `the ${callersOf(file)} were looked for in the first ${read} ${languageOf(file)} files of the working directory; ${unread} more were not read, so roots among them that call it are not evaluated (run akslint from a folder nearer the module, or list the tree's large folders in .akslintignore)`,
        limit: true,
      }),
    onManifestSearchCut: (file: string, max: number) =>
      skipped.push({
        file,
        line: 1,
        column: 1,
        message: `the manifests of this manifest's namespaces were looked for only in the folders below one that holds more than ${max} files, so NetworkPolicies and bindings elsewhere in its folder of manifests are not seen (run akslint from a folder nearer the manifest, or list the tree's large folders in .akslintignore)`,
        limit: true,
      }),
  };
  // Companions are source text of the scan: told as read, so that the threads a module many roots call
  // needs start while its callers are read (a folder scan's start as its files are), not after planning.
  let textRead = 0;
  for (const [display, abs] of companionFiles(named, opts.cwd, limits, onListing)) {
    if (scanned.has(display) || ignoredByConfig(display, abs)) continue;
    const read = readText(abs);
    if (!('text' in read)) continue;
    companions.push({ path: display, text: read.text });
    if (opts.onText) opts.onText((textRead += read.text.length));
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
  const listings = new Map<string, ReadonlyMap<string, EntryKind>>();
  const readText = textReader(opts);
  const ignoredByConfig = configIgnores(configIgnore, opts);
  const keepListing = (absDir: string, entries: readonly fs.Dirent[]) =>
    listings.set(absDir, entryKinds(entries));

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
    const ignoredFolder = (relDir: string) => {
      const display = displayPath(path.join(abs, relDir), opts.cwd);
      // The working directory itself (met when a folder above it is scanned: `akslint scan ..`) is
      // no path a pattern relative to it can name.
      return (
        display !== '.' &&
        !display.startsWith('../') &&
        !path.isAbsolute(display) &&
        configIgnore.ignores(`${display}/`)
      );
    };
    const displayOf = displayBelow(abs, opts.cwd);
    for (const rel of walkFolder(abs, tracked, unreadable, ignoredFolder, isScannedName, keepListing)) {
      const file = path.join(abs, rel);
      const display = displayOf(file, rel);
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

  // The search for a named module's callers walks the working directory: the host starts with its
  // listings too (a module 131 roots call: a listing of each of their folders saved).
  const { companions, skipped: cut } = readCompanions(
    explicitFiles,
    new Set(found.keys()),
    opts,
    keepListing,
  );
  skipped.push(...cut);

  const files: SourceFile[] = [];
  let textRead = 0;
  for (const c of companions) textRead += c.text.length;
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
    if (opts.onText) opts.onText((textRead += read.text.length));
  }
  return {
    files,
    explicitFiles,
    companions,
    onlyFiles: onlyFiles && explicitFiles.length > 0,
    roots: [...roots],
    errors,
    skipped,
    listings,
  };
}

/**
 * The display path of a file found below `folder` (absolute) at `rel` (forward slashes, no dot
 * segments): inside the working directory, the folder's display path and `rel`, without working out
 * the relative path of each file (a path.relative per file was 1% of a scan of the bench corpus).
 */
function displayBelow(folder: string, cwd: string): (abs: string, rel: string) => string {
  const shown = displayPath(folder, cwd);
  if (shown === '.') return (_abs, rel) => rel;
  if (shown === '..' || shown.startsWith('../') || path.isAbsolute(shown))
    return (abs) => displayPath(abs, cwd);
  return (_abs, rel) => `${shown}/${rel}`;
}

function readCapped(abs: string, maxBytes: number): { text: string } | { error: string; tooLarge?: true } {
  let fd: number | undefined;
  try {
    // The size from the open file: a stat of the path first looked it up twice per file.
    fd = fs.openSync(abs, 'r');
    if (fs.fstatSync(fd).size > maxBytes) return { error: tooLargeMessage(maxBytes), tooLarge: true };
    const text = decodeText(fs.readFileSync(fd));
    if (text === undefined) return { error: 'binary file (contains NUL bytes), not scanned' };
    return { text };
  } catch (err) {
    return { error: `cannot read file: ${(err as Error).message}` };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

const SCANNED_SUFFIXES = SCANNED_EXTENSIONS.map((ext) => `.${ext}`);
const isScannedName = (name: string) => SCANNED_SUFFIXES.some((suffix) => name.endsWith(suffix));
