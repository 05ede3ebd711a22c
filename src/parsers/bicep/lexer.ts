export type TokenKind =
  | 'identifier'
  | 'number'
  | 'string'
  | 'stringLeft'
  | 'stringMiddle'
  | 'stringRight'
  | 'multilineString'
  | 'newline'
  | 'eof'
  | 'punct'
  | 'invalid';

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  /** Identifier name, punctuation text, or the string piece with escapes decoded. */
  text: string;
  /** First token on its line (after indentation): where statements may start. */
  firstOnLine: boolean;
}

export interface Comment {
  /** `//`, `/*` or `#` (a `#disable-next-line` style directive). */
  kind: 'line' | 'block' | 'directive';
  start: number;
  end: number;
  text: string;
}

export interface LexDiagnostic {
  offset: number;
  end: number;
  message: string;
}

export interface LexResult {
  tokens: Token[];
  comments: Comment[];
  diagnostics: LexDiagnostic[];
}

const SINGLE_PUNCTUATION = new Set('{}[](),:;.?!=<>+-*/%@|'.split(''));

/** The operator at `i`: the longest of Bicep's punctuation that matches, or '' if none does. */
function punctuationAt(text: string, i: number): string {
  const c = text[i];
  const d = text[i + 1];
  switch (c) {
    case '.':
      if (d === '.' && text[i + 2] === '.') return '...';
      if (d === '?') return '.?';
      return '.';
    case '?':
      return d === '.' ? '?.' : d === '?' ? '??' : '?';
    case ':':
      return d === ':' ? '::' : ':';
    case '=':
      return d === '>' ? '=>' : d === '=' ? '==' : d === '~' ? '=~' : '=';
    case '!':
      return d === '=' ? '!=' : d === '~' ? '!~' : '!';
    case '<':
      return d === '=' ? '<=' : '<';
    case '>':
      return d === '=' ? '>=' : '>';
    case '&':
      return d === '&' ? '&&' : '';
    case '|':
      return d === '|' ? '||' : '|';
    default:
      return SINGLE_PUNCTUATION.has(c) ? c : '';
  }
}

/**
 * What each ASCII character may be in a name: IDENT_START (a-z A-Z _) or IDENT_PART (those and 0-9).
 * Looked up in the loops over a name's characters, not asked of a function: the CLI runs without the
 * compiler's inlining, and two calls per character were a tenth of lexing.
 */
const IDENT_START = 1;
const IDENT_PART = 2;
const NAME_CHARACTERS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  NAME_CHARACTERS[c] = (letter ? IDENT_START | IDENT_PART : 0) | (c >= 48 && c <= 57 ? IDENT_PART : 0);
}
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Bicep source to tokens, one at a time so the parser can let consumed tokens go (large files
 * would otherwise keep millions of token objects alive). Newlines are tokens (they separate
 * statements and object items); comments are kept aside with their offsets because suppressions
 * are comments. String interpolation is split into left/middle/right pieces, with the hole's
 * tokens in between, the way the Bicep compiler's own lexer does it.
 */
export class Lexer {
  readonly comments: Comment[] = [];
  readonly diagnostics: LexDiagnostic[] = [];
  // One entry per open interpolation hole: how many `{` are open inside it.
  private readonly holes: number[] = [];
  private i = 0;
  private firstOnLine = true;
  private lastWasNewline = true;

  constructor(private readonly text: string) {}

  private token(kind: TokenKind, start: number, end: number, value: string): Token {
    const t = { kind, start, end, text: value, firstOnLine: this.firstOnLine };
    this.firstOnLine = false;
    this.lastWasNewline = false;
    return t;
  }

