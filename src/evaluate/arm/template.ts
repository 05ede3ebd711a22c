import * as path from 'node:path';
import {
  getMember,
  members,
  nodeRange,
  offsetInString,
  stringOf,
  type JsonDocument,
  type JsonNode,
} from '../../parsers/arm/json';
import { parseTemplateString, type TemplateString } from '../../parsers/arm/expression';
import { oneCopy } from '../../parsers/strings';
// From value.ts itself, not the model's index: compiled to CommonJS (dist/, which the bench runs), every
// call through the index's re-export is a getter call.
import {
  list,
  object,
  WrittenList,
  WrittenObject,
  WrittenScalar,
  packed,
  quotedKeyEntry,
  scalar,
  unknown,
} from '../../model/value';
import {
  type Context,
  type FileError,
  type ObjectEntry,
  type Resource,
  type SkipNote,
  type RangeSource,
  type SourceRange,
  type Value,
} from '../../model';
import { StepBudget } from '../limits';
import { evaluate, type CopyFrame, type EvalEnv, type EvalScope } from './evaluate';
import { Unknown, evToValue, isUnknown, lowerCased, valueToEv, type Ev } from '../template-functions/values';

/** Azure's own limit on a copy loop. */
const MAX_COPY_COUNT = 800;
/** Instances built per template evaluation, all loops together: bounds hostile input. */
export const MAX_INSTANCES = 50_000;
const MAX_NESTED_DEPTH = 10;
/** The copy frames outside every loop. */
const NO_COPIES: readonly CopyFrame[] = [];
/** What an expression that reads no parameter collects. */
const NO_ORIGINS: readonly SourceRange[] = [];

export interface TemplateSink {
  resources: Resource[];
  errors: FileError[];
  skipped: SkipNote[];
  /**
   * A template a deployment links with `templateLink.relativePath`, by path: parsed when it is among
   * the files the scan may read, undefined when it is not.
   */
  readLinkedTemplate?(path: string): JsonDocument | undefined;
}

/** Values given to a template's parameters, by lower-case name, and where they came from (for messages). */
export interface ParameterInput {
  values: Map<string, Ev>;
  /** Where each value is written in a parameters file, by lower-case name. */
  ranges?: Map<string, SourceRange>;
  /**
   * Where each value was written, first written first, when it came through several places (a Bicep
   * caller's param, fed by a .bicepparam file): replaces `ranges` for the names it has.
   */
  origins?: Map<string, readonly SourceRange[]>;
  /** "a parameters file", "the parameters of deployment X": completes "has no default and no value in …". */
  source: string;
}

export interface TemplateRun {
  doc: JsonDocument;
  template: JsonNode;
  parameters: ParameterInput;
  via: string[];
  /** Prepended to addresses of resources inside nested deployments. */
  addressPrefix: string;
  context?: Context;
  sink: TemplateSink;
  /** Parameters and variables of the enclosing template, for nested templates evaluated in the outer scope. */
  outer?: EvalEnv;
  depth?: number;
  /** The templates linked by relativePath leading here, the entry template first, to refuse cycles. */
  linkChain?: string[];
  /**
   * The template is evaluated more than once (under several parameters files, by several deployments or
   * module calls): every expression-free subtree is kept for the next evaluation (see literalValues).
   * Evaluated once, only those a copy loop builds again are.
   */
  evaluatedAgain?: boolean;
}

/** Parsed template strings, per source text: templates evaluated under several parameter files parse once. */
const stringCache = new Map<string, TemplateString>();

function templateString(text: string): TemplateString {
  let parsed = stringCache.get(text);
  if (!parsed) {
    parsed = parseTemplateString(text);
    if (stringCache.size > 50_000) stringCache.clear();
    stringCache.set(text, parsed);
  }
  return parsed;
}

/**
 * The value of each object and array written without an expression or a copy loop, by its node: it is
 * the same under every parameters file, copy index and nested deployment of the template, so those
 * share it (values are not changed once built; who places one elsewhere copies it). Only where a node
 * is evaluated again (see TemplateRun.evaluatedAgain): most templates are evaluated once, and keeping
 * every such subtree by node cost more than building the few again (ARM full scan of the bench corpus,
 * 130 templates of which 39 have several parameters files: 3-5% of its CPU).
 */
const literalValues = new WeakMap<JsonDocument, Map<JsonNode, Value>>();

function literalValuesOf(doc: JsonDocument): Map<JsonNode, Value> {
  let values = literalValues.get(doc);
  if (!values) literalValues.set(doc, (values = new Map()));
  return values;
}

interface Instance {
  node: JsonNode;
  type: string;
  name: string;
  address: string;
  symbolic?: string;
  copies: CopyFrame[];
  parent?: string;
  /** The values of `type` and `name` the instance was named with, when its body may use them again. */
  named?: NamedWith;
}

/** The `type` and `name` members of a resource, evaluated, and the resources reading them referred to. */
interface NamedWith {
  typeNode: JsonNode;
  type: Value;
  /** Evaluation steps reading `type` took: used again, its value takes them again (see reused). */
  typeSteps: number;
  nameNode?: JsonNode;
  name?: Value;
  nameSteps?: number;
  references: ReadonlySet<string>;
}

