import * as path from 'node:path';
import {
  UNREAD_MODULE,
  type FileError,
  type ObjectEntry,
  type Resource,
  type SkipNote,
  type SourceRange,
  type Value,
} from '../../model';
// From value.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import { list, object, scalar, unknown } from '../../model/value';
import { StepBudget } from '../limits';
import type { Attribute, Block, HclFile } from '../../parsers/terraform/syntax';
import { findAttribute } from '../../parsers/terraform/syntax';
import { MAX_SHARED } from '../../parsers/strings';
import { evaluateBody, inFileOf, instanceSuffix } from './body';
import {
  bind,
  evaluate,
  iterationPairs,
  rangeOf,
  sourceOf,
  type EvalContext,
  type ModuleEnv,
} from './evaluate';
import { evaluationError, propagate, toBool, toNumber } from './values';
import { convertToType } from './types';
import { asArmResource } from './azapi';
import { isInstalledFrom, type InstalledModule } from './installed';

export interface LoadedDir {
  dir: string;
  files: HclFile[];
  /** What its files declare, read at its first instance (see declarationsOf). */
  declarations?: Declarations;
}

/** Shared by every module instance of one load. */
export interface Program {
  dirs: Map<string, LoadedDir>;
  resources: Resource[];
  errors: FileError[];
  skipped: SkipNote[];
  /** Directories evaluated as a module (root or called). */
  evaluated: Set<string>;
  /** Module instances evaluated for the current root. */
  instances: number;
  /** The modules `terraform init` installed, by root folder, then by call path (`aks.node_pool`). */
  installed: Map<string, Map<string, InstalledModule>>;
  /** Where the current root's resources start in `resources`. */
  rootStart: number;
  /** Roots a limit was noted for, by limit: one note each. */
  limitNoted: Set<string>;
  /** Evaluation steps taken for the current root. */
  steps: StepBudget;
}

export const MAX_INSTANCES = 1000;
const MAX_MODULE_DEPTH = 16;
/** Per root module: far above real deployments (hundreds), low enough to stop a runaway expansion. */
export const MAX_MODULE_INSTANCES_PER_ROOT = 20_000;
export const MAX_RESOURCES_PER_ROOT = 100_000;

/** A limit stopped the evaluation of a root: said once per root and limit, in `skipped`. */
export function noteLimit(program: Program, key: string, note: SkipNote): void {
  if (program.limitNoted.has(key)) return;
  program.limitNoted.add(key);
  program.skipped.push({ ...note, limit: true });
}

const RESOURCE_META = new Set([
  'count',
  'for_each',
  'depends_on',
  'provider',
  'lifecycle',
  'provisioner',
  'connection',
]);
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

interface Declared<T> {
  node: T;
  file: HclFile;
}

type Lazy = { state: 'pending' } | { state: 'done'; value: Value };

interface Instance {
  suffix: string;
  bindings: Array<[string, Value]>;
}

type CallResult =
  | { kind: 'remote'; source: string }
  | { kind: 'absent'; reason: string }
  | { kind: 'single'; module: ModuleInstance }
  | { kind: 'many'; keyed: boolean; modules: Array<[Value, ModuleInstance]> }
  | { kind: 'unknown'; value: Value };

export interface ModuleOptions {
  addressPrefix: string;
  via: string[];
  rootDir: string;
  /** Values set by the caller (a module call's arguments, or the root's tfvars). */
  inputs: Map<string, Value>;
  /** Resources each input's expression refers to, in the caller. */
  inputReferences?: Map<string, ReadonlySet<string>>;
  /** How a missing input is explained. */
  missingInput: (name: string) => string;
  stack: string[];
  providerVersion?: string;
  /** The call path from the root, as `terraform init` keys installed modules: '' for the root, `aks.node_pool`. */
  moduleKey: string;
  /** Set inside a module `terraform init` installed: its source and the user's call of it. */
  installedModule?: Resource['installedModule'];
}

export function isLocalSource(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../');
}