  /** The next token; `eof` forever once the text is consumed. */
  next(): Token {
    const text = this.text;
    const n = text.length;
    let i = this.i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 0xfeff) {
        i++;
        continue;
      }
      if (c === 10 || c === 13) {
        const start = i;
        if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
        i++;
        if (this.holes.length > 0) this.holes.length = 0;
        const emit = !this.lastWasNewline;
        this.firstOnLine = true;
        if (emit) {
          this.i = i;
          this.lastWasNewline = true;
          return { kind: 'newline', start, end: i, text: '\n', firstOnLine: false };
        }
        continue;
      }
      if (c === 47 /* / */) {
        const d = text.charCodeAt(i + 1);
        if (d === 47) {
          let j = i + 2;
          while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
          this.comments.push({ kind: 'line', start: i, end: j, text: text.slice(i, j) });
          i = j;
          continue;
        }
        if (d === 42) {
          const close = text.indexOf('*/', i + 2);
          const j = close < 0 ? n : close + 2;
          if (close < 0) this.diagnostics.push({ offset: i, end: n, message: 'unterminated comment' });
          this.comments.push({ kind: 'block', start: i, end: j, text: text.slice(i, j) });
          i = j;
          continue;
        }
      }
      if (c === 35 /* # */) {
        let j = i + 1;
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        this.comments.push({ kind: 'directive', start: i, end: j, text: text.slice(i, j) });
        i = j;
        continue;
      }
      if (c < 128 && (NAME_CHARACTERS[c] & IDENT_START) !== 0) {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d >= 128 || (NAME_CHARACTERS[d] & IDENT_PART) === 0) break;
          j++;
        }
        this.i = j;
        return this.token('identifier', i, j, text.slice(i, j));
      }
      if (isDigit(c)) {
        let j = i + 1;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
        // Bicep has no fraction literals; accept them anyway so `1.5` is one bad number, not three tokens.
        if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
          j++;
          while (j < n && isDigit(text.charCodeAt(j))) j++;
        }
        this.i = j;
        return this.token('number', i, j, text.slice(i, j));
      }
      if (c === 39 /* ' */) {
        if (text.charCodeAt(i + 1) === 39 && text.charCodeAt(i + 2) === 39) {
          const close = text.indexOf("'''", i + 3);
          const end = close < 0 ? n : close + 3;
          let body = text.slice(i + 3, close < 0 ? n : close);
          // A newline right after the opening quotes is not part of the value.
          if (body.startsWith('\r\n')) body = body.slice(2);
          else if (body.startsWith('\n')) body = body.slice(1);
          if (close < 0)
            this.diagnostics.push({ offset: i, end: n, message: 'unterminated multi-line string' });
          this.i = end;
          return this.token('multilineString', i, end, body);
        }
        return this.stringPiece(i, i + 1, true);
      }
      if (this.holes.length > 0) {
        const top = this.holes.length - 1;
        if (c === 123) this.holes[top]++;
        else if (c === 125) {
          if (this.holes[top] === 0) {
            this.holes.pop();
            return this.stringPiece(i, i + 1, false);
          }
          this.holes[top]--;
        }
      }
      const matched = punctuationAt(text, i);
      if (matched) {
        this.i = i + matched.length;
        return this.token('punct', i, i + matched.length, matched);
      }
      const ch = String.fromCodePoint(text.codePointAt(i)!);
      this.diagnostics.push({
        offset: i,
        end: i + ch.length,
        message: `unexpected character '${printable(ch)}'`,
      });
      this.i = i + ch.length;
      return this.token('invalid', i, i + ch.length, ch);
    }
    this.i = n;
    return { kind: 'eof', start: n, end: n, text: '', firstOnLine: true };
  }

  /** A string piece starting after `'` (or after the `}` closing a hole). */
  private stringPiece(tokenStart: number, from: number, opening: boolean): Token {
    const text = this.text;
    const n = text.length;
    let j = from;
    let cooked = '';
    let chunkStart = j;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 39 /* ' */) {
        cooked += text.slice(chunkStart, j);
        this.i = j + 1;
        return this.token(opening ? 'string' : 'stringRight', tokenStart, j + 1, cooked);
      }
      if (c === 92 /* \ */) {
        cooked += text.slice(chunkStart, j);
        const e = text.charCodeAt(j + 1);
        if (e === 110) cooked += '\n';
        else if (e === 114) cooked += '\r';
        else if (e === 116) cooked += '\t';
        else if (e === 92 || e === 39 || e === 36) cooked += text[j + 1];
        else if (e === 117 /* u */ && text.charCodeAt(j + 2) === 123) {
          const close = text.indexOf('}', j + 3);
          const code = close > 0 ? parseInt(text.slice(j + 3, close), 16) : NaN;
          if (Number.isFinite(code) && code <= 0x10ffff) {
            cooked += String.fromCodePoint(code);
            j = close + 1;
            chunkStart = j;
            continue;
          }
          this.diagnostics.push({ offset: j, end: j + 2, message: 'invalid unicode escape' });
        } else {
          this.diagnostics.push({
            offset: j,
            end: j + 2,
            message: `unknown escape sequence '\\${text[j + 1] ?? ''}'`,
          });
        }
        j += 2;
        chunkStart = j;
        continue;
      }
      if (c === 36 /* $ */ && text.charCodeAt(j + 1) === 123 /* { */) {
        cooked += text.slice(chunkStart, j);
        this.holes.push(0);
        this.i = j + 2;
        return this.token(opening ? 'stringLeft' : 'stringMiddle', tokenStart, j + 2, cooked);
      }
      if (c === 10 || c === 13) break;
      j++;
    }
    cooked += text.slice(chunkStart, j);
    this.diagnostics.push({ offset: tokenStart, end: j, message: 'unterminated string' });
    this.i = j;
    return this.token(opening ? 'string' : 'stringRight', tokenStart, j, cooked);
  }
}

/** Every token of a text at once (the parser pulls them one by one instead). */
export function lex(text: string): LexResult {
  const lexer = new Lexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const t = lexer.next();
    tokens.push(t);
    if (t.kind === 'eof') break;
  }
  return { tokens, comments: lexer.comments, diagnostics: lexer.diagnostics };
}

function printable(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code < 32 || code === 127 ? `\\u{${code.toString(16)}}` : ch;
}
