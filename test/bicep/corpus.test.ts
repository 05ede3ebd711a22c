import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBicep } from '../../src/parsers/bicep';

/**
 * Small files, one per construct that once broke the parser on valid Bicep (found by scanning the
 * Azure Verified Modules). Each must parse with no error and keep every declaration.
 */
const CORPUS = path.join(__dirname, '__corpus__');
const files = fs
  .readdirSync(CORPUS)
  .filter((f) => f.endsWith('.bicep'))
  .sort();

describe('Bicep parser: corpus of valid constructs', () => {
  it('holds files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s parses with no error', (name) => {
    const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
    const result = parseBicep(text);
    expect(result.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([]);
    // Every top-level declaration keyword of the file is a statement.
    const declared = text
      .split('\n')
      .filter((line) => /^(param|var|type|output|resource|module|func)\s/.test(line));
    expect(result.statements.length).toBe(declared.length);
  });
});
