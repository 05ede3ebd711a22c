import { discover } from '../src/discover';
import { runScan } from '../src/engine/scan';
import { leanHeapForLargeScans } from '../src/cli/heap';

/**
 * One full scan in a fresh process, so its peak resident set is the scan's alone. Prints one JSON line:
 * `{ maxRssBytes, files, durationMs, discoverMs? }`. Arguments: `--time-discovery` (time discovery alone
 * first), the working directory, then the paths to scan.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const timeDiscovery = args[0] === '--time-discovery';
  const [cwd, ...paths] = timeDiscovery ? args.slice(1) : args;
  let discoverMs: number | undefined;
  if (timeDiscovery) {
    const started = performance.now();
    await discover(paths, { cwd });
    discoverMs = performance.now() - started;
  }
  // As the CLI scans (src/cli/scan.ts).
  const report = await runScan({ cwd, paths, onDiscovered: leanHeapForLargeScans });
  // maxRSS is in kilobytes.
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      maxRssBytes,
      files: report.summary.filesScanned,
      durationMs: report.summary.durationMs,
      discoverMs,
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
