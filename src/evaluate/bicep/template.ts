import * as path from 'node:path';
import {
  LineIndex,
  object,
  unknown,
  UNREAD_MODULE,
  type Context,
  type FileError,
  type ObjectValue,
  type Resource,
  type SkipNote,
  type SourceFile,
  type SourceRange,
  type Value,
} from '../../model';
import { StepBudget } from '../limits';
import type {
  BicepFile,
  Expr,
  FuncStatement,
  ModuleStatement,
  ObjectExpr,
  ObjectProperty,
  ParamStatement,
  ResourceStatement,
  VarStatement,
} from '../../parsers/bicep';
import { getMember, members, parseJsonDocument, type JsonDocument } from '../../parsers/arm/json';
import { evaluateTemplate as evaluateArmTemplate, type TemplateSink } from '../arm/template';
import { Unknown, valueToEv, type Ev } from '../template-functions/values';
import {
  evaluate,
  iterationItems,
  loopBindings,
  rangeOf,
  sourceOf,
  withLocals,
  type DeclaredSymbol,
  type Environment,
  type Locals,
} from './evaluate';

export interface ParsedFile {
  file: SourceFile;
  syntax: BicepFile;
}

/** Shared by every template evaluated in one load: file access, parse cache, what went wrong. */
export interface LoadState {
  parse(filePath: string): ParsedFile | undefined;
  /** Environments of files read through `import`, by path (null while one is being built). */
  importedFiles: Map<string, Environment | null>;
  errors: FileError[];
  skipped: SkipNote[];
  /**
   * The compiled ARM template of a registry module or template spec (`br:`, `ts:`, their aliases) that
   * `bicep restore` put in the module cache, with the folder it is in; else why it is not read.
   */
  cachedModule?(target: string, fromFile: string): { file: SourceFile; dir: string } | { notRead: string };
}

export interface TemplateCall {
  parsed: ParsedFile;
  paramValues: Map<string, Value>;
  missingParamReason: (name: string) => string;
  /** Prepended to every address: '' at the root, `module.aks.` inside module `aks`. */
  addressPrefix: string;
  via: string[];
  context?: Context;
  /** Files of the module calls leading here, to refuse cycles. */
  moduleStack: string[];
}

export interface TemplateResult {
  resources: Resource[];
  outputs: Map<string, Value>;
}

const MAX_MODULE_DEPTH = 20;
/** Instances of one loop: far above real templates, low enough to stop `range(0, 1000000000)`. */
export const MAX_LOOP_INSTANCES = 10_000;

/** One evaluation of a template: every resource instance it deploys, modules included. */
export function instantiateTemplate(call: TemplateCall, state: LoadState): TemplateResult {
  const { file, syntax } = call.parsed;
  const env = environmentFor(file, syntax, call.paramValues, call.missingParamReason, state);
  const resourceStatements = syntax.statements.filter((s): s is ResourceStatement => s.kind === 'resource');
  const moduleStatements = syntax.statements.filter((s): s is ModuleStatement => s.kind === 'module');

  for (const r of resourceStatements) declareResource(r, env, call.addressPrefix, undefined);
  for (const m of moduleStatements) {
    env.symbols.set(m.name, { kind: 'module', address: `${call.addressPrefix}module.${m.name}` });
  }
  // Names may refer to params and other resources' names: resolve them once every symbol exists.
  for (const r of resourceStatements) nameSymbol(r, env, undefined);

  const resources: Resource[] = [];
  for (const m of moduleStatements) resources.push(...instantiateModule(m, env, call, state));
  for (const r of resourceStatements) {
    resources.push(...instantiateResource(r, env, call, undefined, state));
  }
  const outputs = new Map<string, Value>();
  for (const s of syntax.statements) {
    if (s.kind === 'output') outputs.set(s.name, evaluate(s.value, env));
  }
  return { resources, outputs };
}

