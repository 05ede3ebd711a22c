// From value.ts and range.ts themselves, not the model's index: compiled to CommonJS (dist/, which the
// bench runs), every call through the index's re-export is a getter call.
import { list, object, packed, type ObjectEntry, type Value } from '../../model/value';
import { spanRange, type SourceRange } from '../../model/range';
import { oneCopy } from '../../parsers/strings';
import type { Block, BodyItem } from '../../parsers/terraform/syntax';
import { bind, entryAt, evaluate, iterationPairs, rangeOf, sourceOf, type EvalContext } from './evaluate';
import {
  building,
  builtKeyAt,
  builtKeys,
  dropBuilt,
  propagate,
  removeBuilt,
  scalarToString,
  SCANNED_ENTRIES,
  takeBuilt,
} from './values';

interface BlockGroup {
  type: string;
  entry: ObjectEntry;
  blocks: Value[];
  first: SourceRange;
  last: SourceRange;
  unknown?: Value;
}

const MAX_NESTING = 64;

/**
 * A block body as an object: attributes are entries keyed by name; nested blocks are entries keyed by
 * block type whose value is the block's object, or a list of objects when the type appears more than
 * once. `dynamic` blocks expand into blocks of their label's type.
 */
export function evaluateBody(
  items: readonly BodyItem[],
  bodyCtx: EvalContext,
  range: SourceRange,
  skip?: ReadonlySet<string>,
  nesting = 0,
): Value & { kind: 'object' } {
  // This body's entries are built on the stack of entries from here (see building).
  const base = building.top;
  // Made at the first nested block; the map past SCANNED_ENTRIES groups, the set past as many entries.
  let groups: BlockGroup[] | undefined;
  let groupOf: Map<string, BlockGroup> | undefined;
  let keys: Set<string> | undefined;
  try {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      // inFileOf written out: the CLI's flags for large scans keep V8 from inlining a call for every item.
      const ctx = item.file && item.file !== bodyCtx.file ? { ...bodyCtx, file: item.file } : bodyCtx;
      if (item.t === 'attribute') {
        if (skip?.has(item.name)) continue;
        if (keys ? keys.has(item.name) : builtKeyAt(base, item.name) >= 0) removeBuilt(base, item.name);
        const entry = entryAt(ctx.file, oneCopy(item.name), evaluate(item.expr, ctx), item.nameS, item.nameE);
        building.entries[building.top++] = entry;
        if (keys) keys.add(entry.key);
        else if (building.top - base > SCANNED_ENTRIES) keys = builtKeys(base);
        continue;
      }
      if (skip?.has(item.type) || nesting > MAX_NESTING) continue;
      const blockRange = rangeOf(ctx.file, item.s, item.e);
      const dynamic = item.type === 'dynamic' && item.labels.length > 0;
      const type = dynamic ? item.labels[0].value : item.type;
      let group = groupOf ? groupOf.get(type) : groups && groupByScan(groups, type);
      if (!group) {
        const key = dynamic ? item.labels[0] : undefined;
        const entry = key
          ? entryAt(ctx.file, oneCopy(type), object([], blockRange), key.s, key.e)
          : entryAt(ctx.file, oneCopy(type), object([], blockRange), item.typeS, item.typeE);
        building.entries[building.top++] = entry;
        if (keys) keys.add(entry.key);
        else if (building.top - base > SCANNED_ENTRIES) keys = builtKeys(base);
        group = { type, entry, blocks: [], first: blockRange, last: blockRange };
        (groups ??= []).push(group);
        if (groupOf) groupOf.set(type, group);
        else if (groups.length > SCANNED_ENTRIES) groupOf = new Map(groups.map((g) => [g.type, g]));
      }
      group.last = blockRange;
      if (dynamic) expandDynamic(item, type, ctx, blockRange, group, nesting);
      else group.blocks.push(evaluateBody(item.body, ctx, blockRange, undefined, nesting + 1));
    }
    const entries = takeBuilt(base);
    if (!groups) return object(entries, range);
    // A dynamic block whose for_each is empty declares no block at all: its group's entry goes.
    let empty: ObjectEntry[] | undefined;
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      if (group.unknown) group.entry.value = group.unknown;
      else if (group.blocks.length === 1) group.entry.value = group.blocks[0];
      else {
        group.entry.value = list(group.blocks, spanRange(group.first, group.last));
        if (group.blocks.length === 0) (empty ??= []).push(group.entry);
      }
    }
    if (!empty) return object(entries, range);
    const dropped = empty;
    return object(packed(entries.filter((e) => !dropped.includes(e))), range);
  } finally {
    dropBuilt(base);
  }
}

/** The group of blocks of `type` among a body's first few groups. */
function groupByScan(groups: readonly BlockGroup[], type: string): BlockGroup | undefined {
  for (let i = 0; i < groups.length; i++) if (groups[i].type === type) return groups[i];
  return undefined;
}

function expandDynamic(
  block: Block,
  type: string,
  ctx: EvalContext,
  blockRange: SourceRange,
  group: BlockGroup,
  nesting: number,
): void {
  let forEach: Value | undefined;
  let iterator = type;
  let content: Block | undefined;
  for (const item of block.body) {
    if (item.t === 'attribute' && item.name === 'for_each') forEach = evaluate(item.expr, ctx);
    else if (item.t === 'attribute' && item.name === 'iterator' && item.expr.t === 'var')
      iterator = item.expr.name;
    else if (item.t === 'block' && item.type === 'content') content = item;
  }
  if (!content || !forEach) return;
  const source = sourceOf(ctx.file, block);
  if (forEach.kind === 'unknown') {
    group.unknown = propagate(
      { ...forEach, reason: `the dynamic "${type}" blocks are unknown: ${forEach.reason}` },
      source,
      blockRange,
    );
    return;
  }
  const pairs = iterationPairs(forEach);
  if (!pairs) return;
  for (const [key, value] of pairs) {
    const it = object(
      [
        { key: 'key', keyRange: key.range, value: key },
        { key: 'value', keyRange: value.range, value },
      ],
      blockRange,
    );
    const inner = bind(ctx, iterator, it);
    group.blocks.push(evaluateBody(content.body, inner, blockRange, undefined, nesting + 1));
  }
}

/** `[0]`, `["eu"]`: the instance key as Terraform prints it in an address. */
export function instanceSuffix(key: Value | undefined): string {
  if (!key || key.kind !== 'scalar' || key.value === null) return '';
  return typeof key.value === 'number' ? `[${key.value}]` : `[${JSON.stringify(scalarToString(key.value))}]`;
}

/** The context to evaluate an item in: the override file it was merged in from, if any. */
export function inFileOf(item: BodyItem, ctx: EvalContext): EvalContext {
  return item.file && item.file !== ctx.file ? { ...ctx, file: item.file } : ctx;
}
