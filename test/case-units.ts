import fc from 'fast-check';

/**
 * Pieces of keys for property tests of comparisons that ignore case: ASCII of both cases, and characters
 * whose lower case is another length or depends on what follows (İ is two code units lower-cased, i̇ is
 * what it becomes, Σ is ς at the end of a word), ß, K (Kelvin), accented letters and an astral one.
 */
export const caseUnits = fc.constantFrom(
  'a',
  'A',
  'z',
  'Z',
  '-',
  '_',
  '1',
  'İ',
  'i',
  'i̇',
  'Σ',
  'σ',
  'ς',
  'ß',
  'K',
  'k',
  'É',
  'é',
  '😀',
);
