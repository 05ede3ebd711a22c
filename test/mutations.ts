import fc from 'fast-check';

/** One to three edits: where (a fraction of the length), how many characters to replace, what to insert. */
export const editsOf = (pieces: string[]) =>
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat(8), fc.constantFrom(...pieces)), {
    minLength: 1,
    maxLength: 3,
  });

/** The text with each piece inserted at a fraction of its length, replacing up to two characters. */
export function mutated(text: string, edits: ReadonlyArray<[number, number, string]>): string {
  return edits.reduce((t, [at, cut, piece]) => {
    const i = Math.floor(at * t.length);
    return t.slice(0, i) + piece + t.slice(i + (cut % 3));
  }, text);
}

/**
 * A direct reader against the library it stands in for, on texts mutated from `seeds`: it reads nothing
 * the library rejects, and reads the rest as the library does (`undefined`: gave up, or rejected). Both
 * sides of the property must be exercised more than `atLeast` times.
 */
export function expectMutationsReadAsLibrary(
  seeds: readonly string[],
  pieces: string[],
  direct: (text: string) => unknown,
  library: (text: string) => unknown,
  { numRuns, atLeast }: { numRuns: number; atLeast: number },
): void {
  let accepted = 0;
  let rejected = 0;
  fc.assert(
    fc.property(fc.nat(seeds.length - 1), editsOf(pieces), (seed, edits) => {
      const text = mutated(seeds[seed], edits);
      const expected = library(text);
      if (expected === undefined) rejected++;
      const got = direct(text);
      if (got === undefined) return;
      accepted++;
      expect(expected).toBeDefined();
      expect(got).toEqual(expected);
    }),
    { numRuns },
  );
  expect(accepted).toBeGreaterThan(atLeast);
  expect(rejected).toBeGreaterThan(atLeast);
}