/** Line starts per file: a template is instantiated once per parameter file and module call. */
const lineIndexes = new WeakMap<SourceFile, LineIndex>();

function lineIndexOf(file: SourceFile): LineIndex {
  let lines = lineIndexes.get(file);
  if (!lines || lines.text !== file.text) lineIndexes.set(file, (lines = new LineIndex(file.text)));
  return lines;
}

/** What a file declares: the same in every environment it is evaluated in (one per parameter file). */
type Declarations = { path: string } & Pick<
  Environment,
  'params' | 'vars' | 'funcs' | 'imports' | 'importedSymbols' | 'importedNamespaces'
>;

const declarationsBySyntax = new WeakMap<BicepFile, Declarations>();

function declarationsOf(file: SourceFile, syntax: BicepFile): Declarations {
  const known = declarationsBySyntax.get(syntax);
  if (known && known.path === file.path) return known;
  const d: Declarations = {
    path: file.path,
    params: new Map(),
    vars: new Map(),
    funcs: new Map(),
    imports: new Set(),
    importedSymbols: new Map(),
    importedNamespaces: new Map(),
  };
  for (const s of syntax.statements) {
    if (s.kind === 'param') d.params.set(s.name, s as ParamStatement);
    else if (s.kind === 'var') d.vars.set(s.name, s as VarStatement);
    else if (s.kind === 'func') d.funcs.set(s.name, s as FuncStatement);
    else if (s.kind === 'import') {
      for (const n of s.names) d.imports.add(n);
      const from = s.from?.parts.join('');
      if (!from || REGISTRY.test(from)) continue;
      const target = path.posix.normalize(
        path.posix.join(path.posix.dirname(file.path), from.split('\\').join('/')),
      );
      for (const symbol of s.symbols)
        d.importedSymbols.set(symbol.local, { file: target, name: symbol.name });
      if (s.wildcard) d.importedNamespaces.set(s.wildcard, target);
    }
  }
  declarationsBySyntax.set(syntax, d);
  return d;
}

export function environmentFor(
  file: SourceFile,
  syntax: BicepFile,
  paramValues: Map<string, Value>,
  missingParamReason: (name: string) => string,
  state?: LoadState,
): Environment {
  const d = declarationsOf(file, syntax);
  return {
    file: file.path,
    text: file.text,
    lines: lineIndexOf(file),
    params: d.params,
    paramValues,
    missingParamReason,
    vars: d.vars,
    funcs: d.funcs,
    symbols: new Map(),
    imports: d.imports,
    importedSymbols: d.importedSymbols,
    importedNamespaces: d.importedNamespaces,
    resolveImport: state && ((target) => importedEnvironment(target, state)),
    cache: new Map(),
    cachedReferences: new Map(),
    evaluating: new Set(),
    references: new Set(),
    steps: new StepBudget(undefined, state?.skipped),
    invalid:
      state &&
      ((range, message) =>
        state.errors.push({
          file: range.file,
          line: range.line,
          column: range.column,
          message: `invalid expression: ${message}`,
        })),
  };
}

/** The environment of a file read through `import`: its exported variables and functions. */
function importedEnvironment(target: string, state: LoadState): Environment | undefined {
  const known = state.importedFiles.get(target);
  if (known !== undefined) return known ?? undefined;
  state.importedFiles.set(target, null);
  const parsed = state.parse(target);
  if (!parsed) return undefined;
  const env = environmentFor(
    parsed.file,
    parsed.syntax,
    new Map(),
    (name) => `param ${name} of imported file ${parsed.file.path} has no value`,
    state,
  );
  state.importedFiles.set(target, env);
  return env;
}

function splitType(written: string): { type: string; apiVersion?: string } {
  const at = written.indexOf('@');
  return at < 0 ? { type: written } : { type: written.slice(0, at), apiVersion: written.slice(at + 1) };
}

interface ParentInfo {
  symbol: string;
  address: string;
  type: string;
  apiVersion?: string;
  locals: Locals;
}

