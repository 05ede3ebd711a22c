import { escapeJsonControls } from './text';

/**
 * `JSON.stringify(value, null, 2)` in pieces: the same text, with every array and object above
 * `depth` levels written member by member, so that a report of a hundred thousand findings is written
 * without first being built as one string several hundred megabytes long.
 */
export function* jsonChunks(value: unknown, depth = 2, indent = ''): Generator<string> {
  const inner = `${indent}  `;
  if (depth === 1 && Array.isArray(value) && value.length > 0) {
    // Items written whole (findings, SARIF results): a run of them per JSON.stringify, which indents
    // them itself, in place of one call and one re-indenting pass over its text per item (the JSON
    // report of the bench corpus, 5,774 findings, took 2-3% of the scan's CPU, serial at its end).
    yield '[';
    for (let start = 0; start < value.length; start += ITEMS_PER_PIECE) {
      const items = indented(value.slice(start, start + ITEMS_PER_PIECE), inner.length / 2);
      yield `${start > 0 ? ',' : ''}\n${inner}${escapeJsonControls(items)}`;
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth > 0 && Array.isArray(value) && value.length > 0) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i > 0 ? ',' : ''}\n${inner}`;
      const item: unknown = value[i];
      // As JSON.stringify writes them in an array.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') yield 'null';
      else yield* jsonChunks(item, depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  if (depth > 0 && isPlainObject(value)) {
    const members = Object.entries(value).filter(
      ([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol',
    );
    if (members.length > 0) {
      yield '{';
      for (let i = 0; i < members.length; i++) {
        yield `${i > 0 ? ',' : ''}\n${inner}${escapeJsonControls(JSON.stringify(members[i][0]))}: `;
        yield* jsonChunks(members[i][1], depth - 1, inner);
      }
      yield `\n${indent}}`;
      return;
    }
  }
  yield escapeJsonControls(JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}

/** Items of an array written whole, per piece: a run of findings is tens of KB. */
const ITEMS_PER_PIECE = 16;

/**
 * Array items as JSON.stringify(…, null, 2) writes them `level` levels deep, separated as it separates
 * them, without the brackets: the items are nested `level` arrays deep and the brackets cut off.
 */
function indented(items: unknown[], level: number): string {
  let nested: unknown = items;
  for (let i = 1; i < level; i++) nested = [nested];
  const text = JSON.stringify(nested, null, 2);
  // Each level opens with "[\n" and its indent (2 per level), and closes with "\n", its indent and "]".
  return text.slice(level * (level + 3), text.length - level * (level + 1));
}

/** An object JSON.stringify writes member by member (no toJSON of its own). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && !('toJSON' in value);
}

/** Small pieces gathered into writes of about `size` characters. */
export function* batched(chunks: Iterable<string>, size = 1 << 16): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    length += chunk.length;
    if (length >= size) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield pending.join('');
}