/** Evaluation of one template (or nested template) under one set of parameter values. */
class TemplateEvaluation implements EvalEnv {
  private readonly parameterNodes = new Map<string, { name: string; node: JsonNode }>();
  private readonly variableNodes = new Map<string, { name: string; node: JsonNode; copy?: JsonNode }>();
  private readonly parameterValues = new Map<string, Ev>();
  private readonly variableValues = new Map<string, Ev>();
  /** User-defined functions by `namespace.name`, lower-cased: parameter names and the output value. */
  private readonly functions = new Map<string, { parameters: string[]; output: JsonNode | undefined }>();
  /** Resources each variable's value refers to: every resource that reads the variable refers to them. */
  private readonly referencesOfVariables = new Map<string, ReadonlySet<string>>();
  /** Where the parameters each variable's value read were given: every reader of the variable read them. */
  private readonly originsOfVariables = new Map<string, readonly SourceRange[]>();
  /** Where each parameter read from `run.parameters.ranges` was given (null: nowhere). */
  private readonly originsOfParameters = new Map<string, readonly SourceRange[] | null>();
  /**
   * Where the parameters the expression being evaluated reads were given, collected (undefined when
   * nothing collects). Never changed in place: most expressions read one parameter or variable, whose
   * array they share; a second one makes a new array.
   */
  private origins?: readonly SourceRange[];
  /** The JSON string whose expression is being evaluated: where an invalid part of it is reported. */
  private expressionNode?: JsonNode;
  private readonly evaluating = new Set<string>();
  private readonly instances: Instance[] = [];
  private readonly addresses = new Set<string>();
  private readonly byTypeAndName = new Map<string, string>();
  private readonly bySymbol = new Map<string, string>();
  private readonly byName = new Map<string, string[]>();
  private budget = MAX_INSTANCES;
  readonly steps: StepBudget;
  private budgetNoted = false;
  /** Calls of resolveResource so far: a value that made none does not depend on the resources declared. */
  private resolutions = 0;
  /** Whether the value being built read an expression or expanded a copy loop (see `literalValues`). */
  private expressionSeen = false;
  /** The template's shared subtrees (see `literalValues`), once a node that may be evaluated again is. */
  private literals?: Map<JsonNode, Value>;
  readonly symbolic: boolean;
  references?: Set<string>;

  /**
   * What the ranges of this template point at (the same object nodeRange's ranges hold): found once,
   * not for each value and key built.
   */
  private readonly rangeSource: RangeSource;

  constructor(private readonly run: TemplateRun) {
    const t = run.template;
    this.rangeSource = run.doc.lines.rangeSource(run.doc.path);
    // A nested deployment spends its parent's budget.
    this.steps = run.outer?.steps ?? new StepBudget(undefined, run.sink.skipped);
    this.symbolic = stringOf(getMember(t, 'languageVersion'))?.startsWith('2') === true;
    for (const group of getMember(t, 'functions')?.children ?? []) {
      const namespace = stringOf(getMember(group, 'namespace'));
      if (!namespace) continue;
      for (const m of members(getMember(group, 'members'))) {
        const parameters = (getMember(m.value, 'parameters')?.children ?? []).map(
          (p) => stringOf(getMember(p, 'name'))?.toLowerCase() ?? '',
        );
        const output = getMember(getMember(m.value, 'output'), 'value');
        this.functions.set(`${namespace}.${m.key}`.toLowerCase(), { parameters, output });
      }
    }
    for (const m of members(getMember(t, 'parameters')))
      this.parameterNodes.set(m.key.toLowerCase(), { name: m.key, node: m.value });
    for (const m of members(getMember(t, 'variables'))) {
      if (m.key.toLowerCase() === 'copy' && m.value.type === 'array') {
        for (const spec of m.value.children ?? []) {
          const name = stringOf(getMember(spec, 'name'));
          if (name) this.variableNodes.set(name.toLowerCase(), { name, node: spec, copy: spec });
        }
      } else this.variableNodes.set(m.key.toLowerCase(), { name: m.key, node: m.value });
    }
  }

  private get doc(): JsonDocument {
    return this.run.doc;
  }

  private scope(copies: readonly CopyFrame[] = NO_COPIES): EvalScope {
    return { env: this, copies };
  }

  parameter(name: string): Ev | undefined {
    const outer = this.run.outer;
    if (outer) {
      const value = outer.parameter(name);
      this.addOrigins(outer.originsOf?.('parameter', name));
      return value;
    }
    const key = lowerCased(name);
    this.addOrigins(this.parameterOrigins(key));
    const cached = this.parameterValues.get(key);
    if (cached !== undefined) return cached;
    const declared = this.parameterNodes.get(key);
    if (!declared) return undefined;
    const value = this.guarded(`p:${key}`, `parameter '${declared.name}' refers to itself`, () => {
      const given = this.run.parameters.values.get(key);
      if (given !== undefined) return given;
      const fallback = getMember(declared.node, 'defaultValue');
      if (fallback) return valueToEv(this.evaluateNode(fallback, this.scope()));
      // `"nullable": true` (Bicep's `string?` compiled to JSON): a parameter left out is null.
      if (isNullable(declared.node)) return null;
      return new Unknown(
        `parameter '${declared.name}' has no default and no value in ${this.run.parameters.source}`,
      );
    });
    this.parameterValues.set(key, value);
    return value;
  }