/** Module directories a directory calls with a local `source`, resolved against it. */
export function localModuleDirs(dir: LoadedDir): string[] {
  const out: string[] = [];
  for (const file of dir.files) {
    for (const item of file.body) {
      if (item.t !== 'block' || item.type !== 'module') continue;
      const source = findAttribute(item.body, 'source');
      if (
        source?.expr.t === 'lit' &&
        typeof source.expr.value === 'string' &&
        isLocalSource(source.expr.value)
      ) {
        out.push(joinDir(dir.dir, source.expr.value));
      }
    }
  }
  return out;
}

/**
 * joinDir's answers, by folder and path: planning the units and loading ask for the folder of every
 * entry file, and for every module call, again for each root (`path.posix.normalize` was 1-2% of a scan
 * of the bench corpus's Terraform). Bounded as the one-copy table is: past it, the table starts again.
 */
const joinedDirs = new Map<string, Map<string, string>>();
let joinedCount = 0;

export function joinDir(dir: string, rel: string): string {
  let byRel = joinedDirs.get(dir);
  const known = byRel?.get(rel);
  if (known !== undefined) return known;
  const normalized = path.posix.normalize(path.posix.join(dir === '' ? '.' : dir, rel));
  const joined = normalized === '' ? '.' : normalized.replace(/\/$/, '');
  if (++joinedCount > MAX_SHARED) {
    joinedDirs.clear();
    joinedCount = 1;
    byRel = undefined;
  }
  if (!byRel) joinedDirs.set(dir, (byRel = new Map()));
  byRel.set(rel, joined);
  return joined;
}

/** What a module folder declares: the same for every instance of it, so read once per folder. */
interface Declarations {
  variables: Map<string, Declared<Block>>;
  locals: Map<string, Declared<Attribute>>;
  calls: Map<string, Declared<Block>>;
  outputs: Map<string, Declared<Block>>;
  resourceBlocks: Declared<Block>[];
  /** `terraform` blocks, in the order read. */
  settings: Declared<Block>[];
}

/**
 * Kept on the folder's record, not in a WeakMap by it: a weak map's values (here, maps of syntax nodes)
 * are found by the collector only through their keys, and a weak map keyed by files made a scan of the
 * bench corpus's Terraform 12% slower.
 */
function declarationsOf(dir: LoadedDir): Declarations {
  const cached = dir.declarations;
  if (cached) return cached;
  const declared: Declarations = {
    variables: new Map(),
    locals: new Map(),
    calls: new Map(),
    outputs: new Map(),
    resourceBlocks: [],
    settings: [],
  };
  const { resourceBlocks } = declared;
  // Override files come after the others, in name order, and merge into the blocks they name.
  const files = [
    ...dir.files.filter((f) => !isOverrideFile(f.path)),
    ...dir.files.filter((f) => isOverrideFile(f.path)),
  ];
  for (const file of files) {
    const override = isOverrideFile(file.path);
    for (const item of file.body) {
      if (item.t !== 'block') continue;
      const name = item.labels[0]?.value;
      const declare = (map: Map<string, Declared<Block>>) => {
        if (name === undefined) return;
        const existing = override ? map.get(name) : undefined;
        map.set(
          name,
          existing
            ? { node: mergeOverride(existing.node, item, file), file: existing.file }
            : { node: item, file },
        );
      };
      switch (item.type) {
        case 'variable':
          declare(declared.variables);
          break;
        case 'locals':
          for (const a of item.body) if (a.t === 'attribute') declared.locals.set(a.name, { node: a, file });
          break;
        case 'module':
          declare(declared.calls);
          break;
        case 'output':
          declare(declared.outputs);
          break;
        case 'resource': {
          if (item.labels.length < 2) break;
          const at = override
            ? resourceBlocks.findIndex(
                (r) => r.node.labels[0].value === name && r.node.labels[1].value === item.labels[1].value,
              )
            : -1;
          if (at >= 0) {
            const existing = resourceBlocks[at];
            resourceBlocks[at] = { node: mergeOverride(existing.node, item, file), file: existing.file };
          } else resourceBlocks.push({ node: item, file });
          break;
        }
        case 'terraform':
          declared.settings.push({ node: item, file });
          break;
      }
    }
  }
  dir.declarations = declared;
  return declared;
}

