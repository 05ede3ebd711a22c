import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { LoaderOptions, LoadHost, LoadResult } from '../model';
import { createHost, type HostSpec } from '../discover/host';
import { loadUnit, type LoadUnit, type UnitLoader } from './analyze';

/**
 * Units are loaded (parsed and evaluated) in worker threads; the main thread takes its share too, joins
 * the results in unit order and runs the rules over the one graph. Loaders return plain data (values
 * with their ranges and origins, no functions or classes, no undefined that matters), which crosses
 * threads as JSON text intact: objects two resources share arrive as two equal copies.
 */

/** Below this much source text a scan stays in one thread: starting a worker costs more than it saves. */
export const MIN_PARALLEL_BYTES = 2 * 1024 * 1024;
/** Source text per thread at least: a 64-core runner does not start 63 workers for 3 MB. */
const MIN_BYTES_PER_THREAD = 1024 * 1024;
/** Tasks handed to a worker at once, so that it never waits for the main thread between two. */
const TASKS_IN_FLIGHT = 2;
/** Tasks per thread: enough to even out unequal units, few enough that messages stay cheap. */
const TASKS_PER_THREAD = 8;

const WORKER_FLAG = 'akslintLoadWorker';
/** On a worker's command line, so that a process that starts none need not load node:worker_threads. */
const WORKER_ARG = '--akslint-load-worker';

const workerThreads = () => require('node:worker_threads') as typeof import('node:worker_threads');

/** `--jobs` by default: every core the process may use. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

interface Task {
  id: number;
  /** Indexes into the units. */
  units: number[];
}

type WorkerMessage =
  | { kind: 'parsed'; path: string }
  | { kind: 'done'; id: number; results: string }
  | { kind: 'failed'; id: number; message: string };

/**
 * A loader that spreads units over `jobs` threads (the main thread and `jobs - 1` workers) when the
 * scan is large enough, and loads them here otherwise. Each worker builds its own host from `spec`
 * and loads its grammars once.
 */
export function parallelLoader(spec: HostSpec, jobs: number, tuning: ParallelTuning = {}): UnitLoader {
  return async (units, host, options) => {
    const bytes = units.reduce((n, u) => n + unitBytes(u), 0);
    const entry = tuning.entry ?? workerEntry();
    const minBytes = tuning.minBytes ?? MIN_PARALLEL_BYTES;
    const byBytes = minBytes === 0 ? jobs : Math.ceil(bytes / MIN_BYTES_PER_THREAD);
    const threads = Math.min(jobs, units.length, byBytes);
    if (threads < 2 || bytes < minBytes || !entry) return loadHere(units, host, options);
    tuning.onThreads?.(threads);
    return loadInThreads(units, host, options, { spec, entry, threads, onFailure: tuning.onWorkerFailure });
  };
}

export interface ParallelTuning {
  /** Source text below which the scan stays in one thread (default MIN_PARALLEL_BYTES). */
  minBytes?: number;
  /** The script workers run (default: found as `workerEntry` says). */
  entry?: string;
  /** Told the number of threads when the load is spread over several. */
  onThreads?: (threads: number) => void;
  /** Told why a worker failed; its units were then loaded in the main thread. */
  onWorkerFailure?: (message: string) => void;
}

function unitBytes(unit: LoadUnit): number {
  return unit.entries.reduce((n, e) => n + e.text.length, 0);
}

async function loadHere(units: readonly LoadUnit[], host: LoadHost, options: LoaderOptions) {
  const out: LoadResult[] = [];
  for (const unit of units) out.push(await loadUnit(unit, host, options));
  return out;
}

/**
 * The file a worker runs: this module itself, which serves when it starts in a worker (in the bundle,
 * the bundle; compiled by tsc, dist/src/engine/parallel.js). Run from TypeScript sources (jest), the
 * compiled copy in dist/, when built. Undefined: no worker can start, the scan stays in one thread.
 */
function workerEntry(): string | undefined {
  if (!__filename.endsWith('.ts')) return __filename;
  const compiled = path.resolve(__dirname, '../../dist/src/engine/parallel.js');
  return fs.existsSync(compiled) ? compiled : undefined;
}

/** Biggest units first (they decide when the last thread ends), in batches of about equal size. */
function planTasks(units: readonly LoadUnit[], threads: number): Task[] {
  const size = units.map((u) => unitBytes(u) + 1);
  const order = units.map((_, i) => i).sort((a, b) => size[b] - size[a] || a - b);
  const target = size.reduce((a, b) => a + b, 0) / (threads * TASKS_PER_THREAD);
  const tasks: Task[] = [];
  let current: number[] = [];
  let filled = 0;
  for (const i of order) {
    current.push(i);
    filled += size[i];
    if (filled >= target) {
      tasks.push({ id: tasks.length, units: current });
      current = [];
      filled = 0;
    }
  }
  if (current.length > 0) tasks.push({ id: tasks.length, units: current });
  return tasks;
}

