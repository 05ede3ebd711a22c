import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliV8Flags } from './cli-flags';
import { runScan } from '../src/engine/scan';
import { defaultJobs } from '../src/engine/parallel';
import { leanHeapForLargeScans } from '../src/cli/heap';
import { DEFAULT_SEED, existingCorpus, writeCorpus } from './generate';

/**
 * `npm run bench:parallel`: the generated corpus scanned with one thread and with every core, turn
 * about, each scan in a fresh process. Reports wall time, the CPU time of all threads, peak memory and
 * the machine's load while measuring (on a shared machine, wall time says as much about the others as
 * about us). Writes bench/parallel-results.json.
 *
 *   node dist/bench/parallel.js [--scale 1] [--runs 3] [--jobs N]
 */

const REPO = path.resolve(__dirname, '..', '..');
const CORPUS_ROOT = path.join(REPO, 'bench', 'corpus');
const RESULTS_FILE = path.join(REPO, 'bench', 'parallel-results.json');

interface Sample {
  jobs: number;
  wallMs: number;
  /** Every thread of the process. */
  cpuMs: number;
  /** The main thread alone (Linux), the part no worker can take over. */
  mainThreadCpuMs?: number;
  /**
   * V8's own threads (Linux): those the process had before the scan, garbage collection and optimising
   * compilation, shared by every isolate and busy even with --jobs 1.
   */
  helperThreadsCpuMs?: number;
  /** The rest (Linux): the worker threads, and libuv's pool (next to nothing). */
  workerThreadsCpuMs?: number;
  maxRssMb: number;
  findings: number;
  /** One-minute load average when the scan ended. */
  load: number;
}

/** In the child: one scan, then one JSON line with what it cost. */
async function child(cwd: string, jobs: number): Promise<void> {
  const helpers = threadIds().filter((id) => id !== process.pid);
  const started = performance.now();
  // As the CLI scans (its heap settings for large scans).
  const report = await runScan({ cwd, paths: ['.'], jobs, onDiscovered: leanHeapForLargeScans });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const main = threadCpuMs(process.pid);
  const helperCpu = helpers.map(threadCpuMs);
  const helperThreadsCpuMs =
    helpers.length > 0 && helperCpu.every((ms) => ms !== undefined)
      ? helperCpu.reduce((a: number, b) => a + b!, 0)
      : undefined;
  const sample: Omit<Sample, 'load'> = {
    jobs,
    wallMs,
    cpuMs,
    mainThreadCpuMs: main,
    helperThreadsCpuMs,
    workerThreadsCpuMs:
      main === undefined || helperThreadsCpuMs === undefined
        ? undefined
        : Math.max(0, cpuMs - main - helperThreadsCpuMs),
    maxRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
    findings: report.findings.length,
  };
  process.stdout.write(JSON.stringify(sample) + '\n');
}

/** The ids of this process's threads (Linux; none elsewhere); the main thread's is the process id. */
function threadIds(): number[] {
  try {
    return fs.readdirSync('/proc/self/task').map(Number);
  } catch {
    return [];
  }
}

/**
 * A thread's CPU time from /proc (utime + stime, in clock ticks of 10 ms on Linux); undefined elsewhere
 * or once it ended.
 */
function threadCpuMs(id: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function measure(cwd: string, jobs: number): Sample {
  const run = spawnSync(
    process.execPath,
    [...cliV8Flags(cwd, ['.']), __filename, '--child', cwd, String(jobs)],
    {
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`scan with --jobs ${jobs} failed: ${run.stderr}`);
  return { ...(JSON.parse(run.stdout) as Omit<Sample, 'load'>), load: os.loadavg()[0] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1], Number(argv[2]));
  const option = (name: string, fallback: number) => {
    const i = argv.indexOf(name);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const scale = option('--scale', 1);
  const runs = option('--runs', 3);
  const jobs = option('--jobs', defaultJobs());
  const dir = path.join(CORPUS_ROOT, `scale-${scale}`);
  const corpus = { scale, seed: DEFAULT_SEED };
  const marker = existingCorpus(dir, corpus) ?? writeCorpus(dir, corpus);

  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    for (const j of [1, jobs]) {
      const s = measure(dir, j);
      samples.push(s);
      const seconds = (ms: number) => (ms / 1000).toFixed(1);
      const main =
        s.mainThreadCpuMs === undefined
          ? ''
          : ` (main thread ${seconds(s.mainThreadCpuMs)} s, workers ${seconds(s.workerThreadsCpuMs ?? 0)} s, V8's helper threads ${seconds(s.helperThreadsCpuMs ?? 0)} s)`;
      console.log(
        `--jobs ${j}: ${(s.wallMs / 1000).toFixed(1)} s wall, ${(s.cpuMs / 1000).toFixed(1)} s CPU${main}, ${s.maxRssMb.toFixed(0)} MB, load ${s.load.toFixed(1)}`,
      );
    }
  }
  const summary = (j: number) => {
    const of = samples.filter((s) => s.jobs === j);
    const medianOf = (pick: (s: Sample) => number | undefined) => {
      const known = of.map(pick).filter((m): m is number => m !== undefined);
      return known.length > 0 ? median(known) : undefined;
    };
    return {
      wallMs: median(of.map((s) => s.wallMs)),
      cpuMs: median(of.map((s) => s.cpuMs)),
      mainThreadCpuMs: medianOf((s) => s.mainThreadCpuMs),
      workerThreadsCpuMs: medianOf((s) => s.workerThreadsCpuMs),
      helperThreadsCpuMs: medianOf((s) => s.helperThreadsCpuMs),
      maxRssMb: median(of.map((s) => s.maxRssMb)),
    };
  };
  const one = summary(1);
  const many = summary(jobs);
  const findings = new Set(samples.map((s) => s.findings));
  if (findings.size !== 1) throw new Error(`runs disagree on the findings: ${[...findings].join(', ')}`);
  const result = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, availableParallelism: defaultJobs(), model: os.cpus()[0]?.model },
    corpus: { scale, files: marker.files, bytes: marker.bytes },
    jobs,
    one,
    many,
    speedup: one.wallMs / many.wallMs,
    cpuOverhead: many.cpuMs / one.cpuMs,
    // On idle cores a scan cannot end before its main thread's work is done, nor before all its work
    // (garbage collection and compilation threads included, busy even with --jobs 1) is shared out
    // over the cores: the speedup the CPU times allow, whatever the machine's load did to wall times.
    speedupOnIdleCores:
      one.mainThreadCpuMs === undefined || many.mainThreadCpuMs === undefined
        ? undefined
        : Math.max(one.mainThreadCpuMs, one.cpuMs / defaultJobs()) /
          Math.max(many.mainThreadCpuMs, many.cpuMs / defaultJobs()),
    loadAverage: {
      min: Math.min(...samples.map((s) => s.load)),
      max: Math.max(...samples.map((s) => s.load)),
    },
    samples,
  };
  fs.writeFileSync(RESULTS_FILE, JSON.stringify(result, null, 2) + '\n');
  console.log(
    `median: --jobs 1 ${(one.wallMs / 1000).toFixed(1)} s, --jobs ${jobs} ${(many.wallMs / 1000).toFixed(1)} s: ${result.speedup.toFixed(2)}x wall, ${result.cpuOverhead.toFixed(2)}x CPU, ${result.speedupOnIdleCores?.toFixed(2) ?? '?'}x on idle cores by CPU times (load average ${result.loadAverage.min.toFixed(1)}-${result.loadAverage.max.toFixed(1)} on ${defaultJobs()} cores)`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