  variable(name: string): Ev | undefined {
    const outer = this.run.outer;
    if (outer) {
      const value = outer.variable(name);
      this.addReferences(outer.variableReferences(name));
      this.addOrigins(outer.originsOf?.('variable', name));
      return value;
    }
    const key = lowerCased(name);
    const cached = this.variableValues.get(key);
    if (cached !== undefined) {
      this.addReferences(this.referencesOfVariables.get(key));
      this.addOrigins(this.originsOfVariables.get(key));
      return cached;
    }
    const declared = this.variableNodes.get(key);
    if (!declared) return undefined;
    // A variable is evaluated once; the resources it refers to, and where the parameters it read were
    // given, are kept with it for every reader.
    const reader = this.references;
    const collected = new Set<string>();
    this.references = collected;
    const readerOrigins = this.origins;
    this.origins = NO_ORIGINS;
    let value: Ev;
    let origins: readonly SourceRange[];
    try {
      value = this.guarded(`v:${key}`, `variable '${declared.name}' refers to itself`, () =>
        valueToEv(
          declared.copy
            ? this.copyLoop(declared.copy, this.scope(), nodeRange(this.doc, declared.copy))
            : this.evaluateNode(declared.node, this.scope()),
        ),
      );
    } finally {
      origins = this.origins;
      this.references = reader;
      this.origins = readerOrigins;
    }
    this.variableValues.set(key, value);
    this.referencesOfVariables.set(key, collected);
    this.addReferences(collected);
    this.originsOfVariables.set(key, origins);
    this.addOrigins(origins);
    return value;
  }

  originsOf(kind: 'parameter' | 'variable', name: string): readonly SourceRange[] | undefined {
    const outer = this.run.outer;
    if (outer) return outer.originsOf?.(kind, name);
    const key = lowerCased(name);
    return kind === 'variable' ? this.originsOfVariables.get(key) : this.parameterOrigins(key);
  }

  /** Where the value of the parameter `key` (lower case) was given; the same array at every read. */
  private parameterOrigins(key: string): readonly SourceRange[] | undefined {
    const through = this.run.parameters.origins?.get(key);
    if (through) return through;
    let given = this.originsOfParameters.get(key);
    if (given === undefined) {
      const range = this.run.parameters.ranges?.get(key);
      this.originsOfParameters.set(key, (given = range ? [range] : null));
    }
    return given ?? undefined;
  }

  invalid(offset: number, message: string): void {
    const node = this.expressionNode;
    if (!node) return;
    const at = this.doc.lines.position(offsetInString(this.doc, node, offset));
    this.run.sink.errors.push({
      file: this.doc.path,
      line: at.line,
      column: at.column,
      message: `invalid template expression: ${message}`,
    });
  }

  private addOrigins(ranges: readonly SourceRange[] | undefined): void {
    const known = this.origins;
    if (!ranges || !known || ranges.length === 0) return;
    if (known.length === 0 && ranges.length === 1) {
      this.origins = ranges;
      return;
    }
    let added: SourceRange[] | undefined;
    for (const r of ranges) if (!known.includes(r) && !added?.includes(r)) (added ??= []).push(r);
    if (added) this.origins = known.length === 0 ? packed(added) : known.concat(added);
  }

  /**
   * A user-defined function sees only its own parameters (and other functions), as ARM requires:
   * no variables, no reference(). Its output is evaluated with the arguments bound.
   */
  callUserFunction(name: string, args: readonly Ev[]): Ev | undefined {
    if (this.run.outer?.callUserFunction && !this.functions.has(name))
      return this.run.outer.callUserFunction(name, args);
    const declared = this.functions.get(name);
    if (!declared) return undefined;
    if (!declared.output) return new Unknown(`user-defined function ${name}() has no output value`);
    const output = declared.output;
    return this.guarded(`f:${name}`, `user-defined function ${name}() calls itself`, () => {
      const env: EvalEnv = {
        parameter: (p) => {
          const at = declared.parameters.indexOf(p.toLowerCase());
          return at >= 0 && at < args.length ? args[at] : undefined;
        },
        variable: () => undefined,
        variableReferences: () => undefined,
        resolveResource: (fn, values) => this.resolveResource(fn, values),
        callUserFunction: (n, values) => this.callUserFunction(n, values),
        invalid: (offset, message) => this.invalid(offset, message),
        references: this.references,
        steps: this.steps,
      };
      return valueToEv(this.evaluateNode(output, { env, copies: [] }));
    });
  }

  variableReferences(name: string): ReadonlySet<string> | undefined {
    if (this.run.outer) return this.run.outer.variableReferences(name);
    return this.referencesOfVariables.get(name.toLowerCase());
  }

  private addReferences(addresses: ReadonlySet<string> | undefined): void {
    if (addresses && this.references) for (const a of addresses) this.references.add(a);
  }

  private guarded(key: string, cycle: string, compute: () => Ev): Ev {
    if (this.evaluating.has(key)) return new Unknown(cycle);
    this.evaluating.add(key);
    try {
      return compute();
    } finally {
      this.evaluating.delete(key);
    }
  }

