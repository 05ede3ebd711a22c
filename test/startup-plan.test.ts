import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli, tempTree } from './cli-runner';

// bin/akslint.js starts V8 with the flags this plan gives (bin/v8-flags.js): the baseline tiers for a
// scan of a few small files, a larger optimising budget for folder scans on Node 20's V8. Their effect
// on time is the bench's to show; these cases pin which command lines get which flags.
const { startupPlan } = require('../bin/v8-flags.js') as {
  startupPlan(
    argv: string[],
    v8Version: string,
  ): { flags: string[]; kind: string; grow?: { pastBytes: number; flags: string[] } };
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
      grow: { pastBytes: 256 * 1024, flags: ['--no-liftoff-only', '--opt', ...LARGE] },
    });
  });

  it("gives a few small files that bring many along (a module's callers) the tiers of a folder scan", () => {
    // The flags bin/akslint.js sets once the scan's files, companions included, pass the bound.
    expect(startupPlan(['scan', small], '12.4.254.21-node.33').grow).toEqual({
      pastBytes: 256 * 1024,
      flags: ['--no-liftoff-only', '--opt'],
    });
  });

  it('lets the optimising compiler back in past 256 KB of named files, with the flags of large scans', () => {
    expect(startupPlan(['scan', large], NODE20_V8)).toEqual({
      flags: ['--liftoff-only', ...LARGE],
      kind: 'large-yaml',
      grow: { pastBytes: 256 * 1024, flags: ['--no-liftoff-only'] },
    });
  });

  it('gives a folder scan the flags of large scans on V8 11.3 only', () => {
    expect(startupPlan(['scan', dir], NODE20_V8)).toEqual({
      flags: LARGE,
      kind: 'default-scan',
    });
    expect(startupPlan(['scan', dir], NODE20_V8).grow).toBeUndefined();
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

describe('a named module whose callers make the scan large', () => {
  // 40 roots of about 8 KB each call the module: 320 KB of source once the callers are read.
  const padding = `# ${'x'.repeat(78)}\n`.repeat(100);
  const files: Record<string, string> = {
    'modules/net/main.tf': 'variable "name" {}\nresource "azurerm_virtual_network" "v" { name = var.name }\n',
    'lone/main.tf': 'resource "azurerm_resource_group" "rg" { name = "rg" }\n',
  };
  for (let i = 0; i < 40; i++)
    files[`envs/e${i}/main.tf`] =
      `module "net" {\n  source = "../../modules/net"\n  name = "vnet-${i}"\n}\n${padding}`;
  let dir: string;
  beforeAll(() => {
    dir = tempTree(files);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("tells the process's starter how much source the scan reads, callers included, over how many threads", async () => {
    const { main } = require('../src/cli/main') as typeof import('../src/cli/main');
    const told: Array<[number, number]> = [];
    const io = (env: NodeJS.ProcessEnv) =>
      ({
        cwd: dir,
        env,
        stdout: { write: () => true },
        stderr: { write: () => true },
        readStdin: () => new Uint8Array(),
      }) as unknown as import('../src/cli/io').CliIo;
    const onScanBytes = (bytes: number, threads: number) => told.push([bytes, threads]);
    const args = ['scan', 'modules/net/main.tf', '--format', 'json'];
    await main([...args, '--jobs', '1'], io({}), { onScanBytes });
    await main([...args, '--jobs', '2'], io({ AKSLINT_PARALLEL_MIN_BYTES: '0' }), { onScanBytes });
    const callers = Object.entries(files).filter(([f]) => f.startsWith('envs/') || f.startsWith('modules/'));
    const bytes = callers.reduce((n, [, text]) => n + text.length, 0);
    expect(told).toEqual([
      [bytes, 1],
      [bytes, 2],
    ]);
    expect(bytes).toBeGreaterThan(256 * 1024);
  });

  it('writes no code cache from a run that grew, and the next small run of its kind makes them', () => {
    // V8 marks a cache with the flags it was made under: one made after the switch would be refused by
    // every small run of its kind, and rewritten each time.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-tmp-'));
    const caches = () =>
      fs.readdirSync(tmp, { recursive: true }).filter((f) => String(f).endsWith('.v8cache')).length;
    try {
      const grown = runCli(['scan', 'modules/net/main.tf', '--format', 'json'], {
        cwd: dir,
        env: { TMPDIR: tmp },
      });
      expect(grown.stderr).toBe('');
      expect(JSON.parse(grown.stdout).summary.deployments).toBe(40);
      expect(caches()).toBe(0);
      const small = runCli(['scan', 'lone/main.tf', '--format', 'json'], { cwd: dir, env: { TMPDIR: tmp } });
      expect(JSON.parse(small.stdout).summary.filesScanned).toBe(1);
      expect(caches()).toBeGreaterThan(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('keeps the tiers it started with when the scan spreads over worker threads (and so writes its caches)', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-tmp-'));
    const caches = () =>
      fs.readdirSync(tmp, { recursive: true }).filter((f) => String(f).endsWith('.v8cache')).length;
    try {
      const spread = runCli(['scan', 'modules/net/main.tf', '--format', 'json', '--jobs', '2'], {
        cwd: dir,
        env: { TMPDIR: tmp, AKSLINT_PARALLEL_MIN_BYTES: '0' },
      });
      expect(spread.stderr).toBe('');
      expect(JSON.parse(spread.stdout).summary.deployments).toBe(40);
      expect(caches()).toBeGreaterThan(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
