import { MemoryHost } from '../src/discover/host';
import { analyze } from '../src/engine/analyze';
import type { Finding, Format } from '../src/model';
import { applyFixes, changedLines, editedLines } from '../src/fix';
import type { Rule } from '../policies/api';

/** Strip the common indentation of a template literal, so test code can be indented with the test. */
export function dedent(strings: TemplateStringsArray | string, ...values: unknown[]): string {
  const raw = typeof strings === 'string' ? strings : String.raw({ raw: strings }, ...values);
  const lines = raw
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^[ \t]*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n') + '\n';
}
export const tf = dedent;
export const bicep = dedent;
export const arm = dedent;
export const yaml = dedent;

const DEFAULT_FILE: Record<Format, string> = {
  terraform: 'main.tf',
  bicep: 'main.bicep',
  arm: 'azuredeploy.json',
  kubernetes: 'manifests.yaml',
};

export interface Case {
  name: string;
  format: Format;
  code: string;
  /** The file `code` is written to; defaults to main.tf, main.bicep, azuredeploy.json, manifests.yaml. */
  path?: string;
  /** More files beside it (modules, tfvars, parameter files, other manifests). */
  files?: Record<string, string>;
  /** Which files are entries (default: every file). */
  entries?: string[];
}

export interface ExpectedError {
  line: number;
  column?: number;
  file?: string;
  /** What the message says: a string it contains, or a RegExp it matches (required, as in ESLint's RuleTester). */
  message: RegExp | string;
}

export interface InvalidCase extends Case {
  errors: ExpectedError[];
  /**
   * The files after every fix of the rule is applied once, as ESLint's RuleTester `output`: the main
   * file's text, or texts by file (only the files that change); null when no fix is offered.
   */
  output?: string | Record<string, string> | null;
  /** The safety every fix of the case must have. */
  fixSafety?: 'safe' | 'unsafe';
}

export interface UnknownCase extends Case {
  /** Optional: what the unknown message must say (e.g. the unresolved variable). */
  message?: RegExp | string;
}

export interface RuleTests {
  valid: Case[];
  invalid: InvalidCase[];
  unknown: UnknownCase[];
}

function filesOf(c: Case): Record<string, string> {
  return { [c.path ?? DEFAULT_FILE[c.format]]: c.code, ...(c.files ?? {}) };
}

