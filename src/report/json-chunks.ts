import { escapeJsonControls } from './text';

/**
 * `JSON.stringify(value, null, 2)` in pieces: the same text, with every array and object above
 * `depth` levels written member by member, so that a report of a hundred thousand findings is written
 * without first being built as one string several hundred megabytes long.
 */
export function* jsonChunks(value: unknown, depth = 2, indent = ''): Generator<string> {
  const inner = `${indent}  `;
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
  yield escapeJsonControls(indented(value, indent));
}

/**
 * `JSON.stringify(value, null, 2)` with every line after the first indented by `indent` (two spaces a
 * level), written so by JSON.stringify itself: the value as the item of arrays nested that deep, cut
 * out of them. Replacing each line break afterwards took longer than the stringify (measured on the
 * AVM AKS module's report, about 500 KB). As an item, a value's toJSON is told its index instead of
 * '' for a key: none written here reads it (ranges and entries).
 */
function indented(value: unknown, indent: string): string {
  const levels = indent.length / 2;
  let wrapped = value;
  for (let i = 0; i < levels; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2) ?? 'null';
  // Before the item, `[\n` and the indentation of each level and then its own (`[\n  [\n    ` for two);
  // after it, a line break and the indentation and `]` of each (`\n  ]\n]`).
  return levels === 0
    ? text
    : text.slice(levels * levels + 3 * levels, text.length - levels * levels - levels);
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
