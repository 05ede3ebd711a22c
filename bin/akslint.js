#!/usr/bin/env node
'use strict';
// `--version` alone is answered without loading the bundle: editors and hooks ask it often, and loading
// and compiling the whole CLI is most of its time (profiled: README, Performance).
if (process.argv.length === 3 && process.argv[2] === '--version') {
  process.stdout.write(`${require('../package.json').version}\n`);
  return;
}
// The CLI is bundled (scripts/build.mjs) into lib/akslint.cjs and the chunks it loads on first use, so that
// a one-file scan reads and compiles only what it runs. Their compiled code is cached between runs (V8
// code cache in the temp folder), as a pre-commit hook runs it often.
const path = require('node:path');
const v8 = require('node:v8');
const { codeCacheLoader } = require('./code-cache.js');

const args = process.argv.slice(2);
// Few small files run on V8's baseline tiers, larger scans with a larger optimising budget, no
// pretenuring and no inlining on Node 20 (why: v8-flags.js).
const plan = require('./v8-flags.js').startupPlan(args, process.versions.v8);
for (const flag of plan.flags) v8.setFlagsFromString(flag);

const loader = codeCacheLoader(plan.kind, true);

/**
 * A scan of a few files that brings many with it (the roots calling a named module) gets the tiers of a
 * folder scan once its files are found (v8-flags.js), when it stays in this thread: spread over worker
 * threads, each does too little for the optimising compiler to pay, and on 2 cores its compilations
 * slowed the scan (the bench's module that 131 roots call, 8 interleaved pairs with every core: median
 * 0.77 s without, 0.91 s with). Its code caches are then not written: V8 marks a cache with the flags
 * in force when it is made, and the next run of its kind starts with the others.
 */
let grown = false;
function onScanBytes(bytes, threads) {
  if (!plan.grow || grown || threads > 1 || bytes <= plan.grow.pastBytes) return;
  grown = true;
  loader.stopWriting();
  for (const flag of plan.grow.flags) v8.setFlagsFromString(flag);
}

process.once('beforeExit', loader.writeCaches);

// A scan's worker threads load the core through bin/worker.js, with this run's code cache (read only):
// 2% fewer instructions and 3.5% less CPU on the bench corpus with --jobs 2 (README, Every core).
const worker = { entry: path.join(__dirname, 'worker.js'), data: { codeCacheKind: plan.kind } };

loader
  .loadCore()
  .main(args, undefined, { onScanBytes, worker })
  .then((code) => {
    process.exitCode = code;
    // A scan is done when its promise settles and its report is written. Left to idle, the event loop
    // would first run the full collection V8 began as the scan's heap grew (a heap about to be dropped:
    // 4-5% of a one-file scan's CPU, measured). So a scan exits here, unless output is still queued (a
    // pipe a slow reader has filled is written asynchronously). Other commands end as the loop drains:
    // the language server goes on after its promise settles.
    if (args[0] === 'scan' && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) {
      loader.writeCaches();
      process.exit();
    }
  });
