import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import ignore from 'ignore';
import type { Severity } from '../model';
import { readPlainConfigYaml } from '../parsers/kubernetes/direct';

export type RuleSetting = 'off' | Severity;
export type EditorSeverity = 'error' | 'warning' | 'information' | 'hint';

/** `failOn: none`: findings never fail the run (unreadable files still do). */
export type FailOn = Severity | 'none';

/** ESLint-style: settings for the files matching `files` (gitignore patterns, relative to the config folder). */
export interface ConfigOverride {
  files: string | string[];
  excludedFiles?: string | string[];
  rules?: Record<string, RuleSetting>;
}

export interface AkslintConfig {
  /** Stop the upward search here: configs in folders above do not apply. */
  root?: boolean;
  rules?: Record<string, RuleSetting>;
  overrides?: ConfigOverride[];
  ignorePaths?: string[];
  failOn?: FailOn;
  varFiles?: string[];
  /** Terraform environment name -> its variable files, relative to the config. */
  environments?: Record<string, string[]>;
  parameterFiles?: string[];
  requireReason?: boolean;
  reportUnusedSuppressions?: boolean;
  showUnknown?: boolean;
  /** Cluster (platform) name -> the paths it is deployed from, gitignore patterns relative to the config. */
  clusters?: Record<string, string[]>;
  /** Exit 1 when a module that builds a cluster could not be read (as --fail-on-unevaluated). */
  failOnUnevaluated?: boolean;
  /** Files larger than this many megabytes are not scanned (an error each); default 5. */
  maxFileSize?: number;
  lsp?: { severity?: Partial<Record<Severity, EditorSeverity>> };
}

export interface LoadedConfig {
  /** Absolute path of the file it came from. */
  file: string;
  config: AkslintConfig;
}

/** A configuration problem: exit 2 with this message (it names the file and the key path). */
export class ConfigError extends Error {}

export const CONFIG_FILE_NAMES = ['.akslint.yaml', '.akslint.yml', '.akslint.json', 'package.json'];

