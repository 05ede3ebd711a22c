// The package's entry point (bundled into lib/akslint.cjs): `scan` for programs, `main` for
// bin/akslint.js. Its public types are written out in types/index.d.ts, the contract programs see.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScan } from './engine/scan';
import { bicepModuleCacheDir } from './discover/host';
import { defaultJobs } from './engine/parallel';
import { ConfigCascade } from './engine/config';
import { jsonReport } from './report/json';
import { findRule } from '../policies';
// The published declarations: the options and the report are checked against them here.
import type { Report, ScanOptions } from '../types';

export { main } from './cli/main';
export { VERSION } from './engine/version';

/**
 * `akslint scan PATHS --format json`, for programs: the same report object, with each file's
 * configuration found as the CLI finds it. A path that does not exist or a bad configuration throws,
 * with the message the CLI prints.
 */
export async function scan(
  paths: string | readonly string[] = '.',
  options: ScanOptions = {},
): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const list = typeof paths === 'string' ? [paths] : [...paths];
  const missing = list.filter((p) => !fs.existsSync(path.resolve(cwd, p)));
  if (missing.length > 0)
    throw new Error(`no such file or folder: ${missing.map((p) => JSON.stringify(p)).join(', ')}`);
  const report = await runScan({
    cwd,
    paths: list,
    config: new ConfigCascade(cwd, (name) => findRule(name)?.id, options.config),
    varFiles: options.varFiles ?? [],
    parameterFiles: options.parameterFiles ?? [],
    showUnknown: options.showUnknown,
    bicepModuleCache: bicepModuleCacheDir(process.env),
    jobs: jobsOption(options.jobs),
  });
  return jsonReport(report, { showSuppressed: options.showSuppressed });
}

function jobsOption(jobs: number | undefined): number {
  if (jobs === undefined) return defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new Error(`jobs must be a whole number, at least 1 (got ${jobs})`);
  return jobs;
}
