'use strict';
// How bin/akslint.js starts V8 for a command line: apart from it so that tests can check the decision.
const fs = require('node:fs');

// V8 compiles the HCL grammar's WebAssembly again with its optimising tier once the parser gets warm.
// On a scan of a few files (a pre-commit hook, an editor) that compilation costs more than the whole
// parse: such scans stay on the baseline compiler. Folder scans keep V8's default, as their parse is
// 40% slower without the optimising tier (both measured; README, Performance).
// The same holds for JavaScript: a one-file scan runs for a few tens of milliseconds, and the
// functions V8 optimises near its end (the YAML lexer, the HCL reader) are compiled on a background
// thread that the process then waits for at exit: a third of a small manifest's CPU (measured). Such
// scans run on the interpreter and the baseline compiler only.
// Past a few hundred KB the optimising compiler pays again (measured on one manifest list: 20% less CPU
// without it at 120 and 250 KB, 40% more at 650 KB): only files up to 256 KB in all go without.
/**
 * The V8 flags a run of `argv` starts with, and the kind of run (which keys its code caches). `v8Version`
 * is `process.versions.v8`.
 */
function startupPlan(argv, v8Version) {
  const scan = scanShape(argv);
  const fewFiles = scan !== undefined && scan.files > 0 && scan.files <= 20;
  const smallFiles = fewFiles && scan.bytes <= SMALL_SCAN_BYTES;
  const largeScanFlags = /^11\.3\./.test(v8Version) ? LARGE_SCAN_FLAGS_11_3 : [];
  const flags = [];
  if (fewFiles) flags.push('--liftoff-only');
  if (smallFiles) flags.push('--no-opt');
  // A larger scan (a folder, or named files past 256 KB) the other way: V8 optimises a function once it
  // has run for its interrupt budget, and at Node 20's (V8 11.3's 66 KB of bytecode) a scan optimises
  // much it soon throws away, on every thread (the optimising compiler was most of the helper threads'
  // CPU, measured). Twice the budget: 8-18% less CPU on the bench's folder scans, every format, peak
  // memory the same; 13% less on a 600 KB manifest list named alone (README, Performance). Other V8
  // versions tier up differently (Maglev) and keep their default until measured.
  // And V8 stops placing objects straight in the old generation by where they were allocated once
  // enough of them survived: a scan's values and syntax survive their first collection, then die with
  // their group, and pretenured they stay until a full collection. Without it: 4% less CPU and 20% less
  // peak memory on the bench corpus with --jobs 1, 2.5% less CPU with every core and on 100,000
  // manifests (interleaved runs, README, Performance).
  // And the optimising compiler does not inline: inlining made its compilations a third of the helper
  // threads' CPU and bought the main thread nothing measurable (per-thread CPU from /proc, bench corpus,
  // every format: 10-13% less CPU in all, the main thread's within noise; a 600 KB manifest list 18%
  // less). On 2 cores every core is busy with --jobs 2, so it is that much sooner there.
  else if (argv[0] === 'scan') flags.push(...largeScanFlags);
  const kind = fewFiles
    ? `${smallFiles ? 'few' : 'large'}-${scan.kinds.join('+')}`
    : `default-${argv[0] ?? ''}`;
  if (!fewFiles) return { flags, kind };
  // A few named files may bring many more with them: a module's file brings every root that calls it
  // (131 roots and 3.3 MB in the bench). Once the scan has found its files and they are past the same
  // bound, it gets the tiers a folder scan has, if it stays in one thread (bin/akslint.js): such a
  // module's file named alone with --jobs 1, median 1.24 s -> 0.82 s (README, Performance).
  const grown = ['--no-liftoff-only', ...(smallFiles ? ['--opt', ...largeScanFlags] : [])];
  return { flags, kind, grow: { pastBytes: SMALL_SCAN_BYTES, flags: grown } };
}

/** Source, named and brought along, up to which a scan runs on the baseline tiers. */
const SMALL_SCAN_BYTES = 256 * 1024;
const LARGE_SCAN_FLAGS_11_3 = [
  '--interrupt-budget=135168',
  '--no-allocation-site-pretenuring',
  '--no-turbo-inlining',
];

/**
 * `scan`'s named files (standard input counts as one) and what they are, as far as a look at the
 * command line tells: undefined for other commands and for a scan that names a folder. Option values
 * rarely name a file or folder.
 */
function scanShape(argv) {
  if (argv[0] !== 'scan') return undefined;
  let files = 0;
  let bytes = 0;
  const kinds = new Set();
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-') {
      files++;
      kinds.add('stdin');
      continue;
    }
    // The report's format is part of the kind (--format sarif=out.sarif: sarif).
    const format =
      arg === '--format' || arg === '-f' ? argv[++i] : arg.startsWith('--format=') ? arg.slice(9) : undefined;
    if (format !== undefined) {
      kinds.add(/^[a-z]{1,12}(?==|$)/.exec(format)?.[0] ?? 'format');
      continue;
    }
    if (arg.startsWith('-')) continue;
    try {
      const stat = fs.statSync(arg);
      if (stat.isDirectory()) return undefined;
      if (stat.isFile()) {
        files++;
        bytes += stat.size;
        kinds.add(/\.(tf|tfvars|bicep|bicepparam|json|ya?ml)$/i.exec(arg)?.[1].toLowerCase() ?? 'file');
      }
    } catch {
      // Not a path: an option's value.
    }
  }
  return { files, bytes, kinds: [...kinds].sort() };
}

module.exports = { startupPlan, scanShape };
