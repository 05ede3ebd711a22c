import fc from 'fast-check';
import {
  DistinctRanges,
  LineIndex,
  offsetsOf,
  sameEnd,
  sameRange,
  spanRange,
  type SourceRange,
} from './range';

/** A range's members as read, in the order a report writes them. */
const read = (r: SourceRange) => ({
  file: r.file,
  line: r.line,
  column: r.column,
  endLine: r.endLine,
  endColumn: r.endColumn,
});

/** Line and column by counting, for comparison. */
function counted(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

describe('LineIndex', () => {
  it('finds the line of every offset, asked in any order (the last line found is tried first)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 60 }),
        fc.array(fc.nat(70), { maxLength: 30 }),
        (text, offsets) => {
          const lines = new LineIndex(text);
          for (const o of offsets) {
            const offset = Math.min(o, text.length);
            const end = Math.min(offset + (o % 7), text.length);
            const s = counted(text, offset);
            const e = counted(text, end);
            expect(lines.position(offset)).toEqual(s);
            const expected = {
              file: 'f',
              line: s.line,
              column: s.column,
              endLine: e.line,
              endColumn: e.column,
            };
            const range = lines.range('f', offset, end);
            expect(read(range)).toEqual(expected);
            // JSON (reports, results from worker threads) writes it as a plain range, members in order.
            expect(JSON.stringify(range)).toBe(JSON.stringify(expected));
            expect(sameRange(range, expected)).toBe(true);
            // And back: the line and column of an offset give the offset.
            expect(lines.offset(s.line, s.column)).toBe(offset);
          }
          expect(lines.lineCount).toBe(text.split('\n').length);
          expect(lines.offset(text.split('\n').length + 1, 1)).toBeUndefined();
        },
      ),
    );
  });

  it('indexes texts of many lines, and a short one after them', () => {
    const long = Array.from({ length: 5000 }, (_, i) => 'x'.repeat(i % 7)).join('\n');
    const lines = new LineIndex(long);
    expect(lines.lineCount).toBe(5000);
    for (const offset of [0, 1, long.length >> 1, long.length - 1, long.length])
      expect(lines.position(offset)).toEqual(counted(long, offset));
    const short = new LineIndex('a\nb');
    expect(short.lineCount).toBe(2);
    expect(short.position(2)).toEqual({ line: 2, column: 1 });
    // The long text's index is its own, not a view of what a later text wrote.
    expect(lines.position(long.length)).toEqual(counted(long, long.length));
    // Past the most the scratch array keeps (65,536 starts), and a short text after it.
    const huge = '\n'.repeat(70_000);
    expect(new LineIndex(huge).position(huge.length)).toEqual({ line: 70_001, column: 1 });
    expect(new LineIndex('x\ny\nz').position(4)).toEqual({ line: 3, column: 1 });
  });

  it('compares ranges by their offsets, and as plain ranges when from another index', () => {
    const text = 'a = 1\nb = 2\n';
    const lines = new LineIndex(text);
    expect(sameRange(lines.range('f', 6, 11), lines.range('f', 6, 11))).toBe(true);
    expect(sameRange(lines.range('f', 6, 11), lines.range('f', 6, 10))).toBe(false);
    expect(sameRange(lines.range('f', 6, 11), new LineIndex(text).range('f', 6, 11))).toBe(true);
    expect(sameRange(lines.range('f', 6, 11), lines.range('g', 6, 11))).toBe(false);
  });

  it('tells ranges that end together, by offsets in one text, else by line and column of any file', () => {
    const text = 'a = 1\nb = 2\n';
    const lines = new LineIndex(text);
    expect(sameEnd(lines.range('f', 6, 11), lines.range('f', 10, 11))).toBe(true);
    expect(sameEnd(lines.range('f', 6, 11), lines.range('f', 6, 10))).toBe(false);
    expect(sameEnd(lines.range('f', 6, 11), new LineIndex(text).range('f', 0, 11))).toBe(true);
    expect(sameEnd(lines.range('f', 6, 11), read(lines.range('g', 0, 11)))).toBe(true);
    expect(sameEnd(read(lines.range('f', 0, 5)), lines.range('f', 6, 11))).toBe(false);
  });

  it('spans from the start of one range to the end of another, lazy or plain', () => {
    const lines = new LineIndex('key = [\n  1,\n]\n');
    const span = { file: 'f', line: 1, column: 1, endLine: 3, endColumn: 2 };
    expect(read(spanRange(lines.range('f', 0, 3), lines.range('f', 6, 14)))).toEqual(span);
    expect(spanRange(read(lines.range('f', 0, 3)), lines.range('f', 6, 14))).toEqual(span);
  });
});

