import type { TemplatePart } from './syntax';

/** An interpolation or directive of a template, at offsets `s`..`e` of the file text. */
export interface TemplateSlot {
  s: number;
  e: number;
  part: TemplatePart;
}

/**
 * Template text is everything between the interpolations and directives; tree-sitter leaves some of
 * it (whitespace in heredocs) outside any node, so literal text is taken from the gaps.
 */
export function assembleTemplate(
  text: string,
  slots: readonly TemplateSlot[],
  from: number,
  to: number,
  decode: (raw: string, at: number) => string,
): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let cursor = from;
  for (const slot of slots) {
    if (slot.s < from || slot.s >= to) continue;
    if (slot.s > cursor) parts.push({ t: 'text', text: decode(text.slice(cursor, slot.s), cursor) });
    parts.push(slot.part);
    cursor = slot.e;
  }
  if (to > cursor) parts.push({ t: 'text', text: decode(text.slice(cursor, to), cursor) });
  return parts;
}

/** Heredoc text: `$${` and `%%{` escapes; `<<-` also removes the indentation common to its lines. */
export function heredocDecoder(
  text: string,
  contentStart: number,
  contentEnd: number,
  flush: boolean,
): (raw: string, at: number) => string {
  if (!flush) return unescapeHeredoc;
  const indent = commonIndent(text.slice(contentStart, contentEnd));
  return (raw, at) => {
    const atLineStart = at === contentStart || text.charCodeAt(at - 1) === 10;
    const stripped = raw.replace(/\n[ \t]*/g, (m) => '\n' + m.slice(1 + Math.min(indent, m.length - 1)));
    return unescapeHeredoc(atLineStart ? stripped.slice(leadingWhitespace(stripped, indent)) : stripped);
  };
}

function commonIndent(content: string): number {
  let min = Infinity;
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue;
    const n = leadingWhitespace(line, Infinity);
    if (n < min) min = n;
  }
  return Number.isFinite(min) ? min : 0;
}

function leadingWhitespace(s: string, max: number): number {
  let n = 0;
  while (n < s.length && n < max && (s[n] === ' ' || s[n] === '\t')) n++;
  return n;
}

const QUOTED_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Escapes of a quoted HCL string: backslash sequences, and `$${` / `%%{` for literal `${` / `%{`. */
export function unescapeQuoted(raw: string): string {
  if (!raw.includes('\\') && !raw.includes('$${') && !raw.includes('%%{')) return raw;
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (m, esc: string | undefined) => {
    if (m === '$${') return '${';
    if (m === '%%{') return '%{';
    if (!esc) return m;
    if (esc.length > 1) {
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    return QUOTED_ESCAPES[esc] ?? m;
  });
}

function unescapeHeredoc(raw: string): string {
  return raw.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}
