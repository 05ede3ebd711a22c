import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// bin/akslint.js starts V8 with the flags this plan gives (bin/v8-flags.js): the baseline tiers for a
// scan of a few small files, a larger optimising budget for folder scans on Node 20's V8. Their effect
// on time is the bench's to show; these cases pin which command lines get which flags.
const { startupPlan } = require('../bin/v8-flags.js') as {
  startupPlan(argv: string[], v8Version: string): { flags: string[]; kind: string };
};

const NODE20_V8 = '11.3.244.8-node.37';
const LARGE = ['--interrupt-budget=135168', '--no-allocation-site-pretenuring', '--no-turbo-inlining'];

describe('startupPlan', () => {
  let dir: string;
  let small: string;
  let large: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-plan-'));
    small = path.join(dir, 'main.tf');
    fs.writeFileSync(small, 'resource "azurerm_kubernetes_cluster" "c" {}\n');
    large = path.join(dir, 'big.yaml');
    fs.writeFileSync(large, 'a: b\n'.repeat(80_000));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('keeps a scan of a few small files on the baseline tiers, keyed by what it scans', () => {
    expect(startupPlan(['scan', small, '--format', 'sarif'], NODE20_V8)).toEqual({
      flags: ['--liftoff-only', '--no-opt'],
      kind: 'few-sarif+tf',
    });
  });

  it('lets the optimising compiler back in past 256 KB of named files, with the flags of large scans', () => {
    expect(startupPlan(['scan', large], NODE20_V8)).toEqual({
      flags: ['--liftoff-only', ...LARGE],
      kind: 'large-yaml',
    });
  });

  it('gives a folder scan the flags of large scans on V8 11.3 only', () => {
    expect(startupPlan(['scan', dir], NODE20_V8)).toEqual({
      flags: LARGE,
      kind: 'default-scan',
    });
    expect(startupPlan(['scan', dir], '12.4.254.21-node.33').flags).toEqual([]);
  });

  it('counts more than 20 named files as a folder scan', () => {
    const many = Array.from({ length: 21 }, () => small);
    expect(startupPlan(['scan', ...many], NODE20_V8).flags).toEqual(LARGE);
  });

  it('leaves other commands alone', () => {
    expect(startupPlan(['lsp'], NODE20_V8)).toEqual({ flags: [], kind: 'default-lsp' });
    expect(startupPlan(['rules', small], NODE20_V8).flags).toEqual([]);
  });
});