  resolveResource(functionName: string, args: readonly Ev[]): string | undefined {
    this.resolutions++;
    if (functionName === 'resourceid') {
      // The first argument that is a resource type, then its name's segments, every one a string.
      let typeAt = 0;
      while (typeAt < args.length && !isResourceType(args[typeAt])) typeAt++;
      if (typeAt >= args.length - 1) return undefined;
      let names = '';
      for (let i = typeAt + 1; i < args.length; i++) {
        const part = args[i];
        if (typeof part !== 'string') return undefined;
        names = i === typeAt + 1 ? part : `${names}/${part}`;
      }
      return this.byTypeAndName.get(`${lowerCased(args[typeAt] as string)}|${names.toLowerCase()}`);
    }
    for (const a of args) if (typeof a === 'string') return this.findByReference(a);
    return undefined;
  }

  /** A symbolic name (languageVersion 2.0), a `type/name` path or a unique resource name. */
  private findByReference(text: string): string | undefined {
    const lower = text.toLowerCase();
    const symbol = this.bySymbol.get(lower);
    if (symbol) return symbol;
    const m = /^(?:\/?providers\/)?([^/]+\.[^/]+\/[^/]+)\/(.+)$/.exec(lower);
    if (m) {
      // Child types alternate type and name segments: `Microsoft.X/a/n1/b/n2`.
      const segments = m[2].split('/');
      const types = [m[1], ...segments.slice(1).filter((_, i) => i % 2 === 0)];
      const names = segments.filter((_, i) => i % 2 === 0);
      const found = this.byTypeAndName.get(`${types.join('/')}|${names.join('/')}`);
      if (found) return found;
    }
    const named = this.byName.get(lower);
    return named && named.length === 1 ? named[0] : undefined;
  }

  /** Every deployed resource of the template, with nested deployments. */
  evaluateTemplate(): void {
    const declared = getMember(this.run.template, 'resources');
    if (declared?.type === 'object') {
      for (const m of members(declared)) this.declare(m.value, [], undefined, m.key);
    } else if (declared?.type === 'array') {
      for (const node of declared.children ?? []) this.declare(node, [], undefined, undefined);
    }
    for (const instance of this.instances) this.emit(instance);
  }

  private declare(
    node: JsonNode,
    outerCopies: CopyFrame[],
    parent: Instance | undefined,
    symbol: string | undefined,
  ): void {
    if (node.type !== 'object') return;
    const existingNode = getMember(node, 'existing');
    if (existingNode) {
      // `existing` resources (languageVersion 2.0) are read, not deployed.
      const existing = this.evaluateNode(existingNode, this.scope(outerCopies));
      if (existing.kind === 'scalar' && existing.value === true) return;
    }
    const copyNode = getMember(node, 'copy');
    const frames =
      copyNode?.type === 'object' ? this.resourceCopyFrames(copyNode, outerCopies) : [outerCopies];
    for (const copies of frames) {
      if (this.budget-- <= 0) {
        this.noteBudget(node);
        return;
      }
      const scope = this.scope(copies);
      const condition = getMember(node, 'condition');
      if (condition) {
        const c = this.evaluateNode(condition, scope);
        if (
          c.kind === 'scalar' &&
          (c.value === false || (typeof c.value === 'string' && c.value.toLowerCase() === 'false'))
        )
          continue;
      }
      const instance = this.instance(
        node,
        scope,
        copies,
        parent,
        symbol,
        copyNode !== undefined && copyNode.type === 'object',
      );
      if (!instance) continue;
      this.index(instance);
      this.instances.push(instance);
      const children = getMember(node, 'resources');
      if (children?.type === 'array') {
        for (const child of children.children ?? []) this.declare(child, copies, instance, undefined);
      } else if (children?.type === 'object') {
        for (const m of members(children)) this.declare(m.value, copies, instance, m.key);
      }
    }
  }

  /** Said once per template evaluation: the resources past the budget were not checked. */
  private noteBudget(node: JsonNode): void {
    if (this.budgetNoted) return;
    this.budgetNoted = true;
    this.run.sink.skipped.push({
      file: this.doc.path,
      line: nodeRange(this.doc, node).line,
      limit: true,
      message: `the template expands to more than ${MAX_INSTANCES} resource instances; the rest were not checked`,
    });
  }

  private resourceCopyFrames(copyNode: JsonNode, outer: CopyFrame[]): CopyFrame[][] {
    const loopName = stringOf(getMember(copyNode, 'name')) ?? 'copy';
    const countNode = getMember(copyNode, 'count');
    const count = countNode ? valueToEv(this.evaluateNode(countNode, this.scope(outer))) : 0;
    if (typeof count !== 'number') {
      const reason = isUnknown(count)
        ? `the count of copy loop '${loopName}' is unknown: ${count.reason}`
        : `the count of copy loop '${loopName}' is not a number`;
      return [
        [
          ...outer,
          { name: loopName, index: new Unknown(reason, false, false, isUnknown(count) && count.invalid) },
        ],
      ];
    }
    const n = Math.max(0, Math.min(Math.trunc(count), MAX_COPY_COUNT, this.budget));
    if (n < Math.trunc(count)) {
      if (n === MAX_COPY_COUNT) {
        this.run.sink.skipped.push({
          file: this.doc.path,
          line: nodeRange(this.doc, copyNode).line,
          limit: true,
          message: `copy loop '${loopName}' asks for ${Math.trunc(count)} instances; Azure allows ${MAX_COPY_COUNT}, the first ${MAX_COPY_COUNT} were checked`,
        });
      } else this.noteBudget(copyNode);
    }
    return Array.from({ length: n }, (_, i) => [...outer, { name: loopName, index: i }]);
  }

