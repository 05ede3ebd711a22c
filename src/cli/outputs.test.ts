import { reportOutputs } from './outputs';

const KNOWN = ['stylish', 'json', 'sarif', 'github'];

describe('reportOutputs (--format NAME[=FILE], -o FILE)', () => {
  it.each([
    { formats: [], output: undefined, expected: [{ format: 'stylish' }] },
    { formats: ['json'], output: undefined, expected: [{ format: 'json' }] },
    { formats: ['json'], output: 'r.json', expected: [{ format: 'json', file: 'r.json' }] },
    {
      formats: ['sarif=out/akslint.sarif', 'github'],
      output: undefined,
      expected: [{ format: 'sarif', file: 'out/akslint.sarif' }, { format: 'github' }],
    },
    {
      formats: ['sarif=a.sarif', 'json'],
      output: 'r.json',
      expected: [
        { format: 'sarif', file: 'a.sarif' },
        { format: 'json', file: 'r.json' },
      ],
    },
    { formats: ['json=a=b.json'], output: undefined, expected: [{ format: 'json', file: 'a=b.json' }] },
  ])('$formats with -o $output', ({ formats, output, expected }) => {
    expect(reportOutputs(formats, output, KNOWN)).toEqual(expected.map((o) => ({ file: undefined, ...o })));
  });

  it.each([
    {
      formats: ['xml'],
      output: undefined,
      problem: 'unknown format "xml" (choose from stylish, json, sarif, github)',
    },
    {
      formats: ['sarif='],
      output: undefined,
      problem: '--format sarif= names no file (e.g. --format sarif=akslint.sarif)',
    },
    {
      formats: ['json', 'github'],
      output: undefined,
      problem: 'only one --format can go to standard output: give the others a file (--format github=FILE)',
    },
    {
      formats: ['json', 'sarif'],
      output: 'r.json',
      problem: 'only one --format can go to -o: give the others a file (--format sarif=FILE)',
    },
    {
      formats: ['sarif=a.sarif'],
      output: 'r.json',
      problem: '-o r.json: every --format already names its file',
    },
    { formats: ['sarif=a', 'json=a'], output: undefined, problem: 'two reports would be written to a' },
  ])('refuses $formats with -o $output', ({ formats, output, problem }) => {
    expect(reportOutputs(formats, output, KNOWN)).toBe(problem);
  });
});
