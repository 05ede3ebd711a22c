import type { Format, LoadResult, SourceFile } from './resource';

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
  /** Called once a file has been parsed (for a progress line). */
  onParsed?: (path: string) => void;
}

export interface FormatLoader {
  format: Format;
  /** Whether a discovered file is an entry file of this format (by name, and by content where needed). */
  claims(path: string, text: string): boolean;
  /** Read entry files and whatever they need (module folders, variable and parameter files) into resources. */
  load(entries: SourceFile[], host: LoadHost, options: LoaderOptions): Promise<LoadResult>;
  /** Syntax only, no evaluation: the benchmark's baseline. Returns the number of syntax errors. */
  parseOnly(file: SourceFile): Promise<number>;
}
