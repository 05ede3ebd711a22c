/**
 * ARM template expression language: `"[concat(parameters('a'), '-x')[0].b]"`.
 * A JSON string is an expression when it starts with `[` and ends with `]`; a leading `[[` escapes the bracket.
 */

export type Expr =
  | { kind: 'string'; value: string; start: number }
  | { kind: 'number'; value: number; start: number }
  /** `lower`: the name lower-cased, as Azure reads function names (found once per expression parsed). */
  | { kind: 'call'; name: string; lower: string; args: Expr[]; start: number }
  | { kind: 'property'; target: Expr; name: string; start: number }
  | { kind: 'index'; target: Expr; index: Expr; start: number };

export type TemplateString =
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; expr: Expr; source: string }
  | { kind: 'error'; message: string; /** Offset into the JSON string's content. */ offset: number };

export class ExpressionSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Token =
  | { kind: 'ident'; text: string; start: number }
  | { kind: 'string'; text: string; start: number }
  | { kind: 'number'; value: number; start: number }
  | { kind: 'punct'; text: '(' | ')' | '[' | ']' | ',' | '.'; start: number }
  | { kind: 'end'; start: number };

const MAX_DEPTH = 100;

/** Classify a JSON string value of a template: literal, expression, or a malformed expression. */
export function parseTemplateString(text: string): TemplateString {
  if (!text.startsWith('[') || !text.endsWith(']') || text.length < 2)
    return { kind: 'literal', value: text };
  if (text.startsWith('[[')) return { kind: 'literal', value: text.slice(1) };
  try {
    return { kind: 'expression', expr: parseExpression(text.slice(1, -1), 1), source: text };
  } catch (err) {
    if (err instanceof ExpressionSyntaxError)
      return { kind: 'error', message: err.message, offset: err.offset };
    throw err;
  }
}

/** Parse the inside of `[...]`. `base` is added to offsets so errors point into the original string. */
export function parseExpression(source: string, base = 0): Expr {
  const tokens = tokenize(source, base);
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expectPunct = (text: string, what: string): void => {
    const t = next();
    if (t.kind !== 'punct' || t.text !== text) throw new ExpressionSyntaxError(`expected ${what}`, t.start);
  };

  const parseChain = (depth: number): Expr => {
    if (depth > MAX_DEPTH) throw new ExpressionSyntaxError('expression nested too deeply', peek().start);
    let expr = parsePrimary(depth);
    for (;;) {
      const t = peek();
      if (t.kind !== 'punct') break;
      if (t.text === '.') {
        next();
        const name = next();
        if (name.kind !== 'ident')
          throw new ExpressionSyntaxError("expected a property name after '.'", name.start);
        expr = { kind: 'property', target: expr, name: name.text, start: t.start };
      } else if (t.text === '[') {
        next();
        const index = parseChain(depth + 1);
        expectPunct(']', "']'");
        expr = { kind: 'index', target: expr, index, start: t.start };
      } else break;
    }
    return expr;
  };

  const parsePrimary = (depth: number): Expr => {
    const t = next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.text, start: t.start };
      case 'number':
        return { kind: 'number', value: t.value, start: t.start };
      case 'ident': {
        let name = t.text;
        const dot = peek();
        const member = tokens[pos + 1];
        const paren = tokens[pos + 2];
        // User-defined functions are called as `namespace.name(...)`.
        if (
          dot.kind === 'punct' &&
          dot.text === '.' &&
          member?.kind === 'ident' &&
          paren?.kind === 'punct' &&
          paren.text === '('
        ) {
          pos += 2;
          name = `${t.text}.${member.text}`;
        }
        const open = peek();
        if (open.kind !== 'punct' || open.text !== '(') {
          // `true`, `false` and `null` are accepted bare, as the ARM evaluator does.
          const lower = t.text.toLowerCase();
          if (lower === 'true' || lower === 'false' || lower === 'null')
            return { kind: 'call', name: lower, lower, args: [], start: t.start };
          throw new ExpressionSyntaxError(`expected '(' after function name '${t.text}'`, open.start);
        }
        next();
        const args: Expr[] = [];
        const close = peek();
        if (close.kind === 'punct' && close.text === ')') {
          next();
          return { kind: 'call', name, lower: name.toLowerCase(), args, start: t.start };
        }
        for (;;) {
          args.push(parseChain(depth + 1));
          const sep = next();
          if (sep.kind === 'punct' && sep.text === ')') break;
          if (sep.kind !== 'punct' || sep.text !== ',')
            throw new ExpressionSyntaxError(`expected ',' or ')' in the arguments of '${name}'`, sep.start);
        }
        return { kind: 'call', name, lower: name.toLowerCase(), args, start: t.start };
      }
      case 'end':
        throw new ExpressionSyntaxError('expression ends unexpectedly', t.start);
      default:
        throw new ExpressionSyntaxError(`unexpected '${t.text}'`, t.start);
    }
  };

  const expr = parseChain(0);
  const rest = peek();
  if (rest.kind !== 'end')
    throw new ExpressionSyntaxError('unexpected text after the expression', rest.start);
  return expr;
}

export function tokenize(source: string, base = 0): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const start = base + i;
    if (c === "'") {
      let text = '';
      i++;
      for (;;) {
        if (i >= source.length) throw new ExpressionSyntaxError('unterminated string', start);
        if (source[i] === "'") {
          if (source[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += source[i++];
      }
      tokens.push({ kind: 'string', text, start });
      continue;
    }
    if ('()[],.'.includes(c)) {
      tokens.push({ kind: 'punct', text: c as '(' | ')' | '[' | ']' | ',' | '.', start });
      i++;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(source[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < source.length && /[0-9]/.test(source[j])) j++;
      if (source[j] === '.' && /[0-9]/.test(source[j + 1] ?? '')) {
        j++;
        while (j < source.length && /[0-9]/.test(source[j])) j++;
      }
      tokens.push({ kind: 'number', value: Number(source.slice(i, j)), start });
      i = j;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i + 1;
      while (j < source.length && /[A-Za-z0-9_$]/.test(source[j])) j++;
      tokens.push({ kind: 'ident', text: source.slice(i, j), start });
      i = j;
      continue;
    }
    throw new ExpressionSyntaxError(`unexpected character '${c}'`, start);
  }
  tokens.push({ kind: 'end', start: base + source.length });
  return tokens;
}
