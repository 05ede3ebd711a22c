import {
  KeyEntry,
  list,
  object,
  packed,
  relocated,
  scalar,
  type ObjectEntry,
  type Scalar,
  type Value,
} from '../../model/value';
import { LineIndex, rangeAt, type RangeSource, type SourceRange } from '../../model/range';
import { MAX_SHARED_LENGTH, oneCopy } from '../strings';

/** One document read directly: where it starts (its `---`, else its content) and its value. */
export interface DirectDocument {
  start: number;
  value: Value;
  range: SourceRange;
}

/**
 * A direct reader of plain manifests: block mappings and sequences, plain scalars (also over several
 * lines), one-line quoted scalars, `|` and `>` blocks, one-line flow collections, comments, anchors
 * and aliases, `---` documents. Loading the yaml package and composing its nodes was most of a
 * one-file scan's time. It builds exactly what the conversion of yaml's documents builds, with the
 * same YAML 1.1 typing and ranges (a test compares the two on every manifest and on mutations of
 * them), and gives up (`undefined`) on anything else — tags, quoted scalars over several lines, tabs,
 * `...`, comments after a block scalar, anything yaml would report — and the caller then reads the
 * file with yaml.
 */
export function readPlainYaml(
  text: string,
  file: string,
  lines: LineIndex,
  maxDocuments: number,
): DirectDocument[] | undefined {
  // Tabs, carriage returns, control and special Unicode characters: left to yaml.
  if (UNUSUAL.test(text)) return undefined;
  try {
    return new Reader(text, file, lines).documents(maxDocuments);
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/**
 * A configuration file (src/engine/config.ts) read directly, as yaml's `parseDocument(text, { uniqueKeys:
 * true }).toJS()` reads it: YAML 1.2's core schema, one document, no key twice. Besides what
 * readPlainYaml leaves to yaml, it leaves anchors and aliases, keys that are not strings (`1:`,
 * `true:`), `__proto__` and a key given twice (yaml's error) to it (test/engine/config-yaml.test.ts
 * compares the two). `data` is undefined for a file of comments only.
 */
export function readPlainConfigYaml(text: string): { data: unknown } | undefined {
  if (UNUSUAL.test(text)) return undefined;
  try {
    const documents = new Reader(text, 'config', new LineIndex(text), true).documents(1);
    return { data: documents.length > 0 ? plainData(documents[0].value) : undefined };
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

/** As yaml's toJS builds it: objects with a prototype (no key is `__proto__`). */
function plainData(value: Value): unknown {
  if (value.kind === 'list') return value.items.map(plainData);
  if (value.kind === 'object') {
    const out: Record<string, unknown> = {};
    for (const e of value.entries) out[e.key] = plainData(e.value);
    return out;
  }
  return value.kind === 'scalar' ? value.value : fail();
}

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const UNUSUAL = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029\ud800-\udfff]/;
const GIVE_UP = new Error('not read directly');
const fail = (): never => {
  throw GIVE_UP;
};

/** Far below MAX_DEPTH, also with an alias's copy below it. */
const MAX_NESTING = 64;
/** Nodes copied for aliases; far below the conversion's budget, so a bomb is always left to yaml. */
const MAX_COPIED = 10_000;

const SPACE = 32;
const NEWLINE = 10;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** The next line with content, after blank and comment lines. */
interface Line {
  /** -1 at the end of the text. */
  indent: number;
  pos: number;
  /** A `---` line. */
  marker: boolean;
  /** The comment lines skipped to reach it: their column and where each ends. */
  comments: { column: number; end: number }[];
  /**
   * Where those comments stand, once the innermost collection closing before this line took its
   * part: the first comment it left to its parents, and whether one of them kept the rest.
   */
  restAt: number | undefined;
  kept: boolean | undefined;
}

/** The comments before most lines: none (never added to). */
const NO_COMMENTS: Line['comments'] = [];

interface Read {
  value: Value;
  /** Where yaml's node ends for its parent's range: with a comment on its last line, without spaces. */
  end: number;
  /** Nodes copied from anchors inside it. */
  aliases: boolean;
  /** A `|` block scalar. */
  block?: boolean;
  depth: number;
}

class Reader {
  private readonly line: Line = {
    indent: -1,
    pos: 0,
    marker: false,
    comments: NO_COMMENTS,
    restAt: undefined,
    kept: undefined,
  };
  private anchors = new Map<string, Read | undefined>();
  private copied = 0;
  /**
   * What ranges into the text point at (the file's display path and line index): entries keep their
   * key's offsets (KeyEntry) rather than a range each.
   */
  private readonly source: RangeSource;

  constructor(
    private readonly text: string,
    file: string,
    lines: LineIndex,
    /** A config file: YAML 1.2's core schema, unique string keys, no anchors. */
    private readonly config = false,
  ) {
    this.source = lines.rangeSource(file);
  }

  documents(maxDocuments: number): DirectDocument[] {
    const text = this.text;
    const out: DirectDocument[] = [];
    this.next(0);
    while (this.line.indent >= 0) {
      if (out.length === maxDocuments) fail();
      this.anchors.clear();
      const start = this.line.pos;
      if (this.line.marker) {
        const after = start + 3;
        const eol = this.skipSpaces(after);
        if (eol < text.length && text.charCodeAt(eol) !== NEWLINE) fail();
        this.next(eol + 1);
        if (this.line.indent < 0 || this.line.marker) {
          // An empty document: yaml gives it a null at the end of its marker.
          if (eol !== after) fail();
          const range = this.range(after, after);
          out.push({ start, value: scalar(null, range), range });
          continue;
        }
      } else if (out.length > 0) fail();
      if (this.line.indent !== 0) fail();
      const pos = this.line.pos;
      const top = this.isSeqItem(pos) ? this.blockSeq(0, -1) : this.blockMap(pos, 0, false, -1);
      if (this.line.indent >= 0 && !this.line.marker) fail();
      out.push({ start, value: top.value, range: top.value.range });
    }
    return out;
  }

  /**
   * Moves to the next line with content at or after `from`, the start of a line. The one Line is
   * updated in place, and a line without comments before it shares one empty list: a load reads every
   * line of every manifest, and an object and a list per line were a tenth of what the reader allocated.
   */
  private next(from: number): void {
    const text = this.text;
    let p = from;
    let comments = NO_COMMENTS;
    for (;;) {
      if (p >= text.length) return this.moveTo(-1, text.length, false, comments);
      const i = this.skipSpaces(p);
      const c = text.charCodeAt(i);
      if (i >= text.length) {
        p = i;
        continue;
      }
      if (c === NEWLINE) {
        p = i + 1;
        continue;
      }
      if (c === HASH) {
        const end = this.lineEnd(i);
        if (comments === NO_COMMENTS) comments = [];
        comments.push({ column: i - p, end: this.trimBack(end, i) });
        p = end + 1;
        continue;
      }
      if (i === p && (c === DASH || c === 46) && this.isMarker(i)) {
        if (c === 46) fail();
        return this.moveTo(0, i, true, comments);
      }
      // A directive, or a document's last line without its line break: left to yaml.
      if (i === p && c === 37) fail();
      return this.moveTo(i - p, i, false, comments);
    }
  }

  private moveTo(indent: number, pos: number, marker: boolean, comments: Line['comments']): void {
    const l = this.line;
    l.indent = indent;
    l.pos = pos;
    l.marker = marker;
    l.comments = comments;
    l.restAt = undefined;
    l.kept = undefined;
  }

  private isMarker(i: number): boolean {
    const t = this.text;
    const c = t.charCodeAt(i);
    if (t.charCodeAt(i + 1) !== c || t.charCodeAt(i + 2) !== c) return false;
    return i + 3 >= t.length || t.charCodeAt(i + 3) === SPACE || t.charCodeAt(i + 3) === NEWLINE;
  }

  /**
   * The collection at `indent`, whose last item ends at `end`, ends before the current line: where its
   * range ends (`value`) and where its parent's range ends if it is that parent's last item (`node`).
   * yaml gives the comment lines between them to the nodes that end there: those indented past the
   * innermost collection to its last value, the rest to the innermost collection that their columns do
   * not leave (a collection at column 0 passes them on). Sets closedValue and closedNode (fields, not
   * an object per collection).
   */
  private closing(indent: number, end: number, last: Read): void {
    const l = this.line;
    const comments = l.comments;
    if (comments.length === 0) return this.closed(end, end);
    let value = end;
    if (l.restAt === undefined) {
      // Comments after a block scalar or an empty value are placed otherwise: left to yaml.
      if (last.block) fail();
      let i = 0;
      while (i < comments.length && comments[i].column > indent) i++;
      if (i > 0) value = comments[i - 1].end;
      l.restAt = i;
    }
    const rest = comments.slice(l.restAt);
    if (rest.length === 0 || l.kept || indent === 0 || rest.every((c) => c.column < indent)) {
      return this.closed(value, value);
    }
    l.kept = true;
    this.closed(value, rest[rest.length - 1].end);
  }

  /** Where the collection `closing` closed ends (`closedValue`), and where its parent's range ends if it is that parent's last item (`closedNode`). */
  private closedValue = 0;
  private closedNode = 0;

  private closed(value: number, node: number): void {
    this.closedValue = value;
    this.closedNode = node;
  }

  /**
   * The entries and items of the collections being read, innermost last, up to `pendingTop`: each
   * collection's are copied out when it closes, into an array of their own size. An array per
   * collection grown by push and then copied to its size (packed) was a fifth of what the reader
   * allocated. The array is never shortened (shortening lets V8 trim it, to grow it again).
   */
  private readonly pending: Array<ObjectEntry | Value> = [];
  private pendingTop = 0;

  /** The entries or items pending from `base` on, taken off the pending list. */
  private takePending<T extends ObjectEntry | Value>(base: number): T[] {
    const taken = this.pending.slice(base, this.pendingTop) as T[];
    this.pendingTop = base;
    return taken;
  }

  private isSeqItem(p: number): boolean {
    if (this.text.charCodeAt(p) !== DASH) return false;
    const n = this.text.charCodeAt(p + 1);
    return n === SPACE || n === NEWLINE || p + 1 >= this.text.length;
  }

  private blockMap(start: number, indent: number, compact: boolean, depth: number): Read {
    if (depth > MAX_NESTING) fail();
    const base = this.pendingTop;
    let aliases = false;
    let deepest = depth;
    let pos = start;
    for (;;) {
      const key = this.key(pos);
      const keyEnd = this.keyEnd;
      const value = this.mapValue(this.keyAfter, indent, compact, depth + 1);
      this.pending[this.pendingTop++] = new KeyEntry(key, value.value, this.source, pos, keyEnd);
      aliases ||= value.aliases;
      deepest = Math.max(deepest, value.depth);
      const l = this.line;
      if (l.indent < indent || l.marker) {
        this.closing(indent, value.end, value);
        break;
      }
      if (l.indent > indent || this.isSeqItem(l.pos)) fail();
      pos = l.pos;
    }
    const entries = this.takePending<ObjectEntry>(base);
    if (this.config) uniqueKeys(entries);
    const range = this.range(start, this.closedValue);
    return { value: object(entries, range), end: this.closedNode, aliases, depth: deepest };
  }

  private blockSeq(indent: number, depth: number): Read {
    if (depth > MAX_NESTING) fail();
    const start = this.line.pos;
    const base = this.pendingTop;
    let aliases = false;
    let deepest = depth;
    for (;;) {
      const dash = this.line.pos;
      if (this.text.charCodeAt(dash + 1) !== SPACE) fail();
      const item = this.seqItem(this.skipSpaces(dash + 1), indent, depth + 1);
      this.pending[this.pendingTop++] = item.value;
      aliases ||= item.aliases;
      deepest = Math.max(deepest, item.depth);
      const l = this.line;
      if (l.indent < indent || l.marker || (l.indent === indent && !this.isSeqItem(l.pos))) {
        this.closing(indent, item.end, item);
        break;
      }
      if (l.indent > indent) fail();
    }
    const items = this.takePending<Value>(base);
    const range = this.range(start, this.closedValue);
    return { value: list(items, range), end: this.closedNode, aliases, depth: deepest };
  }

  /** Where the last key read ends, and where its value starts (after its `:`): fields, not an object per key. */
  private keyEnd = 0;
  private keyAfter = 0;

  /** The key at `p`; sets keyEnd and keyAfter. */
  private key(p: number): string {
    const text = this.text;
    const c = text.charCodeAt(p);
    let value: string;
    let end: number;
    let stop: number;
    if (c === 34 || c === 39) {
      const q = this.quoted(p);
      value = q.value;
      end = q.end;
      stop = this.skipSpaces(end);
    } else {
      this.plainStart(p);
      stop = this.plainStop(p, false);
      end = this.trimBack(stop, p);
      value = seenKeys.at(text, p, end) ?? seenKeys.keep(text.slice(p, end));
    }
    if (text.charCodeAt(stop) !== COLON || !this.separates(stop + 1, false)) fail();
    if (value === '<<' || end - p > 1000) fail();
    if (this.config) this.configKey(value, c === 34 || c === 39);
    this.keyEnd = end;
    this.keyAfter = stop + 1;
    return c === 34 || c === 39 ? oneCopy(value) : value;
  }

  /** A config's keys are strings yaml converts as written: a plain `1`, `true` or `~` is not. */
  private configKey(key: string, quoted: boolean): void {
    if (key === '__proto__' || (!quoted && typeof typedCore(key) !== 'string')) fail();
  }

  /** A plain scalar's value under the reader's schema. */
  private typed(source: string): Scalar {
    return this.config ? typedCore(source) : typedPlain(source);
  }

  /** A block plain scalar's value, its text unsliced when a manifest's value was read before. */
  private plainValue(p: number, end: number): Scalar {
    if (this.config) return typedCore(this.text.slice(p, end));
    const i = seenValues.at(this.text, p, end);
    if (i !== undefined) return seenValues.values[i];
    const source = this.text.slice(p, end);
    const value = typedPlain(source);
    // A string value is already the text's one copy.
    seenValues.keep(typeof value === 'string' ? value : oneCopy(source), value);
    return value;
  }

  /** The value after a block mapping's `key:`. */
  private mapValue(after: number, indent: number, compact: boolean, depth: number): Read {
    const text = this.text;
    let p = this.skipSpaces(after);
    const anchor = this.anchor(p);
    if (anchor) p = anchor.after;
    const c = text.charCodeAt(p);
    if (p >= text.length || c === NEWLINE || (c === HASH && p > after)) {
      this.next(this.lineEnd(p) + 1);
      const l = this.line;
      let read: Read;
      if (l.indent > indent && !l.marker) {
        read = this.isSeqItem(l.pos)
          ? this.blockSeq(l.indent, depth)
          : this.blockMap(l.pos, l.indent, false, depth);
      } else if (l.indent === indent && !compact && !l.marker && this.isSeqItem(l.pos)) {
        read = this.blockSeq(indent, depth);
      } else {
        if (anchor || l.comments.length > 0) fail();
        // yaml's empty node stands after the spaces; its parent's range runs to a comment's end.
        const end = c === HASH ? this.trimBack(this.lineEnd(p), p) : this.trimBack(p, after);
        return { value: scalar(null, this.range(p, p)), end, aliases: false, depth };
      }
      return this.anchored(anchor?.name, read);
    }
    if (c === 124 || c === 62) return this.anchored(anchor?.name, this.blockScalar(p, indent, depth));
    const read = this.inline(p, depth);
    if (text.charCodeAt(read.stop) === COLON) fail();
    return this.anchored(anchor?.name, this.endOfLine(read, read.stop, indent));
  }

  private seqItem(p: number, indent: number, depth: number): Read {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (p >= text.length || c === NEWLINE || c === HASH || this.isSeqItem(p)) fail();
    if (c === 38) {
      const anchor = this.anchor(p) ?? fail();
      const after = anchor.after;
      const n = text.charCodeAt(after);
      if (after >= text.length || n === NEWLINE || n === HASH) fail();
      const read = this.inline(after, depth);
      if (text.charCodeAt(read.stop) === COLON) fail();
      return this.anchored(anchor.name, this.endOfLine(read, read.stop, indent));
    }
    if (c === 124 || c === 62) return this.blockScalar(p, indent, depth);
    const read = this.inline(p, depth);
    if (text.charCodeAt(read.stop) === COLON && this.separates(read.stop + 1, false)) {
      // `- key: value`: a mapping whose keys stand at this column.
      if (read.kind === 'flow' || read.kind === 'alias') fail();
      return this.blockMap(p, p - this.lineStart(p), true, depth);
    }
    return this.endOfLine(read, read.stop, indent);
  }

  /** A node that ends on its line: a scalar, an alias or a flow collection. */
  private inline(p: number, depth: number): Read & { stop: number; kind: string; start: number } {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === 42) {
      if (this.config) fail();
      const name = this.name(p + 1);
      const target = this.anchors.get(text.slice(p + 1, name)) ?? fail();
      // An alias copies its anchor; one copying a node with aliases in it is left to yaml (bombs).
      if (target.aliases) fail();
      this.copied += countNodes(target.value);
      if (this.copied > MAX_COPIED || depth + target.depth > MAX_NESTING) fail();
      const value = relocated(target.value, this.range(p, name));
      return {
        value,
        end: name,
        aliases: true,
        depth: depth + target.depth,
        stop: this.skipSpaces(name),
        kind: 'alias',
        start: p,
      };
    }
    if (c === 91 || c === 123) {
      const flow = this.flow(p, depth);
      return { ...flow, stop: this.skipSpaces(flow.end), kind: 'flow', start: p };
    }
    if (c === 34 || c === 39) {
      const q = this.quoted(p);
      return {
        value: scalar(oneCopy(q.value), this.range(p, q.end)),
        end: q.end,
        aliases: false,
        depth,
        stop: this.skipSpaces(q.end),
        kind: 'quoted',
        start: p,
      };
    }
    this.plainStart(p);
    const stop = this.plainStop(p, false);
    const end = this.trimBack(stop, p);
    const value = scalar(this.plainValue(p, end), this.range(p, end));
    const read = this.plainRead;
    if (read === undefined) {
      return (this.plainRead = { value, end, aliases: false, depth, stop, kind: 'plain', start: p });
    }
    read.value = value;
    read.end = end;
    read.depth = depth;
    read.stop = stop;
    read.start = p;
    return read;
  }

  /**
   * What `inline` returns for a plain scalar, the commonest node, filled in again for each: its callers
   * are done with it before the next node is read, and an anchor keeps a copy (anchored). An object per
   * scalar was a tenth of what a load allocated, all of it garbage at once.
   */
  private plainRead: (Read & { stop: number; kind: string; start: number }) | undefined;

  /**
   * After a node on its line: nothing but a comment, whose end is where its parent's range ends. A plain
   * scalar may go on over lines indented past its parent's `indent`.
   */
  private endOfLine(read: Read & { kind: string; start: number }, stop: number, indent: number): Read {
    const text = this.text;
    const c = text.charCodeAt(stop);
    if (read.kind === 'plain' && (stop >= text.length || c === NEWLINE)) {
      this.next(stop + 1);
      const l = this.line;
      return l.indent > indent && !l.marker && l.comments.length === 0
        ? this.continued(read, stop, indent)
        : read;
    }
    let end = read.end;
    if (stop < text.length && c !== NEWLINE) {
      if (c !== HASH || stop === read.end) fail();
      end = this.trimBack(this.lineEnd(stop), stop);
    }
    this.next(this.lineEnd(stop) + 1);
    return { ...read, end };
  }

  /**
   * A plain scalar over several lines, folded as yaml folds it: a line break between two lines becomes
   * a space, each empty line a line break. `firstEnd` is where its first line ends.
   */
  private continued(first: Read & { start: number }, firstEnd: number, indent: number): Read {
    const text = this.text;
    let value = text.slice(first.start, first.end);
    let lineEnd = firstEnd;
    let end = first.end;
    let node = end;
    for (;;) {
      const l = this.line;
      if (l.indent <= indent || l.marker || l.comments.length > 0) break;
      const p = l.pos;
      // A line that starts as a node would, or holds a `key: `: what yaml makes of it is left to it.
      if (text.charCodeAt(p) === DASH || INDICATORS.includes(text[p])) fail();
      const stop = this.plainStop(p, false);
      let breaks = 0;
      for (let i = lineEnd + 1; i < p - l.indent; i++) if (text.charCodeAt(i) === NEWLINE) breaks++;
      end = this.trimBack(stop, p);
      node = end;
      value += (breaks > 0 ? '\n'.repeat(breaks) : ' ') + text.slice(p, end);
      const c = text.charCodeAt(stop);
      if (stop < text.length && c !== NEWLINE) {
        if (c !== HASH) fail();
        node = this.trimBack(this.lineEnd(stop), stop);
        this.next(this.lineEnd(stop) + 1);
        break;
      }
      lineEnd = stop;
      this.next(stop + 1);
    }
    const range = this.range(first.start, end);
    return { value: scalar(this.typed(value), range), end: node, aliases: false, depth: first.depth };
  }

  private anchored(name: string | undefined, read: Read): Read {
    if (name !== undefined) {
      // A name given twice: which one an alias means depends on order, left to yaml.
      if (this.anchors.has(name)) fail();
      this.anchors.set(name, read === this.plainRead ? { ...read } : read);
    }
    return read;
  }

  private anchor(p: number): { name: string; after: number } | undefined {
    if (this.text.charCodeAt(p) !== 38) return undefined;
    if (this.config) fail();
    const end = this.name(p + 1);
    const c = this.text.charCodeAt(end);
    if (end < this.text.length && c !== SPACE && c !== NEWLINE) fail();
    return { name: this.text.slice(p + 1, end), after: this.skipSpaces(end) };
  }

  private name(p: number): number {
    const text = this.text;
    let q = p;
    while (q < text.length && /[A-Za-z0-9_.\-/]/.test(text[q])) q++;
    const c = text.charCodeAt(q);
    if (q === p || (q < text.length && c !== SPACE && c !== NEWLINE)) fail();
    return q;
  }

  /** A `|`, `|-`, `>` or `>-` block scalar whose content is indented past its parent's `indent`. */
  private blockScalar(p: number, indent: number, depth: number): Read {
    const text = this.text;
    let h = p + 1;
    const strip = text.charCodeAt(h) === DASH;
    if (strip) h++;
    const afterHeader = this.skipSpaces(h);
    const hc = text.charCodeAt(afterHeader);
    if (afterHeader < text.length && hc !== NEWLINE && !(hc === HASH && afterHeader > h)) fail();
    let q = this.lineEnd(afterHeader) + 1;
    let n = -1;
    const parts: string[] = [];
    let empties = 0;
    let lastEnd = -1;
    while (q < text.length) {
      const le = this.lineEnd(q);
      const i = this.skipSpaces(q);
      if (i === le) {
        // Lines of spaces only: their place in the value depends on the indentation, left to yaml.
        if (i > q) fail();
        empties++;
        q = le + 1;
        continue;
      }
      const ind = i - q;
      if (n < 0) {
        if (ind <= indent || empties > 0) break;
        n = ind;
      }
      if (ind < n) break;
      for (; empties > 0; empties--) parts.push('');
      parts.push(text.slice(q + n, le));
      lastEnd = le;
      q = le + 1;
    }
    if (n < 0) fail();
    const end = this.trimBack(lastEnd, p);
    this.next(Math.min(lastEnd + 1, text.length));
    const lines = text.charCodeAt(p) === 62 ? folded(parts) : parts.join('\n');
    const value = lines + (strip ? '' : '\n');
    return { value: scalar(oneCopy(value), this.range(p, end)), end, aliases: false, depth, block: true };
  }

  /** A flow collection closed on its line, of plain and quoted scalars and flow collections. */
  private flow(p: number, depth: number): Read {
    if (depth > MAX_NESTING) fail();
    const text = this.text;
    const open = text.charCodeAt(p);
    const close = open === 91 ? 93 : 125;
    // `{{ }}`: a template action, which the caller reports as such.
    if (open === 123 && text.charCodeAt(p + 1) === 123) fail();
    let q = this.skipSpaces(p + 1);
    const items: Value[] = [];
    const entries: ObjectEntry[] = [];
    let deepest = depth;
    if (text.charCodeAt(q) !== close) {
      for (;;) {
        if (open === 123) {
          const key = this.flowScalar(q, depth + 1);
          if (text.charCodeAt(key.stop) !== COLON || text.charCodeAt(key.stop + 1) !== SPACE) fail();
          const keyText = key.quoted ? key.text : text.slice(q, key.end);
          if (keyText === '<<') fail();
          if (this.config) this.configKey(keyText, key.quoted);
          const v = this.skipSpaces(key.stop + 1);
          const value = this.flowItem(v, depth + 1);
          entries.push(new KeyEntry(oneCopy(keyText), value.value, this.source, q, key.end));
          deepest = Math.max(deepest, value.depth);
          q = value.stop;
        } else {
          const item = this.flowItem(q, depth + 1);
          if (text.charCodeAt(item.stop) === COLON) fail();
          items.push(item.value);
          deepest = Math.max(deepest, item.depth);
          q = item.stop;
        }
        const c = text.charCodeAt(q);
        if (c === close) break;
        if (c !== 44) fail();
        q = this.skipSpaces(q + 1);
        // A trailing comma: left to yaml.
        if (text.charCodeAt(q) === close) fail();
      }
    }
    if (this.config) uniqueKeys(entries);
    const end = q + 1;
    const range = this.range(p, end);
    const value = open === 91 ? list(packed(items), range) : object(packed(entries), range);
    return { value, end, aliases: false, depth: deepest };
  }

  private flowItem(p: number, depth: number): Read & { stop: number } {
    const c = this.text.charCodeAt(p);
    if (c === 91 || c === 123) {
      const flow = this.flow(p, depth);
      return { ...flow, stop: this.skipSpaces(flow.end) };
    }
    return this.flowScalar(p, depth);
  }

  private flowScalar(p: number, depth: number): Read & { stop: number; quoted: boolean; text: string } {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === 34 || c === 39) {
      const q = this.quoted(p);
      const value = scalar(oneCopy(q.value), this.range(p, q.end));
      return {
        value,
        end: q.end,
        aliases: false,
        depth,
        stop: this.skipSpaces(q.end),
        quoted: true,
        text: q.value,
      };
    }
    this.plainStart(p);
    const stop = this.plainStop(p, true);
    const end = this.trimBack(stop, p);
    const source = text.slice(p, end);
    const value = scalar(this.typed(source), this.range(p, end));
    return { value, end, aliases: false, depth, stop, quoted: false, text: source };
  }

  /** A plain scalar may not start with an indicator; the few that may are left to yaml. */
  private plainStart(p: number): void {
    const c = this.text.charCodeAt(p);
    if (p >= this.text.length || c === NEWLINE || c === SPACE) fail();
    if (c === DASH) {
      const n = this.text.charCodeAt(p + 1);
      if (n === SPACE || n === NEWLINE || p + 1 >= this.text.length) fail();
      return;
    }
    if (INDICATORS.includes(String.fromCharCode(c))) fail();
  }

  /**
   * Where a one-line plain scalar stops: a `: ` (or `:` at the end of the line), ` #`, the line's end,
   * and in a flow collection `,[]{}`. A `:` inside a flow scalar is left to yaml.
   */
  private plainStop(p: number, inFlow: boolean): number {
    const text = this.text;
    const plain = inFlow ? PLAIN_IN_FLOW : PLAIN_IN_BLOCK;
    let q = p;
    for (; q < text.length; q++) {
      // The characters that cannot stop it are skipped at once: a loop per character is slow before V8
      // compiles it, and a one-file scan ends before that.
      plain.lastIndex = q;
      plain.test(text);
      q = plain.lastIndex;
      const c = text.charCodeAt(q);
      if (q >= text.length || c === NEWLINE) break;
      if (c === COLON) {
        if (this.separates(q + 1, inFlow)) break;
        // `a:b` in a flow collection: yaml's reading depends on what came before, left to it.
        if (inFlow) fail();
      } else if (c === HASH) {
        if (text.charCodeAt(q - 1) === SPACE) break;
      } else if (inFlow && (c === 44 || c === 91 || c === 93 || c === 123 || c === 125)) break;
    }
    // Continued on the next line (a multi-line plain scalar) is caught by the caller's indentation.
    return q;
  }

  private separates(q: number, inFlow: boolean): boolean {
    const c = this.text.charCodeAt(q);
    return (
      q >= this.text.length ||
      c === SPACE ||
      c === NEWLINE ||
      (inFlow && (c === 44 || c === 91 || c === 93 || c === 123 || c === 125))
    );
  }

  /** A quoted scalar closed on its line. */
  private quoted(p: number): { value: string; end: number } {
    const text = this.text;
    const quote = text.charCodeAt(p);
    let out = '';
    let from = p + 1;
    for (let q = p + 1; q < text.length; q++) {
      const c = text.charCodeAt(q);
      if (c === NEWLINE) break;
      if (quote === 39 && c === 39) {
        if (text.charCodeAt(q + 1) === 39) {
          out += text.slice(from, q + 1);
          from = q + 2;
          q++;
          continue;
        }
        return { value: out + text.slice(from, q), end: q + 1 };
      }
      if (quote === 34 && c === 34) return { value: out + text.slice(from, q), end: q + 1 };
      if (quote === 34 && c === 92) {
        const e = text[q + 1];
        const simple = ESCAPES[e];
        if (simple === undefined) fail();
        out += text.slice(from, q) + simple;
        from = q + 2;
        q++;
      }
    }
    return fail();
  }

  private range(start: number, end: number): SourceRange {
    return rangeAt(this.source, start, end);
  }

  private skipSpaces(p: number): number {
    const text = this.text;
    while (text.charCodeAt(p) === SPACE) p++;
    return p;
  }

  private trimBack(end: number, floor: number): number {
    let e = end;
    while (e > floor && (this.text.charCodeAt(e - 1) === SPACE || this.text.charCodeAt(e - 1) === NEWLINE))
      e--;
    return e;
  }

  private lineEnd(p: number): number {
    const nl = this.text.indexOf('\n', p);
    return nl < 0 ? this.text.length : nl;
  }

  private lineStart(p: number): number {
    return this.text.lastIndexOf('\n', p - 1) + 1;
  }
}

const PLAIN_IN_BLOCK = /[^\n:#]*/y;
const PLAIN_IN_FLOW = /[^\n:#,[\]{}]*/y;
const INDICATORS = '?:,[]{}#&*!|>\'"%@`';

const ESCAPES: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  '/': '/',
  n: '\n',
  t: '\t',
  r: '\r',
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  v: '\v',
  ' ': ' ',
};

/**
 * The lines of a `>` block as yaml folds them: a line break between two lines becomes a space, an
 * empty line a line break, and more-indented lines keep their breaks.
 */
function folded(lines: readonly string[]): string {
  let value = '';
  let sep = '';
  let moreIndented = false;
  for (const line of lines) {
    if (line.charCodeAt(0) === SPACE) {
      if (sep === ' ') sep = '\n';
      else if (!moreIndented && sep === '\n') sep = '\n\n';
      value += sep + line;
      sep = '\n';
      moreIndented = true;
    } else if (line === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + line;
      sep = ' ';
      moreIndented = false;
    }
  }
  return value;
}

/** yaml's `uniqueKeys` error: left to it. */
function uniqueKeys(entries: readonly ObjectEntry[]): void {
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.key)) fail();
    seen.add(e.key);
  }
}

