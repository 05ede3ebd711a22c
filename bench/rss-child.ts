import { runScan } from '../src/engine/scan';

/**
 * One full scan in a fresh process, so its peak resident set is the scan's alone. Prints one JSON line:
 * `{ maxRssBytes, files, durationMs }`. Arguments: the working directory, then the paths to scan.
 */
async function main(): Promise<void> {
  const [cwd, ...paths] = process.argv.slice(2);
  const report = await runScan({ cwd, paths });
  // maxRSS is in kilobytes.
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      maxRssBytes,
      files: report.summary.filesScanned,
      durationMs: report.summary.durationMs,
    }) + '\n',
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});
