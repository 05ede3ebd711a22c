import fc from 'fast-check';
import {
  entryWithValue,
  KeyEntry,
  LineIndex,
  quotedKeyEntry,
  lookupPath,
  lookupPathInto,
  object,
  packed,
  sameIgnoringCase,
  scalar,
  list,
  toPlain,
  unknown,
  WrittenList,
  WrittenObject,
  WrittenScalar,
  originsOf,
  relocated,
  sameRange,
  type SourceRange,
  type UnknownValue,
  type Value,
} from './index';
import { caseUnits } from '../../test/case-units';

const at = (line: number): SourceRange => ({ file: 'f.tf', line, column: 1, endLine: line, endColumn: 5 });

describe('lookupPath', () => {
  const body = object(
    [
      {
        key: 'a',
        keyRange: at(1),
        value: object([{ key: 'B', keyRange: at(2), value: scalar(true, at(2)) }], at(1)),
      },
      { key: 'blocks', keyRange: at(3), value: list([object([], at(3))], at(3)) },
      { key: 'u', keyRange: at(4), value: unknown('no value', 'var.x', at(4)) },
    ],
    at(1),
  );

  it('follows keys and reports depth', () => {
    expect(lookupPath(body, ['a', 'B'])).toMatchObject({ value: { value: true }, depth: 2 });
    expect(lookupPath(body, ['a', 'b']).value).toBeUndefined();
    expect(lookupPath(body, ['a', 'b'], { ignoreCase: true }).value).toMatchObject({ value: true });
  });

  it('stops at the deepest existing object, reading the first block of a list', () => {
    const r = lookupPath(body, ['blocks', 'x']);
    expect(r.value).toBeUndefined();
    expect(r.depth).toBe(1);
    expect(r.nearest.range.line).toBe(3);
  });

  it('is blocked by an unknown value', () => {
    expect(lookupPath(body, ['u', 'x']).blockedBy?.reason).toBe('no value');
  });

  it('writes every member of a reused answer, so that no earlier lookup shows through', () => {
    const found = lookupPath(body, ['a', 'B']);
    expect(lookupPathInto(found, body, ['u', 'x'])).toBe(found);
    expect(found).toEqual(lookupPath(body, ['u', 'x']));
    expect(found).toMatchObject({ value: undefined, entry: undefined, depth: 1 });
    lookupPathInto(found, body, ['blocks', 'x']);
    expect(found).toEqual(lookupPath(body, ['blocks', 'x']));
    expect(found.blockedBy).toBeUndefined();
  });

  it('converts known values to plain data and refuses unknown ones', () => {
    expect(toPlain(lookupPath(body, ['a']).value!)).toEqual({ B: true });
    expect(toPlain(body)).toBeUndefined();
  });
});

describe('packed', () => {
  it('copies the items into an array of their own, in order', () => {
    const grown: number[] = [];
    for (let i = 0; i < 3; i++) grown.push(i);
    const copy = packed(grown);
    expect(copy).toEqual([0, 1, 2]);
    expect(copy).not.toBe(grown);
    expect(packed([])).toEqual([]);
  });
});

describe('KeyEntry', () => {
  const text = 'a = 1\nname = "x"\n';
  const lines = new LineIndex(text);
  const keyAt = text.indexOf('name');
  const entry = new KeyEntry('name', scalar('x', at(2)), lines.rangeSource('f.tf'), keyAt, keyAt + 4);
  const keyRange = { file: 'f.tf', line: 2, column: 1, endLine: 2, endColumn: 5 };

  it("reads its key's range from the offsets it keeps", () => {
    expect(entry.keyRange).toMatchObject(keyRange);
    expect(JSON.parse(JSON.stringify(entry))).toEqual({
      key: 'name',
      keyRange,
      value: { kind: 'scalar', value: 'x', range: at(2) },
    });
  });

  it('keeps its key where it was when copied with another value', () => {
    const copy = entryWithValue(entry, scalar('y', at(3)));
    expect(copy).toMatchObject({ key: 'name', keyRange, value: { value: 'y' } });
    expect(entry.value).toMatchObject({ value: 'x' });
    const literal = entryWithValue({ key: 'k', keyRange: at(4), value: scalar(1, at(4)) }, scalar(2, at(4)));
    expect(literal).toEqual({ key: 'k', keyRange: at(4), value: scalar(2, at(4)) });
  });
});

