import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../policies';
import { SyntaxCache, type Format } from '../src/model';
import { runScan } from '../src/engine/scan';
import { formatStylish } from '../src/report/stylish';

// What a user reads for each rule: the stylish report of the insecure example of every format the rule
// reads, scanned with that rule alone. Rules that compare the environments of one definition (AKS901)
// are shown by examples/environments, which has Terraform and Bicep. A change in a message, a location or the layout shows up here as
// a snapshot difference to review (`npx jest test/rule-output.test.ts -u` accepts it).

const ROOT = path.join(__dirname, '..');
const FORMATS: Format[] = ['terraform', 'arm', 'bicep', 'kubernetes'];
/** Parsed once per example file, shared by the scans of every rule. */
const syntaxCache = new SyntaxCache();

const rules = allRules().map((rule) => {
  const examples = rule.view.acrossContexts ? 'examples/environments' : 'examples/insecure';
  const formats = FORMATS.filter(
    (f) => rule.view.formats.includes(f) && fs.existsSync(path.join(ROOT, examples, f)),
  );
  return { rule, folders: formats.map((f) => `${examples}/${f}`) };
});

async function stylishOf(ruleId: string, folder: string): Promise<string> {
  const rule = allRules().find((r) => r.id === ruleId)!;
  const report = await runScan({
    cwd: ROOT,
    paths: [folder],
    rules: [rule],
    today: '2026-01-01',
    syntaxCache,
  });
  // Quiet: the findings and their count, without the file and resource counts of the whole example
  // (another rule's example file would change every snapshot).
  return formatStylish(report, { color: false, width: 100, quiet: true });
}

describe('rendered output of each rule on its examples', () => {
  it.each(rules.map((r) => [r.rule.id, r.folders] as const))('%s', async (id, folders) => {
    expect(folders.length).toBeGreaterThan(0);
    const sections: string[] = [];
    for (const folder of folders) {
      const text = await stylishOf(id, folder);
      // Every rule fails somewhere in the example of each format it reads.
      expect(text).toContain(` ${id} `);
      sections.push(`# ${folder}\n${text}`);
    }
    expect(sections.join('\n')).toMatchSnapshot();
  });
});
