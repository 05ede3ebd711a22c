import type { Comment } from './lexer';

/** Offsets into the source text: start inclusive, end exclusive. */
export interface Span {
  start: number;
  end: number;
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
export interface StringExpr extends Span {
  kind: 'string';
  parts: string[];
  holes: Expr[];
  multiline: boolean;
}
export interface NumberExpr extends Span {
  kind: 'number';
  value: number;
}
export interface BoolExpr extends Span {
  kind: 'bool';
  value: boolean;
}
export interface NullExpr extends Span {
  kind: 'null';
}
export interface IdentifierExpr extends Span {
  kind: 'identifier';
  name: string;
}
export interface ObjectProperty extends Span {
  kind: 'property';
  /** The key as an expression: an identifier key becomes a string without holes. */
  key: StringExpr;
  value: Expr;
  decorators: Decorator[];
}
export interface SpreadElement extends Span {
  kind: 'spread';
  expr: Expr;
}
export interface ObjectExpr extends Span {
  kind: 'object';
  properties: (ObjectProperty | SpreadElement)[];
  /** Child resources declared inside a resource body. */
  resources: ResourceStatement[];
}
export interface ArrayExpr extends Span {
  kind: 'array';
  items: (Expr | SpreadElement)[];
}
export interface UnaryExpr extends Span {
  kind: 'unary';
  op: '!' | '-';
  operand: Expr;
}
export interface BinaryExpr extends Span {
  kind: 'binary';
  op: string;
  left: Expr;
  right: Expr;
}
export interface TernaryExpr extends Span {
  kind: 'ternary';
  test: Expr;
  consequent: Expr;
  alternate: Expr;
}
export interface MemberExpr extends Span {
  kind: 'member';
  object: Expr;
  property: string;
  propertySpan: Span;
  /** `.?name` (or `?.name`): null instead of an error when absent. */
  safe: boolean;
}
export interface IndexExpr extends Span {
  kind: 'index';
  object: Expr;
  index: Expr;
  safe: boolean;
}
/** `parent::child`: a nested resource reached through its parent. */
export interface ChildAccessExpr extends Span {
  kind: 'childAccess';
  object: Expr;
  name: string;
}
export interface CallExpr extends Span {
  kind: 'call';
  /** `concat`, or `sys.concat` / `az.resourceGroup` with the namespace kept. */
  name: string;
  namespace?: string;
  /** A method-style call on a value (`storage.listKeys()`): the receiver. */
  receiver?: Expr;
  args: Expr[];
}
export interface NonNullExpr extends Span {
  kind: 'nonNull';
  expr: Expr;
}
export interface LambdaExpr extends Span {
  kind: 'lambda';
  params: string[];
  body: Expr;
}
/** `[for (item, index) in items: body]`, where body may be an `if` condition. */
export interface ForExpr extends Span {
  kind: 'for';
  item?: string;
  index?: string;
  iterable: Expr;
  body: Expr;
}
/** `if (test) { ... }` as the body of a resource, module or loop. */
export interface IfExpr extends Span {
  kind: 'if';
  test: Expr;
  body: Expr;
}
export interface ParenExpr extends Span {
  kind: 'paren';
  expr: Expr;
}
export interface ErrorExpr extends Span {
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

interface StatementBase extends Span {
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
