import { originsOf, sameRange, type SourceRange, type Value } from '../model';

/**
 * Where the value a finding read was written, when that was somewhere else than where it is used: a
 * rule reports the range of what it read (an attribute from its key to the end of its value, or the
 * value itself), so the node at that range in the resource's body is what the finding depends on.
 *
 * An object found only as the nearest enclosing object of an absent setting counts only when it was
 * itself supplied from elsewhere (an object variable): a block written in place does not make the
 * absence depend on the variables its other attributes read.
 *
 * Each finding walks the body again, allocating nothing on the way: an index of each body, kept for
 * the findings still to come, outlived several collections and cost more in them than the walks it
 * saved (profiled).
 */
export function originsAt(body: Value, range: SourceRange): SourceRange[] {
  const found: SourceRange[] = [];
  collectOrigins(body, undefined, range, found);
  return found;
}

/** The origins of the nodes at `range` under `value`, in the order of a walk from the top. */
function collectOrigins(
  value: Value,
  keyRange: SourceRange | undefined,
  range: SourceRange,
  found: SourceRange[],
): void {
  // Both ways of matching need the value to end where the range ends.
  if (value.range.endLine === range.endLine && value.range.endColumn === range.endColumn) {
    const atAttribute =
      keyRange !== undefined &&
      keyRange.file === range.file &&
      keyRange.line === range.line &&
      keyRange.column === range.column;
    if ((atAttribute || sameRange(value.range, range)) && (value.kind !== 'object' || value.origins))
      originsOf(value, found);
  }
  if (value.kind === 'list') for (const item of value.items) collectOrigins(item, undefined, range, found);
  else if (value.kind === 'object')
    for (const e of value.entries) collectOrigins(e.value, e.keyRange, range, found);
}
