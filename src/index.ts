// The package's entry point (bundled into lib/akslint.cjs): `scan` for programs, `main` for
// bin/akslint.js. Its public types are written out in types/index.d.ts, the contract programs see.
import * as path from 'node:path';
import { runScan } from './engine/scan';
import {
  configSearchStart,
  configureRules,
  ignorePatternsFromConfig,
  loadConfig,
  pathsFromConfig,
} from './engine/config';
import { jsonReport } from './report/json';
import { allRules, findRule } from '../policies';
// The published declarations: the options and the report are checked against them here.
import type { Report, ScanOptions } from '../types';

export { main } from './cli/main';
export { VERSION } from './engine/version';

/**
 * `akslint scan PATHS --format json`, for programs: the same report object. A bad configuration
 * throws, with the message the CLI prints.
 */
export async function scan(
  paths: string | readonly string[] = '.',
  options: ScanOptions = {},
): Promise<Report> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const list = typeof paths === 'string' ? [paths] : [...paths];
  const loaded = loadConfig({
    cwd,
    explicit: options.config,
    startDir: configSearchStart(cwd, list),
    resolveRule: (name) => findRule(name)?.id,
  });
  const config = loaded?.config ?? {};
  const report = await runScan({
    cwd,
    paths: list,
    varFiles: [...(loaded ? pathsFromConfig(loaded, cwd, config.varFiles) : []), ...(options.varFiles ?? [])],
    parameterFiles: [
      ...(loaded ? pathsFromConfig(loaded, cwd, config.parameterFiles) : []),
      ...(options.parameterFiles ?? []),
    ],
    showUnknown: options.showUnknown ?? config.showUnknown === true,
    rules: configureRules(allRules(), config.rules),
    ignorePaths: loaded ? ignorePatternsFromConfig(loaded, cwd) : undefined,
    requireReason: config.requireReason,
    reportUnusedSuppressions: config.reportUnusedSuppressions,
  });
  return jsonReport(report, { showSuppressed: options.showSuppressed });
}