  private instance(
    node: JsonNode,
    scope: EvalScope,
    copies: CopyFrame[],
    parent: Instance | undefined,
    symbol: string | undefined,
    copied: boolean,
  ): Instance | undefined {
    const typeNode = getMember(node, 'type');
    if (!typeNode) return undefined;
    const nameNode = getMember(node, 'name');
    // The body's `type` and `name` are these values again, unless reading them resolved a resource (the
    // resources are not all declared yet): their references are collected for the body.
    const reader = this.references;
    const references = new Set<string>();
    const resolutions = this.resolutions;
    this.references = references;
    let named: NamedWith;
    try {
      const before = this.steps.taken;
      named = { typeNode, type: this.evaluateNode(typeNode, scope), typeSteps: 0, references };
      named.typeSteps = this.steps.taken - before;
      if (textOf(named.type) && nameNode) {
        const beforeName = this.steps.taken;
        named.nameNode = nameNode;
        named.name = this.evaluateNode(nameNode, scope);
        named.nameSteps = this.steps.taken - beforeName;
      }
    } finally {
      this.references = reader;
    }
    const ownType = textOf(named.type);
    if (!ownType) return undefined;
    const ownName = (named.name && textOf(named.name)) ?? symbol ?? '';
    // Nested children name only their own segment; extension resources (`Microsoft.Authorization/locks`) stay whole.
    const nestedShort = parent && !/^[^/]*\./.test(ownType);
    const type = nestedShort ? `${parent.type}/${ownType}` : ownType;
    const name = nestedShort ? `${parent.name}/${ownName}` : ownName;
    const index = copies.length > 0 ? copies[copies.length - 1].index : undefined;
    const suffix = copied && index !== undefined ? `[${isUnknown(index) ? '*' : index}]` : '';
    let base: string;
    if (symbol !== undefined && this.symbolic)
      base = parent && parent.symbolic ? `${parent.symbolic}/${symbol}` : symbol;
    else base = `${type}/${name}`;
    let address = `${this.run.addressPrefix}${base}${suffix}`;
    if (this.addresses.has(address)) address += `@${nodeRange(this.doc, node).line}`;
    let parentAddress = parent?.address;
    if (!parentAddress && type.split('/').length > 2 && name.includes('/')) {
      const parentType = type.slice(0, type.lastIndexOf('/')).toLowerCase();
      const parentName = name.slice(0, name.lastIndexOf('/')).toLowerCase();
      parentAddress = this.byTypeAndName.get(`${parentType}|${parentName}`);
    }
    return {
      node,
      type,
      name,
      address,
      symbolic: symbol !== undefined && this.symbolic ? base : undefined,
      copies,
      parent: parentAddress,
      named: this.resolutions === resolutions && !this.steps.exhausted ? named : undefined,
    };
  }

  private index(i: Instance): void {
    this.addresses.add(i.address);
    const name = i.name.toLowerCase();
    const key = `${lowerCased(i.type)}|${name}`;
    if (!this.byTypeAndName.has(key)) this.byTypeAndName.set(key, i.address);
    if (i.symbolic) this.bySymbol.set(i.symbolic.toLowerCase(), i.address);
    // By its whole name and by its last segment.
    this.addByName(name, i.address);
    const slash = i.name.lastIndexOf('/');
    const last = slash < 0 ? name : i.name.slice(slash + 1).toLowerCase();
    if (last !== name) this.addByName(last, i.address);
  }

  private addByName(name: string, address: string): void {
    let list = this.byName.get(name);
    if (!list) this.byName.set(name, (list = []));
    if (!list.includes(address)) list.push(address);
  }

  /**
   * A value evaluated before, used again when the steps evaluating it again would take still fit the
   * budget (and are taken): evaluated again, it would be the same, up to where the budget ran out.
   */
  private reused(value: Value | undefined, steps: number | undefined): Value | undefined {
    return value && steps !== undefined && this.steps.takeAll(steps) ? value : undefined;
  }