function countNodes(value: Value): number {
  if (value.kind === 'object') return value.entries.reduce((n, e) => n + countNodes(e.value), 1);
  if (value.kind === 'list') return value.items.reduce((n, i) => n + countNodes(i), 1);
  return 1;
}

/**
 * The last short text read at each of a fixed number of slots (by length, first and last character),
 * across files: manifests repeat the same keys and many values (`name`, `image`, `protocol: TCP`, label
 * values) in every file, and comparing the text in place is cheaper than cutting it out, hashing it for
 * `oneCopy` and typing it again. Each kept text is its one copy, so none holds on to its file's text.
 */
class SeenTexts<T> {
  private readonly texts: Array<string | undefined> = new Array<string | undefined>(SEEN_SLOTS);
  readonly values: T[] = new Array<T>(SEEN_SLOTS);

  /** The slot of `text[p, end)` when it holds that text. */
  at(text: string, p: number, end: number): number | undefined {
    const length = end - p;
    if (length === 0 || length > MAX_SHARED_LENGTH) return undefined;
    const i = slotOf(length, text.charCodeAt(p), text.charCodeAt(end - 1));
    const seen = this.texts[i];
    return seen !== undefined && seen.length === length && text.startsWith(seen, p) ? i : undefined;
  }

  /** Keeps `own` (a text's one copy, not a slice of its file) with its value. */
  keep(own: string, value: T): void {
    if (own.length === 0 || own.length > MAX_SHARED_LENGTH) return;
    const i = slotOf(own.length, own.charCodeAt(0), own.charCodeAt(own.length - 1));
    this.texts[i] = own;
    this.values[i] = value;
  }
}

