import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeCorpus } from '../bench/generate';
import { runScan } from '../src/engine/scan';
import { WorkerPool } from '../src/engine/parallel';
import { allRules } from '../policies';
import { formatJson } from '../src/report/json';
import { ensureBuilt } from './gates/cli-harness';
import { ROOT, runCli } from './cli-runner';

const EXAMPLES = path.join(ROOT, 'examples');
const BUNDLE = path.join(ROOT, 'lib', 'akslint.cjs');
const MB = 1024 * 1024;
/** Workers even for small scans: the examples hold far less than the default threshold. */
const ALWAYS = { AKSLINT_PARALLEL_MIN_BYTES: '0' };

let corpus: string;

beforeAll(() => {
  ensureBuilt();
  corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-parallel-'));
  // Every format, a few hundred files: Terraform roots with modules, templates with parameter files.
  writeCorpus(corpus, { scale: 0.04, seed: 11 });
});

afterAll(() => fs.rmSync(corpus, { recursive: true, force: true }));

/** A JSON report without its timing, the one field that differs from run to run. */
function timeless(json: string): string {
  const report = JSON.parse(json) as { summary: { durationMs?: number } };
  delete report.summary.durationMs;
  return JSON.stringify(report, null, 2);
}

/** The scan's JSON; `events` gets the threads used and any worker failure. */
async function jsonOf(cwd: string, jobs: number, entry?: string, events: string[] = []) {
  const report = await runScan({
    cwd,
    paths: ['.'],
    jobs,
    parallel: {
      minBytes: 0,
      entry,
      onThreads: (n) => events.push(`${n} threads`),
      onWorkerFailure: (m) => events.push(`failed: ${m}`),
    },
  });
  return timeless(formatJson(report));
}