describe('quotedKeyEntry', () => {
  const text = '{"name": "x", "a\\u0062": 1}';
  const lines = new LineIndex(text);
  const source = lines.rangeSource('t.json');
  const spanOf = (part: string) => [text.indexOf(part), text.indexOf(part) + part.length] as const;
  const x = new WrittenScalar(source, ...spanOf('"x"'), 'x');

  it('reads its key range as a KeyEntry does, keeping only where the key starts', () => {
    const entry = quotedKeyEntry('name', x, source, ...spanOf('"name"'));
    expect(entry).not.toBeInstanceOf(KeyEntry);
    const asKeyEntry = new KeyEntry('name', x, source, ...spanOf('"name"'));
    expect(entry.keyRange).toEqual(asKeyEntry.keyRange);
    expect(JSON.parse(JSON.stringify(entry))).toEqual(JSON.parse(JSON.stringify(asKeyEntry)));
    const copy = entryWithValue(entry, scalar('y', at(3)));
    expect(copy).toEqual({ key: 'name', keyRange: entry.keyRange, value: scalar('y', at(3)) });
  });

  it('is a KeyEntry where the key is escaped or the value is written elsewhere', () => {
    const escaped = quotedKeyEntry(
      'ab',
      scalar(1, lines.range('t.json', ...spanOf('1'))),
      source,
      ...spanOf('"a\\u0062"'),
    );
    expect(escaped).toBeInstanceOf(KeyEntry);
    expect(escaped.keyRange).toMatchObject({ column: 15, endColumn: 24 });
    expect(quotedKeyEntry('name', scalar('x', at(1)), source, ...spanOf('"name"'))).toBeInstanceOf(KeyEntry);
  });
});

describe('values that are their own range', () => {
  const text = '{\n  "a": [1, "x"]\n}\n';
  const source = new LineIndex(text).rangeSource('t.json');
  const spanOf = (part: string) => [text.indexOf(part), text.indexOf(part) + part.length] as const;
  const one = new WrittenScalar(source, ...spanOf('1'), 1);
  const x = new WrittenScalar(source, ...spanOf('"x"'), 'x');
  const items = new WrittenList(source, ...spanOf('[1, "x"]'), [one, x]);
  const [keyStart, keyEnd] = spanOf('"a"');
  const body = new WrittenObject(source, 0, text.length - 1, [
    new KeyEntry('a', items, source, keyStart, keyEnd),
  ]);
  const rangeOf = (line: number, column: number, endLine: number, endColumn: number) => ({
    file: 't.json',
    line,
    column,
    endLine,
    endColumn,
  });

  it('read as values, each at its place in the text', () => {
    expect(toPlain(body)).toEqual({ a: [1, 'x'] });
    expect(body.range).toBe(body);
    expect(items.range).toMatchObject(rangeOf(2, 8, 2, 16));
    expect(x.range).toMatchObject(rangeOf(2, 12, 2, 15));
    expect(sameRange(one.range, new LineIndex(text).range('t.json', ...spanOf('1')))).toBe(true);
  });

  it('are written to JSON as a value and as a range, whichever a reader takes them for', () => {
    expect(JSON.parse(JSON.stringify(one))).toEqual({
      kind: 'scalar',
      value: 1,
      range: rangeOf(2, 9, 2, 10),
      ...rangeOf(2, 9, 2, 10),
    });
    const read = JSON.parse(JSON.stringify(body));
    expect(read).toMatchObject({ kind: 'object', range: rangeOf(1, 1, 3, 2), ...rangeOf(1, 1, 3, 2) });
    expect(read.entries[0]).toMatchObject({ key: 'a', keyRange: rangeOf(2, 3, 2, 6) });
    expect(read.entries[0].value).toMatchObject({ kind: 'list', range: rangeOf(2, 8, 2, 16) });
    // Moved elsewhere, a value's range becomes an origin: the same object, read back as a range.
    const moved = relocated(x, rangeOf(9, 1, 9, 4));
    expect(originsOf(moved)).toEqual([x]);
    expect(JSON.parse(JSON.stringify(moved)).origins[0]).toMatchObject(rangeOf(2, 12, 2, 15));
  });
});

