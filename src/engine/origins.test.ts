import fc from 'fast-check';
import {
  LineIndex,
  relocated,
  sameEnd,
  sameRange,
  type ObjectEntry,
  type SourceRange,
  type Value,
} from '../model';
import { OriginsIndex } from './origins';

/**
 * One text under one display path, indexed twice (two loads of one file give two sources), and a file
 * of variables the origins point into: ranges of either source and plain ones name the same spans.
 */
const TEXT = 'ab\n\ncd\nefg';
const sources = [new LineIndex(TEXT), new LineIndex(TEXT)];
const variables = new LineIndex(TEXT);

/** A range from its start, length and kind: over the first or second source, or plain. */
type RangeSpec = [start: number, length: number, kind: 0 | 1 | 2];

function rangeOf([start, length, kind]: RangeSpec): SourceRange {
  const end = Math.min(start + length, TEXT.length);
  const over = sources[kind === 1 ? 1 : 0].range('main.tf', start, end);
  if (kind !== 2) return over;
  const { file, line, column, endLine, endColumn } = over;
  return { file, line, column, endLine, endColumn };
}

const rangeSpec: fc.Arbitrary<RangeSpec> = fc.tuple(
  fc.nat(TEXT.length),
  fc.nat(3),
  fc.constantFrom<0 | 1 | 2>(0, 1, 2),
);

const originsSpec = fc.option(
  fc.array(fc.tuple(fc.nat(TEXT.length), fc.nat(2)), { minLength: 1, maxLength: 2 }),
  {
    nil: undefined,
  },
);

/** Origins in the variables' file (a few places, so that some repeat). */
const originsOf = (specs: Array<[number, number]> | undefined): SourceRange[] | undefined =>
  specs?.map(([start, length]) =>
    variables.range('variables.tf', start, Math.min(start + length, TEXT.length)),
  );

const { node: body } = fc.letrec<{ node: Value }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .record({ range: rangeSpec, origins: originsSpec })
      .map(({ range, origins }): Value =>
        withOrigins({ kind: 'scalar', value: 'x', range: rangeOf(range) }, origins),
      ),
    fc
      .record({
        range: rangeSpec,
        origins: originsSpec,
        entries: fc.array(fc.tuple(rangeSpec, tie('node')), { maxLength: 3 }),
      })
      .map(({ range, origins, entries }): Value =>
        withOrigins(
          {
            kind: 'object',
            range: rangeOf(range),
            entries: entries.map(([keyRange, value], i): ObjectEntry => ({
              key: `k${i}`,
              keyRange: rangeOf(keyRange),
              value,
            })),
          },
          origins,
        ),
      ),
    fc
      .record({ range: rangeSpec, origins: originsSpec, items: fc.array(tie('node'), { maxLength: 3 }) })
      .map(({ range, origins, items }): Value =>
        withOrigins({ kind: 'list', range: rangeOf(range), items }, origins),
      ),
    // A value read through a reference: its objects copied when read, which the index does not walk into.
    fc
      .record({ range: rangeSpec, value: tie('node') })
      .map(({ range, value }): Value => relocated(value, rangeOf(range), undefined, true)),
  ),
}));

function withOrigins(value: Value, specs: Array<[number, number]> | undefined): Value {
  const origins = originsOf(specs);
  if (origins) value.origins = origins;
  return value;
}

const children = (v: Value): Value[] =>
  v.kind === 'object' ? v.entries.map((e) => e.value) : v.kind === 'list' ? v.items : [];

/**
 * The plain way, as OriginsIndex.at documents it: every node of the body, parents before children,
 * that ends where the range ends and is at it (the whole value, or its attribute from the key), adds
 * the origins in it (an object only when supplied from elsewhere itself), each once as sameRange tells.
 */
function walked(body: Value, range: SourceRange, dependsOn: readonly SourceRange[]): SourceRange[] {
  const found: SourceRange[] = [];
  const add = (r: SourceRange) => {
    if (!found.some((k) => sameRange(k, r))) found.push(r);
  };
  const originsIn = (v: Value): void => {
    v.origins?.forEach(add);
    children(v).forEach(originsIn);
  };
  const visit = (v: Value, entry: ObjectEntry | undefined, at: SourceRange): void => {
    const atAttribute =
      entry !== undefined &&
      entry.keyRange.file === at.file &&
      entry.keyRange.line === at.line &&
      entry.keyRange.column === at.column;
    if (sameEnd(v.range, at) && (atAttribute || sameRange(v.range, at)) && (v.kind !== 'object' || v.origins))
      originsIn(v);
    if (v.kind === 'object') for (const e of v.entries) visit(e.value, e, at);
    else if (v.kind === 'list') for (const item of v.items) visit(item, undefined, at);
  };
  for (const at of [range, ...dependsOn]) visit(body, undefined, at);
  return found;
}

describe('OriginsIndex', () => {
  it('finds what walking the whole body finds, in order, for lookups again and again at ranges of either source or plain', () => {
    fc.assert(
      fc.property(
        body,
        fc.array(fc.tuple(rangeSpec, fc.array(rangeSpec, { maxLength: 2 })), { minLength: 1, maxLength: 12 }),
        (tree, lookups) => {
          const index = new OriginsIndex();
          for (const [at, others] of lookups) {
            const range = rangeOf(at);
            const dependsOn = others.map(rangeOf);
            const expected = walked(tree, range, dependsOn);
            const found = index.of(tree, range, dependsOn);
            expect(found).toEqual(expected);
            // The origins' own objects (the first of equal ones), not copies.
            expect(found.every((r, i) => r === expected[i])).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('walks into an object read through a reference when the copy itself has no origins', () => {
    // Copied to where it is written (so no origins of its own), its member written elsewhere: a lookup at
    // the object finds the member's origin.
    const at = sources[0].range('main.tf', 0, 2);
    const member = sources[0].range('main.tf', 4, 6);
    const written: Value = {
      kind: 'object',
      entries: [{ key: 'k', keyRange: member, value: { kind: 'scalar', value: 'x', range: member } }],
      range: at,
    };
    const copy = relocated(written, at, undefined, true);
    expect(copy.origins).toBeUndefined();
    expect(new OriginsIndex().of(copy, at)).toEqual([member]);
  });
});