export class ModuleInstance implements ModuleEnv {
  readonly addressPrefix: string;
  readonly moduleDir: string;
  readonly rootDir: string;
  private readonly variables: ReadonlyMap<string, Declared<Block>>;
  private readonly locals: ReadonlyMap<string, Declared<Attribute>>;
  private readonly calls: ReadonlyMap<string, Declared<Block>>;
  private readonly outputs: ReadonlyMap<string, Declared<Block>>;
  private readonly resourceBlocks: readonly Declared<Block>[];
  private readonly variableValues = new Map<string, Value>();
  private readonly localValues = new Map<string, Lazy>();
  private readonly outputValues = new Map<string, Lazy>();
  private readonly callResults = new Map<string, CallResult | 'pending'>();
  readonly providerVersion?: string;
  /**
   * The budget of the root being evaluated, which stays the same while any instance of it lives: a field,
   * not a getter of the program's, as every evaluation step reads it.
   */
  readonly steps: StepBudget;

  constructor(
    private readonly program: Program,
    private readonly dir: LoadedDir,
    private readonly options: ModuleOptions,
  ) {
    this.addressPrefix = options.addressPrefix;
    this.steps = program.steps;
    this.moduleDir = dir.dir;
    this.rootDir = options.rootDir;
    const declared = declarationsOf(dir);
    this.variables = declared.variables;
    this.locals = declared.locals;
    this.calls = declared.calls;
    this.outputs = declared.outputs;
    this.resourceBlocks = declared.resourceBlocks;
    let version: string | undefined;
    for (const { node, file } of declared.settings) version = azurermVersion(node, file, this) ?? version;
    this.providerVersion = version ?? options.providerVersion;
  }

  /** Resources the value of each `var.x`, `local.x` and `output.x` refers to, by name. */
  private readonly variableReferences = new Map<string, ReadonlySet<string>>();
  private readonly localReferences = new Map<string, ReadonlySet<string>>();
  private readonly outputReferences = new Map<string, ReadonlySet<string>>();

  private context(file: HclFile, references?: Set<string>): EvalContext {
    return { file, env: this, references };
  }

  variable(name: string, into?: Set<string>): Value | undefined {
    const cached = this.variableValues.get(name);
    if (cached) {
      addAll(into, this.variableReferences.get(name));
      return cached;
    }
    const declared = this.variables.get(name);
    if (!declared) return undefined;
    const { node, file } = declared;
    let value = this.options.inputs.get(name);
    let references = this.options.inputReferences?.get(name);
    if (!value) {
      const def = findAttribute(node.body, 'default');
      const range = rangeOf(file, node.s, node.e);
      const collected = new Set<string>();
      value = def
        ? evaluate(def.expr, this.context(def.file ?? file, collected))
        : unknown(this.options.missingInput(name), `var.${name}`, range);
      references = collected;
    }
    const typeAttr = findAttribute(node.body, 'type');
    value = convertToType(value, typeAttr?.expr, (expr) =>
      evaluate(expr, this.context(typeAttr?.file ?? file)),
    );
    this.variableValues.set(name, value);
    if (references && references.size > 0) this.variableReferences.set(name, references);
    addAll(into, references);
    return value;
  }

  local(name: string, into?: Set<string>): Value | undefined {
    const declared = this.locals.get(name);
    if (!declared) return undefined;
    const state = this.localValues.get(name);
    addAll(into, this.localReferences.get(name));
    if (state?.state === 'done') return state.value;
    const { node, file } = declared;
    if (state?.state === 'pending') {
      return evaluationError(
        `local.${name} depends on itself (a cycle between local values)`,
        sourceOf(file, node.expr),
        rangeOf(file, node.expr.s, node.expr.e),
      );
    }
    this.localValues.set(name, { state: 'pending' });
    const collected = new Set<string>();
    const value = evaluate(node.expr, this.context(file, collected));
    this.localValues.set(name, { state: 'done', value });
    // Only a value that refers to resources keeps its set: an empty one would live as long as the module.
    if (collected.size > 0) this.localReferences.set(name, collected);
    addAll(into, collected);
    return value;
  }

