import type { SourceRange, Value } from '../../model';
import type { Comment } from './lexer';

/** Offsets into the source text: start inclusive, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * A node an evaluation reads. Its range is made on first use and kept on the node, where the parser
 * leaves room for it: a template is evaluated once per parameter file and module call, and a property
 * added later would give every node a second shape and an array of its own.
 */
export interface Node extends Span {
  /** Lines and columns in the file last evaluated (see the evaluator's rangeOf). */
  range: SourceRange | undefined;
}

export type Expr =
  | StringExpr
  | NumberExpr
  | BoolExpr
  | NullExpr
  | IdentifierExpr
  | ObjectExpr
  | ArrayExpr
  | UnaryExpr
  | BinaryExpr
  | TernaryExpr
  | MemberExpr
  | IndexExpr
  | ChildAccessExpr
  | CallExpr
  | NonNullExpr
  | LambdaExpr
  | ForExpr
  | IfExpr
  | ParenExpr
  | ErrorExpr;

/** A string: `parts` are the literal pieces around the interpolated `holes` (parts.length = holes.length + 1). */
export interface StringExpr extends Node {
  kind: 'string';
  parts: string[];
  holes: Expr[];
  multiline: boolean;
}
export interface NumberExpr extends Node {
  kind: 'number';
  value: number;
}
export interface BoolExpr extends Node {
  kind: 'bool';
  value: boolean;
}
export interface NullExpr extends Node {
  kind: 'null';
}
export interface IdentifierExpr extends Node {
  kind: 'identifier';
  name: string;
}
export interface ObjectProperty extends Node {
  kind: 'property';
  /** The key as an expression: an identifier key becomes a string without holes. */
  key: StringExpr;
  value: Expr;
  decorators: Decorator[];
}
export interface SpreadElement extends Node {
  kind: 'spread';
  expr: Expr;
}
export interface ObjectExpr extends Node {
  kind: 'object';
  properties: (ObjectProperty | SpreadElement)[];
  /** Child resources declared inside a resource body. */
  resources: ResourceStatement[];
  literal: LiteralValue | null | undefined;
}
export interface ArrayExpr extends Node {
  kind: 'array';
  items: (Expr | SpreadElement)[];
  literal: LiteralValue | null | undefined;
}

/**
 * The value an object or array written with literals alone evaluates to, kept on its node by the
 * evaluator on first use (null: the node holds more than literals), where the parser leaves room for it
 * as for `range`: it is the same wherever and however often the node is evaluated, so they share it.
 */
export interface LiteralValue {
  value: Value;
  /** The file its ranges are in (see `range`). */
  file: string;
  /** Its size, for the collection budget of what holds it. */
  size: number;
  /** Evaluation steps building it took (the node's own excepted). */
  steps: number;
  /** The depth it was built at: deeper, its nodes might pass the depth limit. */
  depth: number;
}
export interface UnaryExpr extends Node {
  kind: 'unary';
  op: '!' | '-';
  operand: Expr;
}
export interface BinaryExpr extends Node {
  kind: 'binary';
  op: string;
  left: Expr;
  right: Expr;
}
export interface TernaryExpr extends Node {
  kind: 'ternary';
  test: Expr;
  consequent: Expr;
  alternate: Expr;
}
export interface MemberExpr extends Node {
  kind: 'member';
  object: Expr;
  property: string;
  propertySpan: Span;
  /** `.?name` (or `?.name`): null instead of an error when absent. */
  safe: boolean;
}
export interface IndexExpr extends Node {
  kind: 'index';
  object: Expr;
  index: Expr;
  safe: boolean;
}
/** `parent::child`: a nested resource reached through its parent. */
export interface ChildAccessExpr extends Node {
  kind: 'childAccess';
  object: Expr;
  name: string;
}
export interface CallExpr extends Node {
  kind: 'call';
  /** `concat`, or `sys.concat` / `az.resourceGroup` with the namespace kept. */
  name: string;
  namespace?: string;
  /** A method-style call on a value (`storage.listKeys()`): the receiver. */
  receiver?: Expr;
  args: Expr[];
}
export interface NonNullExpr extends Node {
  kind: 'nonNull';
  expr: Expr;
}
export interface LambdaExpr extends Node {
  kind: 'lambda';
  params: string[];
  body: Expr;
}
/** `[for (item, index) in items: body]`, where body may be an `if` condition. */
export interface ForExpr extends Node {
  kind: 'for';
  item?: string;
  index?: string;
  iterable: Expr;
  body: Expr;
}
/** `if (test) { ... }` as the body of a resource, module or loop. */
export interface IfExpr extends Node {
  kind: 'if';
  test: Expr;
  body: Expr;
}
export interface ParenExpr extends Node {
  kind: 'paren';
  expr: Expr;
}
export interface ErrorExpr extends Node {
  kind: 'error';
}