/** Scan the case's files with every loader and run just this rule. */
export async function findingsFor(rule: Rule, c: Case): Promise<Finding[]> {
  const all = filesOf(c);
  const host = new MemoryHost(all);
  const entryPaths = c.entries ?? Object.keys(all);
  const entries = entryPaths.map((p) => ({ path: p, text: all[p] }));
  const result = await analyze(entries, host, { varFiles: [], parameterFiles: [] }, [rule]);
  if (result.errors.length > 0) {
    throw new Error(
      `case "${c.name}" has errors: ${result.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`).join('; ')}`,
    );
  }
  return result.findings;
}

/**
 * One table per rule, ESLint RuleTester style. Invalid cases must name their errors' lines; unknown
 * cases must produce an unknown result and no failure; valid cases must produce nothing.
 */
export function ruleTester(rule: Rule, tests: RuleTests): void {
  const formats = new Set(rule.view.formats);
  describe(`${rule.id} ${rule.title}`, () => {
    it('has insecure, secure and unknown cases for every format its view reads', () => {
      for (const format of formats) {
        expect({ format, valid: tests.valid.some((c) => c.format === format) }).toEqual({
          format,
          valid: true,
        });
        expect({ format, invalid: tests.invalid.some((c) => c.format === format) }).toEqual({
          format,
          invalid: true,
        });
        // Manifests have no variables: nothing in them can be unresolved.
        if (format !== 'kubernetes') {
          expect({ format, unknown: tests.unknown.some((c) => c.format === format) }).toEqual({
            format,
            unknown: true,
          });
        }
      }
    });

    for (const c of tests.valid) {
      it(`valid: ${c.format}: ${c.name}`, async () => {
        const findings = await findingsFor(rule, c);
        expect(findings.map(describeFinding)).toEqual([]);
      });
    }

    for (const c of tests.invalid) {
      it(`invalid: ${c.format}: ${c.name}`, async () => {
        if (c.errors.length === 0) throw new Error('an invalid case needs at least one expected error');
        const findings = (await findingsFor(rule, c)).filter((f) => f.status === 'fail');
        // As ESLint's RuleTester: a failure on the right line with the wrong words is still wrong.
        const unstated = c.errors.filter((e) => e.message === undefined || e.message === '');
        if (unstated.length > 0) {
          const found = findings.filter((f) => unstated.some((e) => e.line === f.line)).map(describeFinding);
          throw new Error(
            `every expected error states its message (a string the message contains, or a RegExp); found:\n${found.join('\n')}`,
          );
        }
        expect(findings.map((f) => f.line)).toEqual(c.errors.map((e) => e.line).sort((a, b) => a - b));
        // Several findings on one line may come in any order: match each expected error to its own finding.
        const unmatched = [...findings];
        for (const e of c.errors) {
          const i = unmatched.findIndex(
            (f) =>
              f.line === e.line &&
              (e.column === undefined || f.column === e.column) &&
              (e.file === undefined || f.file === e.file) &&
              (e.message === undefined ||
                (typeof e.message === 'string' ? f.message.includes(e.message) : e.message.test(f.message))),
          );
          expect({
            expected: e,
            found: i >= 0 ? unmatched[i] : unmatched.filter((f) => f.line === e.line).map(describeFinding),
          }).toEqual({
            expected: e,
            found: expect.objectContaining({ line: e.line }),
          });
          unmatched.splice(i, 1);
        }
      });
    }

    for (const c of tests.invalid) {
      it(`fix: ${c.format}: ${c.name}`, async () => {
        await checkFixes(rule, c);
      });
    }

    for (const c of tests.unknown) {
      it(`unknown: ${c.format}: ${c.name}`, async () => {
        const findings = await findingsFor(rule, c);
        expect(findings.filter((f) => f.status === 'fail').map(describeFinding)).toEqual([]);
        const unknowns = findings.filter((f) => f.status === 'unknown');
        expect(unknowns.length).toBeGreaterThan(0);
        if (c.message !== undefined) expect(unknowns[0].message).toMatch(c.message);
      });
    }
  });
}

/**
 * Every fix of an invalid case, applied once: the files still parse, the fixed findings are gone, and
 * only the lines the edits touch differ. With `output`, the fixed text is exactly that.
 */
async function checkFixes(rule: Rule, c: InvalidCase): Promise<void> {
  const files = filesOf(c);
  const findings = (await findingsFor(rule, c)).filter((f) => f.status === 'fail');
  const fixes = findings.flatMap((f) => f.fixes ?? []);
  if (fixes.length > 0 && !rule.fix)
    throw new Error(`${rule.id} offers fixes but its metadata declares no fix`);
  if (c.fixSafety) expect(fixes.map((f) => f.safety)).toEqual(fixes.map(() => c.fixSafety));
  if (c.output === null) {
    expect(fixes.map((f) => f.title)).toEqual([]);
    return;
  }
  const { texts, applied } = applyFixes(fixes, (f) => files[f]);
  if (c.output !== undefined) {
    const main = c.path ?? DEFAULT_FILE[c.format];
    const expected = typeof c.output === 'string' ? { [main]: c.output } : c.output;
    expect(Object.fromEntries(texts)).toEqual(expected);
  }
  if (applied.length === 0) return;
  const fixed = { ...files, ...Object.fromEntries(texts) };
  const main = c.path ?? DEFAULT_FILE[c.format];
  const { [main]: code, ...rest } = fixed;
  // findingsFor throws when a file no longer parses.
  const after = (await findingsFor(rule, { ...c, code, files: rest })).filter((f) => f.status === 'fail');
  expect(after.length).toBeLessThanOrEqual(findings.length - applied.length);
  for (const [file, text] of texts) {
    const touched = editedLines(applied, file);
    expect({
      file,
      untouchedChanged: changedLines(files[file], text).filter((l) => !touched.has(l)),
    }).toEqual({
      file,
      untouchedChanged: [],
    });
  }
}

function describeFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column} ${f.status} ${f.message}`;
}