  output(name: string, into?: Set<string>): Value | undefined {
    const declared = this.outputs.get(name);
    if (!declared) return undefined;
    const state = this.outputValues.get(name);
    addAll(into, this.outputReferences.get(name));
    if (state?.state === 'done') return state.value;
    const { node, file } = declared;
    const range = rangeOf(file, node.s, node.e);
    if (state?.state === 'pending') {
      return evaluationError(`output "${name}" depends on itself`, `output.${name}`, range);
    }
    this.outputValues.set(name, { state: 'pending' });
    const attr = findAttribute(node.body, 'value');
    const collected = new Set<string>();
    const value = attr
      ? evaluate(attr.expr, this.context(attr.file ?? file, collected))
      : scalar(null, range);
    this.outputValues.set(name, { state: 'done', value });
    if (collected.size > 0) this.outputReferences.set(name, collected);
    addAll(into, collected);
    return value;
  }

  private allOutputs(range: SourceRange, into?: Set<string>): Value {
    const entries: ObjectEntry[] = [];
    for (const name of this.outputs.keys()) {
      entries.push({ key: name, keyRange: range, value: this.output(name, into) ?? scalar(null, range) });
    }
    return object(entries, range);
  }

  module(name: string, step?: string, into?: Set<string>): Value | undefined {
    const declared = this.calls.get(name);
    if (!declared) return undefined;
    const range = rangeOf(declared.file, declared.node.s, declared.node.e);
    const result = this.call(name);
    const source = `module.${name}`;
    switch (result.kind) {
      case 'remote':
        return unknown(
          `module.${name} comes from the remote source "${result.source}", which is not fetched`,
          source,
          range,
        );
      case 'absent':
        return evaluationError(result.reason, source, range);
      case 'unknown':
        return result.value;
      case 'single':
        if (step === undefined) return result.module.allOutputs(range, into);
        return (
          result.module.output(step, into) ??
          evaluationError(`module.${name} has no output "${step}"`, `${source}.${step}`, range)
        );
      case 'many': {
        if (step !== undefined) return undefined;
        const values = result.modules.map(([key, m]) => [key, m.allOutputs(range, into)] as const);
        if (!result.keyed)
          return list(
            values.map(([, v]) => v),
            range,
          );
        return object(
          values.map(([key, v]) => ({
            key: String(key.kind === 'scalar' ? key.value : ''),
            keyRange: range,
            value: v,
          })),
          range,
        );
      }
    }
  }

  /** Evaluate every module call and resource of this module instance. */
  run(): void {
    for (const name of this.calls.keys()) this.call(name);
    for (const declared of this.resourceBlocks) this.expandResource(declared);
  }

  private call(name: string): CallResult {
    const existing = this.callResults.get(name);
    const declared = this.calls.get(name)!;
    const { node, file } = declared;
    const range = rangeOf(file, node.s, node.e);
    if (existing === 'pending') {
      return {
        kind: 'unknown',
        value: evaluationError(`module.${name} depends on itself`, `module.${name}`, range),
      };
    }
    if (existing) return existing;
    this.callResults.set(name, 'pending');
    const result = this.instantiate(name, node, file, range);
    this.callResults.set(name, result);
    return result;
  }

