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

const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95; /* a-z A-Z _ */
const isIdentPart = (c: number) => isIdentStart(c) || (c >= 48 && c <= 57);
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Bicep source to tokens. Newlines are tokens (they separate statements and object items);
 * comments are kept aside with their offsets because suppressions are comments. String
 * interpolation is split into left/middle/right pieces, with the hole's tokens in between,
 * the way the Bicep compiler's own lexer does it.
 */
export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const comments: Comment[] = [];
  const diagnostics: LexDiagnostic[] = [];
  // One entry per open interpolation hole: how many `{` are open inside it.
  const holes: number[] = [];
  const n = text.length;
  let i = 0;
  let firstOnLine = true;

  const push = (kind: TokenKind, start: number, end: number, value: string) => {
    tokens.push({ kind, start, end, text: value, firstOnLine });
    firstOnLine = false;
  };

  // Scans a string piece starting after `'` (or after the `}` closing a hole).
  const scanStringPiece = (tokenStart: number, from: number, opening: boolean) => {
    let j = from;
    let cooked = '';
    let chunkStart = j;
    while (j < n) {
      const c = text.charCodeAt(j);
      if (c === 39 /* ' */) {
        cooked += text.slice(chunkStart, j);
        push(opening ? 'string' : 'stringRight', tokenStart, j + 1, cooked);
        return j + 1;
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
          diagnostics.push({ offset: j, end: j + 2, message: 'invalid unicode escape' });
        } else {
          diagnostics.push({
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
        push(opening ? 'stringLeft' : 'stringMiddle', tokenStart, j + 2, cooked);
        holes.push(0);
        return j + 2;
      }
      if (c === 10 || c === 13) break;
      j++;
    }
    cooked += text.slice(chunkStart, j);
    diagnostics.push({ offset: tokenStart, end: j, message: 'unterminated string' });
    push(opening ? 'string' : 'stringRight', tokenStart, j, cooked);
    return j;
  };

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
      if (holes.length > 0) holes.length = 0;
      if (tokens.length === 0 || tokens[tokens.length - 1].kind !== 'newline') {
        tokens.push({ kind: 'newline', start, end: i, text: '\n', firstOnLine: false });
      }
      firstOnLine = true;
      continue;
    }
    if (c === 47 /* / */) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        let j = i + 2;
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
        comments.push({ kind: 'line', start: i, end: j, text: text.slice(i, j) });
        i = j;
        continue;
      }
      if (d === 42) {
        const close = text.indexOf('*/', i + 2);
        const j = close < 0 ? n : close + 2;
        if (close < 0) diagnostics.push({ offset: i, end: n, message: 'unterminated comment' });
        comments.push({ kind: 'block', start: i, end: j, text: text.slice(i, j) });
        i = j;
        continue;
      }
    }
    if (c === 35 /* # */) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13) j++;
      comments.push({ kind: 'directive', start: i, end: j, text: text.slice(i, j) });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      push('identifier', i, j, text.slice(i, j));
      i = j;
      continue;
    }
    if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(text.charCodeAt(j))) j++;
      // Bicep has no fraction literals; accept them anyway so `1.5` is one bad number, not three tokens.
      if (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))) {
        j++;
        while (j < n && isDigit(text.charCodeAt(j))) j++;
      }
      push('number', i, j, text.slice(i, j));
      i = j;
      continue;
    }
    if (c === 39 /* ' */) {
      if (text.charCodeAt(i + 1) === 39 && text.charCodeAt(i + 2) === 39) {
        const close = text.indexOf("'''", i + 3);
        const end = close < 0 ? n : close + 3;
        let body = text.slice(i + 3, close < 0 ? n : close);
        // A newline right after the opening quotes is not part of the value.
        if (body.startsWith('\r\n')) body = body.slice(2);
        else if (body.startsWith('\n')) body = body.slice(1);
        if (close < 0) diagnostics.push({ offset: i, end: n, message: 'unterminated multi-line string' });
        push('multilineString', i, end, body);
        i = end;
        continue;
      }
      i = scanStringPiece(i, i + 1, true);
      continue;
    }
    if (holes.length > 0) {
      if (c === 123) holes[holes.length - 1]++;
      else if (c === 125) {
        if (holes[holes.length - 1] === 0) {
          holes.pop();
          i = scanStringPiece(i, i + 1, false);
          continue;
        }
        holes[holes.length - 1]--;
      }
    }
    const matched = punctuationAt(text, i);
    if (matched) {
      push('punct', i, i + matched.length, matched);
      i += matched.length;
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    diagnostics.push({ offset: i, end: i + ch.length, message: `unexpected character '${printable(ch)}'` });
    push('invalid', i, i + ch.length, ch);
    i += ch.length;
  }
  tokens.push({ kind: 'eof', start: n, end: n, text: '', firstOnLine: true });
  return { tokens, comments, diagnostics };
}

function printable(ch: string): string {
  const code = ch.codePointAt(0)!;
  return code < 32 || code === 127 ? `\\u{${code.toString(16)}}` : ch;
}
