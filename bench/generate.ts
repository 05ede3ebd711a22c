import * as fs from 'node:fs';
import * as path from 'node:path';
import { armCorpus, bicepCorpus } from './generators/azure';
import { kubernetesCorpus } from './generators/kubernetes';
import { Random } from './generators/random';
import type { GeneratedFile } from './generators/shared';
import { terraformCorpus } from './generators/terraform';

export type { GeneratedFile } from './generators/shared';

export const DEFAULT_SEED = 20240917;
/** Bumped whenever the generator's output changes, so a stale corpus on disk is regenerated. */
export const GENERATOR_VERSION = 1;
/** Written beside the corpus (not a scanned extension, and hidden from discovery). */
export const MARKER_FILE = '.corpus.json';

export interface CorpusOptions {
  /** 1 gives about 2,000 Terraform files (10+ MB) and a few hundred each of ARM, Bicep and YAML. */
  scale: number;
  seed: number;
}

export interface CorpusMarker extends CorpusOptions {
  generatorVersion: number;
  files: number;
  bytes: number;
}

/** The whole corpus in memory, sorted by path: the same options always give the same bytes. */
export function buildCorpus(options: CorpusOptions): GeneratedFile[] {
  if (!(options.scale > 0)) throw new Error(`scale must be a positive number, got ${options.scale}`);
  const root = new Random(options.seed);
  // Each format draws from its own stream, so resizing one leaves the others unchanged.
  const streams = {
    terraform: root.fork('terraform'),
    arm: root.fork('arm'),
    bicep: root.fork('bicep'),
    k8s: root.fork('kubernetes'),
  };
  const files = [
    ...terraformCorpus(streams.terraform, options.scale),
    ...armCorpus(streams.arm, options.scale),
    ...bicepCorpus(streams.bicep, options.scale),
    ...kubernetesCorpus(streams.k8s, options.scale),
  ];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) throw new Error(`generator produced ${f.path} twice`);
    seen.add(f.path);
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Replace `dir` with the corpus. Returns what the marker file records. */
export function writeCorpus(dir: string, options: CorpusOptions): CorpusMarker {
  const files = buildCorpus(options);
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  const made = new Set<string>();
  for (const file of files) {
    const target = path.join(dir, ...file.path.split('/'));
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      fs.mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    const data = Buffer.from(file.text, 'utf8');
    bytes += data.length;
    fs.writeFileSync(target, data);
  }
  const marker: CorpusMarker = {
    scale: options.scale,
    seed: options.seed,
    generatorVersion: GENERATOR_VERSION,
    files: files.length,
    bytes,
  };
  fs.writeFileSync(path.join(dir, MARKER_FILE), JSON.stringify(marker, null, 2) + '\n');
  return marker;
}

/** The marker of a corpus already on disk, when it was made with these options by this generator. */
export function existingCorpus(dir: string, options: CorpusOptions): CorpusMarker | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER_FILE), 'utf8')) as CorpusMarker;
    return marker.generatorVersion === GENERATOR_VERSION &&
      marker.scale === options.scale &&
      marker.seed === options.seed
      ? marker
      : undefined;
  } catch {
    return undefined;
  }
}

function parseArgs(argv: readonly string[]): CorpusOptions & { out?: string } {
  const out: CorpusOptions & { out?: string } = { scale: 1, seed: DEFAULT_SEED };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--scale') out.scale = Number(value());
    else if (flag === '--seed') out.seed = Number(value());
    else if (flag === '--out') out.out = value();
    else throw new Error(`unknown option ${argv[i]} (expected --scale, --seed, --out)`);
  }
  if (!Number.isInteger(out.seed)) throw new Error(`--seed must be an integer`);
  return out;
}

if (require.main === module) {
  const args = parseArgs(process.argv.slice(2));
  const dir = path.resolve(
    args.out ?? path.join(__dirname, '..', '..', 'bench', 'corpus', `scale-${args.scale}`),
  );
  const started = performance.now();
  const marker = writeCorpus(dir, args);
  console.log(
    `${marker.files} files, ${(marker.bytes / 1e6).toFixed(1)} MB in ${dir} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}
