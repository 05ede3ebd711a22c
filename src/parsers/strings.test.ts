import { MAX_SHARED, MAX_SHARED_LENGTH, oneCopy } from './strings';

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