  private instantiate(name: string, node: Block, file: HclFile, range: SourceRange): CallResult {
    const sourceAttr = findAttribute(node.body, 'source');
    const sourceValue = sourceAttr
      ? evaluate(sourceAttr.expr, this.context(sourceAttr.file ?? file))
      : undefined;
    const source =
      sourceValue?.kind === 'scalar' && typeof sourceValue.value === 'string' ? sourceValue.value : undefined;
    const address = `${this.addressPrefix}module.${name}`;
    if (source === undefined) {
      return { kind: 'absent', reason: `${address} has no literal source` };
    }
    const moduleKey = this.options.moduleKey === '' ? name : `${this.options.moduleKey}.${name}`;
    let installedModule = this.options.installedModule;
    let dirPath: string;
    if (isLocalSource(source)) dirPath = joinDir(this.dir.dir, source);
    else {
      const installed = this.program.installed.get(this.rootDir)?.get(moduleKey);
      const dir = installed ? this.program.dirs.get(installed.dir) : undefined;
      if (!installed || !isInstalledFrom(installed, source) || !dir || dir.files.length === 0) {
        const why = !installed
          ? 'was not fetched'
          : !isInstalledFrom(installed, source)
            ? `is not the one terraform init installed ("${installed.source}"); run terraform init again`
            : `was installed in "${installed.dir}", which has no readable .tf files`;
        this.program.skipped.push({
          file: file.path,
          line: range.line,
          column: range.column,
          message: `${address}: remote source "${source}" ${why}`,
          module: source,
        });
        this.addUnreadModule(name, node, file, range, source);
        return { kind: 'remote', source };
      }
      dirPath = installed.dir;
      installedModule ??= { source, call: range };
    }
    const dir = this.program.dirs.get(dirPath);
    // Every folder a loaded module calls is loaded, unless the limit on module folders stopped it (noted).
    if (!dir) {
      this.addUnreadModule(name, node, file, range);
      return { kind: 'absent', reason: `${address}: "${source}" was not read (a limit was reached)` };
    }
    if (dir.files.length === 0) {
      this.program.skipped.push({
        file: file.path,
        line: range.line,
        message: `${address}: local source "${source}" has no readable .tf files`,
      });
      this.addUnreadModule(name, node, file, range);
      return { kind: 'absent', reason: `${address}: "${source}" has no readable .tf files` };
    }
    if (this.options.stack.includes(dirPath) || this.options.stack.length >= MAX_MODULE_DEPTH) {
      this.program.errors.push({
        file: file.path,
        line: range.line,
        column: range.column,
        message: `${address} calls "${source}" recursively; the call is not evaluated`,
      });
      return { kind: 'absent', reason: `${address} calls itself recursively` };
    }
    const ctx = this.context(file);
    const expansion = this.instances(node, ctx, address);
    const modules: Array<[Value, ModuleInstance]> = [];
    for (const instance of expansion.instances) {
      if (++this.program.instances > MAX_MODULE_INSTANCES_PER_ROOT) {
        noteLimit(this.program, `module-instances ${this.rootDir}`, {
          file: file.path,
          line: range.line,
          message: `root module ${this.rootDir} expands to more than ${MAX_MODULE_INSTANCES_PER_ROOT} module instances; ${address} and the calls after it were not evaluated`,
        });
        break;
      }
      let inner = ctx;
      for (const [n, v] of instance.bindings) inner = bind(inner, n, v);
      const inputs = new Map<string, Value>();
      const inputReferences = new Map<string, ReadonlySet<string>>();
      for (const item of node.body) {
        if (item.t !== 'attribute' || MODULE_META.has(item.name)) continue;
        const references = new Set<string>();
        inputs.set(item.name, evaluate(item.expr, { ...inFileOf(item, inner), references }));
        if (references.size > 0) inputReferences.set(item.name, references);
      }
      const callName = `module.${name}${instance.suffix}`;
      const child = new ModuleInstance(this.program, dir, {
        addressPrefix: `${this.addressPrefix}${callName}.`,
        via: [...this.options.via, callName],
        rootDir: this.rootDir,
        inputs,
        inputReferences,
        missingInput: (v) => `var.${v} is not set by ${this.addressPrefix}${callName} and has no default`,
        stack: [...this.options.stack, dirPath],
        providerVersion: this.providerVersion,
        moduleKey,
        ...(installedModule ? { installedModule } : {}),
      });
      this.program.evaluated.add(dirPath);
      child.run();
      modules.push([instance.key ?? scalar(modules.length, range), child]);
    }
    if (expansion.unknown) return { kind: 'unknown', value: expansion.unknown };
    if (expansion.mode === 'single')
      return modules[0] ? { kind: 'single', module: modules[0][1] } : { kind: 'many', keyed: false, modules };
    return { kind: 'many', keyed: expansion.mode === 'for_each', modules };
  }