  private emit(instance: Instance): void {
    const scope = this.scope(instance.copies);
    const references = new Set<string>();
    this.references = references;
    const entries: ObjectEntry[] = [];
    const isDeployment = instance.type.toLowerCase() === 'microsoft.resources/deployments';
    const isTemplateSpec = instance.type.toLowerCase() === 'microsoft.resources/templatespecs/versions';
    // The template a deployment or template spec holds is evaluated as a template of its own.
    const inner = isDeployment ? 'template' : isTemplateSpec ? 'maintemplate' : undefined;
    const named = instance.named;
    if (named) for (const a of named.references) references.add(a);
    // Read as they are evaluated: the last `dependsOn` (as getMember finds it), the first `scope` and
    // `apiVersion`.
    let written: Value | undefined;
    let scopeValue: Value | undefined;
    let apiVersionValue: Value | undefined;
    for (const m of members(instance.node)) {
      const key = lowerCased(m.key);
      if (key === 'resources') continue;
      const value =
        (m.value === named?.typeNode && this.reused(named.type, named.typeSteps)) ||
        (m.value === named?.nameNode && this.reused(named.name, named.nameSteps)) ||
        (inner && key === 'properties'
          ? this.evaluateNode(m.value, scope, (k) => k.toLowerCase() !== inner)
          : this.evaluateNode(m.value, scope));
      entries.push(this.entry(m.key, m.keyNode, value));
      if (key === 'dependson') written = value;
      else if (key === 'scope') scopeValue ??= value;
      else if (key === 'apiversion') apiVersionValue ??= value;
    }
    // The dependsOn list was just evaluated among the members: its items are read, not evaluated again.
    const dependsOn = getMember(instance.node, 'dependsOn');
    const items = dependsOn?.type === 'array' && written?.kind === 'list' ? written.items : undefined;
    for (const [i, dep] of (dependsOn?.children ?? []).entries()) {
      const v = items?.[i] ?? this.evaluateNode(dep, scope);
      if (v.kind === 'scalar' && typeof v.value === 'string') {
        const target = this.findByReference(v.value);
        if (target) references.add(target);
      }
    }
    if (scopeValue?.kind === 'scalar' && typeof scopeValue.value === 'string') {
      const target = this.findByReference(scopeValue.value);
      if (target) references.add(target);
    }
    this.references = undefined;
    references.delete(instance.address);
    const bodyRange = nodeRange(this.doc, instance.node);
    // Made with every member the load sets (the deployment: see loadTemplate), each left undefined when
    // it has none: members added afterwards took a property store of their own for every resource.
    const resource: Resource = {
      format: 'arm',
      type: instance.type,
      name: instance.name,
      address: instance.address,
      file: this.doc.path,
      range: bodyRange,
      body: object(packed(entries), bodyRange),
      via: this.run.via,
      references: packed([...references].sort()),
      apiVersion:
        apiVersionValue?.kind === 'scalar' && typeof apiVersionValue.value === 'string'
          ? apiVersionValue.value
          : undefined,
      parent: instance.parent || undefined,
      context: this.run.context || undefined,
      deployment: undefined,
    };
    this.run.sink.resources.push(resource);
    if (isDeployment) this.nested(instance, scope);
    if (isTemplateSpec) this.templateSpec(instance);
  }

  private nested(instance: Instance, scope: EvalScope): void {
    const properties = getMember(instance.node, 'properties');
    const link = getMember(properties, 'templateLink');
    const at = nodeRange(this.doc, link ?? instance.node);
    const relativePath = link && getMember(link, 'relativePath');
    if (relativePath) {
      this.linked(instance, scope, relativePath);
      return;
    }
    if (link) {
      const uri = this.evaluateNode(getMember(link, 'uri') ?? getMember(link, 'id') ?? link, scope);
      const where =
        uri.kind === 'scalar' ? `'${String(uri.value)}'` : uri.kind === 'unknown' ? uri.source : 'its link';
      this.run.sink.skipped.push({
        file: this.doc.path,
        line: at.line,
        message: `linked template ${where} of deployment ${instance.address} is not fetched`,
      });
      return;
    }
    const template = getMember(properties, 'template');
    if (template?.type !== 'object') return;
    const depth = (this.run.depth ?? 0) + 1;
    if (depth > MAX_NESTED_DEPTH) {
      this.run.sink.skipped.push({
        file: this.doc.path,
        line: nodeRange(this.doc, template).line,
        message: `nested deployment ${instance.address} is more than ${MAX_NESTED_DEPTH} levels deep and is not read`,
      });
      return;
    }
    // Outer scope is the default; the template itself is evaluated below, in the scope it names.
    const scopeNode = getMember(getMember(properties, 'expressionEvaluationOptions'), 'scope');
    const scopeOption = scopeNode && this.evaluateNode(scopeNode, scope);
    const inner = scopeOption?.kind === 'scalar' && String(scopeOption.value).toLowerCase() === 'inner';
    const values = new Map<string, Ev>();
    if (inner) {
      for (const m of members(getMember(properties, 'parameters'))) {
        const given = getMember(m.value, 'value');
        if (given) values.set(m.key.toLowerCase(), valueToEv(this.evaluateNode(given, scope)));
        else if (getMember(m.value, 'reference'))
          values.set(
            m.key.toLowerCase(),
            new Unknown(`parameter '${m.key}' is a Key Vault reference, known only at deployment`),
          );
      }
    }
    new TemplateEvaluation({
      ...this.run,
      template,
      parameters: { values, source: `the parameters of deployment ${instance.address}` },
      via: [...this.run.via, instance.address],
      addressPrefix: `${instance.address}::`,
      outer: inner ? undefined : this,
      depth,
      // A deployment in a copy loop evaluates its template once per index.
      evaluatedAgain: this.run.evaluatedAgain || scope.copies.length > 0,
    }).evaluateTemplate();
  }

  /**
   * A template spec version declared here: its `mainTemplate` is what every deployment of the spec
   * deploys, evaluated on its own parameters' defaults (the deployments that pass others are not
   * paired with it), so a cluster inside a template spec is checked where it is written.
   */
  private templateSpec(instance: Instance): void {
    const template = getMember(getMember(instance.node, 'properties'), 'mainTemplate');
    if (template?.type !== 'object') return;
    const depth = (this.run.depth ?? 0) + 1;
    if (depth > MAX_NESTED_DEPTH) return;
    new TemplateEvaluation({
      ...this.run,
      template,
      parameters: {
        values: new Map(),
        source: `the deployments of template spec ${instance.name}, which the scan does not pair with it`,
      },
      via: [...this.run.via, instance.address],
      addressPrefix: `${instance.address}::`,
      outer: undefined,
      depth,
    }).evaluateTemplate();
  }

