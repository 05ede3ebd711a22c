/**
 * The text of a file's bytes, as editors and Azure tooling read it: UTF-8 without its byte order mark
 * (so line-1 columns match the editor's), UTF-16 little- or big-endian after its byte order mark
 * (what PowerShell's `Out-File` writes by default). Without a UTF-16 mark, a NUL byte means a binary
 * file: undefined.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return withoutNul(buf.subarray(3).toString('utf8'));
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return withoutNul(buf.subarray(2, buf.length - (buf.length % 2)).toString('utf16le'));
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const body = Buffer.from(buf.subarray(2, buf.length - (buf.length % 2)));
    return withoutNul(body.swap16().toString('utf16le'));
  }
  return withoutNul(buf.toString('utf8'));
}

/** A NUL character is in no infrastructure file, whatever its encoding. */
function withoutNul(text: string): string | undefined {
  return text.includes('\u0000') ? undefined : text;
}
