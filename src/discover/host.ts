import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoadHost } from '../model';
import { decodeText } from './decode';

/** Display path: relative to the working directory when inside it, forward slashes. */
export function displayPath(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

/**
 * Where `bicep restore` keeps registry modules, as Bicep decides it: BICEP_CACHE_DIRECTORY when set,
 * else `.bicep` in the user's home folder.
 */
export function bicepModuleCacheDir(env: NodeJS.ProcessEnv): string {
  const custom = env.BICEP_CACHE_DIRECTORY;
  return custom !== undefined && custom.trim() !== '' ? custom : path.join(os.homedir(), '.bicep');
}

/** Files in memory, for tests and standard input. */
export class MemoryHost implements LoadHost {
  private readonly files: Map<string, string>;
  /** Paths by folder, built on the first listing: loaders list a folder per entry file. */
  private byDir?: Map<string, string[]>;

  constructor(
    files: Record<string, string>,
    private readonly fallback?: LoadHost,
  ) {
    this.files = new Map(Object.entries(files).map(([k, v]) => [normalize(k), v]));
  }

  readFile(p: string): string | undefined {
    return this.files.get(normalize(p)) ?? this.fallback?.readFile(p);
  }

  listDir(dir: string): string[] {
    const d = normalize(dir);
    const own = this.filesIn(d);
    const more = this.fallback ? this.fallback.listDir(dir).filter((f) => !own.includes(normalize(f))) : [];
    return [...own, ...more].sort();
  }

  private filesIn(dir: string): readonly string[] {
    if (!this.byDir) {
      this.byDir = new Map();
      for (const f of this.files.keys()) {
        const parent = parentOf(f);
        const list = this.byDir.get(parent);
        if (list) list.push(f);
        else this.byDir.set(parent, [f]);
      }
    }
    return this.byDir.get(dir) ?? [];
  }
}

/** What a folder holds, by name, as its one listing said: a file is read without a stat of its own. */
export type EntryKind = 'file' | 'link' | 'other';

/** A folder's listing as the host keeps it. */
export function entryKinds(entries: readonly fs.Dirent[]): Map<string, EntryKind> {
  return new Map(entries.map((e) => [e.name, e.isFile() ? 'file' : e.isSymbolicLink() ? 'link' : 'other']));
}

/** The real file system, reading only below the scan roots. One per scan: it keeps folder listings and texts. */
export class FsHost implements LoadHost {
  constructor(
    private readonly cwd: string,
    private readonly roots: readonly string[],
    listings?: ReadonlyMap<string, ReadonlyMap<string, EntryKind>>,
  ) {
    if (listings) for (const [folder, entries] of listings) this.entries.set(folder, entries);
  }

  /** Real paths of the folders read from, so that each is resolved once per scan (null: it is not there). */
  private readonly realFolders = new Map<string, string | null>();
  /**
   * Each folder's entries, from one listing per scan (null: it cannot be listed): whether a file is
   * there, and whether it is a link to resolve, is answered from it. A stat per file read (lstat for
   * links, then stat) was 2.5% of a scan of the bench corpus, and 60% of the files loaders ask for
   * (parameter files, tfvars) are not there at all (profiled).
   */
  private readonly entries = new Map<string, ReadonlyMap<string, EntryKind> | null>();

  /** Whether a real path is a root or below one. */
  private inRoots(real: string): boolean {
    return this.roots.some(
      (root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep),
    );
  }

  private realFolder(folder: string): string | undefined {
    let real = this.realFolders.get(folder);
    if (real === undefined) {
      try {
        real = fs.realpathSync(folder);
      } catch {
        real = null;
      }
      this.realFolders.set(folder, real);
    }
    return real ?? undefined;
  }

  private entriesOf(folder: string): ReadonlyMap<string, EntryKind> | undefined {
    let known = this.entries.get(folder);
    if (known === undefined) {
      try {
        known = entryKinds(fs.readdirSync(folder, { withFileTypes: true }));
      } catch {
        known = null;
      }
      this.entries.set(folder, known);
    }
    return known ?? undefined;
  }

  /**
   * The real path of a file or folder, when it is a root or below one: a link is resolved (wherever it
   * points is what is read), anything else is its real folder and its name.
   */
  private allowedReal(abs: string, kind: EntryKind): string | undefined {
    let real: string | undefined;
    if (kind === 'link') {
      try {
        real = fs.realpathSync(abs);
      } catch {
        return undefined;
      }
    } else {
      const folder = this.realFolder(path.dirname(abs));
      real = folder === undefined ? undefined : path.join(folder, path.basename(abs));
    }
    return real !== undefined && this.inRoots(real) ? real : undefined;
  }

  /** What `abs` is, from its folder's listing; without one (the file system root), from a stat. */
  private kindOf(abs: string): EntryKind | undefined {
    // The file system's root is in no folder.
    if (path.dirname(abs) === abs) return 'other';
    const listed = this.entriesOf(path.dirname(abs));
    if (listed) return listed.get(path.basename(abs));
    try {
      const stat = fs.lstatSync(abs);
      return stat.isFile() ? 'file' : stat.isSymbolicLink() ? 'link' : 'other';
    } catch {
      return undefined;
    }
  }

  /**
   * Each file's text as first read (undefined: not there, or not to be read), as a folder's listing:
   * planning a scan reads a module's files and loading reads them again, and each root's unit reads the
   * modules it calls (the bench corpus: 1,603 reads of 1,015 files; a module 131 roots call, 131 times).
   */
  private readonly texts = new Map<string, string | undefined>();

  readFile(p: string): string | undefined {
    const abs = path.resolve(this.cwd, p);
    let text = this.texts.get(abs);
    if (text === undefined && !this.texts.has(abs)) this.texts.set(abs, (text = this.readText(abs)));
    return text;
  }

  private readText(abs: string): string | undefined {
    const kind = this.kindOf(abs);
    if (kind === undefined || kind === 'other' || this.allowedReal(abs, kind) === undefined) return undefined;
    try {
      // A link may point at a folder or a device: only a regular file is read.
      if (kind === 'link' && !fs.statSync(abs).isFile()) return undefined;
      return decodeText(fs.readFileSync(abs));
    } catch {
      return undefined;
    }
  }

  /**
   * Folder listings, each read once: a host lives for one scan, and its loaders list a folder for every
   * entry file in it (4,038 listings of 1,902 folders on the bench corpus).
   */
  private readonly listings = new Map<string, readonly string[]>();

  listDir(dir: string): string[] {
    const abs = path.resolve(this.cwd, dir);
    let listing = this.listings.get(abs);
    if (listing === undefined) this.listings.set(abs, (listing = this.readListing(abs)));
    return listing.slice();
  }

  private readListing(abs: string): string[] {
    const kind = this.kindOf(abs);
    if (kind === undefined || kind === 'file' || this.allowedReal(abs, kind) === undefined) return [];
    const files = this.entriesOf(abs);
    if (!files) return [];
    const display = displayPath(abs, this.cwd);
    const prefix = display === '.' ? '' : `${display}/`;
    const out: string[] = [];
    for (const [name, k] of files) if (k === 'file') out.push(prefix + name);
    return out.sort();
  }
}

function normalize(p: string): string {
  const n = path.posix.normalize(p.split('\\').join('/'));
  return n.startsWith('./') ? n.slice(2) : n;
}

function parentOf(p: string): string {
  const d = path.posix.dirname(p);
  return d;
}

/** What a scan may read, as plain data: a worker thread builds the same host from it. */
export interface HostSpec {
  cwd: string;
  /** Real paths of the scan roots (and of the variable and parameter files named). */
  roots: string[];
  /** Texts that replace files on disk (standard input, files fixed in memory), by display path. */
  files: Record<string, string>;
}

/**
 * `listings`: folders discovery has listed, by absolute path, so that the loaders do not list them
 * again (a listing per folder of the scan: a third of planning the units of the bench corpus).
 */
export function createHost(
  spec: HostSpec,
  listings?: ReadonlyMap<string, ReadonlyMap<string, EntryKind>>,
): LoadHost {
  const fsHost = new FsHost(spec.cwd, spec.roots, listings);
  return Object.keys(spec.files).length > 0 ? new MemoryHost(spec.files, fsHost) : fsHost;
}
