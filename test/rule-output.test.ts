import * as path from 'node:path';
import { allRules } from '../policies';
import { SyntaxCache, type Format } from '../src/model';
import { runScan } from '../src/engine/scan';
import { formatStylish } from '../src/report/stylish';

// What a user reads for each rule: the stylish report of the insecure example of every format the rule
// reads, scanned with that rule alone. A change in a message, a location or the layout shows up here as
// a snapshot difference to review (`npx jest test/rule-output.test.ts -u` accepts it).

const ROOT = path.join(__dirname, '..');
const FORMATS: Format[] = ['terraform', 'arm', 'bicep', 'kubernetes'];
/** Parsed once per example file, shared by the scans of every rule. */
const syntaxCache = new SyntaxCache();

async function stylishOf(ruleId: string, format: Format): Promise<string> {
  const rule = allRules().find((r) => r.id === ruleId)!;
  const report = await runScan({
    cwd: ROOT,
    paths: [`examples/insecure/${format}`],
    rules: [rule],
    today: '2026-01-01',
    syntaxCache,
  });
  // Quiet: the findings and their count, without the file and resource counts of the whole example
  // (another rule's example file would change every snapshot).
  return formatStylish(report, { color: false, width: 100, quiet: true });
}

describe('rendered output of each rule on the insecure examples', () => {
  it.each(allRules().map((r) => [r.id, r.view.formats] as const))('%s', async (id, formats) => {
    const sections: string[] = [];
    for (const format of FORMATS.filter((f) => formats.includes(f))) {
      const text = await stylishOf(id, format);
      // Every rule fails somewhere in the insecure example of each format it reads.
      expect(text).toContain(` ${id} `);
      sections.push(`# ${format}\n${text}`);
    }
    expect(sections.join('\n')).toMatchSnapshot();
  });
});