/** Types are kept as their source span: the evaluator needs only whether one is nullable. */
export interface TypeExpr extends Span {
  kind: 'type';
  nullable: boolean;
}

export interface Decorator extends Span {
  name: string;
  namespace?: string;
  args: Expr[];
}

interface StatementBase extends Node {
  decorators: Decorator[];
}
export interface ParamStatement extends StatementBase {
  kind: 'param';
  name: string;
  nameSpan: Span;
  type?: TypeExpr;
  value?: Expr;
}
export interface VarStatement extends StatementBase {
  kind: 'var';
  name: string;
  nameSpan: Span;
  type?: TypeExpr;
  value: Expr;
}
export interface ResourceStatement extends StatementBase {
  kind: 'resource';
  name: string;
  nameSpan: Span;
  /** `Microsoft.ContainerService/managedClusters@2024-09-01` as written (a child: `agentPools`). */
  typeString: StringExpr;
  existing: boolean;
  value: Expr;
}
export interface ModuleStatement extends StatementBase {
  kind: 'module';
  name: string;
  nameSpan: Span;
  path: StringExpr;
  value: Expr;
}
export interface OutputStatement extends StatementBase {
  kind: 'output';
  name: string;
  type?: TypeExpr;
  value: Expr;
}
export interface TypeStatement extends StatementBase {
  kind: 'type';
  name: string;
  type: TypeExpr;
}
export interface FuncStatement extends StatementBase {
  kind: 'func';
  name: string;
  params: string[];
  returnType?: TypeExpr;
  body: Expr;
}
export interface ImportStatement extends StatementBase {
  kind: 'import';
  /** Imported symbols (`{a, b as c}` gives a and c); `* as ns` gives ns. */
  names: string[];
  /** `{a, b as c}`: each imported symbol with the name it has here. */
  symbols: { name: string; local: string }[];
  /** `* as ns`: the namespace name. */
  wildcard?: string;
  from?: StringExpr;
}
export interface UsingStatement extends StatementBase {
  kind: 'using';
  /** Undefined for `using none`. */
  path?: StringExpr;
}
export interface ExtendsStatement extends StatementBase {
  kind: 'extends';
  path: StringExpr;
}
export interface TargetScopeStatement extends StatementBase {
  kind: 'targetScope';
  value: Expr;
}
export interface MetadataStatement extends StatementBase {
  kind: 'metadata';
  name: string;
  value: Expr;
}
export interface AssertStatement extends StatementBase {
  kind: 'assert';
  name: string;
  value: Expr;
}
export interface ExtensionStatement extends StatementBase {
  kind: 'extension';
  keyword: 'extension' | 'provider';
  specification: Expr;
  config?: Expr;
  alias?: string;
}

export type Statement =
  | ParamStatement
  | VarStatement
  | ResourceStatement
  | ModuleStatement
  | OutputStatement
  | TypeStatement
  | FuncStatement
  | ImportStatement
  | UsingStatement
  | ExtendsStatement
  | TargetScopeStatement
  | MetadataStatement
  | AssertStatement
  | ExtensionStatement;

export interface SyntaxError {
  message: string;
  /** Offsets of the offending token. */
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface BicepFile {
  statements: Statement[];
  comments: Comment[];
  errors: SyntaxError[];
}
