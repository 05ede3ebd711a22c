import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceFile } from '../../src/model';

const ROOT = path.join(__dirname, '..', '..');

/** The YAML files of an example app, with display paths as the CLI would show them. */
export function exampleFiles(kind: 'insecure' | 'secure'): SourceFile[] {
  const dir = path.join(ROOT, 'examples', kind, 'kubernetes');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({
      path: `examples/${kind}/kubernetes/${f}`,
      text: fs.readFileSync(path.join(dir, f), 'utf8'),
    }));
}
