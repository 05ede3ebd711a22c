import { originsOf, sameRange, type SourceRange, type Value } from '../model';

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
  const visit = (value: Value, keyRange?: SourceRange) => {
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
    if (value.kind === 'list') for (const item of value.items) visit(item);
    else if (value.kind === 'object') for (const e of value.entries) visit(e.value, e.keyRange);
  };
  visit(body);
  return found;
}
