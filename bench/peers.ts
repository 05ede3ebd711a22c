import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SEED, existingCorpus, GENERATOR_VERSION, MARKER_FILE, writeCorpus } from './generate';
import { Random } from './generators/random';
import { terraformCorpus } from './generators/terraform';

/**
 * `npm run bench:peers`: akslint, Checkov and Trivy on the same corpora, one process each, timed as a
 * whole with its peak resident set from /usr/bin/time. Installs the peers into bench/.peers/ when
 * missing. Writes docs/bench/peers.md, docs/bench/peers.svg and docs/bench/peers.json.
 */

const REPO = path.resolve(__dirname, '..', '..');
const CACHE = path.join(REPO, 'bench', '.peers');
const CORPUS_ROOT = path.join(REPO, 'bench', 'corpus');
const OUT_DIR = path.join(REPO, 'docs', 'bench');
const AKSLINT = path.join(REPO, 'bin', 'akslint.js');
const CHECKOV_VERSION = '3.3.30';
const TRIVY_VERSION = 'v0.74.0';
const CHECKOV = path.join(CACHE, 'checkov-venv', 'bin', 'checkov');
const TRIVY = path.join(CACHE, 'bin', 'trivy');
/** The whole bench corpus at this scale: every format. */
const MIXED_SCALE = 0.25;
/** Terraform only, shaped like checkov#1010 (709 files): about 700 files and 50-60k lines. */
const TERRAFORM_SCALE = 0.17;

interface Options {
  timeoutMinutes: number;
  /** Measure only these tools and keep the other rows of the last run (docs/bench/peers.json). */
  only?: Tool[];
}

function parseArgs(argv: readonly string[]): Options {
  const out: Options = { timeoutMinutes: 30 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    if (flag === '--timeout-minutes') out.timeoutMinutes = Number(inline ?? argv[++i]);
    else if (flag === '--only') out.only = (inline ?? argv[++i]).split(',') as Tool[];
    else
      throw new Error(`unknown option ${argv[i]} (expected --timeout-minutes, --only akslint,checkov,trivy)`);
  }
  if (!(out.timeoutMinutes > 0)) throw new Error('--timeout-minutes must be positive');
  if (out.only?.some((t) => !TOOLS.includes(t))) throw new Error(`--only takes ${TOOLS.join(', ')}`);
  return out;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): void {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status ?? r.signal})`);
}

/** Installs a peer when missing; Trivy's build takes many minutes, so it is asked for last. */
function install(tool: Tool): void {
  if (tool === 'checkov' && !fs.existsSync(CHECKOV)) {
    run('python3', ['-m', 'venv', path.join(CACHE, 'checkov-venv')]);
    run(path.join(CACHE, 'checkov-venv', 'bin', 'pip'), ['install', '-q', `checkov==${CHECKOV_VERSION}`]);
  }
  if (tool === 'trivy' && !fs.existsSync(TRIVY)) {
    // Trivy's sources use encoding/json/v2, still an experiment of the Go toolchain.
    run('go', ['install', `github.com/aquasecurity/trivy/cmd/trivy@${TRIVY_VERSION}`], {
      GOBIN: path.join(CACHE, 'bin'),
      GOEXPERIMENT: 'jsonv2',
    });
  }
}

interface Corpus {
  name: string;
  dir: string;
  files: number;
  lines: number;
  mb: number;
}

function describeCorpus(name: string, dir: string): Corpus {
  let files = 0;
  let lines = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const text = fs.readFileSync(p, 'utf8');
        files++;
        bytes += Buffer.byteLength(text);
        lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      }
    }
  };
  walk(dir);
  return { name, dir, files, lines, mb: Math.round(bytes / 1e4) / 100 };
}

function ensureCorpora(): Corpus[] {
  const mixed = path.join(CORPUS_ROOT, `scale-${MIXED_SCALE}`);
  if (!existingCorpus(mixed, { scale: MIXED_SCALE, seed: DEFAULT_SEED }))
    writeCorpus(mixed, { scale: MIXED_SCALE, seed: DEFAULT_SEED });
  const terraform = path.join(CORPUS_ROOT, `peers-terraform-${TERRAFORM_SCALE}`);
  const options = { scale: TERRAFORM_SCALE, seed: DEFAULT_SEED };
  if (!existingCorpus(terraform, options)) {
    fs.rmSync(terraform, { recursive: true, force: true });
    const files = terraformCorpus(new Random(DEFAULT_SEED).fork('terraform'), TERRAFORM_SCALE);
    for (const f of files) {
      const target = path.join(terraform, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, f.text);
    }
    fs.writeFileSync(
      path.join(terraform, MARKER_FILE),
      JSON.stringify({ ...options, generatorVersion: GENERATOR_VERSION, files: files.length }, null, 2) +
        '\n',
    );
  }
  return [
    describeCorpus(`Terraform, ${TERRAFORM_SCALE} scale (checkov#1010-sized)`, terraform),
    describeCorpus(`bench corpus, scale ${MIXED_SCALE} (Terraform, ARM, Bicep, Kubernetes)`, mixed),
  ];
}

