import {
  DistinctRanges,
  isRelocatedObject,
  offsetsOf,
  originsOf,
  rangeKey,
  sameEnd,
  sameRange,
  type ObjectEntry,
  type RangeSource,
  type SourceRange,
  type Value,
} from '../model';

/**
 * The nodes of a body that hold origins (in themselves or inside), parents before children: each
 * node's value, and the entry holding it (undefined for an item or the body itself), whose key range
 * is read only for a node that ends where a finding does (an entry may make it when read).
 */
interface HeldNodes {
  values: Value[];
  entries: Array<ObjectEntry | undefined>;
  /**
   * For each node whose range is made from offsets, the text it points into and its end offset (else
   * undefined and -1): a lookup at a range of that text compares ends without a call per node.
   */
  sources: Array<RangeSource | undefined>;
  ends: Int32Array;
}

/**
 * What the lookups of one body found. By offsets for a range of the first text looked up in (the
 * body's own, nearly always), by rangeKey otherwise: a key string worked out for each finding, two
 * line lookups and a string to hash, was a third of the origins' cost in an ARM scan (measured).
 * Offsets of one text name one span, so a lookup by them finds what one by key would have.
 */
interface Lookups {
  source: RangeSource | undefined;
  /**
   * By start and end offset as one number (see spanKey): a map per start offset was most of the maps
   * the lookups made (measured: 0.44 MB of maps per ARM scan).
   */
  byOffsets: Map<number, readonly SourceRange[]>;
  /** Made on first use: most bodies are looked up in only by offsets. */
  byKey: Map<string, readonly SourceRange[]> | undefined;
}

/** Texts up to this length have every start and end offset pair told by one exact number. */
const MAX_KEYED_LENGTH = 2 ** 26;

/**
 * The offsets of a span of a text as one number, exact (below 2^53) for texts up to MAX_KEYED_LENGTH;
 * undefined for longer ones.
 */
export function spanKey(source: RangeSource, start: number, end: number): number | undefined {
  const length = source.lines.text.length;
  return length <= MAX_KEYED_LENGTH ? start * (length + 1) + end : undefined;
}

const NO_RANGES: readonly SourceRange[] = [];

/**
 * Where the values findings read were written (see `at`), for one run of the rules. It keeps the held
 * nodes of each body findings were reported on: a rule reports several findings on one resource, and
 * each would otherwise walk the whole body again (profiled). A finding's lookup runs down the list
 * comparing where each value ends, offsets within one file; four arrays per body, no object per node.
 * Kept by the run, not by the bodies (a graph outlives its rules' run: the report, a language server's
 * cache); bodies are not changed once built. And it keeps what each lookup found, by body and ranges:
 * rules report at the same range of a resource again and again (a whole resource, for each setting it
 * lacks); on the AVM AKS module's body that repeated walk was a fifth of a one-file scan.
 */
export class OriginsIndex {
  private readonly heldNodes = new Map<Value, HeldNodes>();
  private readonly found = new Map<Value, Lookups>();

  /**
   * Where the values at `range` and at each of `dependsOn` in `body` were written (see `at`), each
   * once, in the order found.
   */
  of(body: Value, range: SourceRange, dependsOn: readonly SourceRange[] = NO_RANGES): readonly SourceRange[] {
    let lookups = this.found.get(body);
    if (lookups === undefined) {
      lookups = { source: undefined, byOffsets: new Map(), byKey: undefined };
      this.found.set(body, lookups);
    }
    const offsets = dependsOn.length === 0 ? offsetsOf(range) : undefined;
    const span =
      offsets !== undefined && (lookups.source ??= offsets.source) === offsets.source
        ? spanKey(offsets.source, offsets.start, offsets.end)
        : undefined;
    if (span !== undefined) {
      let known = lookups.byOffsets.get(span);
      if (known === undefined) lookups.byOffsets.set(span, (known = this.lookUp(body, range, dependsOn)));
      return known;
    }
    let key = rangeKey(range);
    for (const other of dependsOn) key += `\u0001${rangeKey(other)}`;
    const byKey = (lookups.byKey ??= new Map());
    let known = byKey.get(key);
    if (known === undefined) byKey.set(key, (known = this.lookUp(body, range, dependsOn)));
    return known;
  }

