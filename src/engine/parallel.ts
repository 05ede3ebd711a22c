import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { LoadHost } from '../model';
import { createHost, type HostSpec } from '../discover/host';
import { findRule } from '../../policies';
import type { Rule } from '../../policies/api';
import { withSharedSyntax, type LoadUnit } from './analyze';
import { oneCopyOfEach } from '../parsers/strings';
import { runGroupsHere, scanGroup, type GroupJob, type GroupResult, type GroupRunner } from './groups';

/**
 * Whole groups of units (see engine/groups.ts) are scanned in worker threads: loaded, placed, checked;
 * the main thread takes its share too and joins the results in group order. A worker sends back only
 * what the report needs (findings, problems, counts), as JSON text, so the main thread neither decodes
 * resources nor runs rules for the groups workers scanned.
 */

/** Below this much source text a scan stays in one thread: starting a worker costs more than it saves. */
export const MIN_PARALLEL_BYTES = 2 * 1024 * 1024;
/** Source text per thread at least: a 64-core runner does not start 63 workers for 3 MB. */
const MIN_BYTES_PER_THREAD = 1024 * 1024;
/** Tasks handed to a worker at once, so that it never waits for the main thread between two. */
const TASKS_IN_FLIGHT = 2;
/**
 * A worker's task is this share of the source text left, over the threads: large while much is left (few
 * messages), small near the end, so that no thread waits long for another's last task.
 */
const TASK_SHARE = 1 / 4;
/** Source text of a worker's task at least (about 50 ms of work), unless less is left. */
const MIN_TASK_BYTES = 128 * 1024;

const WORKER_FLAG = 'akslintLoadWorker';
/** On a worker's command line, so that a process that starts none need not load node:worker_threads. */
const WORKER_ARG = '--akslint-load-worker';

const workerThreads = () => require('node:worker_threads') as typeof import('node:worker_threads');

/** `--jobs` by default: every core the process may use. */
export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

export interface Task {
  id: number;
  /** Indexes into the groups. */
  groups: number[];
}

/**
 * The groups in the order threads take them: by format (Terraform first), biggest first within one.
 * Workers take tasks from the front and the main thread single groups from the back, so that each
 * thread runs the code of few formats: every thread compiles and optimises the code it runs, and a
 * format's code run in every thread costs that many times (on the corpus with 2 threads, each running
 * every format took about 1 s more CPU). The main thread takes one group at a time, as it reads the
 * workers' messages only between two: a worker that finished a task gets its next one soon.
 */
export class GroupQueue {
  private readonly order: number[];
  private readonly size: number[];
  private front = 0;
  private back: number;
  private bytesLeft: number;
  private tasks = 0;

  constructor(
    groups: readonly (readonly LoadUnit[])[],
    private readonly threads: number,
  ) {
    this.size = groups.map((g) => groupBytes(g) + 1);
    const format = groups.map((g) => g[0]?.format ?? '');
    const size = this.size;
    this.order = groups
      .map((_, i) => i)
      .sort((a, b) => (format[a] > format[b] ? -1 : format[a] < format[b] ? 1 : size[b] - size[a] || a - b));
    this.back = this.order.length;
    this.bytesLeft = size.reduce((a, b) => a + b, 0);
  }

  get empty(): boolean {
    return this.front >= this.back;
  }

  /** A worker's next task: groups from the front, a share of what is left (see TASK_SHARE). */
  nextTask(): Task | undefined {
    if (this.empty) return undefined;
    const target = Math.max(MIN_TASK_BYTES, (this.bytesLeft * TASK_SHARE) / this.threads);
    const groups: number[] = [];
    let filled = 0;
    while (!this.empty && filled < target) {
      const g = this.order[this.front++];
      groups.push(g);
      filled += this.size[g];
    }
    this.bytesLeft -= filled;
    return { id: this.tasks++, groups };
  }

  /** The main thread's next group: the last one. */
  lastGroup(): number | undefined {
    if (this.empty) return undefined;
    const g = this.order[--this.back];
    this.bytesLeft -= this.size[g];
    return g;
  }
}

type WorkerMessage =
  | { kind: 'parsed'; paths: string[] }
  | { kind: 'done'; id: number; results: string }
  | { kind: 'failed'; id: number; message: string };

/** What the main thread tells a worker: first its setup, then tasks. */
type ToWorker =
  | { kind: 'setup'; setup: WorkerSetup }
  | { kind: 'task'; id: number; groups: ReadonlyArray<readonly LoadUnit[]> };

/**
 * What a worker is set up with: its host, the scan's job without its functions, the rules by id, and
 * whether the main thread tells progress (then the worker sends the paths it parsed after each group).
 */
interface WorkerSetup {
  spec: HostSpec;
  job: GroupJob;
  rules: string[];
  progress: boolean;
}

/**
 * A runner that spreads groups over `jobs` threads (the main thread and `jobs - 1` workers) when the
 * scan is large enough, and scans them here otherwise. Each worker builds its own host from `spec`
 * and loads its grammars once. Rules that are not akslint's own (tests) cannot be named to a worker:
 * the scan then stays here.
 */
