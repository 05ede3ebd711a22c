import type { Expr } from '../../parsers/arm/expression';
import type { SourceRange } from '../../model';
import { TOO_MANY_STEPS, type StepBudget } from '../limits';
import {
  EvObject,
  Unknown,
  isUnknown,
  lowerCased,
  stringify,
  typeName,
  type Ev,
} from '../template-functions/values';
import {
  arity,
  callTemplateFunction,
  invalid,
  notALambda,
  takeInvalid,
  type CallArguments,
  type Lambda,
} from '../template-functions/functions';

/** One active `copy` loop: its name and the index of the instance being built. */
export interface CopyFrame {
  name: string;
  index: number | Unknown;
}

/** What expressions can see of the template they are in. */
export interface EvalEnv {
  /** A parameter's value; undefined when the template declares no such parameter. */
  parameter(name: string): Ev | undefined;
  /** A variable's value; undefined when the template declares no such variable. */
  variable(name: string): Ev | undefined;
  /** The resources a variable's value refers to (known once the variable was read). */
  variableReferences(name: string): ReadonlySet<string> | undefined;
  /** A user-defined function (`namespace.name`, lower-cased) applied to values; undefined when not declared. */
  callUserFunction?(name: string, args: readonly Ev[]): Ev | undefined;
  /** Address of the template resource that resourceId()/reference() with these arguments names. */
  resolveResource(functionName: string, args: readonly Ev[]): string | undefined;
  /** Collects the addresses the resource being evaluated refers to. */
  references?: Set<string>;
  /**
   * Where a parameter's or variable's value was given outside the template (a parameters file),
   * known once it was read.
   */
  originsOf?(kind: 'parameter' | 'variable', name: string): readonly SourceRange[] | undefined;
  /**
   * Azure would reject the expression at `offset` (an Expr's `start`, in the JSON string's text):
   * the loader reports it as an error.
   */
  invalid?(offset: number, message: string): void;
  /** Evaluation steps left for the template. */
  steps?: StepBudget;
}

export interface EvalScope {
  env: EvalEnv;
  /** Active copy loops, innermost last. */
  copies: readonly CopyFrame[];
  /** Parameters of the lambdas being applied, read with lambdaVariables(). */
  lambdas?: ReadonlyMap<string, Ev>;
}

export function evaluate(expr: Expr, scope: EvalScope): Ev {
  if (scope.env.steps?.take() === false) return new Unknown(TOO_MANY_STEPS);
  switch (expr.kind) {
    case 'string':
    case 'number':
      return expr.value;
    case 'property':
      return access(evaluate(expr.target, scope), expr.name);
    case 'index': {
      const target = evaluate(expr.target, scope);
      const index = evaluate(expr.index, scope);
      if (isUnknown(index)) return index;
      return access(target, index);
    }
    case 'call':
      return call(expr, scope);
  }
}

function access(target: Ev, key: Ev): Ev {
  if (isUnknown(target)) return target;
  if (Array.isArray(target)) {
    if (typeof key !== 'number' || !Number.isInteger(key))
      return new Unknown(`an array is indexed with ${typeName(key)} ${String(stringify(key))}`);
    if (key < 0 || key >= target.length)
      return new Unknown(`index ${key} is outside the array of length ${target.length}`);
    return target[key];
  }
  if (target instanceof EvObject) {
    if (typeof key !== 'string') return new Unknown(`an object is indexed with ${typeName(key)}`);
    const found = target.get(key);
    return found === undefined ? new Unknown(`the object has no property '${key}'`) : found;
  }
  return new Unknown(`property '${String(key)}' is read from ${typeName(target)}`);
}

function call(expr: Extract<Expr, { kind: 'call' }>, scope: EvalScope): Ev {
  const result = callFunction(expr, scope);
  const rejected = takeInvalid(result);
  if (rejected !== undefined) scope.env.invalid?.(expr.start, rejected);
  return result;
}