type Tool = 'akslint' | 'checkov' | 'trivy';
const TOOLS: readonly Tool[] = ['akslint', 'checkov', 'trivy'];

/** The command line each tool is run with, writing JSON to `out`. */
function commandOf(tool: Tool, dir: string, out: string): { cmd: string; args: string[] } {
  switch (tool) {
    case 'akslint':
      return { cmd: process.execPath, args: [AKSLINT, 'scan', dir, '--format', 'json', '--output', out] };
    case 'checkov':
      return {
        cmd: CHECKOV,
        args: ['-d', dir, '-o', 'json', '--quiet', '--compact', '--skip-download', '--output-file-path', out],
      };
    case 'trivy':
      return {
        cmd: TRIVY,
        args: [
          'config',
          '--format',
          'json',
          '--quiet',
          '--skip-check-update',
          '--cache-dir',
          path.join(CACHE, 'trivy-cache'),
          '--output',
          out,
          dir,
        ],
      };
  }
}

interface Measurement {
  tool: Tool;
  corpus: string;
  wallSeconds: number;
  peakRssMb: number;
  timedOut: boolean;
  exitCode: number | null;
  /** Failed checks in total, and those on an AKS cluster or node pool (every tool's own AKS rules). */
  findings?: number;
  aksFindings?: number;
}

const AKS_RESOURCE = /kubernetes_cluster|managedclusters/i;

/** Counts failed checks in a tool's JSON output. */
function countFindings(tool: Tool, outPath: string): { findings: number; aksFindings: number } | undefined {
  // Checkov's --output-file-path is a folder: it writes results_json.json in it.
  const file = tool === 'checkov' ? path.join(outPath, 'results_json.json') : outPath;
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const data = JSON.parse(text) as unknown;
  const resources: string[] = [];
  if (tool === 'akslint') {
    for (const f of (data as { findings: { resource: { type: string } }[] }).findings)
      resources.push(f.resource.type);
  } else if (tool === 'checkov') {
    const reports = (Array.isArray(data) ? data : [data]) as {
      results?: { failed_checks?: { resource: string }[] };
    }[];
    for (const r of reports) for (const c of r.results?.failed_checks ?? []) resources.push(c.resource);
  } else {
    const results = (
      data as {
        Results?: { Misconfigurations?: { Status: string; CauseMetadata?: { Resource?: string } }[] }[];
      }
    ).Results;
    for (const r of results ?? [])
      for (const m of r.Misconfigurations ?? [])
        if (m.Status === 'FAIL') resources.push(m.CauseMetadata?.Resource ?? '');
  }
  return { findings: resources.length, aksFindings: resources.filter((r) => AKS_RESOURCE.test(r)).length };
}

function measure(tool: Tool, corpus: Corpus, timeoutMs: number): Measurement {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `peers-${tool}-`));
  const out = path.join(work, tool === 'checkov' ? 'checkov-out' : 'out.json');
  const timeFile = path.join(work, 'time.txt');
  const { cmd, args } = commandOf(tool, corpus.dir, out);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', '-o', timeFile, cmd, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    env: { ...process.env, BC_SKIP_MAPPING: 'TRUE', TRIVY_DISABLE_VEX_NOTICE: 'true', NO_COLOR: '1' },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  const timeText = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, 'utf8') : '';
  const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(timeText)?.[1] ?? NaN);
  const counted = timedOut ? undefined : countFindings(tool, out);
  if (!timedOut && !counted)
    console.error(`${tool} on ${corpus.name}: no report (exit ${r.status})\n${r.stderr}`);
  fs.rmSync(work, { recursive: true, force: true });
  return {
    tool,
    corpus: corpus.name,
    wallSeconds: Math.round(wallSeconds * 100) / 100,
    peakRssMb: Math.round(rssKb / 1024),
    timedOut,
    exitCode: r.status,
    ...counted,
  };
}

