#!/usr/bin/env node
'use strict';
// The CLI is bundled into one file (scripts/build.mjs) so that a one-file scan starts fast.
require('../dist/akslint.cjs').main(process.argv.slice(2));
