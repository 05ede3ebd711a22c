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
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const v8 = require('node:v8');

const args = process.argv.slice(2);
// Few small files run on V8's baseline tiers, larger scans with a larger optimising budget, no
// pretenuring and no inlining on Node 20 (why: v8-flags.js).
const plan = require('./v8-flags.js').startupPlan(args, process.versions.v8);
for (const flag of plan.flags) v8.setFlagsFromString(flag);

/** A cache folder only this user can write to (a shared temp folder must not feed us code), or none. */
let cacheDir;
function privateCacheDir() {
  if (cacheDir !== undefined) return cacheDir;
  cacheDir = '';
  try {
    const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
    const dir = path.join(os.tmpdir(), `akslint-cache-${uid ?? 'user'}`);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(dir);
    if (stat.isDirectory() && (uid === undefined || (stat.uid === uid && (stat.mode & 0o077) === 0)))
      cacheDir = dir;
  } catch {
    cacheDir = '';
  }
  return cacheDir;
}

const lib = path.join(__dirname, '..', 'lib');
/** Scripts compiled this run without a cache V8 accepted: their caches are written before the exit. */
const uncached = [];
const chunks = new Map();

/**
 * A file of lib/, compiled with its code cache: the core (akslint.cjs), or a chunk the core requires as
 * `./NAME.cjs` on first use (scripts/build.mjs), which gets a cache of its own.
 */
function loadScript(file) {
  try {
    const stat = fs.statSync(file);
    // V8 refuses a cache made under other flags: one cache per flag set, or runs of both kinds would
    // each throw the other's away and compile again (measured: most of a one-file scan's gain). And a
    // cache holds the functions its first run compiled: a Terraform scan's cache leaves a manifest
    // scan to compile the YAML library each time (a quarter of its CPU, measured). So one cache per
    // kind of file scanned and report written, too.
    const kind = plan.kind;
    const name = path.basename(file, '.cjs');
    const key = `${process.version}-${name}-${stat.size}-${Math.floor(stat.mtimeMs)}-${kind}`.replace(
      /[^\w.-]/g,
      '_',
    );
    const cacheFile = privateCacheDir() && path.join(privateCacheDir(), `${key}.v8cache`);
    let cachedData;
    try {
      cachedData = cacheFile ? fs.readFileSync(cacheFile) : undefined;
    } catch {
      cachedData = undefined;
    }
    // The files are ASCII (esbuild escapes the rest): read as Latin-1, which skips UTF-8 decoding.
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'latin1')), {
      filename: file,
      cachedData,
    });
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    const requireHere = Module.createRequire(file);
    const requireChunk = (id) =>
      /^\.\/[\w-]+\.cjs$/.test(id) ? loadChunk(path.join(lib, id)) : requireHere(id);
    requireChunk.resolve = requireHere.resolve;
    script.runInThisContext()(mod.exports, requireChunk, mod, file, path.dirname(file));
    if (cacheFile && (!cachedData || script.cachedDataRejected)) uncached.push({ cacheFile, script });
    return mod.exports;
  } catch {
    return require(file);
  }
}

function loadChunk(file) {
  if (!chunks.has(file)) chunks.set(file, loadScript(file));
  return chunks.get(file);
}

/** Caches are written once and never touched again: a week on, one is dropped (its run writes it anew). */
const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * A scan of a few files that brings many with it (the roots calling a named module) gets the tiers of a
 * folder scan once its files are found (v8-flags.js). Its code caches are then not written: V8 marks a
 * cache with the flags in force when it is made, and the next run of its kind starts with the others.
 */
let grown = false;
function onScanBytes(bytes) {
  if (!plan.grow || grown || bytes <= plan.grow.pastBytes) return;
  grown = true;
  for (const flag of plan.grow.flags) v8.setFlagsFromString(flag);
}

function writeCaches() {
  if (grown) return;
  for (const { cacheFile, script } of uncached) {
    try {
      fs.writeFileSync(cacheFile, script.createCachedData());
    } catch {
      // No cache: the next run compiles again.
    }
  }
  // Each build of lib/ and each kind of scan has caches of its own: without pruning they would pile up.
  if (uncached.length > 0) pruneCaches(path.dirname(uncached[0].cacheFile));
}

process.once('beforeExit', writeCaches);

function pruneCaches(dir) {
  try {
    const now = Date.now();
    for (const name of fs.readdirSync(dir)) {
      if (!name.endsWith('.v8cache')) continue;
      const file = path.join(dir, name);
      if (now - fs.statSync(file).mtimeMs > CACHE_MAX_AGE_MS) fs.rmSync(file, { force: true });
    }
  } catch {
    // Another process pruned it first, or the folder went away.
  }
}

loadScript(path.join(lib, 'akslint.cjs'))
  .main(args, undefined, { onScanBytes })
  .then((code) => {
    process.exitCode = code;
    // A scan is done when its promise settles and its report is written. Left to idle, the event loop
    // would first run the full collection V8 began as the scan's heap grew (a heap about to be dropped:
    // 4-5% of a one-file scan's CPU, measured). So a scan exits here, unless output is still queued (a
    // pipe a slow reader has filled is written asynchronously). Other commands end as the loop drains:
    // the language server goes on after its promise settles.
    if (args[0] === 'scan' && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) {
      writeCaches();
      process.exit();
    }
  });