  /**
   * A deployment that links a template by a path relative to this one (`templateLink.relativePath`,
   * which Azure resolves against the linking template's location): evaluated as a nested template of
   * its own scope, with the parameters the deployment gives (each remembering where it is written),
   * when the file is among those the scan reads; else said to be skipped.
   */
  private linked(instance: Instance, scope: EvalScope, relativePath: JsonNode): void {
    const properties = getMember(instance.node, 'properties');
    const written = this.evaluateNode(relativePath, scope);
    const at = nodeRange(this.doc, relativePath);
    const skip = (why: string) =>
      this.run.sink.skipped.push({
        file: this.doc.path,
        line: at.line,
        column: at.column,
        message: `linked template of deployment ${instance.address} ${why}, so what it deploys is not checked`,
      });
    if (written.kind !== 'scalar' || typeof written.value !== 'string') {
      skip(
        `has a relativePath that is not known (${written.kind === 'unknown' ? written.reason : 'not a string'})`,
      );
      return;
    }
    const target = path.posix.normalize(
      path.posix.join(path.posix.dirname(this.doc.path), written.value.split('\\').join('/')),
    );
    const depth = (this.run.depth ?? 0) + 1;
    const chain = this.run.linkChain ?? [this.doc.path];
    if (chain.includes(target) || depth > MAX_NESTED_DEPTH) {
      this.run.sink.errors.push({
        file: this.doc.path,
        line: at.line,
        column: at.column,
        message: `linked template '${written.value}' of deployment ${instance.address} links back to itself through ${[...chain, target].join(' -> ')}`,
      });
      return;
    }
    const doc = this.run.sink.readLinkedTemplate?.(target);
    if (!doc) {
      skip(`('${written.value}', ${target}) is not among the scanned files`);
      return;
    }
    if (!doc.root || doc.root.type !== 'object') return;
    const values = new Map<string, Ev>();
    const ranges = new Map<string, SourceRange>();
    for (const m of members(getMember(properties, 'parameters'))) {
      const given = getMember(m.value, 'value');
      if (given) {
        values.set(m.key.toLowerCase(), valueToEv(this.evaluateNode(given, scope)));
        ranges.set(m.key.toLowerCase(), nodeRange(this.doc, given));
      } else if (getMember(m.value, 'reference'))
        values.set(
          m.key.toLowerCase(),
          new Unknown(`parameter '${m.key}' is a Key Vault reference, known only at deployment`),
        );
    }
    const parametersLink = getMember(properties, 'parametersLink');
    new TemplateEvaluation({
      ...this.run,
      doc,
      template: doc.root,
      parameters: {
        values,
        ranges,
        source: parametersLink
          ? `the parameters of deployment ${instance.address} (its parametersLink is not fetched)`
          : `the parameters of deployment ${instance.address}`,
      },
      via: [...this.run.via, instance.address],
      addressPrefix: `${instance.address}::`,
      outer: undefined,
      depth,
      linkChain: [...chain, target],
      // Other deployments may link the same file.
      evaluatedAgain: true,
    }).evaluateTemplate();
  }

  /** A JSON value with expressions evaluated and property `copy` loops expanded; ranges kept. */
  evaluateNode(node: JsonNode, scope: EvalScope, keep?: (key: string) => boolean): Value {
    if (node.type !== 'object' && node.type !== 'array') return this.evaluateWritten(node, scope, keep);
    // Inside a copy loop, the next index evaluates the node again.
    const literals =
      !keep && (this.run.evaluatedAgain || scope.copies.length > 0)
        ? (this.literals ??= literalValuesOf(this.doc))
        : undefined;
    const shared = literals?.get(node);
    if (shared) return shared;
    const outer = this.expressionSeen;
    this.expressionSeen = false;
    const value = this.evaluateWritten(node, scope, keep);
    if (!this.expressionSeen && literals) literals.set(node, value);
    this.expressionSeen ||= outer;
    return value;
  }

