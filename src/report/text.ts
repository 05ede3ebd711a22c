/**
 * Text shared by the human formats. Messages and file names carry scanned content (a cluster name, a
 * file name in a pull request): a control character in them must not move the cursor, colour the
 * terminal, or start a line a CI runner reads as a command (`::error::` on GitHub).
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;

const escapeOne = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Every control character (C0 including tab and line breaks, DEL, C1, U+2028/9) as a visible `\uXXXX`. */
export function escapeControls(s: string): string {
  return s.replace(CONTROL, escapeOne);
}

/** Control characters as `\uXXXX`, apart from line breaks (a format that escapes those its own way). */
export function escapeControlsButLineBreaks(s: string): string {
  return s.replace(CONTROL_BUT_LINE_BREAKS, escapeOne);
}

const JSON_UNESCAPED_CONTROLS = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * JSON text with the control characters JSON.stringify leaves raw (DEL, C1, the line and paragraph
 * separators) written as `\uXXXX`: the same JSON value, but a terminal that prints it sees no CSI.
 */
export function jsonText(value: unknown): string {
  return escapeJsonControls(JSON.stringify(value, null, 2)) + '\n';
}

/** JSON text with DEL, C1 and U+2028/9 written as `\uXXXX` (they occur only inside strings). */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_UNESCAPED_CONTROLS, escapeOne);
}

/** A message on one line: line breaks and tabs become spaces, other control characters escapes. */
export function oneLine(s: string): string {
  return escapeControls(s.replace(/[ \t]*[\r\n\t]+[ \t]*/g, ' '));
}

/**
 * A line that would start (after blanks) with `::` is a GitHub workflow command when a job prints it;
 * a backslash in front keeps it text.
 */
export function neutralizeCommandLines(text: string): string {
  return text.replace(/^([ \t]*)::/gm, '$1\\::');
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns a string takes on a terminal (colour codes take none). */
export function visibleWidth(s: string): number {
  return s.replace(ANSI, '').length;
}

/** Words of `text` in lines of at most `width` columns; a longer word is cut. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    if (word === '') continue;
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line || lines.length === 0) lines.push(line);
  return lines;
}
