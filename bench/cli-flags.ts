import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..', '..');

/**
 * The V8 flags `akslint scan <paths>` starts with (bin/v8-flags.js), for a child process that scans as the
 * CLI does: given on its command line, they hold from its first line, as the CLI sets them before its
 * bundle loads.
 */
export function cliV8Flags(cwd: string, paths: readonly string[]): string[] {
  const { startupPlan } = require(path.join(REPO, 'bin', 'v8-flags.js')) as {
    startupPlan(argv: string[], v8Version: string): { flags: string[] };
  };
  const named = paths.map((p) => path.resolve(cwd, p));
  return startupPlan(['scan', ...named], process.versions.v8).flags;
}
