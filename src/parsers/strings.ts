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

/**
 * A value JSON.parse made (a worker's results), each string replaced by its one copy: JSON.parse makes a
 * new string for every occurrence, of each range's file path (one per value and key of a file) and each
 * repeated value; on 100k manifests' findings those copies would be most of what is kept.
 */
export function oneCopyOfEach(value: unknown): unknown {
  if (typeof value === 'string') return oneCopy(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = oneCopyOfEach(value[i]);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key in record) record[key] = oneCopyOfEach(record[key]);
  }
  return value;
}
