import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { INSECURE_CLUSTER, REPO, ensureBuilt, secureTerraformExample, writeFiles } from './cli-harness';

interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  shell?: string;
  'working-directory'?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

interface Context {
  inputs: Record<string, string>;
  actionPath: string;
  steps: Record<string, Record<string, string>>;
}

/** A value of the expression language as the runner gives it: inputs, step outputs, the action's path. */
function lookup(name: string, ctx: Context): string {
  const [scope, ...rest] = name.split('.');
  if (scope === 'inputs') return ctx.inputs[rest.join('.')] ?? '';
  if (name === 'github.action_path') return ctx.actionPath;
  if (scope === 'steps' && rest[1] === 'outputs') return ctx.steps[rest[0]]?.[rest.slice(2).join('.')] ?? '';
  throw new Error(`the test's runner does not know ${name}`);
}

/**
 * The part of GitHub's expression language action.yml uses (contexts, string literals, ==, !=, &&,
 * ||, !, always()), evaluated as JavaScript once every context value is a string literal. Anything
 * else fails the test, so a new construct in action.yml is noticed.
 */
function evaluate(expression: string, ctx: Context): unknown {
  const js = expression
    .replace(/\b(inputs|steps|github)\.[\w.-]*[\w]/g, (name) => JSON.stringify(lookup(name, ctx)))
    .replace(/\balways\(\)/g, 'true')
    .replace(/!=/g, '!==')
    .replace(/([^!=])==/g, '$1===');
  const operators = js.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '').replace(/\btrue\b/g, '');
  if (!/^[\s=!&|()]*$/.test(operators)) throw new Error(`unsupported expression: ${expression}`);
  return new Function(`return (${js});`)();
}

function substitute(text: string, ctx: Context): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expression: string) => String(evaluate(expression, ctx)));
}

interface StepRun {
  step: Step;
  ran: boolean;
  code?: number;
  log?: string;
  with?: Record<string, string>;
}

interface ActionRun {
  steps: StepRun[];
  outputs: Record<string, string>;
  /** The exit code of the job's step that uses the action: the first failing step's. */
  code: number;
  log: string;
}

const action = parseYaml(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as Action;

/**
 * Runs action.yml as the runner does a composite action: steps in order, `if:` evaluated (a step
 * without always() is skipped once one failed), `run:` scripts with bash -eo pipefail in their
 * working directory, with their env, GITHUB_OUTPUT and GITHUB_ACTION_PATH; `uses:` steps are
 * recorded with their `with:` values, not run.
 */
function runAction(
  inputs: Record<string, string>,
  { workspace, actionPath, pathPrefix }: { workspace: string; actionPath: string; pathPrefix?: string },
): ActionRun {
  const ctx: Context = {
    inputs: {
      ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? ''])),
      ...inputs,
    },
    actionPath,
    steps: {},
  };
  const runs: StepRun[] = [];
  let failed = false;
  for (const [index, step] of action.runs.steps.entries()) {
    const condition = step.if ?? '';
    const body = condition.replace(/^\s*\$\{\{(.*)\}\}\s*$/, '$1');
    const ran = (/always\(\)/.test(body) || !failed) && (body === '' || Boolean(evaluate(body, ctx)));
    const record: StepRun = { step, ran };
    runs.push(record);
    if (!ran) continue;
    if (step.uses) {
      record.with = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(v, ctx)]),
      );
      continue;
    }
    expect(step.shell).toBe('bash');
    const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-step-'));
    const script = path.join(temp, 'step.sh');
    const output = path.join(temp, 'output');
    fs.writeFileSync(script, step.run!);
    fs.writeFileSync(output, '');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: path.resolve(workspace, substitute(step['working-directory'] ?? '.', ctx)),
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        PATH: pathPrefix ? `${pathPrefix}:${process.env.PATH}` : process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: os.tmpdir(),
        GITHUB_WORKSPACE: workspace,
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_OUTPUT: output,
        ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, ctx)])),
      },
    });
    record.code = r.status ?? -1;
    record.log = `${r.stdout}${r.stderr}`;
    const stepOutputs = Object.fromEntries(
      fs
        .readFileSync(output, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    ctx.steps[step.id ?? `step${index}`] = stepOutputs;
    fs.rmSync(temp, { recursive: true, force: true });
    if (record.code !== 0) failed = true;
  }
  return {
    steps: runs,
    outputs: Object.fromEntries(
      Object.entries(action.outputs).map(([k, v]) => [k, substitute(v.value, ctx)]),
    ),
    code: runs.find((s) => s.ran && s.code !== undefined && s.code !== 0)?.code ?? 0,
    log: runs.map((s) => s.log ?? '').join(''),
  };
}

