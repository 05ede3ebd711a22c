#!/usr/bin/env node
'use strict';
// `--version` alone is answered without loading the bundle: editors and hooks ask it often, and loading
// and compiling the whole CLI is most of its time (profiled: README, Performance).
if (process.argv.length === 3 && process.argv[2] === '--version') {
  process.stdout.write(`${require('../package.json').version}\n`);
  return;
}
// The CLI is one bundled file, lib/akslint.cjs (scripts/build.mjs), so that a one-file scan starts fast.
// Its compiled code is cached between runs (V8 code cache in the temp folder), as a pre-commit hook runs
// it often.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const vm = require('node:vm');
const Module = require('node:module');
const v8 = require('node:v8');

// V8 compiles the HCL grammar's WebAssembly again with its optimising tier once the parser gets warm.
// On a scan of a few files (a pre-commit hook, an editor) that compilation costs more than the whole
// parse: such scans stay on the baseline compiler. Folder scans keep V8's default, as their parse is
// 40% slower without the optimising tier (both measured; README, Performance).
const liftoffOnly = fewFiles(process.argv.slice(2));
if (liftoffOnly) v8.setFlagsFromString('--liftoff-only');

/** `scan` of standard input or of at most 20 named files, no folder. Option values rarely name either. */
function fewFiles(args) {
  if (args[0] !== 'scan') return false;
  let files = 0;
  for (const arg of args.slice(1)) {
    if (arg === '-') {
      files++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    try {
      const stat = fs.statSync(arg);
      if (stat.isDirectory()) return false;
      if (stat.isFile()) files++;
    } catch {
      // Not a path: an option's value.
    }
  }
  return files > 0 && files <= 20;
}

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

function loadBundle() {
  const file = path.join(__dirname, '..', 'lib', 'akslint.cjs');
  try {
    const stat = fs.statSync(file);
    // V8 refuses a cache made under other flags: one cache per flag set, or runs of both kinds would
    // each throw the other's away and compile again (measured: most of a one-file scan's gain).
    const flags = liftoffOnly ? 'liftoff' : 'default';
    const key = `${process.version}-${stat.size}-${Math.floor(stat.mtimeMs)}-${flags}`.replace(
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
    const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
    const mod = new Module(file, module);
    mod.filename = file;
    mod.paths = Module._nodeModulePaths(path.dirname(file));
    script.runInThisContext()(mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
    if (cacheFile && (!cachedData || script.cachedDataRejected)) {
      process.once('beforeExit', () => {
        try {
          fs.writeFileSync(cacheFile, script.createCachedData());
        } catch {
          // No cache: the next run compiles again.
        }
      });
    }
    return mod.exports;
  } catch {
    return require(file);
  }
}

loadBundle()
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