describe('relocated', () => {
  // An object variable read at line 9, its nodes written at lines 1-6, one of them read before at line 7.
  const written: Value = object(
    [
      { key: 'name', keyRange: at(1), value: scalar('aks', at(1)) },
      {
        key: 'pool',
        keyRange: at(2),
        value: {
          kind: 'object',
          entries: [{ key: 'size', keyRange: at(3), value: unknown('no value', 'var.size', at(3)) }],
          range: at(7),
          origins: [at(2)],
        },
      },
      { key: 'zones', keyRange: at(4), value: list([scalar(1, at(5)), object([], at(6))], at(4)) },
    ],
    at(1),
  );
  /** Every member, entries and items read through their getters, as plain data. */
  const membersOf = (v: Value): unknown => ({
    kind: v.kind,
    range: v.range,
    origins: v.origins,
    ...(v.kind === 'scalar' ? { value: v.value } : {}),
    ...(v.kind === 'unknown' ? { reason: v.reason, source: v.source } : {}),
    ...(v.kind === 'list' ? { items: v.items.map(membersOf) } : {}),
    ...(v.kind === 'object'
      ? { entries: v.entries.map((e) => ({ key: e.key, keyRange: e.keyRange, value: membersOf(e.value) })) }
      : {}),
  });

  it('copies objects on read into what it copies at once', () => {
    const seenAtOnce: UnknownValue[] = [];
    const atOnce = relocated(written, at(9), (from) => seenAtOnce.push(from));
    const seenOnRead: UnknownValue[] = [];
    const onRead = relocated(written, at(9), (from) => seenOnRead.push(from), true);
    // The unknown inside is copied (and its copy told) only when the object holding it is read.
    expect(seenAtOnce).toHaveLength(1);
    expect(seenOnRead).toHaveLength(0);
    expect(membersOf(onRead)).toEqual(membersOf(atOnce));
    expect(seenOnRead).toEqual(seenAtOnce);
    expect(JSON.stringify(onRead)).toBe(JSON.stringify(atOnce));
    expect(toPlain(onRead)).toBeUndefined();
  });

  it('copies the entries once and keeps them', () => {
    const onRead = relocated(written, at(9), undefined, true);
    if (onRead.kind !== 'object') throw new Error('an object');
    expect(onRead.entries).toBe(onRead.entries);
    expect(onRead.origins).toEqual([at(1)]);
    expect(lookupPath(onRead, ['pool', 'size']).value).toMatchObject({ range: at(9), origins: [at(3)] });
  });
});

describe('sameIgnoringCase', () => {
  it('answers as comparing the lower-cased strings, for strings of one length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(caseUnits, caseUnits, fc.boolean()), { minLength: 0, maxLength: 12 }),
        (pairs) => {
          // Two strings of one length: each position the same text in both, or a chosen pair of the same length.
          const a = pairs.map(([x]) => x).join('');
          const b = pairs.map(([x, y, same]) => (same || x.length !== y.length ? x : y)).join('');
          expect(sameIgnoringCase(a, b)).toBe(a.toLowerCase() === b.toLowerCase());
          const upper = a.toUpperCase().length === a.length ? a.toUpperCase() : a;
          expect(sameIgnoringCase(a, upper)).toBe(a.toLowerCase() === upper.toLowerCase());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
