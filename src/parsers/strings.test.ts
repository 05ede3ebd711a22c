import { MAX_SHARED, MAX_SHARED_LENGTH, oneCopy, oneCopyOfEach } from './strings';

describe('oneCopy', () => {
  it('returns the same text, for texts cut from different files', () => {
    const a = 'metadata:\n  name: payments-api-deployment\n'.slice(18, 41);
    const b = 'spec:\n  name: payments-api-deployment\n'.slice(14, 37);
    expect(a).toBe('payments-api-deployment');
    expect(oneCopy(a)).toBe('payments-api-deployment');
    expect(oneCopy(b)).toBe(oneCopy(a));
  });

  it('leaves long strings alone, and starts again past its size', () => {
    const long = 'x'.repeat(MAX_SHARED_LENGTH + 1);
    expect(oneCopy(long)).toBe(long);
    for (let i = 0; i <= MAX_SHARED; i++) oneCopy(`key-${i}`);
    expect(oneCopy('key-1')).toBe('key-1');
  });
});

describe('oneCopyOfEach', () => {
  // Which copy a string is cannot be seen from JavaScript (toBe compares strings by value): the walk is
  // checked here, the memory it saves by the bench (README, Performance).
  it('replaces every string of a parsed message in place, at any depth, and keeps the rest', () => {
    const long = 'x'.repeat(MAX_SHARED_LENGTH + 1);
    const parsed = JSON.parse(
      JSON.stringify([
        { file: 'a/values.yaml', n: 1, ok: true, none: null, ranges: [{ file: 'a/values.yaml' }, long] },
      ]),
    ) as unknown[];
    const record = parsed[0] as Record<string, unknown>;
    const ranges = record.ranges;
    expect(oneCopyOfEach(parsed)).toBe(parsed);
    expect(parsed[0]).toBe(record);
    expect(record.ranges).toBe(ranges);
    expect(parsed).toEqual([
      { file: 'a/values.yaml', n: 1, ok: true, none: null, ranges: [{ file: 'a/values.yaml' }, long] },
    ]);
    expect(oneCopyOfEach('a/values.yaml')).toBe('a/values.yaml');
    expect(oneCopyOfEach(7)).toBe(7);
  });
});