export function parallelRunner(
  spec: HostSpec,
  jobs: number,
  tuning: ParallelTuning = {},
  pool?: WorkerPool,
): GroupRunner {
  return async (groups, host, job, rules) => {
    const bytes = groups.reduce((n, g) => n + groupBytes(g), 0);
    const entry = tuning.entry ?? workerEntry();
    const threads = Math.min(groups.length, threadsFor(bytes, jobs, tuning));
    if (threads < 2 || !entry || !canSpread(rules)) return runGroupsHere(groups, host, job, rules);
    tuning.onThreads?.(threads);
    return runInThreads(groups, host, job, rules, {
      spec,
      entry,
      workerData: tuning.workerData,
      threads,
      pool,
      onFailure: tuning.onWorkerFailure,
    });
  };
}

/** Threads a scan of this much source text spreads over, at most `jobs` (1: it stays in this one). */
export function threadsFor(bytes: number, jobs: number, tuning: ParallelTuning): number {
  const minBytes = tuning.minBytes ?? MIN_PARALLEL_BYTES;
  if (bytes < minBytes) return 1;
  return Math.min(jobs, minBytes === 0 ? jobs : Math.ceil(bytes / MIN_BYTES_PER_THREAD));
}

/** Rules that are not akslint's own (tests) cannot be named to a worker. */
function canSpread(rules: readonly Rule[]): boolean {
  return rules.every((r) => findRule(r.id) === r);
}

/**
 * Workers started while discovery still reads the files, once the text read so far makes the scan
 * large enough to spread: each loads and compiles the bundle (about 150 ms) while the main thread
 * reads, instead of after it (profiled: the worker's first task began some 450 ms into a scan of the
 * bench corpus). They wait for their setup and tasks (startWorker); those the scan does not use are
 * stopped by `close`.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];
  /** Workers started, taken or not: each once (one that failed is not started again here). */
  private started = 0;
  private readonly entry: string | undefined;

  constructor(
    private readonly jobs: number,
    private readonly tuning: ParallelTuning,
    rules: readonly Rule[],
  ) {
    this.entry = canSpread(rules) ? (tuning.entry ?? workerEntry()) : undefined;
  }

  /** Told the source text read so far: starts the workers a scan of that size uses, if not started yet. */
  warm(bytes: number): void {
    if (this.entry === undefined) return;
    const wanted = threadsFor(bytes, this.jobs, this.tuning) - 1;
    for (; this.started < wanted; this.started++) {
      const worker = newWorker(this.entry, this.tuning.workerData);
      // One that fails before it is given work is dropped: the scan starts another (and hears why).
      const drop = () => {
        const i = this.idle.indexOf(worker);
        if (i >= 0) this.idle.splice(i, 1);
      };
      worker.on('error', drop).on('exit', drop);
      // Waiting for work, it must not keep the process alive.
      worker.unref();
      this.idle.push(worker);
    }
  }

  /** A started worker, no longer the pool's to stop. */
  take(): Worker | undefined {
    const worker = this.idle.shift();
    worker?.ref();
    return worker;
  }

  /** Stops the workers the scan did not use. */
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }
}

function newWorker(entry: string, data?: Readonly<Record<string, unknown>>): Worker {
  return new (workerThreads().Worker)(entry, {
    argv: [WORKER_ARG],
    workerData: { ...data, [WORKER_FLAG]: true },
  });
}

export interface ParallelTuning {
  /** Every unit in one group, one graph for the whole scan: what the groups must give (tests). */
  oneGroup?: boolean;
  /** Manifest text of one part of a large group of loose manifests (see engine/batches.ts; tests). */
  batchBytes?: number;
  /** Source text below which the scan stays in one thread (default MIN_PARALLEL_BYTES). */
  minBytes?: number;
  /** The script workers run (default: found as `workerEntry` says). */
  entry?: string;
  /** More of the workers' `workerData`, for the script they run (bin/worker.js: the code cache to read). */
  workerData?: Readonly<Record<string, unknown>>;
  /** Told the number of threads when the load is spread over several. */
  onThreads?: (threads: number) => void;
  /** Told why a worker failed; its groups were then scanned in the main thread. */
  onWorkerFailure?: (message: string) => void;
}

