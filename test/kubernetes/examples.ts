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

/** Fragments that mean something to YAML or to the loader. */
export const YAML_FRAGMENTS = [
  ':',
  ': ',
  '- ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '<<: *a',
  '---\n',
  '...\n',
  '\t',
  '"',
  "'",
  '|\n',
  '>-\n',
  '#',
  '!!binary ',
  '!custom ',
  '? ',
  '{{ .Values.x }}',
  'kind: List\nitems:\n',
  '\n  ',
  '\u0000',
  '\uFEFF',
  '%YAML 1.2\n',
];

/** What the direct readers' mutation tests insert: the fragments, spacing, comments and scalars YAML types. */
export const YAML_MUTATIONS = [
  ...YAML_FRAGMENTS,
  '\n',
  ' ',
  '  ',
  '# c\n',
  ' # c',
  '-',
  '|-',
  '\\',
  'yes',
  'on',
  '0',
  '07',
  '0x',
  '.5',
  '1e3',
  '~',
  'x',
];
