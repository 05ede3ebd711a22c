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
