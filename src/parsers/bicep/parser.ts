import { LineIndex } from '../../model/range';
import type {
  ArrayExpr,
  BicepFile,
  Decorator,
  Expr,
  ForExpr,
  ObjectExpr,
  ObjectProperty,
  ResourceStatement,
  SpreadElement,
  Statement,
  StringExpr,
  SyntaxError,
  TypeExpr,
} from './ast';
import { Lexer, type Token } from './lexer';

const DECLARATION_KEYWORDS = new Set([
  'param',
  'var',
  'resource',
  'module',
  'output',
  'type',
  'func',
  'import',
  'using',
  'extends',
  'targetScope',
  'metadata',
  'assert',
  'extension',
  'provider',
]);

// Binding power of binary operators, loosest first (Bicep's precedence table).
const BINARY_POWER: Record<string, number> = {
  '??': 1,
  '||': 2,
  '&&': 3,
  '==': 4,
  '!=': 4,
  '=~': 4,
  '!~': 4,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '+': 6,
  '-': 6,
  '*': 7,
  '/': 7,
  '%': 7,
};
const TERNARY_POWER = 0.5;
const CONTINUATION_OPERATORS = new Set(['?', '??', '&&', '||']);
const MAX_DEPTH = 200;
// Most nodes have no decorators, holes or child resources: they share one empty list, never written to.
const NONE: never[] = [];
/**
 * A list built by push, kept in the tree in an array of its own size (empty: the shared one). A grown
 * array has room for 16 more items; a load keeps every tree of its unit until all are evaluated, and
 * that room was a tenth of the trees' memory.
 */
const trimmed = <T>(items: T[]): T[] => (items.length === 0 ? NONE : items.slice());

const objectNode = (
  properties: (ObjectProperty | SpreadElement)[],
  resources: ResourceStatement[],
  start: number,
  end: number,
): ObjectExpr => ({
  kind: 'object',
  range: undefined,
  properties: trimmed(properties),
  resources: trimmed(resources),
  literal: undefined,
  start,
  end,
});

const arrayNode = (items: (Expr | SpreadElement)[], start: number, end: number): ArrayExpr => ({
  kind: 'array',
  range: undefined,
  items: trimmed(items),
  literal: undefined,
  start,
  end,
});

/**
 * Past this many syntax errors, the rest of a file is the same mistake again: reading stops there (a
 * million lines of one mistake took 15 s and 730 MB). With the error saying so, the file's errors stay
 * within the 100 the engine lists per file.
 */
export const MAX_SYNTAX_ERRORS = 99;

class TooManyErrors extends Error {}

class ParseFailure extends Error {
  constructor(
    readonly detail: string,
    readonly token: Token,
  ) {
    super(detail);
  }
}

/**
 * Parse Bicep (or .bicepparam) text. Never throws: syntax errors are collected with their position,
 * and after one the parser resumes at the next line that starts a declaration, so a half-typed file
 * still yields every declaration it can (a resource whose body breaks keeps the properties before the break).
 */
export function parseBicep(text: string): BicepFile {
  return new Parser(text).parseFile();
}