/** Functions that read the template being evaluated; every other one is in the shared table. */
function callFunction(expr: Extract<Expr, { kind: 'call' }>, scope: EvalScope): Ev {
  const display = expr.name;
  const name = expr.lower;
  switch (name) {
    case 'parameters':
    case 'variables': {
      const arg = expr.args.length === 1 ? evaluate(expr.args[0], scope) : undefined;
      if (arg === undefined) return arity(display, '1', expr.args.length);
      if (isUnknown(arg)) return arg;
      if (typeof arg !== 'string') return new Unknown(`${display}() needs a name, got ${typeName(arg)}`);
      const v = name === 'parameters' ? scope.env.parameter(arg) : scope.env.variable(arg);
      const what = name === 'parameters' ? 'parameter' : 'variable';
      return v === undefined ? invalid(`${what} '${arg}' is not declared in the template`) : v;
    }
    case 'copyindex':
      return copyIndex(
        expr.args.map((a) => evaluate(a, scope)),
        scope,
      );
    case 'lambdavariables': {
      const arg = expr.args.length === 1 ? evaluate(expr.args[0], scope) : undefined;
      if (arg === undefined) return arity(display, '1', expr.args.length);
      if (typeof arg !== 'string') return new Unknown(`${display}() needs a name`);
      return scope.lambdas?.get(arg) ?? new Unknown(`lambdaVariables('${arg}') is used outside its lambda`);
    }
    case 'lambda':
      return new Unknown('lambda() is only evaluated as the argument of filter, map, reduce and the like');
  }
  if (name.includes('.')) {
    const args = expr.args.map((a) => evaluate(a, scope));
    return (
      scope.env.callUserFunction?.(name, args) ??
      invalid(`user-defined function ${display}() is not declared in the template`)
    );
  }
  const args = new ExpressionArguments(expr, scope);
  if (RESOLVED_RESOURCE_FUNCTIONS.has(name)) {
    const values: Ev[] = new Array<Ev>(args.length);
    for (let i = 0; i < values.length; i++) values[i] = args.value(i);
    const address = scope.env.resolveResource(name, values);
    if (address) scope.env.references?.add(address);
  }
  return callTemplateFunction(display, args);
}

/**
 * A call's arguments, evaluated on demand, each once. A class rather than closures: a template makes
 * tens of thousands of calls, and the closures and their contexts were most of what a call allocated.
 */
class ExpressionArguments implements CallArguments {
  private readonly values: (Ev | undefined)[];

  constructor(
    private readonly expr: Extract<Expr, { kind: 'call' }>,
    private readonly scope: EvalScope,
  ) {
    this.values = new Array<Ev | undefined>(expr.args.length);
  }

  get length(): number {
    return this.expr.args.length;
  }

  value(i: number): Ev {
    let v = this.values[i];
    if (v === undefined) this.values[i] = v = evaluate(this.expr.args[i], this.scope);
    return v;
  }

  lambda(i: number): Lambda | Unknown {
    return lambdaOf(this.expr.args[i], this.scope) ?? notALambda(this.expr.name, i);
  }
}

/** Functions whose arguments name a resource of the template: the resource being evaluated refers to it. */
const RESOLVED_RESOURCE_FUNCTIONS = new Set(['resourceid', 'reference', 'extensionresourceid']);

/** `lambda('a', 'b', body)`: parameter names, then the body; undefined when `arg` is no lambda. */
function lambdaOf(arg: Expr, scope: EvalScope): Lambda | Unknown | undefined {
  if (arg.kind !== 'call' || arg.lower !== 'lambda' || arg.args.length < 2) return undefined;
  const names: string[] = [];
  for (const p of arg.args.slice(0, -1)) {
    if (p.kind !== 'string') return new Unknown('lambda() parameter names must be string literals');
    names.push(p.value);
  }
  const body = arg.args[arg.args.length - 1];
  return (...values: Ev[]) => {
    const lambdas = new Map(scope.lambdas ?? []);
    names.forEach((n, i) => {
      if (i < values.length) lambdas.set(n, values[i]);
    });
    return evaluate(body, { ...scope, lambdas });
  };
}

function copyIndex(args: Ev[], scope: EvalScope): Ev {
  let loopName: string | undefined;
  let offset = 0;
  for (const a of args) {
    if (isUnknown(a)) return a;
    if (typeof a === 'string') loopName = a;
    else if (typeof a === 'number') offset = a;
    else return new Unknown(`copyIndex() takes a loop name and an offset, got ${typeName(a)}`);
  }
  const frames = scope.copies;
  let frame = loopName === undefined ? frames[frames.length - 1] : undefined;
  if (loopName !== undefined) {
    // The innermost loop of that name.
    const lower = lowerCased(loopName);
    for (let i = frames.length - 1; i >= 0 && !frame; i--)
      if (lowerCased(frames[i].name) === lower) frame = frames[i];
  }
  if (!frame)
    return new Unknown(
      loopName === undefined
        ? 'copyIndex() is used outside a copy loop'
        : `copyIndex('${loopName}') names no enclosing copy loop`,
    );
  return isUnknown(frame.index) ? frame.index : frame.index + offset;
}
