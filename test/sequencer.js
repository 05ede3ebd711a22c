// Test files that run other programs (pre-commit installing the hook, npm installing the package) are
// the longest chains of the suite: started first, they run beside the rest instead of after it. Jest's
// own order (failed first, then slowest in its cache, then largest) applies within each group, and a
// fresh checkout has no cache.
const path = require('node:path');

const { default: Sequencer } = require(
  require.resolve('@jest/test-sequencer', { paths: [path.dirname(require.resolve('jest'))] }),
);

const startsFirst = (file) => file.split(path.sep).join('/').includes('/test/gates/');

module.exports = class GatesFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((t) => startsFirst(t.path)), ...sorted.filter((t) => !startsFirst(t.path))];
  }
};
