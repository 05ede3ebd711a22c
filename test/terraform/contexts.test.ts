import { MemoryHost } from '../../src/discover/host';
import { isWithin, variableSets } from '../../src/evaluate/terraform/contexts';
import type { LoaderOptions } from '../../src/model';
import { load, plain, resource } from './helpers';

/**
 * Which variable files each Terraform root is evaluated with, and the context each resource then
 * carries: the configuration's choice first, then the files found by convention.
 */

const host = new MemoryHost({
  'live/main.tf': '',
  'live/terraform.tfvars': '',
  'live/prod.tfvars': '',
  'live/env/dev.tfvars.json': '',
  'live/env/x.auto.tfvars': '',
  'live/vars/notes.txt': '',
  'other/main.tf': '',
});
const options = (o: Partial<LoaderOptions> = {}): LoaderOptions => ({
  varFiles: [],
  parameterFiles: [],
  ...o,
});

describe('variableSets', () => {
  it('uses --var-file as the one set, after the config var files that cover the root', () => {
    const sets = variableSets(
      'live',
      host,
      options({
        varFiles: ['cli.tfvars'],
        configVarFiles: [
          { dir: 'live', files: ['live/common.tfvars'] },
          { dir: 'other', files: ['other/x.tfvars'] },
        ],
      }),
    );
    expect(sets).toEqual([{ files: ['live/common.tfvars', 'cli.tfvars'] }]);
  });

  it('names one set per configured environment, a nearer config replacing a farther one', () => {
    const sets = variableSets(
      'live',
      host,
      options({
        configVarFiles: [{ files: ['common.tfvars'] }],
        configEnvironments: [
          { name: 'prod', files: ['far-prod.tfvars'] },
          { name: 'dev', files: ['dev.tfvars'] },
          { dir: 'live', name: 'prod', files: ['live/prod.tfvars'] },
          { dir: 'other', name: 'test', files: ['other/test.tfvars'] },
        ],
      }),
    );
    expect(sets).toEqual([
      { name: 'live/dev', files: ['common.tfvars', 'dev.tfvars'] },
      { name: 'live/prod', files: ['common.tfvars', 'live/prod.tfvars'] },
    ]);
  });

  it('names environments of the working directory root without a prefix', () => {
    const sets = variableSets(
      '.',
      host,
      options({ configEnvironments: [{ name: 'dev', files: ['d.tfvars'] }] }),
    );
    expect(sets).toEqual([{ name: 'dev', files: ['d.tfvars'] }]);
  });

  it('uses the config var files as one unnamed set when no environment covers the root', () => {
    expect(
      variableSets('live', host, options({ configVarFiles: [{ dir: 'live', files: ['a.tfvars'] }] })),
    ).toEqual([{ files: ['a.tfvars'] }]);
  });

  it('finds one set per variable file Terraform does not load itself, in the root and its env folders', () => {
    expect(variableSets('live', host, options())).toEqual([
      { name: 'live/env/dev.tfvars.json', files: ['live/env/dev.tfvars.json'] },
      { name: 'live/prod.tfvars', files: ['live/prod.tfvars'] },
    ]);
  });

  it('has one empty set when there is none', () => {
    expect(variableSets('other', host, options())).toEqual([{ files: [] }]);
  });
});

describe('isWithin', () => {
  it.each([
    ['live/aks', undefined, true],
    ['live', '.', true],
    ['../shared', '.', false],
    ['..', '.', false],
    ['live/aks', 'live', true],
    ['live', 'live', true],
    ['lively', 'live', false],
  ])('%s within %s: %s', (moduleDir, dir, expected) => {
    expect(isWithin(moduleDir, dir)).toBe(expected);
  });
});

describe('contexts of the evaluated resources', () => {
  it('name the variable set, and list every set the same block was evaluated under', async () => {
    const result = await load({
      'live/main.tf': 'variable "size" {}\nresource "t" "x" {\n  v = var.size\n}\n',
      'live/dev.tfvars': 'size = 1\n',
      'live/prod.tfvars': 'size = 3\n',
    });
    expect(result.resources.map((r) => [r.context, plain(r, 'v')])).toEqual([
      [{ name: 'live/dev.tfvars', all: ['live/dev.tfvars', 'live/prod.tfvars'] }, 1],
      [{ name: 'live/prod.tfvars', all: ['live/dev.tfvars', 'live/prod.tfvars'] }, 3],
    ]);
  });

  it('name the root of a module two roots call', async () => {
    const result = await load({
      'a/main.tf': 'module "m" {\n  source = "../mod"\n}\n',
      'b/main.tf': 'module "m" {\n  source = "../mod"\n}\nresource "t" "own" {}\n',
      'mod/main.tf': 'resource "t" "x" {}\n',
    });
    expect(result.resources.map((r) => [r.address, r.context])).toEqual([
      ['module.m.t.x', { name: 'a', all: ['a', 'b'] }],
      ['module.m.t.x', { name: 'b', all: ['a', 'b'] }],
      ['t.own', { name: 'b', all: ['b'] }],
    ]);
  });

  it('tell apart blocks that start on the same line', async () => {
    // One line of Terraform JSON declares both resources; each is evaluated under one root only.
    const result = await load({
      'a/main.tf': 'module "m" {\n  source = "../mod"\n  x = 1\n  y = 0\n}\n',
      'b/main.tf': 'module "m" {\n  source = "../mod"\n  x = 0\n  y = 1\n}\n',
      'mod/main.tf.json':
        '{"variable": {"x": {}, "y": {}}, "resource": {"t": {"x": {"count": "${var.x}"}, "y": {"count": "${var.y}"}}}}',
    });
    expect(result.resources.map((r) => [r.address, r.range.line, r.context])).toEqual([
      ['module.m.t.x[0]', 1, { name: 'a', all: ['a'] }],
      ['module.m.t.y[0]', 1, { name: 'b', all: ['b'] }],
    ]);
  });

  it('are absent for a single evaluation without a named set', async () => {
    const result = await load({ 'live/main.tf': 'resource "t" "x" {}\n' });
    expect(resource(result, 't.x').context).toBeUndefined();
  });
});
