import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCorpus, existingCorpus, writeCorpus, type GeneratedFile } from '../../bench/generate';
import { MemoryHost } from '../../src/discover/host';
import { loaderFor } from '../../src/evaluate/loaders';
import type { Format } from '../../src/model';

const TINY = { scale: 0.02, seed: 7 };

function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.set(child, fs.readFileSync(path.join(dir, child)));
    }
  };
  walk('');
  return out;
}

function formatOf(file: string): Format {
  if (/\.(tf|tfvars)$/.test(file)) return 'terraform';
  if (/\.(bicep|bicepparam)$/.test(file)) return 'bicep';
  if (/\.json$/.test(file)) return 'arm';
  return 'kubernetes';
}

describe('benchmark corpus generator', () => {
  let temp: string;
  beforeAll(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-corpus-'));
  });
  afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('writes byte-identical trees for the same seed and scale', () => {
    const a = path.join(temp, 'a');
    const b = path.join(temp, 'b');
    writeCorpus(a, TINY);
    writeCorpus(b, TINY);
    const treeA = readTree(a);
    const treeB = readTree(b);
    expect([...treeB.keys()]).toEqual([...treeA.keys()]);
    for (const [file, bytes] of treeA)
      expect({ file, same: bytes.equals(treeB.get(file)!) }).toEqual({ file, same: true });
    expect(existingCorpus(a, TINY)?.files).toBe(treeA.size - 1);
    expect(existingCorpus(a, { ...TINY, seed: 8 })).toBeUndefined();
  });

  it('changes with the seed and grows with the scale', () => {
    const text = (files: GeneratedFile[]) => files.map((f) => f.path + f.text).join('');
    expect(text(buildCorpus({ ...TINY, seed: 8 }))).not.toEqual(text(buildCorpus(TINY)));
    expect(buildCorpus({ ...TINY, scale: 0.05 }).length).toBeGreaterThan(buildCorpus(TINY).length);
  });

  it('covers every format with the files each loader reads', () => {
    const paths = buildCorpus(TINY).map((f) => f.path);
    for (const pattern of [
      /\/versions\.tf$/,
      /\/variables\.tf$/,
      /\/terraform\.tfvars$/,
      /^terraform\/modules\/[^/]+\/main\.tf$/,
      /\/azuredeploy\.json$/,
      /\/azuredeploy\.parameters\.json$/,
      /\.bicepparam$/,
      /^bicep\/modules\/.+\.bicep$/,
      /\.ya?ml$/,
    ])
      expect(paths.some((p) => pattern.test(p))).toBe(true);
  });

  it('generates files every loader reads without syntax or load errors', async () => {
    const files = buildCorpus(TINY);
    const byFormat = new Map<Format, GeneratedFile[]>();
    for (const f of files) byFormat.set(formatOf(f.path), [...(byFormat.get(formatOf(f.path)) ?? []), f]);
    expect([...byFormat.keys()].sort()).toEqual(['arm', 'bicep', 'kubernetes', 'terraform']);
    for (const [format, list] of byFormat) {
      const loader = loaderFor(format)!;
      const syntaxErrors: string[] = [];
      for (const file of list) if ((await loader.parseOnly(file)) > 0) syntaxErrors.push(file.path);
      expect({ format, syntaxErrors }).toEqual({ format, syntaxErrors: [] });

      const host = new MemoryHost(Object.fromEntries(list.map((f) => [f.path, f.text])));
      const entries = list.filter((f) => loader.claims(f.path, f.text));
      const loaded = await loader.load(entries, host, { varFiles: [], parameterFiles: [] });
      const errors = loaded.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`);
      expect({ format, errors }).toEqual({ format, errors: [] });
      expect(loaded.resources.length).toBeGreaterThan(entries.length / 4);
    }
  });
});