function resourceType(
  r: ResourceStatement,
  parent: ParentInfo | undefined,
): { type: string; apiVersion?: string } {
  const written = splitType(r.typeString.parts.join(''));
  // A nested child may write only its own segment (`agentPools`): it joins its parent's type and version.
  if (parent && !written.type.includes('/')) {
    return { type: `${parent.type}/${written.type}`, apiVersion: written.apiVersion ?? parent.apiVersion };
  }
  return written;
}

function declareResource(
  r: ResourceStatement,
  env: Environment,
  prefix: string,
  parent: ParentInfo | undefined,
): void {
  const { type, apiVersion } = resourceType(r, parent);
  const key = parent ? `${parent.symbol}::${r.name}` : r.name;
  const address = parent ? `${parent.address}/${r.name}` : `${prefix}${r.name}`;
  const symbol: DeclaredSymbol = { kind: 'resource', address, type, apiVersion, existing: r.existing };
  env.symbols.set(key, symbol);
  // Nested children are also reachable by their bare name inside the parent's body.
  if (parent && !env.symbols.has(r.name)) env.symbols.set(r.name, symbol);
  const body = bodyObject(r.value);
  for (const child of body?.resources ?? []) {
    declareResource(child, env, prefix, { symbol: key, address, type, apiVersion, locals: undefined });
  }
}

function nameSymbol(r: ResourceStatement, env: Environment, parentKey: string | undefined): void {
  const key = parentKey ? `${parentKey}::${r.name}` : r.name;
  const symbol = env.symbols.get(key);
  const body =
    r.value.kind === 'object'
      ? r.value
      : r.value.kind === 'if' && r.value.body.kind === 'object'
        ? r.value.body
        : undefined;
  if (symbol && body) {
    const nameProperty = body.properties.find((p) => p.kind === 'property' && writtenKey(p) === 'name');
    if (nameProperty && nameProperty.kind === 'property') {
      const saved = env.references;
      env.references = new Set();
      const name = evaluate(nameProperty.value, env);
      env.references = saved;
      if (name.kind === 'scalar' && typeof name.value === 'string') symbol.name = name.value;
    }
  }
  for (const child of bodyObject(r.value)?.resources ?? []) nameSymbol(child, env, key);
}

/** The object a resource or module body declares, under any `if` and `for`. */
function bodyObject(expr: Expr): ObjectExpr | undefined {
  if (expr.kind === 'object') return expr;
  if (expr.kind === 'if') return bodyObject(expr.body);
  if (expr.kind === 'for') return bodyObject(expr.body);
  return undefined;
}

interface Instance {
  body: ObjectExpr;
  locals: Locals;
  /** Address suffix: '' for a single instance, `[0]` per loop item, `[*]` for a loop over an unknown collection. */
  suffix: string;
}

/** The instances a body deploys: none when its condition is false, one per known loop item. */
function expandInstances(expr: Expr, env: Environment, outer: Locals, skipped: SkipNote[]): Instance[] {
  if (expr.kind === 'object') return [{ body: expr, locals: outer, suffix: '' }];
  if (expr.kind === 'if') {
    const test = evaluate(expr.test, env, outer);
    if (test.kind === 'scalar' && test.value === false) return [];
    return expr.body.kind === 'object' ? [{ body: expr.body, locals: outer, suffix: '' }] : [];
  }
  if (expr.kind === 'for') {
    const iterable = evaluate(expr.iterable, env, outer);
    const items = iterationItems(iterable);
    const range = rangeOf(env, expr);
    if (!items) {
      const reason = iterable.kind === 'unknown' ? iterable.reason : 'the loop collection is not a list';
      const invalid = iterable.kind === 'unknown' && iterable.invalid;
      const u = unknown(
        `loop item of an unknown collection: ${reason}`,
        sourceOf(env, expr.iterable),
        range,
        false,
        false,
        invalid,
      );
      const locals = withLocals(outer, loopBindings(expr.item, expr.index, u, 0, range));
      if (expr.index)
        locals.set(expr.index, unknown(`loop index of an unknown collection: ${reason}`, expr.index, range));
      return expandInstances(expr.body, env, locals, skipped).map((i) => ({ ...i, suffix: '[*]' }));
    }
    const out: Instance[] = [];
    if (items.length > MAX_LOOP_INSTANCES) {
      skipped.push({
        file: env.file,
        line: range.line,
        limit: true,
        message: `a loop over ${items.length} items: only the first ${MAX_LOOP_INSTANCES} instances were checked`,
      });
    }
    items.slice(0, MAX_LOOP_INSTANCES).forEach((item, index) => {
      const locals = withLocals(outer, loopBindings(expr.item, expr.index, item, index, range));
      for (const i of expandInstances(expr.body, env, locals, skipped))
        out.push({ ...i, suffix: `[${index}]` });
    });
    return out;
  }
  return [];
}