describe('worker threads', () => {
  // Workers run the bundle users install (npm test builds only the bundle; the tsc output in dist/,
  // which `npm run bench` runs, starts its workers from the same module compiled by tsc).
  it('running the bundle, load what one thread loads, to the byte', async () => {
    const entry = BUNDLE;
    expect(fs.existsSync(entry)).toBe(true);
    for (const cwd of [EXAMPLES, corpus]) {
      const events: string[] = [];
      const one = await jsonOf(cwd, 1);
      const three = await jsonOf(cwd, 3, entry, events);
      expect(events).toEqual(['3 threads']);
      expect(three).toBe(one);
      expect(JSON.parse(one).findings.length).toBeGreaterThan(10);
    }
  });

  it('tells the progress of the files workers parse, each once', async () => {
    const told: number[] = [];
    let total = 0;
    await runScan({
      cwd: corpus,
      paths: ['.'],
      jobs: 2,
      parallel: { minBytes: 0, entry: BUNDLE },
      onProgress: (parsed, all) => {
        told.push(parsed);
        total = all;
      },
    });
    expect(total).toBeGreaterThan(100);
    expect(told).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('loads in the main thread what a failed worker held, and says so', async () => {
    const broken = path.join(corpus, 'broken-worker.js');
    fs.writeFileSync(broken, "throw new Error('no grammar here');\n");
    try {
      const events: string[] = [];
      const json = await jsonOf(EXAMPLES, 2, broken, events);
      expect(events).toEqual(['2 threads', expect.stringMatching(/^failed: .*no grammar here/)]);
      expect(json).toBe(await jsonOf(EXAMPLES, 1));
    } finally {
      fs.rmSync(broken);
    }
  });

  it('starts workers while files are read, once the text makes the scan large enough, and stops those unused', async () => {
    // The default threshold (2 MB) and a thread per MB of text at most.
    const pool = new WorkerPool(3, { entry: BUNDLE }, allRules());
    pool.warm(2 * MB - 1);
    expect(pool.take()).toBeUndefined();
    pool.warm(2 * MB);
    const first = pool.take();
    expect(first).toBeDefined();
    expect(pool.take()).toBeUndefined();
    pool.warm(3 * MB);
    const second = pool.take();
    expect(second).toBeDefined();
    pool.warm(10 * MB);
    // Every worker --jobs 3 asks for was started: none more.
    expect(pool.take()).toBeUndefined();
    const exited = new Promise((resolve) => first!.once('exit', resolve));
    await Promise.all([first!.terminate(), second!.terminate()]);
    await exited;

    const unused = new WorkerPool(2, { minBytes: 0, entry: BUNDLE }, allRules());
    unused.warm(0);
    await unused.close();
    expect(unused.take()).toBeUndefined();
  });

  it('starts no worker for rules a worker cannot name, nor one that failed before it was given work', async () => {
    const own = { ...allRules()[0] };
    const foreign = new WorkerPool(2, { minBytes: 0, entry: BUNDLE }, [own]);
    foreign.warm(10_000_000);
    expect(foreign.take()).toBeUndefined();

    const broken = path.join(corpus, 'broken-pool-worker.js');
    fs.writeFileSync(broken, "throw new Error('no grammar here');\n");
    try {
      const pool = new WorkerPool(2, { minBytes: 0, entry: broken }, allRules());
      pool.warm(0);
      // The worker fails as it loads its script: how soon depends on the machine's load (500 ms was
      // not always enough on a busy one), so wait until the pool holds no worker, for at most 30 s.
      const idle = () => (pool as unknown as { idle: unknown[] }).idle.length;
      for (const until = Date.now() + 30_000; idle() > 0 && Date.now() < until;)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pool.take()).toBeUndefined();
    } finally {
      fs.rmSync(broken);
    }
  });

  it('the CLI gives the same bytes with --jobs 1 and --jobs 2', () => {
    const runs: Array<[string, string]> = [
      [EXAMPLES, 'json'],
      [EXAMPLES, 'compact'],
      [corpus, 'json'],
    ];
    for (const [cwd, format] of runs) {
      const one = runCli(['scan', '.', '-f', format, '--jobs', '1'], { cwd, env: ALWAYS });
      const two = runCli(['scan', '.', '-f', format, '--jobs', '2'], { cwd, env: ALWAYS });
      expect(two.stderr).toBe('');
      expect(two.status).toBe(one.status);
      const normalise = format === 'json' ? timeless : (s: string) => s;
      expect(normalise(two.stdout)).toBe(normalise(one.stdout));
    }
  });

  it('refuses a --jobs that is not a whole number of threads', () => {
    for (const bad of ['0', '-2', '1.5', 'many']) {
      const r = runCli(['scan', 'examples', '--jobs', bad]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--jobs must be a whole number/);
    }
  });
});

describe('--shard and merge', () => {
  const outDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-shards-'));

  it.each([
    ['examples', () => EXAMPLES, 3],
    ['a generated corpus', () => corpus, 4],
  ])('the merged JSON of %s in shards is the full scan', (_name, cwdOf, count) => {
    const cwd = cwdOf();
    const out = outDir();
    try {
      const full = runCli(['scan', '.', '-f', 'json'], { cwd });
      const reports: string[] = [];
      const findings: number[] = [];
      for (let i = 1; i <= count; i++) {
        const file = path.join(out, `shard-${i}.json`);
        const r = runCli(['scan', '.', '-f', 'json', '-o', file, '--shard', `${i}/${count}`], { cwd });
        expect(r.stderr).toBe('');
        reports.push(file);
        findings.push(JSON.parse(fs.readFileSync(file, 'utf8')).findings.length);
      }
      // Each shard did a part of the work, and no shard all of it.
      expect(findings.filter((n) => n > 0).length).toBeGreaterThan(1);
      const merged = runCli(['merge', ...reports], { cwd });
      expect(merged.stderr).toBe('');
      expect(merged.status).toBe(full.status);
      expect(timeless(merged.stdout)).toBe(timeless(full.stdout));
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('merges SARIF logs into the full scan’s log, and JSON reports into any format', () => {
    const out = outDir();
    try {
      const sarif: string[] = [];
      const json: string[] = [];
      for (let i = 1; i <= 3; i++) {
        sarif.push(path.join(out, `shard-${i}.sarif`));
        json.push(path.join(out, `shard-${i}.json`));
        runCli([
          'scan',
          'examples',
          '-f',
          `sarif=${sarif[i - 1]}`,
          '-f',
          `json=${json[i - 1]}`,
          '--shard',
          `${i}/3`,
        ]);
      }
      const full = runCli(['scan', 'examples', '-f', 'sarif']);
      const merged = runCli(['merge', ...sarif]);
      expect(merged.status).toBe(1);
      expect(merged.stdout).toBe(full.stdout);
      const sarifAsText = runCli(['merge', ...sarif, '-f', 'compact']);
      expect(sarifAsText.status).toBe(2);
      expect(sarifAsText.stderr).toMatch(/SARIF logs merge into SARIF only/);
      expect(runCli(['merge', sarif[0], json[0]]).stderr).toMatch(
        /cannot merge SARIF logs with JSON reports/,
      );

      const junit = path.join(out, 'merged.xml');
      const compact = runCli(['merge', ...json, '-f', `junit=${junit}`, '-f', 'compact']);
      expect(compact.stdout).toBe(runCli(['scan', 'examples', '-f', 'compact']).stdout);
      expect(fs.readFileSync(junit, 'utf8')).toBe(runCli(['scan', 'examples', '-f', 'junit']).stdout);
      expect(runCli(['merge', ...json, '--fail-on', 'none']).status).toBe(0);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('says what is wrong with a shard or a report', () => {
    for (const bad of ['0/3', '4/3', '2', 'a/b']) {
      const r = runCli(['scan', 'examples', '--shard', bad]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`--shard ${bad}: expected i/n`);
    }
    const notReport = runCli(['merge', 'package.json']);
    expect(notReport.status).toBe(2);
    expect(notReport.stderr).toMatch(/package\.json: neither an akslint JSON report .* nor a SARIF log/);
  });
});