  /** The instances `count` or `for_each` asks for; one instance with unknown keys when they are unknown. */
  private instances(
    node: Block,
    ctx: EvalContext,
    address: string,
  ): {
    mode: 'single' | 'count' | 'for_each';
    instances: Array<Instance & { key?: Value }>;
    unknown?: Value;
  } {
    const countAttr = findAttribute(node.body, 'count');
    const forEachAttr = findAttribute(node.body, 'for_each');
    if (countAttr) {
      const file = countAttr.file ?? ctx.file;
      const count = evaluate(countAttr.expr, inFileOf(countAttr, ctx));
      const range = count.range;
      if (count.kind === 'unknown') {
        const reason = `count.index of ${address} is unknown: count = ${sourceOf(file, countAttr.expr)} is unknown (${count.reason})`;
        const index = unknown(reason, 'count.index', range);
        return {
          mode: 'count',
          instances: [
            {
              suffix: '',
              bindings: [['count', object([{ key: 'index', keyRange: range, value: index }], range)]],
            },
          ],
          unknown: propagate(count, address, range),
        };
      }
      const n = toNumber(count) ?? (toBool(count) === undefined ? undefined : Number(toBool(count)));
      if (n === undefined || !Number.isInteger(n) || n < 0) {
        this.program.errors.push({
          ...position(range),
          message: `${address}: count must be a whole number, got ${sourceOf(file, countAttr.expr)}`,
        });
        return { mode: 'count', instances: [] };
      }
      const limited = this.limit(n, address, range);
      return {
        mode: 'count',
        instances: Array.from({ length: limited }, (_, i) => ({
          suffix: `[${i}]`,
          key: scalar(i, range),
          bindings: [['count', object([{ key: 'index', keyRange: range, value: scalar(i, range) }], range)]],
        })),
      };
    }
    if (forEachAttr) {
      const file = forEachAttr.file ?? ctx.file;
      const forEach = evaluate(forEachAttr.expr, inFileOf(forEachAttr, ctx));
      const range = forEach.range;
      if (forEach.kind === 'unknown') {
        const reason = `each of ${address} is unknown: for_each = ${sourceOf(file, forEachAttr.expr)} is unknown (${forEach.reason})`;
        const each = unknown(reason, 'each', range);
        return {
          mode: 'for_each',
          instances: [{ suffix: '', bindings: [['each', each]] }],
          unknown: propagate(forEach, address, range),
        };
      }
      const pairs = forEachPairs(forEach);
      if (!pairs) {
        this.program.errors.push({
          ...position(range),
          message: `${address}: for_each must be a map or a set of strings`,
        });
        return { mode: 'for_each', instances: [] };
      }
      const limited = this.limit(pairs.length, address, range);
      return {
        mode: 'for_each',
        instances: pairs.slice(0, limited).map(([key, value]) => ({
          suffix: instanceSuffix(key),
          key,
          bindings: [
            [
              'each',
              object(
                [
                  { key: 'key', keyRange: range, value: key },
                  { key: 'value', keyRange: range, value },
                ],
                range,
              ),
            ],
          ],
        })),
      };
    }
    return SINGLE;
  }

  private limit(n: number, address: string, range: SourceRange): number {
    if (n <= MAX_INSTANCES) return n;
    // Not an error in the configuration: a limit of the scan, said as one (exit code unchanged).
    this.program.skipped.push({
      file: range.file,
      line: range.line,
      column: range.column,
      message: `${address} asks for ${n} instances; only the first ${MAX_INSTANCES} were checked`,
      limit: true,
    });
    return MAX_INSTANCES;
  }