describe('offsetsOf', () => {
  it('gives a range made from offsets its offsets, and a range of lines and columns none', () => {
    const lines = new LineIndex('a = 1\nb = 2\n');
    expect(offsetsOf(lines.range('f.tf', 6, 11))).toMatchObject({ start: 6, end: 11 });
    expect(offsetsOf({ file: 'f.tf', line: 2, column: 1, endLine: 2, endColumn: 6 })).toBeUndefined();
  });
});

describe('DistinctRanges', () => {
  /** Each range kept once, as sameRange tells, in the order first added: the plain way. */
  const distinct = (ranges: readonly SourceRange[], known: SourceRange[] = []) =>
    ranges.reduce<SourceRange[]>(
      (kept, r) => (kept.some((k) => sameRange(k, r)) ? kept : [...kept, r]),
      known,
    );

  it('keeps what comparing with each kept range keeps, in order, past the few it compares one by one', () => {
    const text = 'ab\n\ncd';
    const lines = new LineIndex(text);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(text.length), fc.nat(3), fc.boolean(), fc.constantFrom('a.tf', 'b.tf')), {
          minLength: 20,
          maxLength: 120,
        }),
        (specs) => {
          // Ranges over a text and plain ones at the same places: sameRange tells them equal.
          const ranges = specs.map(([start, length, overText, file]) => {
            const end = Math.min(start + length, text.length);
            const over = lines.range(file, start, end);
            return overText ? over : read(over);
          });
          const set = new DistinctRanges();
          for (const r of ranges) set.add(r);
          expect(set.list).toEqual(distinct(ranges));
          expect(set.list.every((r, i) => r === distinct(ranges)[i])).toBe(true);
          // Seeded with ranges there already: those stay as they are, repeats included.
          const cut = ranges.length >> 1;
          const known = ranges.slice(0, cut);
          const seeded = new DistinctRanges(known);
          const added = ranges.slice(cut).map((r) => seeded.add(r));
          const expected = distinct(ranges.slice(cut), known);
          expect(seeded.list.length).toBe(expected.length);
          expect(seeded.list.every((r, i) => r === expected[i])).toBe(true);
          expect(added.filter(Boolean).length).toBe(expected.length - known.length);
        },
      ),
    );
  });

  it('keeps the same when ranges come again as the same objects (values share their origins)', () => {
    const text = 'ab\n\ncd\nefgh\n\nij';
    const lines = new LineIndex(text);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(text.length), fc.nat(3), fc.boolean(), fc.nat(40)), {
          minLength: 20,
          maxLength: 120,
        }),
        (specs) => {
          // Each range new, or one made before (the same object) again.
          const ranges: SourceRange[] = [];
          for (const [start, length, overText, again] of specs) {
            if (again < ranges.length && again % 2 === 0) {
              ranges.push(ranges[again]);
              continue;
            }
            const over = lines.range('a.tf', start, Math.min(start + length, text.length));
            ranges.push(overText ? over : read(over));
          }
          const set = new DistinctRanges();
          const added = ranges.map((r) => set.add(r));
          const expected = distinct(ranges);
          expect(set.list.length).toBe(expected.length);
          expect(set.list.every((r, i) => r === expected[i])).toBe(true);
          expect(added.filter(Boolean).length).toBe(expected.length);
          // Seeded: a known range met again is a repeat.
          const seeded = new DistinctRanges(expected);
          expect(ranges.some((r) => seeded.add(r))).toBe(false);
          expect(seeded.list).toEqual(expected);
        },
      ),
    );
  });
});
