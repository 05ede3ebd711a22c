import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScan } from '../src/engine/scan';
import {
  MAX_INSTANCES,
  MAX_MODULE_DIRS_PER_ROOT,
  MAX_MODULE_INSTANCES_PER_ROOT,
  MAX_RESOURCES_PER_ROOT,
} from '../src/evaluate/terraform';
import { MAX_INSTANCES as MAX_ARM_INSTANCES } from '../src/evaluate/arm/template';
import { MAX_LOOP_INSTANCES } from '../src/evaluate/bicep/template';
import { TOO_MANY_STEPS } from '../src/evaluate/limits';
import { REPORTERS } from '../src/report';
import { COLLECTION_TOO_LARGE } from '../src/evaluate/limits';
import { tempTree } from './cli-runner';
import { attr, load, resource } from './terraform/helpers';

const CLUSTER = (name: string) =>
  `resource "azurerm_kubernetes_cluster" "${name}" {\n  name = "${name}"\n  local_account_disabled = false\n}\n`;

/** Past each limit: the work before it is done, the rest is named in `skipped` with `limit: true`. */
describe('limits are per root and never silent', () => {
  it('reads every entry folder, however many (the old limit was 500 folders for the whole scan)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`team-${String(i).padStart(3, '0')}/main.tf`] = CLUSTER('c');
    const r = await load(files);
    expect(r.resources).toHaveLength(600);
    expect(r.resources[599].file).toBe('team-599/main.tf');
    expect(r.skipped).toEqual([]);
  });

  it('stops module instances per root, notes it, and evaluates the next root in full', async () => {
    const calls = Math.ceil(MAX_MODULE_INSTANCES_PER_ROOT / 1000) + 1;
    const big = Array.from(
      { length: calls },
      (_, i) => `module "m${i}" {\n  source = "../mod"\n  count = 1000\n}\n`,
    ).join('');
    const r = await load({
      'a-big/main.tf': big,
      'b-small/main.tf': 'module "m" {\n  source = "../mod"\n  count = 10\n}\n',
      'mod/main.tf': 'resource "t" "x" {}\n',
    });
    expect(r.resources.filter((x) => x.file === 'mod/main.tf' && x.context?.name === 'b-small')).toHaveLength(
      10,
    );
    expect(r.resources.filter((x) => x.context?.name === 'a-big')).toHaveLength(
      MAX_MODULE_INSTANCES_PER_ROOT,
    );
    expect(r.skipped).toEqual([
      {
        file: 'a-big/main.tf',
        line: 81,
        limit: true,
        message: `root module a-big expands to more than ${MAX_MODULE_INSTANCES_PER_ROOT} module instances; module.m20 and the calls after it were not evaluated`,
      },
    ]);
  });

  it('checks the first instances of a block past the instance limit and notes it, as a limit and not an error', async () => {
    const keys = Array.from({ length: MAX_INSTANCES * 2 }, (_, i) => `    k${i} = "v${i}"`).join('\n');
    const r = await load({
      'main.tf': `variable "m" {\n  default = {\n${keys}\n  }\n}\nresource "t" "r" {\n  for_each = var.m\n  name = each.value\n}\n`,
    });
    expect(r.errors).toEqual([]);
    expect(r.resources).toHaveLength(MAX_INSTANCES);
    expect(r.skipped).toEqual([
      {
        file: 'main.tf',
        line: MAX_INSTANCES * 2 + 6,
        column: 14,
        limit: true,
        message: `t.r asks for ${MAX_INSTANCES * 2} instances; only the first ${MAX_INSTANCES} were checked`,
      },
    ]);
  });

  it('leaves a for expression past the collection limit unknown with the reason, never shortened', async () => {
    const r = await load({
      'main.tf': `resource "t" "r" {\n  ids = [for x in flatten([for i in range(100) : range(1001)]) : x]\n  few = [for x in range(3) : x]\n}\n`,
    });
    const ids = attr(resource(r, 't.r'), 'ids');
    expect(ids).toMatchObject({
      kind: 'unknown',
      reason: COLLECTION_TOO_LARGE,
    });
    expect(attr(resource(r, 't.r'), 'few')).toMatchObject({ kind: 'list' });
  });

  it('stops resource instances per root and notes it', async () => {
    const blocks = MAX_RESOURCES_PER_ROOT / 1000 + 1;
    const text = Array.from({ length: blocks }, (_, i) => `resource "t" "r${i}" {\n  count = 1000\n}\n`).join(
      '',
    );
    const r = await load({ 'main.tf': text });
    expect(r.resources).toHaveLength(MAX_RESOURCES_PER_ROOT);
    expect(r.skipped).toEqual([
      expect.objectContaining({
        file: 'main.tf',
        limit: true,
        message: `root module . has more than ${MAX_RESOURCES_PER_ROOT} resource instances; t.r${blocks - 1} and the resources after it were not evaluated`,
      }),
    ]);
  });

  it('tells every output format when a root calls more local module folders than the limit', async () => {
    const modules = MAX_MODULE_DIRS_PER_ROOT + 1;
    const files: Record<string, string> = {
      'live/main.tf': Array.from(
        { length: modules },
        (_, i) => `module "m${i}" {\n  source = "../modules/m${String(i).padStart(4, '0')}"\n}\n`,
      ).join(''),
    };
    for (let i = 0; i < modules; i++)
      files[`modules/m${String(i).padStart(4, '0')}/main.tf`] = 'variable "x" {\n  default = 1\n}\n';
    const dir = tempTree(files);
    try {
      // Only the live folder is scanned: the modules are read because it calls them.
      const report = await runScan({ cwd: dir, paths: ['live'] });
      const note = {
        file: 'live/main.tf',
        line: 1,
        limit: true,
        message: `live calls more than ${MAX_MODULE_DIRS_PER_ROOT} local module folders; modules/m${MAX_MODULE_DIRS_PER_ROOT} and the folders after it were not read`,
      };
      expect(report.skipped).toEqual([note]);
      expect(report.summary.limitsReached).toBe(1);
      const out = (format: string) =>
        REPORTERS[format](report, { color: false, showSuppressed: false }).replace(dir + path.sep, '');
      expect(JSON.parse(out('json')).skipped).toEqual([note]);
      expect(out('stylish')).toMatch(/1 limit reached, so not all was\s+checked\s+\(see\s+skipped\)/);
      expect(out('stylish')).toContain(`skipped live/main.tf:1: ${note.message}`);
      expect(out('compact')).toContain(`live/main.tf:1:1: warning ${note.message} [limit-reached]`);
      expect(out('github')).toContain(
        `::warning file=live/main.tf,line=1,title=akslint limit reached::${note.message}`,
      );
      expect(out('github')).toMatch(/1 limit reached\n$/);
      expect(out('junit')).toContain(`<skipped message="limit reached: ${note.message}"/>`);
      const sarif = JSON.parse(out('sarif')) as {
        runs: {
          invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[];
        }[];
      };
      expect(sarif.runs[0].invocations[0].toolExecutionNotifications).toContainEqual(
        expect.objectContaining({ level: 'warning', message: { text: note.message } }),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks the first instances of a huge Bicep loop and notes the rest', async () => {
    // range() stops at 10,000 items (Azure's own limit), so the loop runs over two ranges.
    const dir = tempTree({
      'main.bicep': `resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in concat(range(0, ${MAX_LOOP_INSTANCES}), range(0, 5)): {\n  name: 'sa\${i}'\n  location: 'westeurope'\n}]\n`,
    });
    try {
      const report = await runScan({ cwd: dir, paths: ['.'] });
      expect(report.summary.resources).toBe(MAX_LOOP_INSTANCES);
      expect(report.skipped).toEqual([
        {
          file: 'main.bicep',
          line: 1,
          limit: true,
          message: `a loop over ${MAX_LOOP_INSTANCES + 5} items: only the first ${MAX_LOOP_INSTANCES} instances were checked`,
        },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('notes an ARM copy loop past Azure own limit and a template past the instance limit', async () => {
    const storage = (name: string, count: number) => ({
      type: 'Microsoft.Storage/storageAccounts',
      apiVersion: '2023-01-01',
      name: `[concat('${name}', copyIndex())]`,
      location: 'westeurope',
      copy: { name: `${name}Loop`, count },
    });
    const template = (resources: object[]) =>
      JSON.stringify(
        {
          $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
          contentVersion: '1.0.0.0',
          resources,
        },
        null,
        2,
      );
    const loops = Math.floor(MAX_ARM_INSTANCES / 800) + 1;
    const dir = tempTree({
      'copy/azuredeploy.json': template([storage('sa', 900)]),
      'many/azuredeploy.json': template(Array.from({ length: loops }, (_, i) => storage(`s${i}x`, 800))),
    });
    try {
      const report = await runScan({ cwd: dir, paths: ['.'] });
      expect(report.skipped).toEqual([
        expect.objectContaining({
          file: 'copy/azuredeploy.json',
          limit: true,
          message: `copy loop 'saLoop' asks for 900 instances; Azure allows 800, the first 800 were checked`,
        }),
        // 50,000 instances of five steps each spend the whole step budget before the instance limit:
        // the names of the last ones are unknown, which the summary says too.
        expect.objectContaining({ file: 'many/azuredeploy.json', limit: true, message: TOO_MANY_STEPS }),
        expect.objectContaining({
          file: 'many/azuredeploy.json',
          limit: true,
          message: `the template expands to more than ${MAX_ARM_INSTANCES} resource instances; the rest were not checked`,
        }),
      ]);
      expect(report.summary.resources).toBe(800 + MAX_ARM_INSTANCES);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * A million steps in a few lines: the values past the budget are unknown, and the summary says a limit
 * was reached, once per template or root, at the expression where the budget ran out.
 */
describe('the evaluation step budget is never silent', () => {
  const ARM_TEMPLATE = JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Test/things',
          apiVersion: '1',
          name: 'r',
          properties: {
            out: "[map(range(0, 1000), lambda('a', length(map(range(0, 1000), lambda('b', lambdaVariables('b'))))))]",
          },
        },
      ],
    },
    null,
    2,
  );

  it.each([
    [
      'Terraform',
      'main.tf',
      'resource "t" "x" {\n  out = [for a in range(1000) : length([for b in range(1000) : b])]\n}\n',
      { line: 2 },
    ],
    [
      'Bicep',
      'main.bicep',
      "resource r 'Test/things@1' = {\n  name: 'r'\n  properties: {\n    out: [for a in range(0, 1000): length([for b in range(0, 1000): b])]\n  }\n}\n",
      { line: 4 },
    ],
    ['ARM', 'main.json', ARM_TEMPLATE, { line: 10, column: 16 }],
  ])('in %s: one limit note in skipped and in the summary', async (_format, file, text, at) => {
    const dir = tempTree({ [file]: text });
    try {
      const report = await runScan({ cwd: dir, paths: ['.'] });
      expect(report.skipped).toEqual([
        expect.objectContaining({ file, ...at, limit: true, message: TOO_MANY_STEPS }),
      ]);
      expect(report.summary.limitsReached).toBe(1);
      expect(JSON.stringify(report)).toContain(TOO_MANY_STEPS);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