/** The JSON Schema shipped in the package (`schema/` beside `src/` and `dist/`). */
export function configSchemaPath(): string {
  for (const up of ['..', '../..', '../../..']) {
    const candidate = path.resolve(__dirname, up, 'schema', 'akslint.schema.json');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('schema/akslint.schema.json is missing from the package');
}

/** The schema's validator, generated at build time (scripts/build.mjs): ajv's own code, without ajv. */
type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

function validate(data: unknown): ErrorObject[] {
  // Required on first use: most scans have no config file, and startup time counts.
  const { validate: generated } = require('./config-schema.generated') as { validate: Validate };
  return generated(data) ? [] : [...(generated.errors ?? [])];
}

/**
 * The config that applies to a folder: the first `.akslint.yaml`, `.akslint.yml`, `.akslint.json` or
 * package.json with an `"akslint"` key, from the folder upward.
 */
export function findConfigFile(
  startDir: string,
  readFile: (abs: string) => string | undefined = readIfFile,
): string | undefined {
  let dir = path.resolve(startDir);
  for (;;) {
    const found = configFileIn(dir, readFile);
    if (found) return found;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The configuration file of one folder (the first of CONFIG_FILE_NAMES it holds), if any. */
function configFileIn(
  dir: string,
  readFile: (abs: string) => string | undefined = readIfFile,
): string | undefined {
  // `dir` is absolute and normalised (resolved): joined by hand, as path.join would normalise it again.
  const inDir = dir.endsWith(path.sep) ? dir : dir + path.sep;
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = inDir + name;
    const text = readFile(candidate);
    if (text === undefined) continue;
    if (name !== 'package.json' || packageJsonHasConfig(text)) return candidate;
  }
  return undefined;
}

function packageJsonHasConfig(text: string): boolean {
  try {
    const pkg = JSON.parse(text) as unknown;
    return typeof pkg === 'object' && pkg !== null && 'akslint' in pkg;
  } catch {
    return false;
  }
}

function readIfFile(abs: string): string | undefined {
  try {
    // Most folders hold no config file: asked without an exception for each of the names they lack
    // (four per folder scanned).
    return fs.statSync(abs, { throwIfNoEntry: false })?.isFile() ? fs.readFileSync(abs, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Parse and validate config text. `displayName` starts every message; `resolveRule` maps a rule id,
 * slug or alias to its id (rule keys are stored by id).
 */
export function parseConfig(
  displayName: string,
  text: string,
  resolveRule: (name: string) => string | undefined,
): AkslintConfig {
  const data = parseConfigText(displayName, text);
  const problems = validate(data).map((e) => describeSchemaError(e));
  if (problems.length > 0) throw new ConfigError(problemList(displayName, problems));
  const config = data as AkslintConfig;
  const unknownRules: string[] = [];
  const byId = (settings: Record<string, RuleSetting>, at: string) => {
    const rules: Record<string, RuleSetting> = {};
    for (const [name, setting] of Object.entries(settings)) {
      const id = resolveRule(name);
      if (id) rules[id] = setting;
      else unknownRules.push(`${at}.${name} is not a rule id (see akslint rules)`);
    }
    return rules;
  };
  if (config.rules) config.rules = byId(config.rules, 'rules');
  config.overrides?.forEach((o, i) => {
    if (o.rules) o.rules = byId(o.rules, `overrides[${i}].rules`);
  });
  if (unknownRules.length > 0) throw new ConfigError(problemList(displayName, unknownRules));
  return config;
}

function problemList(displayName: string, problems: string[]): string {
  const unique = [...new Set(problems)];
  return unique.length === 1
    ? `${displayName}: ${unique[0]}`
    : `${displayName}:\n${unique.map((p) => `  ${p}`).join('\n')}`;
}

function parseConfigText(displayName: string, text: string): unknown {
  const base = path.basename(displayName);
  if (base === 'package.json') {
    try {
      return (JSON.parse(text) as { akslint?: unknown }).akslint;
    } catch (err) {
      throw new ConfigError(`${displayName}: not valid JSON (${(err as Error).message})`);
    }
  }
  // Most config files are plain YAML, read without loading the yaml package; the rest is left to it.
  const plain = readPlainConfigYaml(text);
  if (plain) return plain.data ?? {};
  // YAML is a superset of JSON, and its parser gives positions for both.
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos?.[0] ? `${e.linePos[0].line}:${e.linePos[0].col}: ` : '';
    throw new ConfigError(
      `${displayName}:${where}${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    // yaml refuses aliases that expand past the count ("billion laughs"), and an alias with no anchor.
    throw new ConfigError(`${displayName}: ${(err as Error).message}`);
  }
  return data ?? {};
}

const TYPE_NAMES: Record<string, string> = {
  object: 'an object',
  array: 'a list',
  string: 'a string',
  boolean: 'true or false',
  number: 'a number',
};

/** An ajv error as `key.path what was expected`. */
export function describeSchemaError(e: ErrorObject): string {
  const at = keyPath(e.instancePath);
  const subject = at || 'the configuration';
  switch (e.keyword) {
    case 'enum':
      return `${subject} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
    case 'type':
      return `${subject} must be ${TYPE_NAMES[(e.params as { type: string }).type] ?? (e.params as { type: string }).type}`;
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const full = at ? `${at}.${key}` : key;
      return `${full} is not a known setting (expected one of ${knownKeys().join(', ')})`;
    }
    case 'minLength':
      return `${subject} must not be empty`;
    default:
      return `${subject} ${e.message ?? 'is invalid'}`;
  }
}

function knownKeys(): string[] {
  const schema = JSON.parse(fs.readFileSync(configSchemaPath(), 'utf8')) as { properties: object };
  return Object.keys(schema.properties).filter((k) => k !== '$schema');
}

function keyPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

export interface LoadConfigOptions {
  cwd: string;
  /** `--config FILE`: used as is, no search. */
  explicit?: string;
  /** Where the search starts: the scanned root. */
  startDir: string;
  resolveRule: (name: string) => string | undefined;
}

export function loadConfig(opts: LoadConfigOptions): LoadedConfig | undefined {
  const file = opts.explicit ? path.resolve(opts.cwd, opts.explicit) : findConfigFile(opts.startDir);
  return file ? loadConfigFile(file, opts.cwd, opts.resolveRule) : undefined;
}

function loadConfigFile(
  file: string,
  cwd: string,
  resolveRule: (name: string) => string | undefined,
): LoadedConfig {
  const display = displayOf(file, cwd);
  const text = readIfFile(file);
  if (text === undefined) throw new ConfigError(`${display}: cannot read the configuration file`);
  return { file, config: parseConfig(display, text, resolveRule) };
}

function displayOf(abs: string, cwd: string): string {
  return path.relative(cwd, abs).split(path.sep).join('/') || abs;
}

/** What the configuration says about one file: the run-wide settings are read per file too. */
export interface FileSettings {
  /** Rule id -> off or severity (only rules the configs name). */
  rules: Record<string, RuleSetting>;
  failOn?: FailOn;
  showUnknown?: boolean;
  requireReason?: boolean;
  reportUnusedSuppressions?: boolean;
  failOnUnevaluated?: boolean;
  /** Megabytes. */
  maxFileSize?: number;
}

/** Terraform variable files a configuration names, for the roots in its folder and below. */
export interface ScopedVarFiles {
  /** Folder of the config relative to the working directory; undefined: every root (`--config`). */
  dir?: string;
  files: string[];
}

/** A Terraform environment a configuration declares, for the roots in its folder and below. */
export interface ScopedEnvironment extends ScopedVarFiles {
  name: string;
}

/**
 * Which configuration applies to each file, as ESLint's cascade: every config file from the file's
 * folder upward (one per folder; `root: true` stops the search), nearer ones over farther ones, each
 * config's `overrides` over its own settings. `--config FILE` replaces the search for every file.
 */
export class ConfigCascade {
  private readonly explicit?: LoadedConfig;
  /** `[explicit]`, one list for every file, so that its settings are merged once. */
  private readonly explicitChain?: LoadedConfig[];
  private readonly ownConfig = new Map<string, LoadedConfig | null>();
  private readonly chains = new Map<string, LoadedConfig[]>();
  private readonly settings = new Map<string, FileSettings>();
  /**
   * Chains by the folder of a path as given, its last separator kept (display paths and absolute ones
   * are asked again and again: several times per file in discovery, per finding in the report), so that
   * a folder is resolved once, not every file in it (resolving each file was most of the config
   * lookups of a scan: 4,851 files in 1,902 folders on the bench corpus).
   */
  private readonly chainsByFolder = new Map<string, LoadedConfig[]>();
  /** Files whose folder cannot be cut from the path as given (no separator, or `.` or `..` last). */
  private readonly chainsByFile = new Map<string, LoadedConfig[]>();
  private readonly settingsByFile = new Map<string, FileSettings>();
  /** Settings of a chain without `overrides`, which are the same for every file the chain applies to. */
  private readonly settingsByChain = new WeakMap<LoadedConfig[], FileSettings>();
  private readonly matchers = new Map<string, (relative: string) => boolean>();

  constructor(
    private readonly cwd: string,
    private readonly resolveRule: (name: string) => string | undefined,
    explicit?: string,
  ) {
    if (explicit) {
      this.explicit = loadConfigFile(path.resolve(cwd, explicit), cwd, resolveRule);
      this.explicitChain = [this.explicit];
    }
  }

  /** The configs that apply to a file (absolute, or relative to the working directory), farthest first. */
  configsFor(file: string): LoadedConfig[] {
    if (this.explicitChain) return this.explicitChain;
    const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf(path.sep));
    const name = file.slice(cut + 1);
    if (cut >= 0 && name !== '' && name !== '.' && name !== '..') {
      // `x/name` resolves to x's folder and `name` below it: the folder as given (with its separator,
      // so that `/` and `C:\` stay roots) resolves to the file's folder.
      const folder = file.slice(0, cut + 1);
      let chain = this.chainsByFolder.get(folder);
      if (chain === undefined) {
        chain = this.chainOf(path.resolve(this.cwd, folder));
        this.chainsByFolder.set(folder, chain);
      }
      return chain;
    }
    let chain = this.chainsByFile.get(file);
    if (chain === undefined) {
      chain = this.chainOf(path.dirname(path.resolve(this.cwd, file)));
      this.chainsByFile.set(file, chain);
    }
    return chain;
  }

  private chainOf(dir: string): LoadedConfig[] {
    const known = this.chains.get(dir);
    if (known) return known;
    let own = this.ownConfig.get(dir);
    if (own === undefined) {
      const file = configFileIn(dir);
      own = file ? loadConfigFile(file, this.cwd, this.resolveRule) : null;
      this.ownConfig.set(dir, own);
    }
    const parent = path.dirname(dir);
    const above = own?.config.root || parent === dir ? [] : this.chainOf(parent);
    const chain = own ? [...above, own] : above;
    this.chains.set(dir, chain);
    return chain;
  }

  settingsFor(file: string): FileSettings {
    const chain = this.configsFor(file);
    if (!chain.some((loaded) => loaded.config.overrides?.length)) {
      let settings = this.settingsByChain.get(chain);
      if (settings === undefined) {
        // No override reads the path: any file of the chain gives the same settings.
        settings = this.merged(chain, '');
        this.settingsByChain.set(chain, settings);
      }
      return settings;
    }
    let settings = this.settingsByFile.get(file);
    if (settings === undefined) {
      settings = this.settingsOf(path.resolve(this.cwd, file));
      this.settingsByFile.set(file, settings);
    }
    return settings;
  }

  private settingsOf(abs: string): FileSettings {
    const known = this.settings.get(abs);
    if (known) return known;
    const merged = this.merged(this.configsFor(abs), abs);
    this.settings.set(abs, merged);
    return merged;
  }

  /** The settings of a chain of configs for one file (absolute), nearer configs over farther ones. */
  private merged(chain: readonly LoadedConfig[], abs: string): FileSettings {
    const merged: FileSettings = { rules: {} };
    for (const loaded of chain) {
      const { config } = loaded;
      Object.assign(merged.rules, config.rules);
      for (const [i, o] of (config.overrides ?? []).entries()) {
        const matches = this.matcher(loaded, `o${i}`, o.files);
        const excluded = o.excludedFiles ? this.matcher(loaded, `x${i}`, o.excludedFiles) : () => false;
        const rel = relativeInside(loaded, abs);
        if (rel !== undefined && matches(rel) && !excluded(rel)) Object.assign(merged.rules, o.rules);
      }
      merged.failOn = config.failOn ?? merged.failOn;
      merged.showUnknown = config.showUnknown ?? merged.showUnknown;
      merged.failOnUnevaluated = config.failOnUnevaluated ?? merged.failOnUnevaluated;
      merged.maxFileSize = config.maxFileSize ?? merged.maxFileSize;
      merged.requireReason = config.requireReason ?? merged.requireReason;
      merged.reportUnusedSuppressions = config.reportUnusedSuppressions ?? merged.reportUnusedSuppressions;
    }
    return merged;
  }

  /** The `clusters` of every config that applies to one of these files, patterns relative to the working directory. */
  clusterScopes(files: readonly string[]): Record<string, string[]> {
    const seen = new Set<string>();
    const out: Record<string, string[]> = {};
    for (const file of files)
      for (const loaded of this.configsFor(file)) {
        if (seen.has(loaded.file)) continue;
        seen.add(loaded.file);
        for (const [name, patterns] of Object.entries(clusterScopesFromConfig(loaded, this.cwd)))
          out[name] = [...(out[name] ?? []), ...patterns];
      }
    return out;
  }

  /** Whether a config's `ignorePaths` exclude a file (absolute path). */
  isIgnored(abs: string): boolean {
    if (this.explicit) {
      const patterns = ignorePatternsFromConfig(this.explicit, this.cwd);
      const display = displayOf(abs, this.cwd);
      if (display.startsWith('../') || path.isAbsolute(display)) return false;
      return this.matcher(this.explicit, 'ignore-cwd', patterns)(display);
    }
    return this.configsFor(abs).some((loaded) => {
      const rel = relativeInside(loaded, abs);
      return rel !== undefined && this.matcher(loaded, 'ignore', loaded.config.ignorePaths ?? [])(rel);
    });
  }

  /**
   * The variable and parameter files the configs of these files name, checked to exist, as paths
   * relative to the working directory (farther configs first, so nearer values win), and the Terraform
   * environments they declare.
   */
  inputFiles(files: readonly string[]): {
    varFiles: ScopedVarFiles[];
    parameterFiles: string[];
    environments: ScopedEnvironment[];
  } {
    const configs = new Map<string, LoadedConfig>();
    for (const f of files) for (const c of this.configsFor(f)) configs.set(c.file, c);
    const ordered = [...configs.values()].sort(
      (a, b) => a.file.split(path.sep).length - b.file.split(path.sep).length || (a.file < b.file ? -1 : 1),
    );
    const varFiles: ScopedVarFiles[] = [];
    const parameterFiles: string[] = [];
    const environments: ScopedEnvironment[] = [];
    for (const loaded of ordered) {
      const existing = (key: string, given: readonly string[]) => {
        const paths = pathsFromConfig(loaded, this.cwd, given);
        paths.forEach((p, i) => {
          if (!fs.existsSync(path.resolve(this.cwd, p)))
            throw new ConfigError(
              `${displayOf(loaded.file, this.cwd)}: ${key}[${i}] names ${given[i]}, which does not exist`,
            );
        });
        return paths;
      };
      const dir = this.explicit
        ? undefined
        : path.relative(this.cwd, path.dirname(loaded.file)).split(path.sep).join('/') || '.';
      const vars = existing('varFiles', loaded.config.varFiles ?? []);
      if (vars.length > 0) varFiles.push({ dir, files: vars });
      parameterFiles.push(...existing('parameterFiles', loaded.config.parameterFiles ?? []));
      for (const [name, given] of Object.entries(loaded.config.environments ?? {}).sort(([a], [b]) =>
        a < b ? -1 : a > b ? 1 : 0,
      )) {
        environments.push({ dir, name, files: existing(`environments.${name}`, given) });
      }
    }
    return { varFiles, parameterFiles, environments };
  }

  private matcher(loaded: LoadedConfig, key: string, patterns: string | string[]): (rel: string) => boolean {
    const cacheKey = `${loaded.file}\u0000${key}`;
    let match = this.matchers.get(cacheKey);
    if (!match) {
      const ig = ignore().add(patterns);
      match = (rel) => rel !== '' && ig.ignores(rel);
      this.matchers.set(cacheKey, match);
    }
    return match;
  }
}

/** A path relative to the config's folder, or undefined when the file is not inside it. */
function relativeInside(loaded: LoadedConfig, abs: string): string | undefined {
  const rel = path.relative(path.dirname(loaded.file), abs).split(path.sep).join('/');
  return rel.startsWith('../') || rel === '..' || path.isAbsolute(rel) ? undefined : rel;
}

/** Paths in the config (relative to its folder) as paths relative to the working directory. */
export function pathsFromConfig(loaded: LoadedConfig, cwd: string, paths: readonly string[] = []): string[] {
  const dir = path.dirname(loaded.file);
  return paths.map((p) => path.relative(cwd, path.resolve(dir, p)).split(path.sep).join('/'));
}

/**
 * `ignorePaths` (gitignore patterns relative to the config folder) as patterns relative to the working
 * directory, which is what discovery matches against.
 */
export function ignorePatternsFromConfig(loaded: LoadedConfig, cwd: string): string[] {
  return rebasePatterns(loaded, cwd, loaded.config.ignorePaths ?? []);
}

/** Config `clusters`, each cluster's patterns relative to the working directory, as discovery's are. */
export function clusterScopesFromConfig(loaded: LoadedConfig, cwd: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, patterns] of Object.entries(loaded.config.clusters ?? {}))
    out[name] = rebasePatterns(loaded, cwd, patterns);
  return out;
}

function rebasePatterns(loaded: LoadedConfig, cwd: string, patterns: readonly string[]): string[] {
  const dir = path.dirname(loaded.file);
  const down = path.relative(cwd, dir).split(path.sep).join('/');
  const up = path.relative(dir, cwd).split(path.sep).join('/');
  const out: string[] = [];
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const body = pattern.replace(/^\//, '');
    // A pattern without an inner slash matches at any depth, wherever the config lives.
    const anyDepth = !pattern.startsWith('/') && !body.replace(/\/$/, '').includes('/');
    let rebased: string | undefined;
    if (anyDepth || body.startsWith('**/')) rebased = body;
    else if (down === '') rebased = body;
    else if (!down.startsWith('..')) rebased = `${down}/${body}`;
    else if (up && body.startsWith(`${up}/`)) rebased = body.slice(up.length + 1);
    if (rebased !== undefined) out.push((negated ? '!' : '') + (anyDepth ? rebased : `/${rebased}`));
  }
  return out;
}

/** What `akslint init` writes: every setting, explained, most commented out. */
export const STARTER_CONFIG = `# akslint configuration: https://github.com/akslint/akslint/blob/main/docs/ci.md
# Schema (for editors): schema/akslint.schema.json in the akslint package.
# Each scanned file gets this file and those in the folders above it (nearer ones win, rule by rule),
# up to one that says root: true.
root: true

# Per-rule settings: off, or the severity to report the rule with
# (critical, high, medium, low, info). List the rules with: akslint rules
rules: {}
#   AKS205: off      # egress goes through the hub firewall, set up outside this repo
#   K8S110: high

# Settings for some files only (.gitignore patterns relative to this file), over the ones above.
# overrides:
#   - files: "legacy/**"
#     rules:
#       AKS201: off

# Paths not to scan, as .gitignore patterns relative to this file.
ignorePaths:
  - "**/.terraform/**"
#   - "examples/**"

# Lowest severity that fails the run (like --fail-on): critical, high, medium, low, info, or none.
failOn: low

# Terraform variable files (for the Terraform roots in this folder and below) and ARM/Bicep
# parameter files to evaluate with, relative to this file.
# varFiles:
#   - env/prod.tfvars
# Terraform environments: each root here and below is evaluated once per environment, and findings
# that hold in some of them only say which. Without this, each *.tfvars file Terraform does not load
# by itself, in a root or in its env/, envs/, environments/ or vars/ folder, is an environment.
# environments:
#   dev: [envs/dev.tfvars]
#   prod: [envs/prod.tfvars, envs/prod-secrets.tfvars]
# parameterFiles:
#   - infra/main.prod.bicepparam

# Refuse "akslint-ignore" comments that do not say why (like --require-reason).
requireReason: true

# Report suppressions that no longer match a finding (like --report-unused-suppressions).
reportUnusedSuppressions: false

# List results akslint could not decide (a value only known after apply), like --show-unknown.
showUnknown: false

# Clusters and the paths each is deployed from (.gitignore patterns relative to this file). Without
# this, each Terraform root, ARM or Bicep deployment, kustomization, GitOps cluster folder and folder
# of manifests is checked on its own. List a shared folder under every cluster that applies it.
# clusters:
#   prod: ["clusters/prod/**", "platform/**", "infra/prod/**"]
#   dev: ["clusters/dev/**", "platform/**", "infra/dev/**"]
`;
