import { originsOf, sameRange, type SourceRange, type Value } from '../model';

/** A node of a resource body with the key range of the entry holding it, and its place in a walk. */
interface BodyNode {
  value: Value;
  keyRange?: SourceRange;
  order: number;
}

/**
 * The nodes of each body that hold origins (in themselves or inside), by where their value ends: a
 * rule reports several findings on one resource, and each would otherwise walk the whole body again
 * (profiled). Bodies are not changed once built.
 */
const nodesByEnd = new WeakMap<Value, Map<number, BodyNode[]>>();

const endKey = (r: SourceRange) => r.endLine * 0x100000 + r.endColumn;

function indexByEnd(body: Value): Map<number, BodyNode[]> {
  let index = nodesByEnd.get(body);
  if (index) return index;
  const built = new Map<number, BodyNode[]>();
  let order = 0;
  const visit = (value: Value, keyRange?: SourceRange): boolean => {
    const at = order++;
    let held = value.origins !== undefined;
    if (value.kind === 'list') {
      for (const item of value.items) if (visit(item)) held = true;
    } else if (value.kind === 'object') {
      for (const e of value.entries) if (visit(e.value, e.keyRange)) held = true;
    }
    if (held) {
      const key = endKey(value.range);
      const nodes = built.get(key);
      const node = { value, keyRange, order: at };
      if (nodes) nodes.push(node);
      else built.set(key, [node]);
    }
    return held;
  };
  visit(body);
  // Children were added before their parents: back to the order of a walk from the top.
  for (const nodes of built.values()) if (nodes.length > 1) nodes.sort((a, b) => a.order - b.order);
  nodesByEnd.set(body, (index = built));
  return index;
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
export function originsAt(body: Value, range: SourceRange): SourceRange[] {
  const found: SourceRange[] = [];
  // Both ways of matching need the value to end where the range ends; a node without origins adds none.
  for (const { value, keyRange } of indexByEnd(body).get(endKey(range)) ?? []) {
    const atAttribute =
      keyRange !== undefined &&
      keyRange.file === range.file &&
      keyRange.line === range.line &&
      keyRange.column === range.column &&
      value.range.endLine === range.endLine &&
      value.range.endColumn === range.endColumn;
    if (atAttribute || sameRange(value.range, range)) {
      if (value.kind !== 'object' || value.origins) originsOf(value, found);
    }
  }
  return found;
}