  /**
   * The value of a JSON node. What is written as it stays (objects, arrays, literals) is a value that is
   * its own range (WrittenScalar); an expression's value gets the range of its string.
   */
  private evaluateWritten(node: JsonNode, scope: EvalScope, keep?: (key: string) => boolean): Value {
    const start = node.offset;
    const end = start + node.length;
    switch (node.type) {
      case 'object': {
        const props = node.children ?? [];
        // The entries fill an array of the object's size; a copy loop, which adds several, makes it grow
        // (and it is packed at the end).
        const entries: ObjectEntry[] = new Array<ObjectEntry>(props.length);
        let n = 0;
        let grown = false;
        for (let i = 0; i < props.length; i++) {
          const children = props[i].children;
          const keyNode = children?.[0];
          const valueNode = children?.[1];
          if (!keyNode || !valueNode || typeof keyNode.value !== 'string') continue;
          const key = keyNode.value;
          if (keep && !keep(key)) continue;
          if (valueNode.type === 'array' && key.length === 4 && key.toLowerCase() === 'copy') {
            this.expressionSeen = true;
            if (!grown) entries.length = n;
            grown = true;
            for (const spec of valueNode.children ?? []) {
              const nameNode = getMember(spec, 'name');
              const name = stringOf(nameNode);
              if (!name || !nameNode) continue;
              entries.push(this.entry(name, nameNode, this.copyLoop(spec, scope, nodeRange(this.doc, spec))));
            }
            continue;
          }
          const entry = this.entry(key, keyNode, this.evaluateNode(valueNode, scope));
          if (grown) entries.push(entry);
          else entries[n++] = entry;
        }
        if (grown) return new WrittenObject(this.rangeSource, start, end, packed(entries));
        if (n < entries.length) entries.length = n;
        return new WrittenObject(this.rangeSource, start, end, entries);
      }
      case 'array': {
        const children = node.children ?? [];
        const items: Value[] = new Array<Value>(children.length);
        for (let i = 0; i < children.length; i++) items[i] = this.evaluateNode(children[i], scope);
        return new WrittenList(this.rangeSource, start, end, items);
      }
      case 'string': {
        const text = String(node.value);
        // Only a string starting with `[` can be an expression.
        if (text.charCodeAt(0) !== 91) return new WrittenScalar(this.rangeSource, start, end, text);
        this.expressionSeen = true;
        const range = nodeRange(this.doc, node);
        const parsed = templateString(text);
        if (parsed.kind === 'literal') return scalar(parsed.value, range);
        if (parsed.kind === 'error') {
          const at = this.doc.lines.position(offsetInString(this.doc, node, parsed.offset));
          this.run.sink.errors.push({
            file: this.doc.path,
            line: at.line,
            column: at.column,
            message: `invalid template expression: ${parsed.message}`,
          });
          return unknown(`the expression is invalid: ${parsed.message}`, text, range, false, false, true);
        }
        const reader = this.origins;
        this.origins = NO_ORIGINS;
        const outerExpression = this.expressionNode;
        this.expressionNode = node;
        let ev: Ev;
        let origins: readonly SourceRange[];
        try {
          ev = evaluate(parsed.expr, scope);
        } finally {
          origins = this.origins;
          this.origins = reader;
          this.expressionNode = outerExpression;
        }
        // The evaluator has no position: the note points at the JSON string the budget ran out in.
        if (this.steps.exhausted) this.steps.refused(range);
        this.addOrigins(origins);
        return evToValue(ev, range, text, origins.length > 0 ? origins : undefined);
      }
      case 'number':
      case 'boolean':
      case 'null':
        return new WrittenScalar(this.rangeSource, start, end, node.value as number | boolean | null);
      default:
        this.expressionSeen = true;
        return unknown(
          'the value cannot be read',
          this.doc.text.slice(start, end),
          nodeRange(this.doc, node),
        );
    }
  }

  /**
   * An entry written at `keyNode`, keeping the key's offsets (its range is made when read): a load keeps
   * every entry until the rules run, and a range object per key that nearly nothing reads. Nearly every
   * key is quoted without escapes and its value built from this template: its entry then keeps only
   * where the key starts (see quotedKeyEntry).
   */
  private entry(key: string, keyNode: JsonNode, value: Value): ObjectEntry {
    const start = keyNode.offset;
    return quotedKeyEntry(oneCopy(key), value, this.rangeSource, start, start + keyNode.length);
  }

  /** `{"name", "count", "input"}`: a list of `input` evaluated once per index. */
  private copyLoop(spec: JsonNode, scope: EvalScope, range: Value['range']): Value {
    const name = stringOf(getMember(spec, 'name')) ?? 'copy';
    const countNode = getMember(spec, 'count');
    const inputNode = getMember(spec, 'input');
    const source = this.doc.text.slice(spec.offset, spec.offset + spec.length);
    if (!countNode || !inputNode)
      return unknown(`copy loop '${name}' needs a count and an input`, source, range);
    const count = valueToEv(this.evaluateNode(countNode, scope));
    if (typeof count !== 'number') {
      const why = isUnknown(count) ? count.reason : `it is ${count === null ? 'null' : typeof count}`;
      return unknown(
        `the count of copy loop '${name}' is unknown: ${why}`,
        source,
        nodeRange(this.doc, countNode),
        false,
        false,
        isUnknown(count) && count.invalid,
      );
    }
    const n = Math.max(0, Math.min(Math.trunc(count), MAX_COPY_COUNT));
    if (this.budget < n) return unknown(`copy loop '${name}' is too large to expand`, source, range);
    this.budget -= n;
    const items: Value[] = [];
    for (let i = 0; i < n; i++) {
      items.push(
        this.evaluateNode(inputNode, { env: scope.env, copies: [...scope.copies, { name, index: i }] }),
      );
    }
    return list(packed(items), range);
  }
}

const RESOURCE_TYPE = /^[^/]+\.[^/]+\/[^/]/;

/** `Microsoft.Network/virtualNetworks`, `Microsoft.Network/virtualNetworks/subnets`. */
const isResourceType = (v: Ev): boolean => typeof v === 'string' && RESOURCE_TYPE.test(v);

/** A string setting (type, name): its value when known, else the expression as written. */
function textOf(v: Value): string | undefined {
  if (v.kind === 'scalar' && v.value !== null) return String(v.value);
  if (v.kind === 'unknown') return v.source;
  return undefined;
}

function isNullable(declaration: JsonNode): boolean {
  const flag = getMember(declaration, 'nullable');
  return flag?.type === 'boolean' && flag.value === true;
}

/** Evaluate one template document (or nested template) under one set of parameter values. */
export function evaluateTemplate(run: TemplateRun): void {
  new TemplateEvaluation(run).evaluateTemplate();
}
