import fc from 'fast-check';
import { LineIndex } from './range';

/** Line and column by counting, for comparison. */
function counted(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  return { line, column: offset - start + 1 };
}

describe('LineIndex', () => {
  it('finds the line of every offset, asked in any order (the last line found is tried first)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'b', '\n'), maxLength: 60 }),
        fc.array(fc.nat(70), { maxLength: 30 }),
        (text, offsets) => {
          const lines = new LineIndex(text);
          for (const o of offsets) {
            const offset = Math.min(o, text.length);
            const end = Math.min(offset + (o % 7), text.length);
            const s = counted(text, offset);
            const e = counted(text, end);
            expect(lines.position(offset)).toEqual(s);
            expect(lines.range('f', offset, end)).toEqual({
              file: 'f',
              line: s.line,
              column: s.column,
              endLine: e.line,
              endColumn: e.column,
            });
          }
        },
      ),
    );
  });
});
