/** A span of source text. Lines and columns are 1-based; the end is exclusive (as in SARIF). */
export interface SourceRange {
  /** Display path: relative to the working directory, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function rangeContains(outer: SourceRange, line: number): boolean {
  return line >= outer.line && line <= outer.endLine;
}

/** The same span, whether or not the same object. */
export function sameRange(a: SourceRange, b: SourceRange): boolean {
  return (
    a === b ||
    (a.file === b.file &&
      a.line === b.line &&
      a.column === b.column &&
      a.endLine === b.endLine &&
      a.endColumn === b.endColumn)
  );
}

export function compareRanges(a: SourceRange, b: SourceRange): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/** Line/column lookup for offsets into a text, built once per file. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }

  /** Offset of a 1-based line and column; undefined when outside the text. */
  offset(line: number, column: number): number | undefined {
    if (line < 1 || line > this.starts.length) return undefined;
    const o = this.starts[line - 1] + column - 1;
    return o >= 0 && o <= this.text.length ? o : undefined;
  }

  range(file: string, start: number, end: number): SourceRange {
    const s = this.position(start);
    const e = this.position(end);
    return { file, line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
  }

  get lineCount(): number {
    return this.starts.length;
  }
}