  /**
   * A stand-in for a module call the scan cannot read: the inputs it passes, for views that know the
   * module (`source`, when it is a registry or remote one), and what they refer to, for rules that look
   * across resources.
   */
  private addUnreadModule(
    name: string,
    node: Block,
    file: HclFile,
    range: SourceRange,
    source?: string,
  ): void {
    const address = `${this.addressPrefix}module.${name}`;
    const references = new Set<string>();
    const body = evaluateBody(node.body, this.context(file, references), range, MODULE_META);
    references.delete(address);
    // Only a call handed something the scan knows, or one a view may know, matters to the rules.
    if (references.size === 0 && source === undefined) return;
    const call: Resource = {
      format: 'terraform',
      type: UNREAD_MODULE,
      name,
      address,
      file: file.path,
      range,
      body,
      via: this.options.via,
      references: [...references].sort(),
    };
    if (source !== undefined) call.moduleSource = source;
    // The registry version (or constraint) as written: what the module's inputs are depends on it.
    const version = findAttribute(node.body, 'version')?.expr;
    if (version?.t === 'lit' && typeof version.value === 'string') call.moduleVersion = version.value;
    if (this.options.installedModule) call.installedModule = this.options.installedModule;
    if (this.providerVersion) call.providerVersion = this.providerVersion;
    this.program.resources.push(call);
  }

  /** An azapi_resource whose type is not a known string cannot be read as the resource it declares. */
  private noteUnreadAzapi(node: Block, file: HclFile, address: string): void {
    this.program.skipped.push({
      file: file.path,
      line: rangeOf(file, node.s, node.e).line,
      message: `${address}: the Azure resource type it declares is not known before apply, so it is not checked`,
    });
  }

  private expandResource({ node, file }: Declared<Block>): void {
    const [type, name] = [node.labels[0].value, node.labels[1].value];
    const base = `${this.addressPrefix}${type}.${name}`;
    const range = rangeOf(file, node.s, node.e);
    const ctx = this.context(file);
    const expansion = this.instances(node, ctx, base);
    const dependsOn = findAttribute(node.body, 'depends_on');
    const clusterRef =
      type === 'azurerm_kubernetes_cluster_node_pool'
        ? findAttribute(node.body, 'kubernetes_cluster_id')
        : undefined;
    const parentId = type === 'azapi_resource' ? findAttribute(node.body, 'parent_id') : undefined;
    // Index loops: the allocation profile had iterator results made here (for-of, and destructuring each
    // [name, value] binding), about 1 MB a scan of the bench corpus's Terraform.
    for (let i = 0; i < expansion.instances.length; i++) {
      const instance = expansion.instances[i];
      if (this.program.resources.length - this.program.rootStart >= MAX_RESOURCES_PER_ROOT) {
        noteLimit(this.program, `resources ${this.rootDir}`, {
          file: file.path,
          line: range.line,
          message: `root module ${this.rootDir} has more than ${MAX_RESOURCES_PER_ROOT} resource instances; ${base} and the resources after it were not evaluated`,
        });
        return;
      }
      const references = new Set<string>();
      let inner: EvalContext = { file, env: this, references };
      for (let b = 0; b < instance.bindings.length; b++)
        inner = bind(inner, instance.bindings[b][0], instance.bindings[b][1]);
      const body = evaluateBody(node.body, inner, range, RESOURCE_META);
      if (dependsOn) evaluate(dependsOn.expr, inFileOf(dependsOn, inner));
      // Every member the load sets later is there from the start, undefined until then: a member added
      // to an object gives it another shape, and adding `deployment` and `context` to resources of a
      // dozen shapes (one per set of optional members) went through the engine's slowest path, 12-30 ms
      // of a scan of the bench corpus's Terraform.
      const resource: Resource = {
        format: 'terraform',
        type,
        name,
        address: base + instance.suffix,
        file: file.path,
        range,
        body,
        via: this.options.via,
        context: undefined,
        deployment: undefined,
        references: [...references],
        parent: undefined,
        providerVersion: this.providerVersion || undefined,
        installedModule: this.options.installedModule || undefined,
      };
      if (clusterRef) {
        const refs = new Set<string>();
        evaluate(clusterRef.expr, { ...inFileOf(clusterRef, inner), references: refs });
        // The cluster may be declared here or reached through a local, variable or module output.
        const cluster = [...refs].find((r) => /(^|\.)azurerm_kubernetes_cluster\.[^.]+$/.test(r));
        if (cluster) resource.parent = cluster;
      }
      if (type === 'azapi_resource') {
        const parentRefs = new Set<string>();
        if (parentId) evaluate(parentId.expr, { ...inFileOf(parentId, inner), references: parentRefs });
        // azapi 1.x: body = jsonencode({...}). The object before encoding keeps where each value is
        // written, so findings point at the attribute rather than at the whole call.
        const bodyAttr = findAttribute(node.body, 'body');
        const encoded =
          bodyAttr?.expr.t === 'call' &&
          bodyAttr.expr.name === 'jsonencode' &&
          bodyAttr.expr.args.length === 1
            ? evaluate(bodyAttr.expr.args[0], inFileOf(bodyAttr, inner))
            : undefined;
        const arm = asArmResource(
          resource,
          [...parentRefs],
          encoded?.kind === 'object' ? encoded : undefined,
        );
        if (arm) {
          this.program.resources.push(arm);
          continue;
        }
        this.noteUnreadAzapi(node, file, resource.address);
      }
      this.program.resources.push(resource);
    }
  }
}