const SEEN_SLOTS = 4096;

function slotOf(length: number, first: number, last: number): number {
  return (length * 961 + first * 31 + last) & (SEEN_SLOTS - 1);
}

/** Plain keys as `oneCopy` keeps them. */
const seenKeys = {
  table: new SeenTexts<string>(),
  at(text: string, p: number, end: number): string | undefined {
    const i = this.table.at(text, p, end);
    return i === undefined ? undefined : this.table.values[i];
  },
  keep(source: string): string {
    const own = oneCopy(source);
    this.table.keep(own, own);
    return own;
  },
};
/** Plain block values with their YAML 1.1 types (the reader's schema for manifests). */
const seenValues = new SeenTexts<Scalar>();

// yaml's YAML 1.1 schema, in its order: the first test that matches gives the type.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/;
const FALSE = /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/;
const INT_BIN = /^[-+]?0b[0-1_]+$/;
const INT_OCT = /^[-+]?0[0-7_]+$/;
const INT = /^[-+]?[0-9][0-9_]*$/;
const INT_HEX = /^[-+]?0x[0-9a-fA-F_]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/;
const SEXAGESIMAL = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

/** A plain scalar as yaml types it under YAML 1.1; timestamps stay as written, as the conversion keeps them. */
function typedPlain(source: string): Scalar {
  const c = source.charCodeAt(0);
  // Most values start with a letter no typed scalar starts with.
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    if (!/[nNtTfFyYoO]/.test(source[0])) return oneCopy(source);
  }
  if (NULL.test(source)) return null;
  if (TRUE.test(source)) return true;
  if (FALSE.test(source)) return false;
  if (INT_BIN.test(source)) return integer(source, 2, 2);
  if (INT_OCT.test(source)) return integer(source, 1, 8);
  if (INT.test(source)) return integer(source, 0, 10);
  if (INT_HEX.test(source)) return integer(source, 2, 16);
  if (FLOAT_NAN.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(source) || FLOAT.test(source)) return parseFloat(source.replace(/_/g, ''));
  if (SEXAGESIMAL.test(source)) throw GIVE_UP;
  return oneCopy(source);
}

function integer(source: string, offset: number, radix: number): number {
  const sign = source[0];
  const digits = source.substring(sign === '-' || sign === '+' ? offset + 1 : offset).replace(/_/g, '');
  const n = parseInt(digits, radix);
  return sign === '-' ? -1 * n : n;
}

// yaml's YAML 1.2 core schema, in its order (yaml/dist/schema/core): the first test that matches gives the type.
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar as yaml types it under YAML 1.2's core schema (config files). */
function typedCore(source: string): Scalar {
  if (NULL.test(source)) return null;
  if (CORE_BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (CORE_INT_OCT.test(source)) return parseInt(source.substring(2), 8);
  if (CORE_INT.test(source)) return parseInt(source, 10);
  if (CORE_INT_HEX.test(source)) return parseInt(source.substring(2), 16);
  if (FLOAT_NAN.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (CORE_FLOAT_EXP.test(source) || CORE_FLOAT.test(source)) return parseFloat(source);
  return oneCopy(source);
}
