// From value.ts and range.ts themselves, not the model's index: compiled to CommonJS (dist/, which the
// bench runs), every call through the index's re-export is a getter call.
import { list, object, packed, type ObjectEntry, type Value } from '../../model/value';
import { spanRange, type SourceRange } from '../../model/range';
import { oneCopy } from '../../parsers/strings';
import type { Block, BodyItem } from '../../parsers/terraform/syntax';
import { bind, entryAt, evaluate, iterationPairs, rangeOf, sourceOf, type EvalContext } from './evaluate';
import { propagate, scalarToString, SCANNED_ENTRIES } from './values';

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
 * The entries of the bodies being evaluated, innermost last: a body's entries are built on top of this
 * stack and copied off it at their size when the body is done. An array of their own for each body grew
 * as they were pushed (room for 16 at the first push) and was copied again at its size: about a twentieth
 * of what a full scan of the bench corpus's Terraform allocated. A nested body, and a module that an
 * expression of the body instantiates, build above and leave the stack as they found it.
 */
const building: Array<ObjectEntry | undefined> = [];
let built = 0;

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
  // This body's entries are building[base] to building[built - 1].
  const base = built;
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
        building[built++] = entry;
        if (keys) keys.add(entry.key);
        else if (built - base > SCANNED_ENTRIES) keys = builtKeys(base);
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
        building[built++] = entry;
        if (keys) keys.add(entry.key);
        else if (built - base > SCANNED_ENTRIES) keys = builtKeys(base);
        group = { type, entry, blocks: [], first: blockRange, last: blockRange };
        (groups ??= []).push(group);
        if (groupOf) groupOf.set(type, group);
        else if (groups.length > SCANNED_ENTRIES) groupOf = new Map(groups.map((g) => [g.type, g]));
      }
      group.last = blockRange;
      if (dynamic) expandDynamic(item, type, ctx, blockRange, group, nesting);
      else group.blocks.push(evaluateBody(item.body, ctx, blockRange, undefined, nesting + 1));
    }
    // At their size, without spare room (see packed).
    const entries = building.slice(base, built) as ObjectEntry[];
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
    // Nothing kept alive from the stack; it keeps its room.
    for (let k = base; k < built; k++) building[k] = undefined;
    built = base;
  }
}

/** Where among the entries built from `base` on the key is, or -1. */
function builtKeyAt(base: number, key: string): number {
  for (let k = base; k < built; k++) if (building[k]!.key === key) return k;
  return -1;
}

/** Removes the entry of the key from the entries built from `base` on (a repeated key replaces it). */
function removeBuilt(base: number, key: string): void {
  const at = builtKeyAt(base, key);
  if (at < 0) return;
  for (let k = at; k < built - 1; k++) building[k] = building[k + 1];
  building[--built] = undefined;
}

/** The keys of the entries built from `base` on (see SCANNED_ENTRIES). */
function builtKeys(base: number): Set<string> {
  const keys = new Set<string>();
  for (let k = base; k < built; k++) keys.add(building[k]!.key);
  return keys;
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
