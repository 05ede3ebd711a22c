import {
  DistinctRanges,
  originsOf,
  sameEnd,
  sameRange,
  type ObjectEntry,
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
}

/**
 * The held nodes of each body: a rule reports several findings on one resource, and each would
 * otherwise walk the whole body again (profiled). A finding's lookup runs down the list comparing
 * where each value ends, offsets within one file; two arrays per body, no object per node (a scan
 * keeps them until its rules are done). Bodies are not changed once built.
 */
const heldNodes = new WeakMap<Value, HeldNodes>();

function heldNodesOf(body: Value): HeldNodes {
  let held = heldNodes.get(body);
  if (held === undefined) {
    held = { values: [], entries: [] };
    collect(body, undefined, held);
    heldNodes.set(body, held);
  }
  return held;
}

/**
 * Adds `value` and the nodes inside it that hold origins to `into`, each parent before its children:
 * its place is taken before its children are walked, and given back when none of them holds any (so
 * it is then the last place).
 */
function collect(value: Value, entry: ObjectEntry | undefined, into: HeldNodes): boolean {
  into.values.push(value);
  into.entries.push(entry);
  let held = value.origins !== undefined;
  if (value.kind === 'list') {
    const items = value.items;
    for (let i = 0; i < items.length; i++) if (collect(items[i], undefined, into)) held = true;
  } else if (value.kind === 'object') {
    const entries = value.entries;
    for (let i = 0; i < entries.length; i++) if (collect(entries[i].value, entries[i], into)) held = true;
  }
  if (!held) {
    into.values.pop();
    into.entries.pop();
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
export function originsAt(
  body: Value,
  range: SourceRange,
  found: DistinctRanges = new DistinctRanges(),
): SourceRange[] {
  const { values, entries } = heldNodesOf(body);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    // Both ways of matching need the value to end where the range ends; a node without origins adds none.
    if (!sameEnd(value.range, range)) continue;
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
  return found.list;
}
