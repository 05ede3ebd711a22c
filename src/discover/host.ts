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

/** The real file system, reading only below the scan roots. One per scan: it keeps folder listings. */
export class FsHost implements LoadHost {
  constructor(
    private readonly cwd: string,
    private readonly roots: readonly string[],
  ) {}

  /** Real paths of the folders read from, so that each is resolved once per scan. */
  private readonly realFolders = new Map<string, string>();

  private allowed(abs: string): boolean {
    let real: string;
    try {
      real = this.realPath(abs);
    } catch {
      return false;
    }
    return this.roots.some(
      (root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep),
    );
  }

  /**
   * `fs.realpathSync`, with the folder's part looked up once: a file that is not itself a link is its
   * real folder and its name. Resolving every component of every file again was about 5% of a one-file
   * scan of a 30-file module (profiled).
   */
  private realPath(abs: string): string {
    if (fs.lstatSync(abs).isSymbolicLink()) return fs.realpathSync(abs);
    const folder = path.dirname(abs);
    let realFolder = this.realFolders.get(folder);
    if (realFolder === undefined) this.realFolders.set(folder, (realFolder = fs.realpathSync(folder)));
    return path.join(realFolder, path.basename(abs));
  }

  readFile(p: string): string | undefined {
    const abs = path.resolve(this.cwd, p);
    if (!this.allowed(abs)) return undefined;
    try {
      const stat = fs.statSync(abs);
      if (!stat.isFile()) return undefined;
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
    if (!this.allowed(abs)) return [];
    try {
      return fs
        .readdirSync(abs, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => displayPath(path.join(abs, e.name), this.cwd))
        .sort();
    } catch {
      return [];
    }
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

export function createHost(spec: HostSpec): LoadHost {
  const fsHost = new FsHost(spec.cwd, spec.roots);
  return Object.keys(spec.files).length > 0 ? new MemoryHost(spec.files, fsHost) : fsHost;
}
