import * as path from 'node:path';
import fc from 'fast-check';
import { runScan } from '../engine/scan';
import { formatJson } from './json';
import { formatSarif } from './sarif';
import { batched, jsonChunks } from './json-chunks';
import { reportChunks } from './index';

describe('jsonChunks', () => {
  it('writes what JSON.stringify(value, null, 2) writes, for any JSON-like value and depth', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true }),
        fc.integer({ min: 0, max: 5 }),
        (value, depth) => {
          expect([...jsonChunks(value, depth)].join('')).toBe(JSON.stringify(value, null, 2) ?? 'null');
        },
      ),
      { numRuns: 500 },
    );
  });

  it('writes each array item as its own piece', () => {
    const findings = Array.from({ length: 1000 }, (_, i) => ({ ruleId: `R${i}`, line: i }));
    const chunks = [...jsonChunks({ findings })];
    expect(chunks.length).toBeGreaterThan(1000);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(100);
  });

  it('batches pieces without changing the text', () => {
    const pieces = Array.from({ length: 500 }, (_, i) => `piece ${i};`);
    const batches = [...batched(pieces, 1000)];
    expect(batches.join('')).toBe(pieces.join(''));
    expect(batches.length).toBeGreaterThan(3);
  });
});

describe('reportChunks', () => {
  it('writes the JSON and SARIF reports byte for byte as formatJson and formatSarif do', async () => {
    const cwd = path.join(__dirname, '..', '..', 'examples');
    const report = await runScan({ cwd, paths: ['insecure'] });
    expect(report.findings.length).toBeGreaterThan(10);
    for (const showSuppressed of [false, true]) {
      const opts = { color: false, showSuppressed };
      expect([...reportChunks('json', report, opts)].join('')).toBe(formatJson(report, opts));
      expect([...reportChunks('sarif', report, opts)].join('')).toBe(formatSarif(report, opts));
      expect([...reportChunks('json', report, opts)].length).toBeGreaterThan(report.findings.length);
    }
  });
});