/** A block without count or for_each: one instance, nothing bound (shared, as nothing changes it). */
const SINGLE = {
  mode: 'single' as const,
  instances: [{ suffix: '', bindings: [] as Array<[string, Value]> }],
};

function position(range: SourceRange): FileError {
  return { file: range.file, line: range.line, column: range.column, message: '' };
}

/** for_each accepts a map (key/value) or a set of strings (key = value); a list of strings is taken as a set. */
function forEachPairs(value: Value): Array<[Value, Value]> | undefined {
  if (value.kind === 'object') return iterationPairs(value);
  if (value.kind === 'list') {
    const pairs: Array<[Value, Value]> = [];
    const seen = new Set<string>();
    for (const item of value.items) {
      if (item.kind !== 'scalar' || typeof item.value !== 'string') return undefined;
      if (seen.has(item.value)) continue;
      seen.add(item.value);
      pairs.push([item, item]);
    }
    return pairs;
  }
  return undefined;
}

function azurermVersion(block: Block, file: HclFile, env: ModuleEnv): string | undefined {
  for (const inner of block.body) {
    if (inner.t !== 'block' || inner.type !== 'required_providers') continue;
    const azurerm = findAttribute(inner.body, 'azurerm');
    if (!azurerm) continue;
    const value = evaluate(azurerm.expr, { file, env });
    if (value.kind === 'scalar' && typeof value.value === 'string') return value.value;
    if (value.kind === 'object') {
      const v = value.entries.find((e) => e.key === 'version')?.value;
      if (v?.kind === 'scalar' && typeof v.value === 'string') return v.value;
    }
  }
  return undefined;
}

/** `override.tf`, `*_override.tf` (and their .tf.json forms): merged into the blocks they name. */
function isOverrideFile(filePath: string): boolean {
  return /(^|\/|_)override\.tf(\.json)?$/.test(filePath);
}

/**
 * An override block merged into the block it names, as Terraform does: each argument it sets replaces
 * the original's; each nested block type it writes replaces every block of that type (also those a
 * `dynamic` block would make). Its items keep their file, so ranges point into the override file.
 */
function mergeOverride(base: Block, override: Block, file: HclFile): Block {
  const attributes = new Set<string>();
  const blockTypes = new Set<string>();
  for (const item of override.body) {
    if (item.t === 'attribute') attributes.add(item.name);
    else blockTypes.add(item.type === 'dynamic' ? (item.labels[0]?.value ?? '') : item.type);
  }
  const kept = base.body.filter((item) =>
    item.t === 'attribute'
      ? !attributes.has(item.name)
      : !blockTypes.has(item.type === 'dynamic' ? (item.labels[0]?.value ?? '') : item.type),
  );
  return { ...base, body: [...kept, ...override.body.map((item) => ({ ...item, file }))] };
}

function addAll(into: Set<string> | undefined, from: ReadonlySet<string> | undefined): void {
  if (into && from) for (const item of from) into.add(item);
}
