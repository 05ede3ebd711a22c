/*
 * Where a Terraform load spends its time, on a generated corpus written to disk:
 *   npx esbuild bench/generate.ts --bundle --platform=node --outfile=/tmp/gen.js && node /tmp/gen.js --scale 0.1 --out /tmp/corpus
 *   npx esbuild test/terraform/profile-loader.ts --bundle --platform=node --outfile=/tmp/profile-loader.js \
 *     --external:web-tree-sitter --external:@tree-sitter-grammars/tree-sitter-hcl
 *   node /tmp/profile-loader.js /tmp/corpus [rounds]        (add --cpu-prof for a profile)
 * Not a jest test: the figures depend on the machine.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { terraformLoader } from '../../src/evaluate/terraform';
import type { LoadHost } from '../../src/model';
import { parseHcl } from '../../src/parsers/terraform/parser';

const treeSitter = require('web-tree-sitter') as typeof import('web-tree-sitter');

/** A host that answers listDir from an index: the measurement is of the loader, not of the host. */
function indexedHost(files: Map<string, string>): LoadHost {
  const byDir = new Map<string, string[]>();
  for (const p of files.keys()) {
    const d = path.posix.dirname(p);
    byDir.set(d, [...(byDir.get(d) ?? []), p]);
  }
  for (const list of byDir.values()) list.sort();
  return {
    readFile: (p) => files.get(path.posix.normalize(p)),
    listDir: (d) => byDir.get(path.posix.normalize(d === '' ? '.' : d)) ?? [],
  };
}

function walk(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

async function rawParser() {
  await treeSitter.Parser.init();
  const dir = path.dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json'));
  const language = await treeSitter.Language.load(
    fs.readFileSync(path.join(dir, 'tree-sitter-terraform.wasm')),
  );
  const parser = new treeSitter.Parser();
  parser.setLanguage(language);
  return parser;
}

/** CPU time (user + system) of the fastest round: other processes on a shared machine skew wall time. */
async function time(label: string, rounds: number, run: () => Promise<void>): Promise<number> {
  await run();
  const samples: Array<{ cpu: number; wall: number }> = [];
  for (let i = 0; i < rounds; i++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run();
    const used = process.cpuUsage(cpu);
    samples.push({ cpu: (used.user + used.system) / 1000, wall: performance.now() - started });
  }
  const cpu = Math.min(...samples.map((x) => x.cpu));
  const wall = Math.min(...samples.map((x) => x.wall));
  console.log(
    `${label.padEnd(28)} cpu ${cpu.toFixed(1).padStart(8)} ms   wall ${wall.toFixed(1).padStart(8)} ms`,
  );
  return cpu;
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? '/tmp/corpus';
  const rounds = Number(process.argv[3] ?? 5);
  const corpus = walk(dir)
    .filter((p) => /\.(tf|tfvars)$/.test(p))
    .map((p) => ({
      path: path.relative(dir, p).split(path.sep).join('/'),
      text: fs.readFileSync(p, 'utf8'),
    }));
  const files = new Map(corpus.map((f) => [f.path, f.text]));
  const tf = corpus.filter((f) => f.path.endsWith('.tf'));
  const bytes = tf.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  const mb = bytes / 1e6;
  console.log(`${tf.length} .tf files (${corpus.length - tf.length} tfvars), ${mb.toFixed(2)} MB`);
  const host = indexedHost(files);
  const parser = await rawParser();

  if (process.env.ONLY === 'load') {
    await time('load (full)', rounds, async () => {
      await terraformLoader.load(tf, host, { varFiles: [], parameterFiles: [] });
    });
    return;
  }
  const raw = await time('tree-sitter parse', rounds, async () => {
    for (const f of tf) parser.parse(f.text)!.delete();
  });
  const parseOnly = await time('parseOnly', rounds, async () => {
    for (const f of tf) await terraformLoader.parseOnly(f);
  });
  const treePath = await time('parse + tree conversion', rounds, async () => {
    for (const f of tf) await parseHcl(f.path, f.text, { direct: false });
  });
  const syntax = await time('parseHcl (parse + direct)', rounds, async () => {
    for (const f of tf) await parseHcl(f.path, f.text);
  });
  const full = await time('load (full)', rounds, async () => {
    await terraformLoader.load(tf, host, { varFiles: [], parameterFiles: [] });
  });
  const perFile = (ms: number) =>
    `${((ms / tf.length) * 1000).toFixed(0)} µs/file, ${(mb / (ms / 1000)).toFixed(2)} MB/s`;
  console.log(`tree-sitter parse: ${perFile(raw)}`);
  console.log(`tree conversion:   ${perFile(treePath - raw)}  (tree path - raw)`);
  console.log(`direct reading:    ${perFile(syntax - raw)}  (parseHcl - raw)`);
  console.log(`parseOnly:         ${perFile(parseOnly)}`);
  console.log(`evaluation:        ${perFile(full - syntax)}  (load - parseHcl)`);
  console.log(`full load:         ${perFile(full)}`);
  console.log(
    `ratio full/parseOnly ${(full / parseOnly).toFixed(2)}, full/raw parse ${(full / raw).toFixed(2)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
