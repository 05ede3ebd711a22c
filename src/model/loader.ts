import type { FileError, Format, LoadResult, SourceFile } from './resource';

/** File access for loaders: the real file system in the CLI, memory in tests. Paths are display paths. */
export interface LoadHost {
  readFile(path: string): string | undefined;
  /** Paths of the regular files directly inside a folder ('' or '.' is the working directory). */
  listDir(dir: string): string[];
}

export interface LoaderOptions {
  /** Terraform `--var-file` paths. */
  varFiles: string[];
  /** ARM/Bicep `--parameters` paths. */
  parameterFiles: string[];
  /**
   * Variable files named by configuration files, read before `varFiles` by the Terraform roots in
   * `dir` and below (every root when `dir` is undefined).
   */
  configVarFiles?: Array<{ dir?: string; files: string[] }>;
  /**
   * Config `environments`: named variable sets, each evaluated as a context of its own by the Terraform
   * roots in `dir` and below (every root when `dir` is undefined), instead of the sets found by convention.
   */
  configEnvironments?: Array<{ dir?: string; name: string; files: string[] }>;
  /**
   * The Bicep module cache (`~/.bicep`, or BICEP_CACHE_DIRECTORY) as a display path: registry modules
   * `bicep restore` put there are read from it. None: registry modules are not read.
   */
  bicepModuleCache?: string;
  /** Called once a file has been parsed (for a progress line). */
  onParsed?: (path: string) => void;
  /** Parsed files kept between scans (the language server): a file whose text is unchanged is not parsed again. */
  syntaxCache?: SyntaxCache;
}

/**
 * The last parse of each file, by path: a new text replaces the entry, so the cache holds one tree per
 * file however often it is edited. Parsed syntax is plain data that evaluation never changes.
 */
export class SyntaxCache {
  private readonly byPath = new Map<string, { text: string; syntax: unknown }>();

  /** `keeps`: the files worth keeping (default: all); the others are parsed each time. */
  constructor(
    private readonly maxFiles = 5000,
    private readonly keeps?: (path: string) => boolean,
  ) {}

  async parse<T>(path: string, text: string, parse: () => Promise<T>): Promise<T> {
    if (this.keeps && !this.keeps(path)) return parse();
    const hit = this.byPath.get(path);
    if (hit && hit.text === text) return hit.syntax as T;
    return this.keep(path, text, await parse());
  }

  /** `parse` for a parser that returns its tree at once (Bicep's). */
  parseNow<T>(path: string, text: string, parse: () => T): T {
    if (this.keeps && !this.keeps(path)) return parse();
    const hit = this.byPath.get(path);
    if (hit && hit.text === text) return hit.syntax as T;
    return this.keep(path, text, parse());
  }

  private keep<T>(path: string, text: string, syntax: T): T {
    this.byPath.delete(path);
    if (this.byPath.size >= this.maxFiles) this.byPath.delete(this.byPath.keys().next().value as string);
    this.byPath.set(path, { text, syntax });
    return syntax;
  }

  get size(): number {
    return this.byPath.size;
  }
}

/**
 * A unit that reads files other units of its family read too (the roots that call one module, each a
 * unit): `--shard` keeps a family in one shard, so that their findings there merge in one report.
 */
export interface FamilyUnit {
  entries: SourceFile[];
  family: string;
}

export interface FormatLoader {
  format: Format;
  /** Whether a discovered file is an entry file of this format (by name, and by content where needed). */
  claims(path: string, text: string): boolean;
  /** Read entry files and whatever they need (module folders, variable and parameter files) into resources. */
  load(entries: SourceFile[], host: LoadHost, options: LoaderOptions): Promise<LoadResult>;
  /**
   * The entry files split into groups that load independently: loading each group and joining the
   * results (`link`) gives what loading all of them at once gives. Groups are the unit of work of
   * worker threads and of `--shard`; without this method, all entries are one group.
   */
  units?(entries: SourceFile[], host: LoadHost, options: LoaderOptions): Array<SourceFile[] | FamilyUnit>;
  /**
   * The texts of the files beyond the entries that loading them reads (Terraform's local modules), read
   * generously. Formats whose units hold every file they read leave it out.
   */
  moduleTexts?(entries: SourceFile[], host: LoadHost): string[];
  /** Completes the joined results of every group of a scan (in group order), in place. */
  link?(joined: LoadResult): void;
  /** Syntax only, no evaluation: the benchmark's baseline. Returns the number of syntax errors. */
  parseOnly(file: SourceFile): Promise<number>;
  /**
   * Every origin of its resources' values (see `Origins`) is in the file that declares the resource:
   * a finding there has no related location in another file, so none is looked for (the look-up walks
   * the resource's whole body).
   */
  originsInOwnFile?: true;
  /**
   * A block several roots evaluate (a Terraform module) is one definition across them: its contexts are
   * those of every root that evaluates it, also when the roots load in different groups of a scan
   * (engine/groups.ts joins them by block). Without it, the contexts of a block are those of the root
   * evaluating it (a Bicep module's are its root template's parameter files), in any group.
   */
  contextsAcrossRoots?: true;
}

/**
 * An exception thrown while reading one file, root or template, as an error for that file (at its
 * position when known): the loader drops what that unit produced and goes on with the others.
 */
export function failureError(
  what: string,
  err: unknown,
  at: { file: string; line?: number; column?: number },
): FileError {
  const message =
    err instanceof RangeError && /call stack/i.test(err.message)
      ? `${what} is nested too deeply to evaluate`
      : `internal error while reading ${what}: ${err instanceof Error ? err.message : String(err)}`;
  return { file: at.file, line: at.line ?? 1, column: at.column ?? 1, message };
}
