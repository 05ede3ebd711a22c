import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { MemoryHost } from '../../src/discover/host';
import { terraformLoader } from '../../src/evaluate/terraform';

const fixtureDir = path.join(__dirname, '__fixtures__', 'aks');
const seeds = ['main.tf', 'variables.tf', 'modules/cluster/main.tf'].map((p) =>
  fs.readFileSync(path.join(fixtureDir, p), 'utf8'),
);

type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'bytes'; at: number; bytes: string };

function mutate(text: string, m: Mutation): string {
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + m.length) + text.slice(at);
    case 'bytes':
      return text.slice(0, at) + m.bytes + text.slice(at);
  }
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat(200),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.nat(400),
  }),
  fc.record({
    kind: fc.constant('bytes' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('${', '%{', '<<EOT', '"', '{', '}', '[', '(', '\u0000', 'é😀'),
    ),
  }),
);

const hcl2json = require('@cdktf/hcl2json') as { parse(name: string, text: string): Promise<unknown> };

/**
 * Mutated seeds (an entry file, with a module it calls) never make the loader throw, and every error
 * points inside the file it names. A hang fails on the test's timeout; speed is the bench's business
 * (`npm run bench:adversarial`), not a wall-clock assertion that fails on a loaded machine.
 */
async function neverBreaks(entry: string, module: string, texts: string[], numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(texts.length - 1),
      fc.array(mutation, { minLength: 1, maxLength: 4 }),
      async (seed, mutations) => {
        const text = mutations.reduce(mutate, texts[seed]);
        const files: Record<string, string> = { [entry]: text, [module]: texts[2] };
        const result = await terraformLoader.load([{ path: entry, text }], new MemoryHost(files), {
          varFiles: [],
          parameterFiles: [],
        });
        for (const e of result.errors) {
          const lineText = files[e.file]?.split('\n')[e.line - 1];
          expect(lineText).toBeDefined();
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeLessThanOrEqual(lineText!.length + 1);
        }
        await terraformLoader.parseOnly({ path: entry, text });
      },
    ),
    { numRuns },
  );
}

describe('hostile Terraform', () => {
  it('never throws and reports errors inside the file', async () => {
    await neverBreaks('main.tf', 'modules/cluster/main.tf', seeds, 300);
  });

  it('in JSON syntax too', async () => {
    const jsonSeeds = await Promise.all(
      seeds.map(async (text, i) => JSON.stringify(await hcl2json.parse(`seed${i}.tf`, text), null, 2)),
    );
    await neverBreaks('main.tf.json', 'modules/cluster/main.tf.json', jsonSeeds, 200);
  });
});
