import fc from 'fast-check';
import { MemoryHost } from '../../src/discover/host';
import { analyze } from '../../src/engine/analyze';
import { kubernetesLoader } from '../../src/evaluate/kubernetes';
import { LineIndex, type SourceRange } from '../../src/model';
import { allRules } from '../../policies';
import { exampleFiles, YAML_FRAGMENTS } from './examples';

const seeds = [...exampleFiles('insecure'), ...exampleFiles('secure')];
const k8sRules = allRules().filter((r) => r.id.startsWith('K8S'));

type Mutation =
  | { op: 'insert'; at: number; text: string }
  | { op: 'delete'; at: number; length: number }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'truncate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...YAML_FRAGMENTS), fc.string({ maxLength: 8 })),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    op: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

function apply(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.op) {
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'truncate':
      return text.slice(0, at);
  }
}

function expectInside(text: string, where: { line: number; column: number }): void {
  const lines = new LineIndex(text);
  expect(where.line).toBeGreaterThanOrEqual(1);
  expect(where.line).toBeLessThanOrEqual(lines.lineCount);
  const lineText = text.split('\n')[where.line - 1] ?? '';
  expect(where.column).toBeGreaterThanOrEqual(1);
  expect(where.column).toBeLessThanOrEqual(lineText.length + 1);
}

function expectRangeInside(text: string, range: SourceRange): void {
  expectInside(text, range);
  expectInside(text, { line: range.endLine, column: range.endColumn });
}

describe('kubernetes loader under mutated input', () => {
  it('never throws or hangs, and every error and range lies inside the file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (seed, mutations) => {
          const text = mutations.reduce(apply, seed.text);
          const file = { path: seed.path, text };
          const loaded = await kubernetesLoader.load([file], new MemoryHost({ [file.path]: text }), {
            varFiles: [],
            parameterFiles: [],
          });
          for (const e of loaded.errors) {
            expect(e.file).toBe(seed.path);
            expectInside(text, e);
          }
          for (const r of loaded.resources) expectRangeInside(text, r.range);
          expect(await kubernetesLoader.parseOnly(file)).toBeGreaterThanOrEqual(0);

          // Rules read whatever shape survived the mutation; none may throw on it.
          const result = await analyze(
            [file],
            new MemoryHost({ [file.path]: text }),
            { varFiles: [], parameterFiles: [] },
            k8sRules,
          );
          expect(result.errors.filter((e) => e.message.startsWith('internal error'))).toEqual([]);
          expect(result.findings.filter((f) => f.ruleId === 'akslint/internal-error')).toEqual([]);
          for (const f of result.findings) expectRangeInside(text, { ...f, file: f.file });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads every seed file without errors', async () => {
    for (const seed of seeds) {
      const loaded = await kubernetesLoader.load([seed], new MemoryHost({ [seed.path]: seed.text }), {
        varFiles: [],
        parameterFiles: [],
      });
      expect({ file: seed.path, errors: loaded.errors }).toEqual({ file: seed.path, errors: [] });
      expect(loaded.resources.length).toBeGreaterThan(0);
    }
  });
});