function groupBytes(units: readonly LoadUnit[]): number {
  return units.reduce((n, u) => n + u.entries.reduce((m, e) => m + e.text.length, 0), 0);
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

async function runInThreads(
  groups: readonly (readonly LoadUnit[])[],
  host: LoadHost,
  job: GroupJob,
  rules: readonly Rule[],
  pool: {
    spec: HostSpec;
    entry: string;
    workerData?: Readonly<Record<string, unknown>>;
    threads: number;
    /** Workers already started, taken before new ones are. */
    pool?: WorkerPool;
    onFailure?: (message: string) => void;
  },
): Promise<GroupResult[]> {
  const { entry, threads } = pool;
  const results: GroupResult[] = new Array(groups.length);
  const queue = new GroupQueue(groups, threads);
  const { onParsed, syntaxCache: _cache, ...options } = job.options;
  const setup: WorkerSetup = {
    spec: pool.spec,
    job: { ...job, options },
    rules: rules.map((r) => r.id),
    progress: onParsed !== undefined,
  };

  const scanHere = async (g: number) => {
    results[g] = await scanGroup(groups[g], host, job, rules);
    // Let workers' messages in: a finished worker gets its next task.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const runHere = async (task: Task) => {
    for (const g of task.groups) await scanHere(g);
  };

  const started: Worker[] = [];
  const workers = Array.from({ length: threads - 1 }, () =>
    startWorker(
      pool.pool?.take() ?? newWorker(entry, pool.workerData),
      setup,
      groups,
      queue,
      results,
      runHere,
      onParsed,
      pool.onFailure,
      started,
    ),
  );
  try {
    // The main thread scans its share between handing out tasks; a worker that failed left its tasks to it.
    for (let g = queue.lastGroup(); g !== undefined; g = queue.lastGroup()) await scanHere(g);
    await Promise.all(workers);
  } catch (err) {
    // A running worker keeps the process alive: an internal error must not leave one behind.
    await Promise.all(started.map((w) => w.terminate()));
    throw err;
  }
  return results;
}

/**
 * A worker (started by newWorker) given its setup, then tasks from the queue until it is empty;
 * resolves once its tasks are done. If the worker fails, the tasks it held go back to this thread.
 */
function startWorker(
  worker: Worker,
  setup: WorkerSetup,
  groups: readonly (readonly LoadUnit[])[],
  queue: GroupQueue,
  results: GroupResult[],
  runHere: (task: Task) => Promise<void>,
  onParsed: ((path: string) => void) | undefined,
  onFailure: ((message: string) => void) | undefined,
  started: Worker[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    const held = new Map<number, Task>();
    let finished = false;
    started.push(worker);
    worker.postMessage({ kind: 'setup', setup } satisfies ToWorker);
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
      while (held.size < TASKS_IN_FLIGHT) {
        const task = queue.nextTask();
        if (!task) break;
        held.set(task.id, task);
        worker.postMessage({
          kind: 'task',
          id: task.id,
          groups: task.groups.map((g) => groups[g]),
        } satisfies ToWorker);
      }
      if (held.size === 0) void finish();
    };
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.kind === 'parsed') return msg.paths.forEach((p) => onParsed?.(p));
      const task = held.get(msg.id);
      if (!task) return;
      if (msg.kind === 'failed') return void finish(msg.message);
      held.delete(msg.id);
      const scanned = oneCopyOfEach(JSON.parse(msg.results)) as GroupResult[];
      task.groups.forEach((g, i) => (results[g] = scanned[i]));
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

/** In a worker started by `newWorker`: once set up, scan the groups of each task with a host built once. */
function serveIfWorker(): void {
  if (!process.argv.includes(WORKER_ARG)) return;
  const { isMainThread, parentPort, workerData } = workerThreads();
  if (isMainThread || !parentPort || !(workerData as Record<string, unknown>)?.[WORKER_FLAG]) return;
  const port = parentPort;
  let serve: ((task: Extract<ToWorker, { kind: 'task' }>) => void) | undefined;
  port.on('message', (msg: ToWorker) => {
    if (msg.kind === 'setup') serve = server(port, msg.setup);
    else serve?.(msg);
  });
}

/** Scans the tasks of one scan, in the order they come, with the host and rules `setup` names. */
function server(
  port: import('node:worker_threads').MessagePort,
  setup: WorkerSetup,
): (task: Extract<ToWorker, { kind: 'task' }>) => void {
  const host = createHost(setup.spec);
  const rules = setup.rules.map((id) => findRule(id)!);
  // Progress goes in one message per group, not one per file (a message costs both threads), and none
  // when the main thread tells none (output not to a terminal).
  let parsed: string[] = [];
  const job: GroupJob = {
    ...setup.job,
    options: {
      ...withSharedSyntax(setup.job.options, setup.job.shared),
      ...(setup.progress ? { onParsed: (p: string) => parsed.push(p) } : {}),
    },
  };
  const sendParsed = () => {
    if (parsed.length === 0) return;
    port.postMessage({ kind: 'parsed', paths: parsed } satisfies WorkerMessage);
    parsed = [];
  };
  let chain = Promise.resolve();
  return (task) => {
    chain = chain.then(async () => {
      try {
        const results: GroupResult[] = [];
        for (const units of task.groups) {
          results.push(await scanGroup(units, host, job, rules));
          sendParsed();
        }
        // As JSON text: V8 reads it back faster than a structured clone of the same objects.
        port.postMessage({ kind: 'done', id: task.id, results: JSON.stringify(results) });
      } catch (err) {
        port.postMessage({ kind: 'failed', id: task.id, message: String(err) });
      }
    });
  };
}

serveIfWorker();
