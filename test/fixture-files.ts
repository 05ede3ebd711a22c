import * as fs from 'node:fs';
import * as path from 'node:path';

/** The files below `dir` whose names match, depth first; none when `dir` is absent (the bench corpus). */
export function filesUnder(dir: string, name: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return filesUnder(p, name);
    return name.test(e.name) ? [p] : [];
  });
}