function version(tool: Tool): string {
  // A binary built by `go install` calls itself "dev": it is the version installed.
  if (tool === 'trivy') return TRIVY_VERSION;
  const r =
    tool === 'akslint'
      ? spawnSync(process.execPath, [AKSLINT, '--version'], { encoding: 'utf8' })
      : spawnSync(tool === 'checkov' ? CHECKOV : TRIVY, ['--version'], { encoding: 'utf8' });
  return (r.stdout ?? '')
    .trim()
    .split('\n')[0]
    .replace(/^Version:\s*/, '');
}

const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

function markdown(
  corpora: Corpus[],
  rows: Measurement[],
  meta: {
    date: string;
    machine: string;
    load: string;
    keptFrom?: { date: string; load: string; tools: Tool[] };
    versions: Record<Tool, string>;
  },
): string {
  const lines = [
    '# akslint, Checkov and Trivy on the same files',
    '',
    `Measured by \`npm run bench:peers\` on ${meta.date}, ${meta.machine}; load average before the run: ${meta.load}. ` +
      'Each tool scans each corpus once as a whole process (start-up included), after a warm-up run on `examples/secure/kubernetes`; ' +
      'peak RSS from `/usr/bin/time -v`. The machine was shared: absolute times vary from run to run, the ratios between ' +
      'tools in one run are what the table shows.',
    '',
    ...(meta.keptFrom
      ? [
          `The ${meta.keptFrom.tools.join(' and ')} rows are from an earlier run (${meta.keptFrom.date}, load average ${meta.keptFrom.load}), ` +
            'kept by `--only`: ratios against them mix two runs.',
          '',
        ]
      : []),
    `Versions: akslint ${meta.versions.akslint}, Checkov ${meta.versions.checkov}, Trivy ${meta.versions.trivy}.`,
    '',
    '![wall time and peak memory](peers.svg)',
    '',
  ];
  for (const c of corpora) {
    lines.push(
      `## ${c.name}`,
      '',
      `${fmt(c.files, 0)} files, ${fmt(c.lines, 0)} lines, ${c.mb} MB.`,
      '',
      '| tool | wall time | vs akslint | peak RSS | files/s | findings | on AKS clusters and node pools |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    const base = rows.find((r) => r.tool === 'akslint' && r.corpus === c.name)!;
    for (const r of rows.filter((x) => x.corpus === c.name)) {
      const time = r.timedOut ? `> ${fmt(r.wallSeconds, 0)} s (stopped)` : `${fmt(r.wallSeconds, 2)} s`;
      lines.push(
        `| ${r.tool} | ${time} | ${r.tool === 'akslint' ? '1×' : `${fmt(r.wallSeconds / base.wallSeconds)}×`} | ` +
          `${r.timedOut ? '–' : `${fmt(r.peakRssMb, 0)} MB`} | ${r.timedOut ? '–' : fmt(c.files / r.wallSeconds, 0)} | ` +
          `${r.findings ?? '–'} | ${r.aksFindings ?? '–'} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    'Findings are failed checks as each tool reports them (Checkov and Trivy also check resources akslint does not, ' +
      'and count one finding per check and resource where akslint may report one per attribute); the last column ' +
      'counts those on `azurerm_kubernetes_cluster*` and `Microsoft.ContainerService/managedClusters*` resources.',
    '',
  );
  return lines.join('\n');
}

const COLORS: Record<Tool, string> = { akslint: '#2f7d32', checkov: '#7b1fa2', trivy: '#1565c0' };

/** Horizontal bars per corpus: wall time on the left, peak RSS on the right, each scaled to its largest. */
function svg(corpora: Corpus[], rows: Measurement[]): string {
  const barHeight = 18;
  const groupGap = 34;
  const labelWidth = 70;
  const panelWidth = 330;
  const width = labelWidth + 2 * panelWidth + 40;
  const maxTime = Math.max(...rows.map((r) => r.wallSeconds));
  const maxRss = Math.max(...rows.map((r) => (r.timedOut ? 0 : r.peakRssMb)));
  const out: string[] = [];
  let y = 40;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  out.push(
    `<text x="${labelWidth}" y="24" font-weight="bold">wall time (s)</text>`,
    `<text x="${labelWidth + panelWidth + 30}" y="24" font-weight="bold">peak RSS (MB)</text>`,
  );
  for (const c of corpora) {
    out.push(`<text x="4" y="${y + 12}" font-style="italic">${esc(c.name)}</text>`);
    y += 20;
    for (const r of rows.filter((x) => x.corpus === c.name)) {
      const tw = Math.max(2, ((panelWidth - 60) * r.wallSeconds) / maxTime);
      const rw = r.timedOut ? 0 : Math.max(2, ((panelWidth - 60) * r.peakRssMb) / maxRss);
      const time = r.timedOut ? `> ${fmt(r.wallSeconds, 0)}` : fmt(r.wallSeconds, 2);
      out.push(
        `<text x="4" y="${y + 13}">${r.tool}</text>`,
        `<rect x="${labelWidth}" y="${y}" width="${tw.toFixed(1)}" height="${barHeight}" fill="${COLORS[r.tool]}"/>`,
        `<text x="${(labelWidth + tw + 4).toFixed(1)}" y="${y + 13}">${time}</text>`,
        `<rect x="${labelWidth + panelWidth + 30}" y="${y}" width="${rw.toFixed(1)}" height="${barHeight}" fill="${COLORS[r.tool]}"/>`,
        `<text x="${(labelWidth + panelWidth + 34 + rw).toFixed(1)}" y="${y + 13}">${r.timedOut ? '–' : fmt(r.peakRssMb, 0)}</text>`,
      );
      y += barHeight + 4;
    }
    y += groupGap - 20;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 10}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...out,
    '</svg>',
    '',
  ].join('\n');
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  fs.mkdirSync(CACHE, { recursive: true });
  const corpora = ensureCorpora();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
  const warmUp = describeCorpus('examples', path.join(REPO, 'examples', 'secure', 'kubernetes'));
  const last = path.join(OUT_DIR, 'peers.json');
  const previous = options.only
    ? (JSON.parse(fs.readFileSync(last, 'utf8')) as {
        rows: Measurement[];
        load: string;
        date: string;
        keptFrom?: { date: string; load: string; tools: Tool[] };
      })
    : undefined;
  const kept = previous?.rows.filter((r) => !options.only!.includes(r.tool)) ?? [];
  const rows: Measurement[] = [...kept];
  for (const tool of options.only ?? TOOLS) {
    install(tool);
    measure(tool, warmUp, options.timeoutMinutes * 60_000);
    for (const corpus of corpora) {
      const m = measure(tool, corpus, options.timeoutMinutes * 60_000);
      console.log(
        `${corpus.name}: ${tool} ${m.timedOut ? 'stopped after' : ''} ${m.wallSeconds} s, ${m.peakRssMb} MB, ${m.findings ?? '?'} findings (${m.aksFindings ?? '?'} on AKS)`,
      );
      rows.push(m);
    }
  }
  const corpusIndex = (r: Measurement) => corpora.findIndex((c) => c.name === r.corpus);
  rows.sort((a, b) => corpusIndex(a) - corpusIndex(b) || TOOLS.indexOf(a.tool) - TOOLS.indexOf(b.tool));
  const meta = {
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}, node ${process.version}`,
    load: `${load} (1, 5, 15 min); after: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(', ')}`,
    keptFrom: previous
      ? {
          date: previous.keptFrom?.date ?? previous.date,
          load: previous.keptFrom?.load ?? previous.load,
          tools: TOOLS.filter((t) => !options.only!.includes(t)),
        }
      : undefined,
    versions: { akslint: version('akslint'), checkov: version('checkov'), trivy: version('trivy') },
  };
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, 'peers.md'), markdown(corpora, rows, meta));
  fs.writeFileSync(path.join(OUT_DIR, 'peers.svg'), svg(corpora, rows));
  fs.writeFileSync(
    path.join(OUT_DIR, 'peers.json'),
    JSON.stringify({ ...meta, corpora: corpora.map(({ dir: _dir, ...c }) => c), rows }, null, 2) + '\n',
  );
  console.log(`written to ${path.relative(REPO, OUT_DIR)}/peers.{md,svg,json}`);
}

main();
