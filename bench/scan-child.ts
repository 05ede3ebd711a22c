import { runScan } from '../src/engine/scan';

/**
 * The bench's folder scan (`runScan` of the corpus folder, one thread) in a fresh process: a warm-up
 * scan of a few folders, then up to `runs` timed scans of the whole folder, stopping once they have
 * taken `budgetMs`. In the bench's own process it ran after the per-format figures, whose corpus and
 * what is kept per file stayed in the heap (125 MB live after a full collection, 616 MB of heap in use,
 * against 7 MB in a fresh process). Prints one JSON line: `{ ms, cpuMs, files, findings, parseErrors }`
 * (`ms` and `cpuMs`: one per timed run). Arguments: the folder, the runs, the budget in ms, the warm-up
 * paths.
 */
async function main(): Promise<void> {
  const [cwd, runs, budgetMs, ...warmUpPaths] = process.argv.slice(2);
  await runScan({ cwd, paths: warmUpPaths });
  const ms: number[] = [];
  const cpuMs: number[] = [];
  let spent = 0;
  let report: Awaited<ReturnType<typeof runScan>> | undefined;
  while (ms.length < Number(runs) && (ms.length === 0 || spent < Number(budgetMs))) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    report = await runScan({ cwd, paths: ['.'] });
    const used = process.cpuUsage(cpu);
    ms.push(performance.now() - started);
    cpuMs.push((used.user + used.system) / 1000);
    spent += ms[ms.length - 1];
  }
  const summary = report!.summary;
  process.stdout.write(
    JSON.stringify({
      ms,
      cpuMs,
      files: summary.filesScanned,
      findings: summary.findings,
      parseErrors: summary.parseErrors,
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
