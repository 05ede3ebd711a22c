/**
 * One copy of each short key and value, across files: manifests and templates repeat the same keys,
 * labels and names thousands of times, and parsers make a new string for each, often a slice of the
 * file's text, which keeps that whole text alive. Bounded: past MAX_SHARED strings the table starts
 * again.
 */
const sharedStrings = new Map<string, string>();
export const MAX_SHARED = 65_536;
export const MAX_SHARED_LENGTH = 128;
/** V8 copies a slice shorter than this; a longer one points into the text it was cut from. */
const MIN_SLICE = 13;

export function oneCopy(s: string): string {
  if (s.length > MAX_SHARED_LENGTH) return s;
  const known = sharedStrings.get(s);
  if (known !== undefined) return known;
  if (sharedStrings.size >= MAX_SHARED) sharedStrings.clear();
  // A string of its own, so that the file's text can go.
  const own = s.length < MIN_SLICE ? s : (' ' + s).slice(1);
  sharedStrings.set(own, own);
  return own;
}