function instantiateResource(
  r: ResourceStatement,
  env: Environment,
  call: TemplateCall,
  parent: ParentInfo | undefined,
  state: LoadState,
): Resource[] {
  const { type, apiVersion } = resourceType(r, parent);
  const key = parent ? `${parent.symbol}::${r.name}` : r.name;
  const out: Resource[] = [];
  for (const instance of expandInstances(r.value, env, parent?.locals, state.skipped)) {
    const address = parent
      ? `${parent.address}/${r.name}${instance.suffix}`
      : `${call.addressPrefix}${r.name}${instance.suffix}`;
    env.references = new Set();
    const evaluated = evaluate(instance.body, env, instance.locals);
    const body: ObjectValue =
      evaluated.kind === 'object' ? evaluated : object([], rangeOf(env, instance.body));
    // Lengths first: lower-casing each key allocated (and no key of another length lower-cases to these).
    const nameEntry = body.entries.find((e) => e.key.length === 4 && e.key.toLowerCase() === 'name');
    const name =
      nameEntry?.value.kind === 'scalar' && typeof nameEntry.value.value === 'string'
        ? nameEntry.value.value
        : r.name;
    let parentAddress = parent?.address;
    if (!parentAddress) {
      const parentProperty = instance.body.properties.find((p) => {
        if (p.kind !== 'property') return false;
        const key = writtenKey(p);
        return key.length === 6 && key.toLowerCase() === 'parent';
      });
      if (parentProperty?.kind === 'property') {
        const root = rootName(parentProperty.value);
        parentAddress = root ? env.symbols.get(root)?.address : undefined;
      }
    }
    const own = env.symbols.get(key)?.address;
    const references = [...env.references].filter((a) => a !== address && a !== own).sort();
    if (parentAddress && !references.includes(parentAddress)) references.push(parentAddress);
    if (!r.existing) {
      const resource: Resource = {
        format: 'bicep',
        type,
        name,
        address,
        file: env.file,
        range: rangeOf(env, r),
        body,
        via: call.via,
        references,
      };
      if (apiVersion) resource.apiVersion = apiVersion;
      if (call.context) resource.context = call.context;
      if (parentAddress) resource.parent = parentAddress;
      out.push(resource);
    }
    for (const child of instance.body.resources) {
      out.push(
        ...instantiateResource(
          child,
          env,
          call,
          {
            symbol: key,
            address,
            type,
            apiVersion,
            locals: instance.locals,
          },
          state,
        ),
      );
    }
  }
  return out;
}

/** A property's key as written (its literal parts: most keys are one plain name). */
function writtenKey(p: ObjectProperty): string {
  return p.key.holes.length === 0 ? p.key.parts[0] : p.key.parts.join('');
}

