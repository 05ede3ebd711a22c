import * as path from 'node:path';

/**
 * What path.posix.normalize would change (or the rest of normalizePath): a backslash, an empty, `.` or
 * `..` segment, a trailing slash. Display paths nearly never have one, and normalizing every path of
 * every folder a scan groups was most of the time it took to plan the units.
 */
const NOT_NORMAL = /\\|\/\/|(^|\/)\.\.?(\/|$)|\/$|^$/;

/** A display path with forward slashes, without `./` or a trailing slash (`.` for the working directory). */
export function normalizePath(p: string): string {
  if (!NOT_NORMAL.test(p)) return p;
  const n = path.posix.normalize(p.split('\\').join('/')).replace(/(.)\/$/, '$1');
  return n.startsWith('./') ? n.slice(2) : n;
}
