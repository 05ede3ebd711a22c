import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BIN } from './lsp-client';
import { LINE_OF_LOCAL_ACCOUNTS, MODULE, workspace } from './fixtures';

// Headless Neovim (Debian's neovim, installed by .ci/run) runs nvim/init.lua against the real server.
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const available = nvim.status === 0;
if (!available && !process.env.CI)
  console.warn('Neovim test skipped: nvim is not installed (CI installs it)');
const maybe = available || process.env.CI ? test : test.skip;

interface Step {
  step: string;
  ok: boolean;
  diagnostics: Array<{ line: number; code: string; severity: number; source: string }>;
}
interface NvimResults {
  client: boolean;
  steps: Step[];
  main_actions: string[];
  suppressed_line: string;
  fixes_available: boolean;
  saved_web?: string;
  error?: string;
}

maybe('Neovim: diagnostics on open, after edits, a quick fix and fix-on-save', () => {
  const dir = workspace(MODULE);
  const out = path.join(dir, 'nvim-results.json');
  const run = spawnSync('nvim', ['--headless', '--clean', '-u', path.join(__dirname, 'nvim', 'init.lua')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 240000,
    env: {
      ...process.env,
      AKSLINT_NVIM_ROOT: dir,
      AKSLINT_NVIM_OUT: out,
      AKSLINT_NODE: process.execPath,
      AKSLINT_BIN: BIN,
    },
  });
  expect(run.error).toBeUndefined();
  const results = JSON.parse(fs.readFileSync(out, 'utf8')) as NvimResults;
  expect(results.error).toBeUndefined();
  expect(results.client).toBe(true);
  const step = (name: string) => results.steps.find((s) => s.step === name)!;
  for (const name of ['open main.tf', 'edit main.tf', 'undo edit', 'suppress AKS101', 'open web.yaml'])
    expect([name, step(name).ok]).toEqual([name, true]);
  const aks101 = step('open main.tf').diagnostics.find((d) => d.code === 'AKS101')!;
  // vim.diagnostic.severity.ERROR is 1, lines are 0-based.
  expect(aks101).toEqual({ line: LINE_OF_LOCAL_ACCOUNTS, code: 'AKS101', severity: 1, source: 'akslint' });
  expect(results.main_actions).toContain('Suppress AKS101 on this line');
  expect(results.suppressed_line).toBe('  # akslint-ignore AKS101: <reason>');
  expect(results.fixes_available).toBe(true);
  expect(step('quick fix K8S104').ok).toBe(true);
  expect(step('fix on save').ok).toBe(true);
  expect(results.saved_web).toContain('privileged: false');
});
