'use strict';
// Loads the files of lib/ with V8 code caches kept between runs in the temp folder: bin/akslint.js (the
// main thread, which writes them) and bin/worker.js (a scan's worker threads, which only read them).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');

const lib = path.join(__dirname, '..', 'lib');

/** Caches are written once and never touched again: a week on, one is dropped (its run writes it anew). */
const CACHE_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

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

/**
 * Loads the files of lib/ for runs of one `kind` (see v8-flags.js): the core (akslint.cjs), and the chunks
 * the core requires as `./NAME.cjs` on first use (scripts/build.mjs), each with a cache of its own.
 * `writes`: whether `writeCaches` may write the caches of the scripts compiled without one.
 */
function codeCacheLoader(kind, writes) {
  /** Scripts compiled this run without a cache V8 accepted: their caches are written before the exit. */
  const uncached = [];
  const chunks = new Map();

  function loadScript(file) {
    try {
      const stat = fs.statSync(file);
      // V8 refuses a cache made under other flags: one cache per flag set, or runs of both kinds would
      // each throw the other's away and compile again (measured: most of a one-file scan's gain). And a
      // cache holds the functions its first run compiled: a Terraform scan's cache leaves a manifest
      // scan to compile the YAML library each time (a quarter of its CPU, measured). So one cache per
      // kind of file scanned and report written, too.
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

  function writeCaches() {
    if (!writes || uncached.length === 0) return;
    for (const { cacheFile, script } of uncached.splice(0)) {
      try {
        fs.writeFileSync(cacheFile, script.createCachedData());
      } catch {
        // No cache: the next run compiles again.
      }
    }
    // Each build of lib/ and each kind of scan has caches of its own: without pruning they would pile up.
    pruneCaches(privateCacheDir());
  }

  return {
    /** lib/akslint.cjs, loaded and run. */
    loadCore: () => loadScript(path.join(lib, 'akslint.cjs')),
    writeCaches,
    /** No cache is written from here on (the run's flags changed: V8 would mark them with the new ones). */
    stopWriting() {
      writes = false;
    },
  };
}

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

module.exports = { codeCacheLoader };