function rootName(expr: Expr): string | undefined {
  if (expr.kind === 'identifier') return expr.name;
  if (expr.kind === 'index' || expr.kind === 'member') return rootName(expr.object);
  if (expr.kind === 'nonNull' || expr.kind === 'paren') return rootName(expr.expr);
  return undefined;
}

const REGISTRY = /^(br|ts)[:/]/i;

/**
 * A stand-in for a module the scan cannot read: the params it passes (of its first instance), for views
 * that know the module, and what they refer to, for rules that look across resources.
 */
function unreadModule(
  m: ModuleStatement,
  env: Environment,
  call: TemplateCall,
  state: LoadState,
  registrySource?: string,
): Resource[] {
  env.references = new Set();
  const bodies = expandInstances(m.value, env, undefined, state.skipped).map((instance) =>
    evaluate(instance.body, env, instance.locals),
  );
  const address = `${call.addressPrefix}module.${m.name}`;
  const references = [...env.references].filter((a) => a !== address).sort();
  // Only a call handed something the scan knows, or one a view may know, matters to the rules.
  if (references.length === 0 && registrySource === undefined) return [];
  const range = rangeOf(env, m);
  const first = bodies[0];
  const params = first?.kind === 'object' ? first.entries.find((e) => e.key === 'params')?.value : undefined;
  const resource: Resource = {
    format: 'bicep',
    type: UNREAD_MODULE,
    name: m.name,
    address,
    file: env.file,
    range,
    body: params?.kind === 'object' ? params : object([], range),
    via: call.via,
    references,
  };
  if (registrySource !== undefined) resource.moduleSource = registrySource;
  if (call.context) resource.context = call.context;
  return [resource];
}

function instantiateModule(
  m: ModuleStatement,
  env: Environment,
  call: TemplateCall,
  state: LoadState,
): Resource[] {
  const target = m.path.parts.join('');
  const where = rangeOf(env, m.path);
  if (REGISTRY.test(target)) {
    const templateSpec = target.toLowerCase().startsWith('ts');
    const cached = state.cachedModule?.(target, env.file);
    if (cached && 'file' in cached) return instantiateCachedModule(m, env, call, state, target, cached);
    const why = cached?.notRead ?? '`bicep restore` has not put in the module cache';
    state.skipped.push({
      file: env.file,
      line: where.line,
      column: where.column,
      message: `module ${m.name} comes from the ${templateSpec ? 'template spec' : 'Bicep registry'} ('${target}'), which akslint does not fetch and ${why}`,
      module: target,
    });
    return unreadModule(m, env, call, state, target);
  }
  const modulePath = path.posix.normalize(
    path.posix.join(path.posix.dirname(env.file), target.split('\\').join('/')),
  );
  if (call.moduleStack.includes(modulePath) || call.moduleStack.length >= MAX_MODULE_DEPTH) {
    state.errors.push({
      file: env.file,
      line: where.line,
      column: where.column,
      message: `module ${m.name} ('${target}') calls itself through ${[...call.moduleStack, modulePath].join(' -> ')}`,
    });
    return [];
  }
  const parsed = modulePath.endsWith('.json') ? undefined : state.parse(modulePath);
  if (!parsed) {
    if (modulePath.endsWith('.json')) {
      state.skipped.push({
        file: env.file,
        line: where.line,
        message: `module ${m.name} is an ARM template ('${target}'): scan it as an ARM file`,
      });
    } else {
      // As for a Terraform module folder that is not there (a submodule not checked out, a partial
      // copy): what it would deploy is not checked, and the summary says so.
      state.skipped.push({
        file: env.file,
        line: where.line,
        message: `module ${m.name}: file '${target}' (${modulePath}) not found, so its resources are not checked`,
      });
      return unreadModule(m, env, call, state);
    }
    return [];
  }
  const resources: Resource[] = [];
  let firstOutputs: Map<string, Value> | undefined;
  for (const instance of expandInstances(m.value, env, undefined, state.skipped)) {
    env.references = new Set();
    const body = evaluate(instance.body, env, instance.locals);
    const params = body.kind === 'object' ? body.entries.find((e) => e.key === 'params')?.value : undefined;
    const paramValues = new Map<string, Value>();
    if (params?.kind === 'object') for (const e of params.entries) paramValues.set(e.key, e.value);
    const self = `${call.addressPrefix}module.${m.name}${instance.suffix}`;
    const result = instantiateTemplate(
      {
        parsed,
        paramValues,
        missingParamReason:
          params?.kind === 'unknown'
            ? () => `module ${m.name}'s params are not known: ${params.reason}`
            : (name) => `param ${name} has no default and module ${m.name} in ${env.file} does not pass it`,
        addressPrefix: `${self}.`,
        via: [...call.via, self],
        context: call.context,
        moduleStack: [...call.moduleStack, modulePath],
      },
      state,
    );
    firstOutputs ??= result.outputs;
    resources.push(...result.resources);
  }
  const symbol = env.symbols.get(m.name);
  if (symbol && firstOutputs) symbol.outputs = firstOutputs;
  return resources;
}

