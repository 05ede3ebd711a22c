import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Severity } from '../model';
import type { Rule } from '../../policies/api';

export type RuleSetting = 'off' | Severity;

export interface AkslintConfig {
  rules?: Record<string, RuleSetting>;
  ignorePaths?: string[];
  failOn?: Severity;
  varFiles?: string[];
  parameterFiles?: string[];
  requireReason?: boolean;
  reportUnusedSuppressions?: boolean;
  showUnknown?: boolean;
  /** Cluster (platform) name -> the paths it is deployed from, gitignore patterns relative to the config. */
  clusters?: Record<string, string[]>;
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

let validator: ValidateFunction | undefined;
function validate(data: unknown): ErrorObject[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(configSchemaPath(), 'utf8')) as Record<string, unknown>;
    // Loaded only when a config file exists: most scans have none, and startup time counts.
    const { default: Ajv } = require('ajv') as typeof import('ajv');
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator(data) ? [] : [...(validator.errors ?? [])];
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
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      const text = readFile(candidate);
      if (text === undefined) continue;
      if (name !== 'package.json' || packageJsonHasConfig(text)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
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
    return fs.statSync(abs).isFile() ? fs.readFileSync(abs, 'utf8') : undefined;
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
  if (config.rules) {
    const rules: Record<string, RuleSetting> = {};
    const unknownRules: string[] = [];
    for (const [name, setting] of Object.entries(config.rules)) {
      const id = resolveRule(name);
      if (id) rules[id] = setting;
      else unknownRules.push(`rules.${name} is not a rule id (see akslint rules)`);
    }
    if (unknownRules.length > 0) throw new ConfigError(problemList(displayName, unknownRules));
    config.rules = rules;
  }
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
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
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
  if (!file) return undefined;
  const display = path.relative(opts.cwd, file).split(path.sep).join('/') || file;
  const text = readIfFile(file);
  if (text === undefined) throw new ConfigError(`${display}: cannot read the configuration file`);
  return { file, config: parseConfig(display, text, opts.resolveRule) };
}

/** Where the scan's configuration search starts: the folder of the first path given. */
export function configSearchStart(cwd: string, paths: readonly string[]): string {
  const first = paths.find((p) => p !== '-');
  if (!first) return cwd;
  const abs = path.resolve(cwd, first);
  try {
    return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  } catch {
    return path.dirname(abs);
  }
}

/** Rules with the config applied: `off` ones dropped, others reported at the configured severity. */
export function configureRules(rules: readonly Rule[], settings: Record<string, RuleSetting> = {}): Rule[] {
  const out: Rule[] = [];
  for (const rule of rules) {
    const setting = settings[rule.id];
    if (setting === 'off') continue;
    out.push(setting && setting !== rule.severity ? { ...rule, severity: setting } : rule);
  }
  return out;
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

# Per-rule settings: off, or the severity to report the rule with
# (critical, high, medium, low, info). List the rules with: akslint rules
rules: {}
#   AKS205: off      # egress goes through the hub firewall, set up outside this repo
#   K8S110: high

# Paths not to scan, as .gitignore patterns relative to this file.
ignorePaths:
  - "**/.terraform/**"
#   - "examples/**"

# Lowest severity that fails the run (like --fail-on): critical, high, medium, low or info.
failOn: low

# Terraform variable files and ARM/Bicep parameter files to evaluate with (relative to this file).
# varFiles:
#   - env/prod.tfvars
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