async function loadInThreads(
  units: readonly LoadUnit[],
  host: LoadHost,
  options: LoaderOptions,
  pool: { spec: HostSpec; entry: string; threads: number; onFailure?: (message: string) => void },
): Promise<LoadResult[]> {
  const { spec, entry, threads } = pool;
  const results: LoadResult[] = new Array(units.length);
  const queue = planTasks(units, threads);
  const strings = new Map<string, string>();
  const { onParsed, syntaxCache: _cache, ...plain } = options;
  const sent: LoaderOptions = plain;

  const runHere = async (task: Task) => {
    for (const i of task.units) results[i] = await loadUnit(units[i], host, options);
  };

  const started: Worker[] = [];
  const workers = Array.from({ length: threads - 1 }, () =>
    startWorker(
      entry,
      spec,
      units,
      sent,
      queue,
      results,
      strings,
      runHere,
      onParsed,
      pool.onFailure,
      started,
    ),
  );
  try {
    // The main thread loads its share between handing out tasks; a worker that failed left its tasks to it.
    for (let task = queue.shift(); task; task = queue.shift()) {
      await runHere(task);
      // Let workers' messages in: a finished worker gets its next tasks.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    await Promise.all(workers);
  } catch (err) {
    // A running worker keeps the process alive: an internal error must not leave one behind.
    await Promise.all(started.map((w) => w.terminate()));
    throw err;
  }
  return results;
}

/**
 * A worker that takes tasks from the queue until it is empty; resolves once its tasks are done. If the
 * worker fails, the tasks it held go back to this thread.
 */
function startWorker(
  entry: string,
  spec: HostSpec,
  units: readonly LoadUnit[],
  options: LoaderOptions,
  queue: Task[],
  results: LoadResult[],
  strings: Map<string, string>,
  runHere: (task: Task) => Promise<void>,
  onParsed: ((path: string) => void) | undefined,
  onFailure: ((message: string) => void) | undefined,
  started: Worker[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const held = new Map<number, Task>();
    let finished = false;
    const worker = new (workerThreads().Worker)(entry, {
      argv: [WORKER_ARG],
      workerData: { [WORKER_FLAG]: true, spec },
    });
    started.push(worker);
    const finish = async (failure?: string) => {
      if (finished) return;
      finished = true;
      try {
        await worker.terminate();
        if (failure !== undefined) {
          onFailure?.(failure);
          for (const task of held.values()) await runHere(task);
        }
        held.clear();
        resolve();
      } catch (err) {
        reject(err);
      }
    };
    const feed = () => {
      while (held.size < TASKS_IN_FLIGHT && queue.length > 0) {
        const task = queue.shift()!;
        held.set(task.id, task);
        worker.postMessage({ id: task.id, units: task.units.map((i) => units[i]), options });
      }
      if (held.size === 0) void finish();
    };
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.kind === 'parsed') return onParsed?.(msg.path);
      const task = held.get(msg.id);
      if (!task) return;
      if (msg.kind === 'failed') return void finish(msg.message);
      held.delete(msg.id);
      const loaded = internStrings(JSON.parse(msg.results), strings) as LoadResult[];
      task.units.forEach((unit, i) => (results[unit] = loaded[i]));
      feed();
    });
    worker.on('error', (err) => void finish(err instanceof Error ? err.message : String(err)));
    worker.on(
      'exit',
      (code) => void finish(held.size > 0 ? `the worker stopped (exit code ${code})` : undefined),
    );
    feed();
  });
}

/**
 * The same strings as one string each. JSON.parse makes a new string for every occurrence: each range's
 * file path (one per value and key of a file), each key such as `name`, each repeated value. On 100k
 * manifests' objects those copies were most of the heap.
 */
function internStrings(value: unknown, strings: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = internStrings(value[i], strings);
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key in record) record[key] = internStrings(record[key], strings);
  }
  return value;
}

/** In a worker started by `startWorker`: load the units of each task with a host built once. */
function serveIfWorker(): void {
  if (!process.argv.includes(WORKER_ARG)) return;
  const { isMainThread, parentPort, workerData } = workerThreads();
  if (isMainThread || !parentPort || !(workerData as Record<string, unknown>)?.[WORKER_FLAG]) return;
  const port = parentPort;
  const host = createHost((workerData as { spec: HostSpec }).spec);
  let chain = Promise.resolve();
  port.on('message', (task: { id: number; units: LoadUnit[]; options: LoaderOptions }) => {
    chain = chain.then(async () => {
      const options = {
        ...task.options,
        onParsed: (p: string) => port.postMessage({ kind: 'parsed', path: p }),
      };
      try {
        const results: LoadResult[] = [];
        for (const unit of task.units) {
          const result = await loadUnit(unit, host, options);
          // The main thread has the entries' texts: only the other files read go back.
          const entries = new Set(unit.entries.map((e) => e.path));
          results.push({ ...result, files: result.files.filter((f) => !entries.has(f.path)) });
        }
        // As JSON text: V8 reads it back twice as fast as a structured clone of the same objects
        // (measured on the generated corpus), and reading it back is the main thread's time.
        port.postMessage({ kind: 'done', id: task.id, results: JSON.stringify(results) });
      } catch (err) {
        port.postMessage({ kind: 'failed', id: task.id, message: String(err) });
      }
    });
  });
}

serveIfWorker();