const uploadOf = (run: ActionRun) =>
  run.steps.find((s) => s.step.uses?.startsWith('github/codeql-action/upload-sarif'))!;
const setupNodeOf = (run: ActionRun) => run.steps.find((s) => s.step.uses?.startsWith('actions/setup-node'))!;

describe('action.yml', () => {
  it('runs its own copy with no registry and no input spliced into a script', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.uses).filter(Boolean)).toEqual([
      'actions/setup-node@v4',
      'github/codeql-action/upload-sarif@v3',
    ]);
    for (const step of action.runs.steps) {
      expect(step.run ?? '').not.toMatch(/\$\{\{/);
      expect(step.run ?? '').not.toMatch(/\bnpx\b|\bnpm\b/);
    }
    // One scan writes SARIF and the findings for the log.
    const scripts = action.runs.steps.map((s) => s.run ?? '').join('\n');
    expect(scripts.match(/akslint\.js" scan/g)).toHaveLength(1);
    expect(action.inputs['node-version'].default).toBe('');
  });
});

describe('the action, run on a fixture repository', () => {
  let root: string;
  let actionPath: string;
  let workspace: string;

  beforeAll(() => {
    ensureBuilt();
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-action-')));
    // The runner downloads the repository at the pinned ref: its tracked files, no node_modules.
    actionPath = path.join(root, 'action');
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && fs.existsSync(path.join(REPO, f)));
    for (const file of tracked) {
      fs.mkdirSync(path.dirname(path.join(actionPath, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO, file), path.join(actionPath, file));
    }
  });

  beforeEach(() => {
    workspace = fs.mkdtempSync(path.join(root, 'workspace-'));
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('fails on findings, with the SARIF file uploaded under the akslint category and the findings in the log', () => {
    writeFiles(workspace, { 'infra/aks.tf': INSECURE_CLUSTER });
    const run = runAction({}, { workspace, actionPath });
    expect(run.outputs).toEqual({ 'exit-code': '1', 'sarif-file': path.join(workspace, 'akslint.sarif') });
    const sarif = JSON.parse(fs.readFileSync(run.outputs['sarif-file'], 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toContain('AKS101');
    expect(run.log).toMatch(/infra\/aks\.tf\n[^]*?6:3\s+high\s+.*AKS101/);
    expect(run.log).not.toMatch(/^::/m);
    expect(uploadOf(run)).toMatchObject({
      ran: true,
      with: { sarif_file: run.outputs['sarif-file'], category: 'akslint' },
    });
    expect(setupNodeOf(run).ran).toBe(false);
    expect(run.code).toBe(1);
  });

  it('annotates from the same scan, in its working directory, with its category, and reports only when fail is false', () => {
    writeFiles(workspace, { 'platform/infra/aks.tf': INSECURE_CLUSTER });
    const run = runAction(
      {
        'working-directory': 'platform',
        paths: 'infra',
        'sarif-file': 'reports/akslint.sarif',
        annotations: 'true',
        category: 'platform',
        fail: 'false',
        args: '--fail-on high',
      },
      { workspace, actionPath },
    );
    const sarifFile = path.join(workspace, 'platform/reports/akslint.sarif');
    expect(run.outputs).toEqual({ 'exit-code': '1', 'sarif-file': sarifFile });
    const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8'));
    const annotations = run.log.split('\n').filter((l) => /^::(error|warning|notice) /.test(l));
    expect(annotations).toContainEqual(expect.stringMatching(/^::error file=infra\/aks\.tf,line=6,.*AKS101/));
    expect(annotations).toHaveLength(sarif.runs[0].results.length);
    expect(uploadOf(run).with).toEqual({ sarif_file: sarifFile, category: 'platform' });
    expect(run.code).toBe(0);
  });

  it('passes on a secure repository', () => {
    writeFiles(
      workspace,
      Object.fromEntries(Object.entries(secureTerraformExample()).map(([f, text]) => [`infra/${f}`, text])),
    );
    const run = runAction({ paths: 'infra' }, { workspace, actionPath });
    expect(run.outputs['exit-code']).toBe('0');
    expect(uploadOf(run).ran).toBe(true);
    expect(run.code).toBe(0);
  });

  it('tells a configuration error from findings: exit 2, and no SARIF uploaded (not even an old one)', () => {
    writeFiles(workspace, {
      'infra/aks.tf': INSECURE_CLUSTER,
      '.akslint.yaml': 'rules:\n  AKS999: off\n',
      'akslint.sarif': '{"stale": true}',
    });
    const run = runAction({}, { workspace, actionPath });
    expect(run.outputs).toEqual({ 'exit-code': '2', 'sarif-file': '' });
    expect(run.log).toMatch(/akslint: \.akslint\.yaml: rules\.AKS999 is not a rule id/);
    expect(run.log).toMatch(
      /^::error title=akslint::akslint could not run \(installation, usage or configuration error\)/m,
    );
    expect(fs.existsSync(path.join(workspace, 'akslint.sarif'))).toBe(false);
    expect(uploadOf(run).ran).toBe(false);
    expect(run.code).toBe(2);
  });

  it('tells an incomplete installation from findings', () => {
    writeFiles(workspace, { 'infra/aks.tf': INSECURE_CLUSTER });
    const broken = path.join(root, 'broken-action');
    fs.cpSync(actionPath, broken, { recursive: true });
    fs.rmSync(path.join(broken, 'lib', 'akslint.cjs'));
    const run = runAction({}, { workspace, actionPath: broken });
    expect(run.outputs).toEqual({ 'exit-code': '2', 'sarif-file': '' });
    expect(run.log).toContain(
      `::error title=akslint could not run::the action's copy of akslint is incomplete (${broken}/lib/akslint.cjs is missing)`,
    );
    expect(uploadOf(run).ran).toBe(false);
    expect(run.code).toBe(2);
  });

  it('needs Node.js 20: an older one on PATH is an installation error naming the node-version input', () => {
    writeFiles(workspace, {
      'infra/aks.tf': INSECURE_CLUSTER,
      'old-node/node': '#!/bin/sh\necho v18.20.4\n',
    });
    fs.chmodSync(path.join(workspace, 'old-node/node'), 0o755);
    const run = runAction({}, { workspace, actionPath, pathPrefix: path.join(workspace, 'old-node') });
    expect(run.outputs['exit-code']).toBe('2');
    expect(run.log).toContain(
      "::error title=akslint could not run::akslint needs Node.js 20 or later on PATH, found v18.20.4: set the action's node-version input",
    );
    expect(run.code).toBe(2);
  });

  it('sets up Node.js only when node-version is given', () => {
    writeFiles(workspace, { 'infra/aks.tf': INSECURE_CLUSTER });
    const run = runAction({ 'node-version': '22', fail: 'false' }, { workspace, actionPath });
    expect(setupNodeOf(run)).toMatchObject({ ran: true, with: { 'node-version': '22' } });
  });
});
