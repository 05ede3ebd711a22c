import type { FileError, LineIndex, Scalar } from '../../model';

/**
 * HCL syntax as plain data. Every node keeps `s`/`e`: start and end offsets into the file text
 * (JavaScript string indices); ranges are computed from them only when a value needs one.
 */
export type Expr =
  | { t: 'lit'; value: Scalar; s: number; e: number }
  | { t: 'template'; parts: TemplatePart[]; s: number; e: number }
  | { t: 'tuple'; items: Expr[]; s: number; e: number }
  | { t: 'object'; items: ObjectItem[]; s: number; e: number }
  | { t: 'var'; name: string; s: number; e: number }
  | { t: 'attr'; target: Expr; name: string; s: number; e: number }
  | { t: 'index'; target: Expr; key: Expr; s: number; e: number }
  | { t: 'splat'; target: Expr; steps: SplatStep[]; s: number; e: number }
  | { t: 'call'; name: string; args: Expr[]; expandLast: boolean; s: number; e: number }
  | ForExpr
  | { t: 'cond'; test: Expr; then: Expr; else: Expr; s: number; e: number }
  | { t: 'unary'; op: string; operand: Expr; s: number; e: number }
  | { t: 'binary'; op: string; left: Expr; right: Expr; s: number; e: number }
  | { t: 'paren'; inner: Expr; s: number; e: number }
  | { t: 'invalid'; s: number; e: number };

export interface ForExpr {
  t: 'for';
  keyVar?: string;
  valueVar: string;
  collection: Expr;
  /** Present for `{for ... : k => v}`. */
  keyExpr?: Expr;
  valueExpr: Expr;
  condition?: Expr;
  /** `...` after the value of an object for: values with the same key are grouped into lists. */
  group: boolean;
  s: number;
  e: number;
}

export type SplatStep = { t: 'attr'; name: string } | { t: 'index'; key: Expr };

export interface ObjectItem {
  key: Expr;
  value: Expr;
}

export type TemplatePart =
  | { t: 'text'; text: string }
  | { t: 'interp'; expr: Expr; stripBefore: boolean; stripAfter: boolean }
  | { t: 'if'; test: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { t: 'for'; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[] };

export interface Attribute {
  t: 'attribute';
  name: string;
  nameS: number;
  nameE: number;
  expr: Expr;
  s: number;
  e: number;
  /** Set when the item was merged in from an override file: its offsets are into that file. */
  file?: HclFile;
}

export interface BlockLabel {
  value: string;
  s: number;
  e: number;
}

export interface Block {
  t: 'block';
  type: string;
  typeS: number;
  typeE: number;
  labels: BlockLabel[];
  body: BodyItem[];
  s: number;
  e: number;
  /** Set when the item was merged in from an override file: its offsets are into that file. */
  file?: HclFile;
}

export type BodyItem = Attribute | Block;

export interface HclFile {
  path: string;
  text: string;
  lines: LineIndex;
  body: BodyItem[];
  errors: FileError[];
}

export function attributesOf(body: readonly BodyItem[]): Attribute[] {
  return body.filter((i): i is Attribute => i.t === 'attribute');
}

export function blocksOf(body: readonly BodyItem[], type?: string): Block[] {
  return body.filter((i): i is Block => i.t === 'block' && (type === undefined || i.type === type));
}

export function findAttribute(body: readonly BodyItem[], name: string): Attribute | undefined {
  for (const item of body) if (item.t === 'attribute' && item.name === name) return item;
  return undefined;
}
