/** A span of source text. Lines and columns are 1-based; the end is exclusive (as in SARIF). */
export interface SourceRange {
  /** Display path: relative to the working directory, forward slashes. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function rangeContains(outer: SourceRange, line: number): boolean {
  return line >= outer.line && line <= outer.endLine;
}

/** The same span, whether or not the same object. */
export function sameRange(a: SourceRange, b: SourceRange): boolean {
  // Offsets name one line and column in one text: compared without working out either.
  if (a instanceof TextRange && b instanceof TextRange && a.source === b.source)
    return a.start === b.start && a.end === b.end;
  return (
    a === b ||
    (a.file === b.file &&
      a.line === b.line &&
      a.column === b.column &&
      a.endLine === b.endLine &&
      a.endColumn === b.endColumn)
  );
}

/** Past this many ranges, DistinctRanges looks them up by key instead of comparing with each. */
const FEW_RANGES = 16;

/**
 * Ranges in the order first added, each once (as sameRange tells). A few are compared one by one; past
 * FEW_RANGES they are looked up by file, line and column, which is what sameRange compares. The
 * origins of a whole resource (the AVM AKS module's body: thousands of nodes, hundreds of distinct
 * origins) compared each with every one before it: most of a one-file scan of that module.
 */
export class DistinctRanges<R extends SourceRange = SourceRange> {
  readonly list: R[];
  private keys: Set<string> | undefined;
  /**
   * The range objects met since the ranges were keyed: values copied from one another share their
   * origins' objects, so most repeats are the same object, known without working out a key (the AVM
   * AKS module named alone: 12,816 of 17,734 ranges added).
   */
  private met: Set<R> | undefined;

  /** `known`: ranges there already, kept as they are (a repeat among them stays). */
  constructor(known: readonly R[] = []) {
    this.list = [...known];
    if (known.length > FEW_RANGES) this.keyAll();
  }

  /** Adds the range unless one the same is there; whether it was added. */
  add(range: R): boolean {
    const list = this.list;
    if (this.keys === undefined || this.met === undefined) {
      for (let i = 0; i < list.length; i++) if (sameRange(list[i], range)) return false;
      list.push(range);
      if (list.length > FEW_RANGES) this.keyAll();
      return true;
    }
    if (this.met.has(range)) return false;
    this.met.add(range);
    const key = rangeKey(range);
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    list.push(range);
    return true;
  }

  private keyAll(): void {
    this.keys = new Set(this.list.map(rangeKey));
    this.met = new Set(this.list);
  }
}

/**
 * What sameRange compares, as one string: two ranges are the same span when their keys are equal (a
 * range over a text works out each end's line once).
 */
export function rangeKey(r: SourceRange): string {
  if (r instanceof TextRange) {
    const lines = r.source.lines;
    const line = lines.lineAt(r.start);
    const endLine = lines.lineAt(r.end);
    return `${r.source.file}\u0000${line + 1}:${lines.columnAt(r.start, line)}:${endLine + 1}:${lines.columnAt(r.end, endLine)}`;
  }
  return `${r.file}\u0000${r.line}:${r.column}:${r.endLine}:${r.endColumn}`;
}

/** Whether two ranges end at the same line and column (offsets compared within one file, as sameRange). */
export function sameEnd(a: SourceRange, b: SourceRange): boolean {
  if (a instanceof TextRange && b instanceof TextRange && a.source === b.source) return a.end === b.end;
  return a.endLine === b.endLine && a.endColumn === b.endColumn;
}

/** From the start of `first` to the end of `last`, in `first`'s file (an attribute: its key to its value's end). */
export function spanRange(first: SourceRange, last: SourceRange): SourceRange {
  if (first instanceof TextRange && last instanceof TextRange && first.source === last.source)
    return new TextRange(first.source, first.start, last.end);
  return {
    file: first.file,
    line: first.line,
    column: first.column,
    endLine: last.endLine,
    endColumn: last.endColumn,
  };
}

export function compareRanges(a: SourceRange, b: SourceRange): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/** Where LineIndex writes a text's line starts before copying them (starts[0] is always 0). */
let scratchStarts = new Int32Array(1024);
/** The most starts the kept scratch array holds (256 KB). */
const MAX_SCRATCH_STARTS = 1 << 16;

/**
 * Line/column lookup for offsets into a text. The line starts are found on the first lookup: most
 * files are parsed and evaluated without any of their ranges being read.
 */
export class LineIndex {
  private lineStarts: Int32Array | undefined;

  constructor(readonly text: string) {}

  private get starts(): Int32Array {
    return this.lineStarts ?? this.findStarts();
  }

