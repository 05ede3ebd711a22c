'use strict';
// A worker thread of a scan (src/engine/parallel.ts, started by the CLI that bin/akslint.js runs): the
// core loaded with the code cache of the main thread's kind of run, as the main thread loaded it. The
// cache is only read here: the main thread writes it, with the functions its own run compiled. Loaded,
// the core sees it is in a worker and serves the scan's tasks.
const { workerData } = require('node:worker_threads');
const { codeCacheLoader } = require('./code-cache.js');

const kind = workerData && typeof workerData.codeCacheKind === 'string' ? workerData.codeCacheKind : 'worker';
codeCacheLoader(kind, false).loadCore();