  private lookUp(body: Value, range: SourceRange, dependsOn: readonly SourceRange[]): readonly SourceRange[] {
    const found = new DistinctRanges();
    this.at(body, range, found);
    for (const other of dependsOn) this.at(body, other, found);
    return found.list;
  }

  private heldNodesOf(body: Value): HeldNodes {
    let held = this.heldNodes.get(body);
    if (held === undefined) {
      const values: Value[] = [];
      const entries: Array<ObjectEntry | undefined> = [];
      collect(body, undefined, { values, entries });
      // Made at their size, once the nodes are known: grown by push they left their smaller copies
      // behind (measured: 0.8 MB per Terraform scan of the bench corpus).
      const sources = new Array<RangeSource | undefined>(values.length);
      const ends = new Int32Array(values.length);
      for (let i = 0; i < values.length; i++) {
        const offsets = offsetsOf(values[i].range);
        sources[i] = offsets?.source;
        ends[i] = offsets !== undefined ? offsets.end : -1;
      }
      held = { values, entries, sources, ends };
      this.heldNodes.set(body, held);
    }
    return held;
  }

  /**
   * Where the value a finding read was written, when that was somewhere else than where it is used: a
   * rule reports the range of what it read (an attribute from its key to the end of its value, or the
   * value itself), so the node at that range in the resource's body is what the finding depends on.
   *
   * An object found only as the nearest enclosing object of an absent setting counts only when it was
   * itself supplied from elsewhere (an object variable): a block written in place does not make the
   * absence depend on the variables its other attributes read.
   */
  private at(body: Value, range: SourceRange, found: DistinctRanges): void {
    const { values, entries, sources, ends } = this.heldNodesOf(body);
    const offsets = offsetsOf(range);
    const source = offsets?.source;
    const end = offsets !== undefined ? offsets.end : -1;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      // Both ways of matching need the value to end where the range ends (as sameEnd tells: offsets
      // within one text); a node without origins adds none.
      if (source !== undefined && sources[i] === source) {
        if (ends[i] !== end) continue;
      } else if (!sameEnd(value.range, range)) continue;
      const keyRange = entries[i]?.keyRange;
      const atAttribute =
        keyRange !== undefined &&
        keyRange.file === range.file &&
        keyRange.line === range.line &&
        keyRange.column === range.column;
      if (atAttribute || sameRange(value.range, range)) {
        if (value.kind !== 'object' || value.origins) originsOf(value, found);
      }
    }
  }
}

/**
 * Adds `value` and the nodes inside it that hold origins to `into`, each parent before its children:
 * its place is taken before its children are walked, and given back when none of them holds any (so
 * it is then the last place).
 */
function collect(
  value: Value,
  entry: ObjectEntry | undefined,
  into: Pick<HeldNodes, 'values' | 'entries'>,
): boolean {
  into.values.push(value);
  into.entries.push(entry);
  let held = value.origins !== undefined;
  if (value.kind === 'list') {
    const items = value.items;
    for (let i = 0; i < items.length; i++) if (collect(items[i], undefined, into)) held = true;
  } else if (value.kind === 'object' && !(held && isRelocatedObject(value))) {
    // A relocated object with origins is not walked into: every node inside it, and every key, is at its
    // range, so a lookup that finds one of them (at that range) finds the object first, whose origins
    // take in theirs. Walking in would copy its entries (see relocated): every resource's tags, for
    // each resource a finding is reported on.
    const entries = value.entries;
    for (let i = 0; i < entries.length; i++) if (collect(entries[i].value, entries[i], into)) held = true;
  }
  if (!held) {
    into.values.pop();
    into.entries.pop();
  }
  return held;
}