  /**
   * The offset each line starts at, in an array of exactly their number: ranges keep their file's index
   * as long as they live (a large scan of manifests keeps objects of every part until its end), and a
   * list grown by push holds up to half as much again, at twice the bytes per start.
   */
  private findStarts(): Int32Array {
    const text = this.text;
    // One pass into a scratch array kept between calls, then a copy of the part written. A text of more
    // lines than the kept array holds grows one of its own, kept only up to MAX_SCRATCH_STARTS (a
    // language server lives long: one large file must not leave megabytes behind).
    let starts = scratchStarts;
    let count = 1;
    // indexOf finds each newline natively: a third of the time of a loop over every character.
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      if (count === starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = i + 1;
    }
    if (starts.length <= MAX_SCRATCH_STARTS) scratchStarts = starts;
    return (this.lineStarts = starts.slice(0, count));
  }

  position(offset: number): { line: number; column: number } {
    const line = this.lineAt(offset);
    return { line: line + 1, column: offset - this.starts[line] + 1 };
  }

  /** Offset of a 1-based line and column; undefined when outside the text. */
  offset(line: number, column: number): number | undefined {
    if (line < 1 || line > this.starts.length) return undefined;
    const o = this.starts[line - 1] + column - 1;
    return o >= 0 && o <= this.text.length ? o : undefined;
  }

  /** Callers ask in nearly increasing order (a walk of a tree): the last line found is tried first. */
  private lastLine = 0;

  /** 0-based line of an offset. */
  lineAt(offset: number): number {
    const starts = this.starts;
    let lo = this.lastLine;
    if (starts[lo] <= offset && (lo + 1 === starts.length || starts[lo + 1] > offset)) return lo;
    if (lo + 2 < starts.length && starts[lo + 1] <= offset && starts[lo + 2] > offset)
      return (this.lastLine = lo + 1);
    lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return (this.lastLine = lo);
  }

  /** 1-based column of an offset on its 0-based line. */
  columnAt(offset: number, line: number): number {
    return offset - this.starts[line] + 1;
  }

  /** The last file ranges were made for: one text has one display path, nearly always. */
  private source: RangeSource | undefined;

  /**
   * The range of the offsets `start` to `end`. Its lines and columns are worked out when read: a load
   * makes hundreds of thousands of ranges, and the rules read a few of them.
   */
  range(file: string, start: number, end: number): SourceRange {
    // The source of the last file asked for, tested here: a call less per range (one per evaluated node).
    const source = this.source;
    return new TextRange(
      source !== undefined && source.file === file ? source : this.rangeSource(file),
      start,
      end,
    );
  }

  /** What ranges into this text under the display path `file` point at (see `rangeAt`). */
  rangeSource(file: string): RangeSource {
    const source = this.source;
    if (source !== undefined && source.file === file) return source;
    return (this.source = { file, lines: this });
  }

  get lineCount(): number {
    return this.starts.length;
  }
}

/** A file's display path with the line index of its text: what a range of offsets needs to be read. */
export interface RangeSource {
  readonly file: string;
  readonly lines: LineIndex;
}

/**
 * The offsets into its file's text of a range made from offsets (LineIndex.range, rangeAt), with what
 * they point into, else undefined: for comparing ranges of one text without working out their lines
 * (offsets compare only between ranges of one source).
 */
export function offsetsOf(
  range: SourceRange,
): { readonly source: RangeSource; readonly start: number; readonly end: number } | undefined {
  return range instanceof TextRange ? range : undefined;
}

/**
 * The range of the offsets `start` to `end` of a source (see LineIndex.rangeSource), for what keeps
 * offsets instead of a range object and makes the range when asked for it.
 */
export function rangeAt(source: RangeSource, start: number, end: number): SourceRange {
  return new TextRange(source, start, end);
}

/**
 * A range as offsets into its file's text. It reads as a SourceRange (getters), and is written to
 * JSON as one (toJSON), with the same members in the same order. Exported for the values that are
 * their own range (value.ts, `WrittenScalar`); anything else makes ranges with `rangeAt` or
 * `LineIndex.range`.
 */
export class TextRange implements SourceRange {
  // Declared, then set in the constructor, rather than parameter properties: compiled for ES2022 those
  // are also class fields, which V8 defines (as undefined) in an initializer run before the constructor
  // on every range made, a call more per range (a load makes hundreds of thousands; 0.8% of the AVM AKS
  // module named alone, profiled). The members and their order are the same.
  declare readonly source: RangeSource;
  declare readonly start: number;
  declare readonly end: number;

  constructor(source: RangeSource, start: number, end: number) {
    this.source = source;
    this.start = start;
    this.end = end;
  }

  get file(): string {
    return this.source.file;
  }

  get line(): number {
    return this.source.lines.lineAt(this.start) + 1;
  }

  get column(): number {
    const lines = this.source.lines;
    return lines.columnAt(this.start, lines.lineAt(this.start));
  }

  get endLine(): number {
    return this.source.lines.lineAt(this.end) + 1;
  }

  get endColumn(): number {
    const lines = this.source.lines;
    return lines.columnAt(this.end, lines.lineAt(this.end));
  }

  toJSON(): SourceRange {
    return {
      file: this.file,
      line: this.line,
      column: this.column,
      endLine: this.endLine,
      endColumn: this.endColumn,
    };
  }
}
