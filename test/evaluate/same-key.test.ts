import fc from 'fast-check';
import { EvObject, sameKey } from '../../src/evaluate/template-functions/values';
import { caseUnits } from '../case-units';

/** Keys compared ignoring case, as Azure compares property names, without lower-casing where it cannot matter. */

const keys = fc.array(caseUnits, { maxLength: 6 }).map((parts) => parts.join(''));

describe('sameKey', () => {
  it('answers as comparing the lower-cased keys, of any lengths', () => {
    fc.assert(
      fc.property(keys, keys, (a, b) => {
        expect(sameKey(a, b)).toBe(a.toLowerCase() === b.toLowerCase());
        expect(sameKey(a, a.toUpperCase())).toBe(a.toLowerCase() === a.toUpperCase().toLowerCase());
      }),
      { numRuns: 3000 },
    );
  });

  it('rests on İ being the one character whose lower case is another length', () => {
    // sameKey lower-cases keys of different lengths only when one holds İ (U+0130).
    const changing: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const c = String.fromCodePoint(cp);
      if (c.toLowerCase().length !== c.length) changing.push(cp);
    }
    expect(changing).toEqual([0x130]);
  });

  it('finds and replaces object keys as lower-casing them would', () => {
    // İ lower-cases to the two code units of i̇: keys of different lengths that are the same key.
    const obj = new EvObject();
    expect(obj.set('İd', 1)).toBe(false);
    expect(obj.get('i̇D')).toBe(1);
    expect(obj.set('i̇d', 2)).toBe(true);
    expect([...obj.entries]).toEqual([['i̇d', 2]]);
    expect(obj.get('ID')).toBeUndefined();
  });
});
