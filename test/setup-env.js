// Tests never read the developer's own Bicep module cache (~/.bicep): restored registry modules there
// would change what the examples' registry references resolve to. A test that wants a cache sets
// BICEP_CACHE_DIRECTORY itself; child processes inherit this one.
const os = require('node:os');
const path = require('node:path');

if (!process.env.BICEP_CACHE_DIRECTORY)
  process.env.BICEP_CACHE_DIRECTORY = path.join(os.tmpdir(), 'akslint-tests-no-bicep-cache');