/** A module's compiled template, parsed once however many calls and parameter files use it. */
const cachedDocuments = new WeakMap<SourceFile, JsonDocument>();

/**
 * A registry module read from the module cache: its compiled ARM template evaluated as a nested
 * deployment, once per instance of the call, with the params the call passes. Nobody edits the
 * cache, so its resources carry `installedModule` (the engine locates their findings at the caller's
 * param that supplied the value, else at the call) and each param remembers where the caller wrote
 * it (and what fed it) as its origins.
 */
function instantiateCachedModule(
  m: ModuleStatement,
  env: Environment,
  call: TemplateCall,
  state: LoadState,
  target: string,
  cached: { file: SourceFile; dir: string },
): Resource[] {
  let doc = cachedDocuments.get(cached.file);
  if (!doc) {
    cachedDocuments.set(cached.file, (doc = parseJsonDocument(cached.file.path, cached.file.text)));
    for (const e of doc.errors) state.errors.push(e);
  }
  // A template spec is cached as its version resource, the template in properties.mainTemplate.
  const template = getMember(getMember(doc.root, 'properties'), 'mainTemplate') ?? doc.root;
  if (!template || template.type !== 'object') return [];
  const installedModule = { source: target, call: rangeOf(env, m), dir: cached.dir };
  const sink: TemplateSink = { resources: [], errors: state.errors, skipped: state.skipped };
  for (const instance of expandInstances(m.value, env, undefined, state.skipped)) {
    env.references = new Set();
    const body = evaluate(instance.body, env, instance.locals);
    const params = body.kind === 'object' ? body.entries.find((e) => e.key === 'params')?.value : undefined;
    const values = new Map<string, Ev>();
    const origins = new Map<string, SourceRange[]>();
    if (params?.kind === 'object') {
      for (const e of params.entries) {
        values.set(e.key.toLowerCase(), valueToEv(e.value));
        origins.set(e.key.toLowerCase(), [...(e.value.origins ?? []), e.value.range]);
      }
    } else if (params?.kind === 'unknown') {
      // Any param may be passed: none falls back to the module's default.
      for (const p of members(getMember(template, 'parameters')))
        values.set(
          p.key.toLowerCase(),
          new Unknown(`module ${m.name}'s params are not known: ${params.reason}`),
        );
    }
    const self = `${call.addressPrefix}module.${m.name}${instance.suffix}`;
    evaluateArmTemplate({
      doc,
      template,
      parameters: {
        values,
        origins,
        source: `module ${m.name} in ${env.file}`,
      },
      via: [...call.via, self],
      addressPrefix: `${self}.`,
      context: call.context,
      sink,
      // One installed module serves every call of it.
      evaluatedAgain: true,
    });
  }
  for (const r of sink.resources) r.installedModule = installedModule;
  return sink.resources;
}