class Parser {
  private readonly lexer: Lexer;
  /**
   * Tokens pulled from the lexer and not yet consumed: `window[head]` to `window[end - 1]`, `head` the
   * current one. The slots are used again once every token pulled is consumed (nearly every token): a
   * window grown by push and cut by slice every 256 tokens was a fifteenth of what a Bicep load allocated.
   */
  private readonly window: Token[] = [];
  private head = 0;
  private end = 0;
  /**
   * The current token, `window[head]`, once pulled: the checks at each step (at, atPunct, ...) read it
   * without calling peek, a call each in a parser run without the compiler's inlining.
   */
  private current: Token | undefined = undefined;
  /** How many tokens have been consumed: progress checks compare it. */
  private pos = 0;
  private lastEnd = 0;
  private depth = 0;
  private readonly errors: SyntaxError[] = [];
  /** Where errors stand, so that a file of thousands of errors is not checked in quadratic time. */
  private readonly errorStarts = new Set<number>();
  private lines: LineIndex | undefined;
  /** Indentation of the statement being parsed: recovery stops at declarations no deeper than it. */
  private statementIndent = 0;
  private statementErrors = 0;
  private statementStart = 0;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
  }

  parseFile(): BicepFile {
    const statements: Statement[] = [];
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === 'eof') break;
      const startPos = this.pos;
      this.statementIndent = this.indentOf(token);
      this.statementErrors = this.errors.length;
      this.statementStart = startPos;
      try {
        const statement = this.parseStatement();
        statements.push(statement);
        if (!this.at('newline') && !this.peek().firstOnLine)
          this.fail(`expected a new line after the ${statement.kind} declaration`);
      } catch (err) {
        if (err instanceof TooManyErrors) break;
        if (!(err instanceof ParseFailure)) throw err;
        try {
          this.report(err);
        } catch (tooMany) {
          if (tooMany instanceof TooManyErrors) break;
          throw tooMany;
        }
        this.recover();
      }
      if (this.pos === startPos) this.advance(1);
    }
    for (const d of this.lexer.diagnostics) this.addError(d.message, d.offset, d.end, true);
    this.errors.sort((a, b) => a.start - b.start);
    return { statements, comments: this.lexer.comments, errors: this.errors };
  }

  // --- tokens -------------------------------------------------------------------------------

  private peek(offset = 0): Token {
    const at = this.head + offset;
    const window = this.window;
    while (this.end <= at) {
      const last = this.end > 0 ? window[this.end - 1] : undefined;
      window[this.end++] = last?.kind === 'eof' ? last : this.lexer.next();
    }
    if (offset === 0) this.current = window[at];
    return window[at];
  }

  private advance(count: number): void {
    for (let k = 0; k < count; k++) {
      const t = this.current ?? this.peek();
      if (t.kind === 'eof') return;
      if (t.kind !== 'newline') this.lastEnd = t.end;
      this.head++;
      this.pos++;
      this.current = this.head < this.end ? this.window[this.head] : undefined;
    }
    if (this.head === this.end) {
      // Every token pulled is consumed: the next ones take the first slots again.
      this.head = 0;
      this.end = 0;
    } else if (this.head > 256) {
      // A long look ahead: the tokens not consumed move to the front.
      const window = this.window;
      const left = this.end - this.head;
      for (let i = 0; i < left; i++) window[i] = window[this.head + i];
      this.head = 0;
      this.end = left;
    }
  }

  private next(): Token {
    const t = this.current ?? this.peek();
    this.advance(1);
    return t;
  }

  private at(kind: Token['kind'], text?: string): boolean {
    const t = this.current ?? this.peek();
    return t.kind === kind && (text === undefined || t.text === text);
  }

  private atPunct(text: string): boolean {
    const t = this.current ?? this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private atKeyword(word: string): boolean {
    const t = this.current ?? this.peek();
    return t.kind === 'identifier' && t.text === word;
  }

  private eatPunct(text: string): boolean {
    if (this.atPunct(text)) {
      this.advance(1);
      return true;
    }
    return false;
  }

  private expectPunct(text: string, what?: string): Token {
    if (!this.atPunct(text)) this.fail(`expected '${text}'${what ? ` ${what}` : ''}`);
    return this.next();
  }

  private expectIdentifier(what: string): Token {
    if (!this.at('identifier')) this.fail(`expected ${what}`);
    return this.next();
  }

  private skipNewlines(): void {
    while ((this.current ?? this.peek()).kind === 'newline') this.advance(1);
  }

  private fail(message: string): never {
    const t = this.peek();
    const written = this.text.slice(t.start, Math.min(t.end, t.start + 30));
    const found = t.kind === 'eof' ? 'end of file' : t.kind === 'newline' ? 'end of line' : `'${written}'`;
    throw new ParseFailure(`${message}, found ${found}`, t);
  }

  private report(err: ParseFailure): void {
    this.addError(err.detail, err.token.start, err.token.end);
  }

  private addError(message: string, start: number, end: number, replace = false): void {
    // One message per spot: the lexer's (added last) says best what is wrong there.
    const taken = this.errorStarts.has(start);
    if (taken && !replace) return;
    if (taken)
      this.errors.splice(
        this.errors.findIndex((e) => e.start === start),
        1,
      );
    this.errorStarts.add(start);
    // Built on the first error only: clean files never pay for it.
    this.lines ??= new LineIndex(this.text);
    const { line, column } = this.lines.position(start);
    this.errors.push({ message, start, end, line, column });
    if (this.errors.length === MAX_SYNTAX_ERRORS) {
      this.errors.push({
        message: `${MAX_SYNTAX_ERRORS} syntax errors: the file was not read past line ${line}`,
        start,
        end,
        line,
        column,
      });
      throw new TooManyErrors();
    }
  }

  /** Reported once per statement: an earlier error there usually explains the missing bracket. */
  private reportUnclosed(open: Token, message: string): void {
    if (this.errors.length === this.statementErrors) this.addError(message, open.start, open.end);
  }

  private indentOf(token: Token): number {
    let i = token.start;
    while (i > 0 && this.text.charCodeAt(i - 1) !== 10 && this.text.charCodeAt(i - 1) !== 13) i--;
    return token.start - i;
  }

  /**
   * Whether a token first on its line is indented more than `indent`: `indentOf(token) > indent`, from the
   * `indent + 1` characters before it instead of the whole indentation. Every item of an object or array
   * is asked (atRecoveryPoint), nearly always against a statement's indentation of 0.
   */
  private deeperThan(token: Token, indent: number): boolean {
    const text = this.text;
    for (let i = token.start - 1; i >= token.start - indent - 1; i--) {
      if (i < 0) return false;
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) return false;
    }
    return true;
  }

  /** A line that starts a declaration no deeper than the current statement: where recovery resumes. */
  private atRecoveryPoint(): boolean {
    const t = this.current ?? this.peek();
    if (t.kind === 'eof') return true;
    if (!t.firstOnLine || this.deeperThan(t, this.statementIndent)) return false;
    if (t.kind === 'punct' && t.text === '@') return true;
    if (t.kind !== 'identifier' || !DECLARATION_KEYWORDS.has(t.text)) return false;
    const after = this.peek(1);
    return !(after.kind === 'punct' && after.text === ':');
  }

  private recover(): void {
    if (this.pos > this.statementStart && this.peek().firstOnLine && this.atRecoveryPoint()) return;
    for (;;) {
      while (!this.at('newline') && !this.at('eof')) this.advance(1);
      this.skipNewlines();
      if (this.atRecoveryPoint()) return;
    }
  }

  private enter(): void {
    if (this.depth >= MAX_DEPTH) this.fail('expression nested too deeply');
    this.depth++;
  }

  // --- statements ---------------------------------------------------------------------------

  private parseDecorators(): Decorator[] {
    if (!this.atPunct('@')) return NONE;
    const decorators: Decorator[] = [];
    while (this.atPunct('@')) {
      const at = this.next();
      let name = this.expectIdentifier('a decorator name');
      let namespace: string | undefined;
      if (this.eatPunct('.')) {
        namespace = name.text;
        name = this.expectIdentifier('a decorator name');
      }
      const args = this.atPunct('(') ? this.parseArguments() : NONE;
      decorators.push({ name: name.text, namespace, args, start: at.start, end: this.prevEnd() });
      this.skipNewlines();
    }
    return trimmed(decorators);
  }

  private prevEnd(): number {
    return this.lastEnd;
  }

  private parseStatement(): Statement {
    const first = this.peek();
    const start = first.start;
    const decorators = this.parseDecorators();
    const keyword = this.peek();
    if (keyword.kind !== 'identifier' || !DECLARATION_KEYWORDS.has(keyword.text)) {
      this.fail(decorators.length ? 'expected a declaration after the decorator' : 'expected a declaration');
    }
    this.next();
    const base = { decorators, start };
    switch (keyword.text) {
      case 'param': {
        const name = this.expectIdentifier('a parameter name');
        let type: TypeExpr | undefined;
        if (this.unionContinues() || (!this.atPunct('=') && !this.at('newline') && !this.at('eof')))
          type = this.parseType();
        let value: Expr | undefined;
        if (this.eatPunct('=')) value = this.parseExpression();
        return {
          kind: 'param',
          range: undefined,
          ...base,
          name: name.text,
          nameSpan: name,
          type,
          value,
          end: this.prevEnd(),
        };
      }
      case 'var': {
        const name = this.expectIdentifier('a variable name');
        const type = this.atPunct('=') ? undefined : this.parseType();
        this.expectPunct('=', 'before the variable value');
        const value = this.parseExpression();
        return {
          kind: 'var',
          range: undefined,
          ...base,
          name: name.text,
          nameSpan: name,
          type,
          value,
          end: value.end,
        };
      }
      case 'resource': {
        return this.parseResourceRest(base);
      }
      case 'module': {
        const name = this.expectIdentifier('a module name');
        const path = this.parsePlainString('a module path');
        this.expectPunct('=', 'before the module body');
        const value = this.parseDeclarationBody();
        return {
          kind: 'module',
          range: undefined,
          ...base,
          name: name.text,
          nameSpan: name,
          path,
          value,
          end: value.end,
        };
      }
      case 'output': {
        const name = this.expectIdentifier('an output name');
        let type: TypeExpr | undefined;
        if (this.atKeyword('resource')) {
          const r = this.next();
          const s = this.parsePlainString('a resource type');
          type = { kind: 'type', nullable: false, start: r.start, end: s.end };
        } else if (!this.atPunct('=')) type = this.parseType();
        this.expectPunct('=', 'before the output value');
        const value = this.parseExpression();
        return {
          kind: 'output',
          range: undefined,
          ...base,
          name: name.text,
          type,
          value,
          end: value.end,
        };
      }
      case 'type': {
        const name = this.expectIdentifier('a type name');
        this.expectPunct('=', 'before the type');
        const type = this.parseType();
        return {
          kind: 'type',
          range: undefined,
          ...base,
          name: name.text,
          type,
          end: type.end,
        };
      }
      case 'func': {
        const name = this.expectIdentifier('a function name');
        this.expectPunct('(', 'before the function parameters');
        const params: string[] = [];
        this.skipNewlines();
        while (!this.atPunct(')')) {
          params.push(this.expectIdentifier('a parameter name').text);
          this.parseType();
          this.skipNewlines();
          if (!this.eatPunct(',')) break;
          this.skipNewlines();
        }
        this.expectPunct(')', 'after the function parameters');
        const returnType = this.atPunct('=>') ? undefined : this.parseType();
        this.expectPunct('=>', 'before the function body');
        this.skipNewlines();
        const body = this.parseExpression();
        return {
          kind: 'func',
          range: undefined,
          ...base,
          name: name.text,
          params,
          returnType,
          body,
          end: body.end,
        };
      }
      case 'import':
        return this.parseImportRest(base);
      case 'using': {
        if (this.atKeyword('none')) {
          const none = this.next();
          return { kind: 'using', range: undefined, ...base, end: none.end };
        }
        const path = this.parsePlainString('a template path');
        if (this.atKeyword('with')) {
          this.next();
          this.parseExpression();
        }
        return { kind: 'using', range: undefined, ...base, path, end: this.prevEnd() };
      }
      case 'extends': {
        const path = this.parsePlainString('a parameter file path');
        return { kind: 'extends', range: undefined, ...base, path, end: path.end };
      }
      case 'targetScope': {
        this.expectPunct('=', "after 'targetScope'");
        const value = this.parseExpression();
        return { kind: 'targetScope', range: undefined, ...base, value, end: value.end };
      }
      case 'metadata':
      case 'assert': {
        const name = this.expectIdentifier(`a ${keyword.text} name`);
        this.expectPunct('=', `before the ${keyword.text} value`);
        const value = this.parseExpression();
        return {
          kind: keyword.text,
          range: undefined,
          ...base,
          name: name.text,
          value,
          end: value.end,
        };
      }
      default: {
        // extension / provider: `extension microsoftGraphV1`, `extension 'br:...' with {...} as k8s`
        const specification = this.parsePrimary();
        let config: Expr | undefined;
        let alias: string | undefined;
        if (this.atKeyword('with')) {
          this.next();
          config = this.parseExpression();
        }
        if (this.atKeyword('as')) {
          this.next();
          alias = this.expectIdentifier('an alias').text;
        }
        return {
          kind: 'extension',
          range: undefined,
          ...base,
          keyword: keyword.text === 'provider' ? 'provider' : 'extension',
          specification,
          config,
          alias,
          end: this.prevEnd(),
        };
      }
    }
  }

  private parseResourceRest(base: { decorators: Decorator[]; start: number }): ResourceStatement {
    const name = this.expectIdentifier('a resource name');
    const typeString = this.parsePlainString('a resource type');
    let existing = false;
    if (this.atKeyword('existing')) {
      this.next();
      existing = true;
    }
    this.expectPunct('=', 'before the resource body');
    const value = this.parseDeclarationBody();
    return {
      kind: 'resource',
      range: undefined,
      ...base,
      name: name.text,
      nameSpan: name,
      typeString,
      existing,
      value,
      end: value.end,
    };
  }

  private parseImportRest(base: { decorators: Decorator[]; start: number }): Statement {
    const names: string[] = [];
    const symbols: { name: string; local: string }[] = [];
    let wildcard: string | undefined;
    let from: StringExpr | undefined;
    if (this.atPunct('{')) {
      this.next();
      this.skipNewlines();
      while (!this.atPunct('}')) {
        const imported = this.expectIdentifier('an imported name');
        let local = imported.text;
        if (this.atKeyword('as')) {
          this.next();
          local = this.expectIdentifier('an alias').text;
        }
        names.push(local);
        symbols.push({ name: imported.text, local });
        this.eatPunct(',');
        this.skipNewlines();
      }
      this.expectPunct('}', 'after the imported names');
    } else if (this.eatPunct('*')) {
      if (!this.atKeyword('as')) this.fail("expected 'as' after '*'");
      this.next();
      wildcard = this.expectIdentifier('a namespace name').text;
      names.push(wildcard);
    } else {
      // Legacy provider import: `import 'az@1.0.0'` or `import az as foo`.
      from = this.at('string') ? this.parsePlainString('an import') : undefined;
      if (!from) this.expectIdentifier('what to import');
      if (this.atKeyword('with')) {
        this.next();
        this.parseExpression();
      }
      if (this.atKeyword('as')) {
        this.next();
        names.push(this.expectIdentifier('an alias').text);
      }
      return {
        kind: 'import',
        range: undefined,
        ...base,
        names,
        symbols,
        from,
        end: this.prevEnd(),
      };
    }
    if (!this.atKeyword('from')) this.fail("expected 'from' after the imported names");
    this.next();
    from = this.parsePlainString('the file to import from');
    return {
      kind: 'import',
      range: undefined,
      ...base,
      names,
      symbols,
      wildcard,
      from,
      end: from.end,
    };
  }

  /** Body of a resource or module: an object, `if (...) {...}`, or a `[for ...]` loop. */
  private parseDeclarationBody(): Expr {
    if (this.atKeyword('if')) return this.parseIf();
    return this.parseExpression();
  }

  private parseIf(): Expr {
    const start = this.next().start;
    this.expectPunct('(', "after 'if'");
    this.skipNewlines();
    const test = this.parseExpression();
    this.skipNewlines();
    this.expectPunct(')', 'after the condition');
    if (!this.atPunct('{')) this.fail("expected '{' after the condition");
    const body = this.parseObject();
    return { kind: 'if', range: undefined, test, body, start, end: body.end };
  }

  private parsePlainString(what: string): StringExpr {
    if (!this.at('string') && !this.at('multilineString')) this.fail(`expected ${what}`);
    const t = this.next();
    return {
      kind: 'string',
      range: undefined,
      parts: [t.text],
      holes: NONE,
      multiline: t.kind === 'multilineString',
      start: t.start,
      end: t.end,
    };
  }

  // --- types --------------------------------------------------------------------------------

  private parseType(): TypeExpr {
    this.enter();
    try {
      // A long union is written one member per line, each after a '|', the first one included
      // (`type sku =\n  | 'Free'\n  | 'Standard'`): a '|' opening the next line continues the type.
      if (this.unionContinues()) {
        this.skipNewlines();
        this.next();
        this.skipNewlines();
      }
      const start = this.peek().start;
      let nullable = this.parseTypeOperand();
      while (this.unionContinues()) {
        this.skipNewlines();
        this.next();
        this.skipNewlines();
        nullable = this.parseTypeOperand() || nullable;
      }
      return { kind: 'type', nullable, start, end: this.prevEnd() };
    } finally {
      this.depth--;
    }
  }

  /** Whether the next token, on this line or a following one, is a union's '|'. */
  private unionContinues(): boolean {
    let look = 0;
    while (this.peek(look).kind === 'newline') look++;
    const t = this.peek(look);
    return t.kind === 'punct' && t.text === '|';
  }

  /** One member of a union, with its suffixes; returns whether it is nullable. */
  private parseTypeOperand(): boolean {
    const t = this.peek();
    if (t.kind === 'identifier') {
      this.next();
      while (this.atPunct('.') && this.peek(1).kind === 'identifier') this.advance(2);
      if (this.atPunct('<')) {
        this.next();
        while (!this.atPunct('>')) {
          if (this.at('string')) this.next();
          else this.parseType();
          if (!this.eatPunct(',')) break;
        }
        this.expectPunct('>', 'after the type arguments');
      }
    } else if (t.kind === 'string' || t.kind === 'number' || t.kind === 'multilineString') {
      this.next();
    } else if (t.kind === 'punct' && t.text === '-' && this.peek(1).kind === 'number') {
      this.advance(2);
    } else if (t.kind === 'punct' && t.text === '{') {
      this.parseObjectType();
    } else if (t.kind === 'punct' && t.text === '[') {
      this.next();
      this.skipNewlines();
      while (!this.atPunct(']')) {
        this.parseDecorators();
        this.parseType();
        this.eatPunct(',');
        this.skipNewlines();
      }
      this.next();
    } else if (t.kind === 'punct' && t.text === '(') {
      this.next();
      this.skipNewlines();
      this.parseType();
      this.skipNewlines();
      this.expectPunct(')', 'after the type');
    } else {
      this.fail('expected a type');
    }
    let nullable = false;
    for (;;) {
      if (this.atPunct('[') && this.peek(1).kind === 'punct' && this.peek(1).text === ']') this.advance(2);
      else if (this.atPunct('[')) {
        // resourceInput<...>.properties.items[*] or a tuple index
        this.next();
        if (!this.eatPunct('*')) this.expectNumber();
        this.expectPunct(']', 'after the type index');
      } else if (this.atPunct('.') && this.peek(1).kind === 'identifier') this.advance(2);
      else if (this.atPunct('?')) {
        this.next();
        nullable = true;
      } else break;
    }
    return nullable;
  }

  private expectNumber(): Token {
    if (!this.at('number')) this.fail('expected a number');
    return this.next();
  }

  private parseObjectType(): void {
    this.expectPunct('{');
    this.skipNewlines();
    while (!this.atPunct('}')) {
      this.parseDecorators();
      if (this.atPunct('*')) this.next();
      else if (this.at('identifier') || this.at('string')) this.next();
      else this.fail('expected a property name');
      this.expectPunct(':', 'after the property name');
      this.parseType();
      if (this.eatPunct(',')) {
        this.skipNewlines();
        continue;
      }
      if (!this.atPunct('}') && !this.at('newline')) this.fail("expected ',', a new line or '}'");
      this.skipNewlines();
    }
    this.next();
  }

  // --- expressions --------------------------------------------------------------------------

  parseExpression(minPower = 0): Expr {
    this.enter();
    try {
      let left = this.parseUnary();
      for (;;) {
        // An operator starting the next line continues the expression (`cond\n  ? a\n  : b`).
        let look = 0;
        let op = this.current ?? this.peek();
        while (op.kind === 'newline') op = this.peek(++look);
        if (op.kind !== 'punct') break;
        if (look > 0 && !CONTINUATION_OPERATORS.has(op.text)) break;
        if (op.text === '?') {
          if (TERNARY_POWER < minPower) break;
          this.advance(look + 1);
          this.skipNewlines();
          const consequent = this.parseExpression();
          this.skipNewlines();
          this.expectPunct(':', 'in the conditional expression');
          this.skipNewlines();
          const alternate = this.parseExpression(TERNARY_POWER);
          left = {
            kind: 'ternary',
            range: undefined,
            test: left,
            consequent,
            alternate,
            start: left.start,
            end: alternate.end,
          };
          continue;
        }
        const power = BINARY_POWER[op.text];
        if (power === undefined || power <= minPower) break;
        this.advance(look + 1);
        this.skipNewlines();
        // `??` is right-associative, the others left.
        const right = this.parseExpression(op.text === '??' ? power - 0.1 : power);
        left = {
          kind: 'binary',
          range: undefined,
          op: op.text,
          left,
          right,
          start: left.start,
          end: right.end,
        };
      }
      return left;
    } finally {
      this.depth--;
    }
  }

  private parseUnary(): Expr {
    const t = this.current ?? this.peek();
    if (t.kind === 'punct' && (t.text === '!' || t.text === '-')) {
      this.next();
      this.enter();
      try {
        const operand = this.parseUnary();
        if (t.text === '-' && operand.kind === 'number') {
          return {
            kind: 'number',
            range: undefined,
            value: -operand.value,
            start: t.start,
            end: operand.end,
          };
        }
        return { kind: 'unary', range: undefined, op: t.text, operand, start: t.start, end: operand.end };
      } finally {
        this.depth--;
      }
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(expr: Expr): Expr {
    for (;;) {
      const t = this.current ?? this.peek();
      if (t.kind !== 'punct') return expr;
      if (t.text === '.' || t.text === '.?' || t.text === '?.') {
        this.next();
        const name = this.expectIdentifier('a property name');
        if (this.atPunct('(')) {
          // method call: `az.resourceGroup()` (a namespace) or `storage.listKeys()` (a resource)
          const args = this.parseArguments();
          const namespace =
            expr.kind === 'identifier' && ['sys', 'az'].includes(expr.name) ? expr.name : undefined;
          expr = {
            kind: 'call',
            range: undefined,
            name: name.text,
            namespace,
            receiver: namespace ? undefined : expr,
            args,
            start: expr.start,
            end: this.prevEnd(),
          };
          continue;
        }
        expr = {
          kind: 'member',
          range: undefined,
          object: expr,
          property: name.text,
          propertySpan: { start: name.start, end: name.end },
          safe: t.text !== '.',
          start: expr.start,
          end: name.end,
        };
      } else if (t.text === '[') {
        this.next();
        const safe = this.eatPunct('?');
        this.skipNewlines();
        const index = this.parseExpression();
        this.skipNewlines();
        const close = this.expectPunct(']', 'after the index');
        expr = {
          kind: 'index',
          range: undefined,
          object: expr,
          index,
          safe,
          start: expr.start,
          end: close.end,
        };
      } else if (t.text === '::') {
        this.next();
        const name = this.expectIdentifier('a child resource name');
        expr = {
          kind: 'childAccess',
          range: undefined,
          object: expr,
          name: name.text,
          start: expr.start,
          end: name.end,
        };
      } else if (t.text === '!') {
        this.next();
        expr = { kind: 'nonNull', range: undefined, expr, start: expr.start, end: t.end };
      } else if (t.text === '(' && expr.kind === 'identifier') {
        const args = this.parseArguments();
        expr = {
          kind: 'call',
          range: undefined,
          name: expr.name,
          args,
          start: expr.start,
          end: this.prevEnd(),
        };
      } else return expr;
    }
  }

  private parseArguments(): Expr[] {
    this.expectPunct('(');
    const args: Expr[] = [];
    this.skipNewlines();
    while (!this.atPunct(')')) {
      args.push(this.parseExpression());
      this.skipNewlines();
      if (!this.eatPunct(',')) break;
      this.skipNewlines();
    }
    this.expectPunct(')', 'after the arguments');
    return trimmed(args);
  }

  private parsePrimary(): Expr {
    const t = this.current ?? this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'number', range: undefined, value: Number(t.text), start: t.start, end: t.end };
      case 'string':
      case 'multilineString':
        this.next();
        return {
          kind: 'string',
          range: undefined,
          parts: [t.text],
          holes: NONE,
          multiline: t.kind === 'multilineString',
          start: t.start,
          end: t.end,
        };
      case 'stringLeft':
        return this.parseInterpolation();
      case 'identifier': {
        if (this.peek(1).kind === 'punct' && this.peek(1).text === '=>') {
          this.advance(2);
          this.skipNewlines();
          const body = this.parseExpression();
          return { kind: 'lambda', range: undefined, params: [t.text], body, start: t.start, end: body.end };
        }
        this.next();
        if (t.text === 'true' || t.text === 'false') {
          return { kind: 'bool', range: undefined, value: t.text === 'true', start: t.start, end: t.end };
        }
        if (t.text === 'null') return { kind: 'null', range: undefined, start: t.start, end: t.end };
        return { kind: 'identifier', range: undefined, name: t.text, start: t.start, end: t.end };
      }
      case 'punct':
        if (t.text === '{') return this.parseObject();
        if (t.text === '[') return this.parseArray();
        if (t.text === '(') return this.parseParenOrLambda();
        break;
    }
    this.fail('expected an expression');
  }

  private parseInterpolation(): StringExpr {
    const first = this.next();
    const parts = [first.text];
    const holes: Expr[] = [];
    for (;;) {
      this.skipNewlines();
      holes.push(this.parseExpression());
      this.skipNewlines();
      const t = this.peek();
      if (t.kind === 'stringMiddle') {
        this.next();
        parts.push(t.text);
        continue;
      }
      if (t.kind === 'stringRight') {
        this.next();
        parts.push(t.text);
        return {
          kind: 'string',
          range: undefined,
          parts,
          holes,
          multiline: false,
          start: first.start,
          end: t.end,
        };
      }
      this.fail("expected '}' to close the interpolation");
    }
  }

  private parseParenOrLambda(): Expr {
    const open = this.peek();
    // Lambda when the matching `)` is followed by `=>`.
    let depth = 0;
    let j = 0;
    for (; ; j++) {
      const k = this.peek(j);
      // Lambda parameters sit on one line; a parenthesis spanning lines is an expression.
      if (k.kind === 'newline' || k.kind === 'eof') break;
      if (k.kind !== 'punct') continue;
      if (k.text === '(') depth++;
      else if (k.text === ')' && --depth === 0) break;
    }
    const after = this.peek(j + 1);
    if (after && after.kind === 'punct' && after.text === '=>') {
      this.next();
      const params: string[] = [];
      this.skipNewlines();
      while (!this.atPunct(')')) {
        params.push(this.expectIdentifier('a lambda parameter').text);
        if (!this.atPunct(',') && !this.atPunct(')')) this.parseType();
        this.skipNewlines();
        if (!this.eatPunct(',')) break;
        this.skipNewlines();
      }
      this.expectPunct(')', 'after the lambda parameters');
      this.expectPunct('=>');
      this.skipNewlines();
      const body = this.parseExpression();
      return { kind: 'lambda', range: undefined, params, body, start: open.start, end: body.end };
    }
    this.next();
    this.skipNewlines();
    const expr = this.parseExpression();
    this.skipNewlines();
    const close = this.expectPunct(')', 'to close the parenthesis');
    return { kind: 'paren', range: undefined, expr, start: open.start, end: close.end };
  }

  private parseObject(): ObjectExpr {
    const open = this.expectPunct('{');
    this.enter();
    const properties: (ObjectProperty | SpreadElement)[] = [];
    const resources: ResourceStatement[] = [];
    try {
      for (;;) {
        this.skipNewlines();
        if (this.atPunct('}')) break;
        if (this.atRecoveryPoint()) {
          // The file goes on with a new declaration: this object was never closed.
          this.reportUnclosed(open, "'{' is not closed with '}'");
          return objectNode(properties, resources, open.start, this.prevEnd());
        }
        try {
          this.parseObjectItem(properties, resources);
          if (this.eatPunct(',')) continue;
          if (!this.atPunct('}') && !this.at('newline') && !this.atRecoveryPoint())
            this.fail("expected ',', a new line or '}'");
        } catch (err) {
          if (!(err instanceof ParseFailure)) throw err;
          this.report(err);
          while (!this.at('newline') && !this.at('eof')) this.advance(1);
        }
      }
      const close = this.next();
      return objectNode(properties, resources, open.start, close.end);
    } finally {
      this.depth--;
    }
  }

  private parseObjectItem(
    properties: (ObjectProperty | SpreadElement)[],
    resources: ResourceStatement[],
  ): void {
    const start = (this.current ?? this.peek()).start;
    if (this.atPunct('...')) {
      this.next();
      const expr = this.parseExpression();
      properties.push({ kind: 'spread', range: undefined, expr, start, end: expr.end });
      return;
    }
    const decorators = this.parseDecorators();
    const t = this.peek();
    if (t.kind === 'identifier' && t.text === 'resource' && this.peek(1).kind === 'identifier') {
      this.next();
      resources.push(this.parseResourceRest({ decorators, start }));
      return;
    }
    let key: StringExpr;
    if (t.kind === 'identifier') {
      this.next();
      key = {
        kind: 'string',
        range: undefined,
        parts: [t.text],
        holes: NONE,
        multiline: false,
        start: t.start,
        end: t.end,
      };
    } else if (t.kind === 'string' || t.kind === 'stringLeft') {
      key = this.parsePrimary() as StringExpr;
    } else {
      this.fail('expected a property name');
    }
    this.expectPunct(':', 'after the property name');
    const value = this.parseExpression();
    properties.push({ kind: 'property', range: undefined, key, value, decorators, start, end: value.end });
  }

  private parseArray(): Expr {
    const open = this.expectPunct('[');
    this.enter();
    try {
      this.skipNewlines();
      if (this.atKeyword('for')) return this.parseForRest(open);
      const items: (Expr | SpreadElement)[] = [];
      for (;;) {
        this.skipNewlines();
        if (this.atPunct(']')) break;
        if (this.atRecoveryPoint()) {
          this.reportUnclosed(open, "'[' is not closed with ']'");
          return arrayNode(items, open.start, this.prevEnd());
        }
        if (this.atPunct('...')) {
          const dots = this.next();
          const expr = this.parseExpression();
          items.push({ kind: 'spread', range: undefined, expr, start: dots.start, end: expr.end });
        } else items.push(this.parseExpression());
        if (this.eatPunct(',')) continue;
        if (!this.atPunct(']') && !this.at('newline') && !this.atRecoveryPoint())
          this.fail("expected ',', a new line or ']'");
      }
      const close = this.next();
      return arrayNode(items, open.start, close.end);
    } finally {
      this.depth--;
    }
  }

  private parseForRest(open: Token): ForExpr {
    this.next();
    let item: string | undefined;
    let index: string | undefined;
    if (this.eatPunct('(')) {
      item = this.expectIdentifier('the loop item name').text;
      this.expectPunct(',', 'between the item and index names');
      index = this.expectIdentifier('the loop index name').text;
      this.expectPunct(')', 'after the loop variables');
    } else {
      item = this.expectIdentifier('the loop item name').text;
    }
    if (!this.atKeyword('in')) this.fail("expected 'in' after the loop variable");
    this.next();
    const iterable = this.parseExpression();
    this.expectPunct(':', 'after the loop collection');
    this.skipNewlines();
    const body = this.atKeyword('if') ? this.parseIf() : this.parseExpression();
    this.skipNewlines();
    const close = this.expectPunct(']', 'to close the loop');
    return { kind: 'for', range: undefined, item, index, iterable, body, start: open.start, end: close.end };
  }
}
