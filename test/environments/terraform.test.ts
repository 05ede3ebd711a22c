import * as fs from 'node:fs';
import * as path from 'node:path';
import { runScan, type ScanOptions } from '../../src/engine/scan';
import { ConfigCascade, ConfigError } from '../../src/engine/config';
import { findRule } from '../../policies';
import type { Finding, ScanReport } from '../../src/model';
import { formatJson } from '../../src/report/json';
import { formatStylish } from '../../src/report/stylish';
import { load, tf } from '../terraform/helpers';
import { tempTree } from '../cli-runner';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLE = 'examples/environments/terraform';

const scan = (cwd: string, paths: string[], more: Partial<ScanOptions> = {}) =>
  runScan({ cwd, paths, today: '2026-01-01', ...more });

/** A finding as a line: rule, place, the cluster it names, and the contexts it holds in when not all. */
const line = (f: Finding) =>
  `${f.ruleId} ${f.file}:${f.line} ${/Cluster "([^"]+)"/.exec(f.message)?.[1] ?? f.resource.address}` +
  (f.contexts ? ` only ${f.contexts.join(',')}` : '');

const configFor = (cwd: string) => new ConfigCascade(cwd, (name) => findRule(name)?.id);

const MODULE_VARIABLES = tf`
  variable "name" {
    type = string
  }
  variable "local_account_disabled" {
    type    = bool
    default = true
  }
`;
const MODULE_MAIN = tf`
  resource "azurerm_kubernetes_cluster" "this" {
    name                    = var.name
    location                = "westeurope"
    resource_group_name     = "rg"
    dns_prefix              = var.name
    local_account_disabled  = var.local_account_disabled
  }
`;
const callAks = (name: string, extra = '') => tf`
  module "aks" {
    source = "../../modules/aks"
    name   = "${name}"
    ${extra}
  }
`;

describe('examples/environments/terraform: one module, two roots, one root with a tfvars set', () => {
  let report: ScanReport;
  beforeAll(async () => {
    report = await scan(ROOT, [EXAMPLE]);
  });

  it('reports the weaker settings of dev and staging, each naming the context it holds in', () => {
    const m = `${EXAMPLE}/modules/aks/main.tf`;
    expect(report.findings.map(line)).toEqual([
      `AKS203 ${m}:31 aks-dev only ${EXAMPLE}/envs/dev`,
      `AKS203 ${m}:31 aks-platform-staging only ${EXAMPLE}/platform/environments/staging.tfvars`,
      `AKS101 ${m}:37 aks-dev only ${EXAMPLE}/envs/dev`,
      `AKS901 ${m}:37 aks-dev`,
      `AKS201 ${m}:44 aks-dev only ${EXAMPLE}/envs/dev`,
      `AKS201 ${m}:44 aks-platform-staging only ${EXAMPLE}/platform/environments/staging.tfvars`,
      `AKS901 ${m}:44 aks-dev`,
    ]);
    // The environments disagree on two settings; each context's value is named.
    const differs = report.findings.filter((f) => f.ruleId === 'AKS901').map((f) => f.message);
    expect(differs[0]).toContain(
      'local_account_disabled: false in dev; true in prod, prod.tfvars and staging.tfvars',
    );
    expect(differs[1]).toContain(
      'private_cluster_enabled: false in dev and staging.tfvars; true in prod and prod.tfvars',
    );
    expect(report.errors).toEqual([]);
    // The value comes from the root that sets it: the tfvars line and the module argument it feeds.
    const staging = report.findings.find((f) => f.ruleId === 'AKS201' && f.message.includes('staging'))!;
    expect(staging.related?.map((r) => `${r.file}:${r.line}`)).toEqual([
      `${EXAMPLE}/platform/environments/staging.tfvars:2`,
      `${EXAMPLE}/platform/main.tf:22`,
    ]);
    expect(staging.deployment).toBe(`${EXAMPLE}/platform`);
  });

  it('AKS901 lists each place a value was written once, with every context that took it', () => {
    const local = report.findings.find((f) => f.ruleId === 'AKS901' && f.line === 37)!;
    expect(local.related?.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual([
      `${EXAMPLE}/envs/dev/main.tf:14 local_account_disabled is false in ${EXAMPLE}/envs/dev`,
      `${EXAMPLE}/modules/aks/variables.tf:23 local_account_disabled is true in ${EXAMPLE}/envs/prod, ` +
        `${EXAMPLE}/platform/environments/prod.tfvars and ${EXAMPLE}/platform/environments/staging.tfvars`,
    ]);
  });

  it('says which contexts each root was evaluated in, in JSON and in the stylish summary', () => {
    expect(report.summary.deployments).toBe(3);
    expect(report.summary.contexts).toEqual({
      [`${EXAMPLE}/platform`]: [
        `${EXAMPLE}/platform/environments/prod.tfvars`,
        `${EXAMPLE}/platform/environments/staging.tfvars`,
      ],
    });
    expect(JSON.parse(formatJson(report)).summary.contexts).toEqual(report.summary.contexts);
    expect(formatStylish(report, { color: false, width: 300 })).toContain(
      `evaluated ${EXAMPLE}/platform with ${EXAMPLE}/platform/environments/prod.tfvars, ${EXAMPLE}/platform/environments/staging.tfvars`,
    );
    // The prod root and the prod tfvars set pass: nothing holds in them.
    expect(report.findings.some((f) => f.contexts?.some((c) => /prod/.test(c)))).toBe(false);
  });

  it('the module named alone (a pre-commit hook) is evaluated through its callers in sibling folders', async () => {
    const named = await scan(ROOT, [`${EXAMPLE}/modules/aks/main.tf`]);
    expect(named.findings.map(line)).toEqual(report.findings.map(line));
  });

  it('a tfvars set named alone reports what its values change, in its context', async () => {
    const named = await scan(ROOT, [`${EXAMPLE}/platform/environments/staging.tfvars`]);
    expect(named.findings.map(line)).toEqual([
      `AKS203 ${EXAMPLE}/modules/aks/main.tf:31 aks-platform-staging only ${EXAMPLE}/platform/environments/staging.tfvars`,
      `AKS201 ${EXAMPLE}/modules/aks/main.tf:44 aks-platform-staging only ${EXAMPLE}/platform/environments/staging.tfvars`,
      // staging.tfvars makes the platform's environments differ from each other.
      `AKS901 ${EXAMPLE}/modules/aks/main.tf:44 aks-platform-prod`,
    ]);
    expect(named.skipped).toEqual([]);
  });
});

describe('a module called by several roots', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'modules/aks/main.tf': MODULE_MAIN,
      'modules/aks/variables.tf': MODULE_VARIABLES,
      'envs/dev/main.tf': callAks('aks', 'local_account_disabled = false'),
      'envs/prod/main.tf': callAks('aks', 'local_account_disabled = true'),
      'envs/test/main.tf': callAks('aks', 'local_account_disabled = false'),
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a finding in the module names the roots it holds in', async () => {
    const report = await scan(dir, ['.'], { rules: [findRule('AKS101')!] });
    expect(report.findings.map(line)).toEqual(['AKS101 modules/aks/main.tf:6 aks only envs/dev,envs/test']);
    expect(report.findings[0].via).toEqual(['module.aks']);
    expect(report.findings[0].deployment).toBe('envs/dev, envs/test');
  });

  it('one that holds under every root appears once, without contexts', async () => {
    const report = await scan(dir, ['.'], { rules: [findRule('AKS201')!] });
    expect(report.findings.map(line)).toEqual(['AKS201 modules/aks/main.tf:1 aks']);
    expect(report.findings[0].deployment).toBe('envs/dev, envs/prod, envs/test');
  });

  it('roots that name their call differently (module "dev", module "prod") still give one finding', async () => {
    const named = (call: string, local: boolean) =>
      callAks('aks', `local_account_disabled = ${local}`).replace('module "aks"', `module "${call}"`);
    const differently = tempTree({
      'modules/aks/main.tf': MODULE_MAIN,
      'modules/aks/variables.tf': MODULE_VARIABLES,
      'envs/dev/main.tf': named('dev', false),
      'envs/prod/main.tf': named('prod', true),
      'envs/test/main.tf': named('test', false),
    });
    try {
      const report = await scan(differently, ['.'], { rules: [findRule('AKS201')!, findRule('AKS101')!] });
      expect(report.findings.map((f) => `${line(f)} via ${f.via?.join('.') ?? '-'}`)).toEqual([
        'AKS201 modules/aks/main.tf:1 aks via -',
        'AKS101 modules/aks/main.tf:6 aks only envs/dev,envs/test via -',
      ]);
      expect(report.findings[0].deployment).toBe('envs/dev, envs/prod, envs/test');
    } finally {
      fs.rmSync(differently, { recursive: true, force: true });
    }
  });

  it('the module named with one of its roots is evaluated through every root that calls it', async () => {
    const report = await scan(dir, ['envs/dev/main.tf', 'modules/aks/main.tf'], {
      rules: [findRule('AKS101')!],
    });
    expect(report.findings.map(line)).toEqual(['AKS101 modules/aks/main.tf:6 aks only envs/dev,envs/test']);
  });
});

describe('a named module finds its callers anywhere in the working directory', () => {
  it('through a module that calls it, and from a caller written in JSON', async () => {
    const dir = tempTree({
      'modules/aks/main.tf': MODULE_MAIN,
      'modules/aks/variables.tf': MODULE_VARIABLES,
      'modules/platform/main.tf': tf`
        variable "local_account_disabled" {}
        module "aks" {
          source                 = "../aks"
          name                   = "aks"
          local_account_disabled = var.local_account_disabled
        }
      `,
      'live/eu/dev/main.tf': tf`
        module "platform" {
          source                 = "../../../modules/platform"
          local_account_disabled = false
        }
      `,
      'live/us/prod/main.tf.json': JSON.stringify({
        module: { platform: { source: '../../../modules/platform', local_account_disabled: true } },
      }),
    });
    try {
      const report = await scan(dir, ['modules/aks/main.tf'], { rules: [findRule('AKS101')!] });
      expect(report.findings.map(line)).toEqual(['AKS101 modules/aks/main.tf:6 aks only live/eu/dev']);
      expect(report.findings[0].via).toEqual(['module.platform', 'module.aks']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the same block in several contexts is one cluster definition (what AKS901 compares)', () => {
  it('every evaluation of the module keeps its file and range, and lists all the contexts', async () => {
    const result = await load({
      'modules/aks/main.tf': MODULE_MAIN,
      'modules/aks/variables.tf': MODULE_VARIABLES,
      'envs/dev/main.tf': callAks('aks-dev', 'local_account_disabled = false'),
      'envs/prod/main.tf': callAks('aks-prod'),
      'platform/main.tf': tf`
        variable "name" {}
        module "aks" {
          source = "../modules/aks"
          name   = var.name
        }
      `,
      'platform/vars/blue.tfvars': 'name = "blue"\n',
      'platform/vars/green.tfvars': 'name = "green"\n',
    });
    const clusters = result.resources.filter((r) => r.type === 'azurerm_kubernetes_cluster');
    const all = ['envs/dev', 'envs/prod', 'platform/vars/blue.tfvars', 'platform/vars/green.tfvars'];
    expect(clusters.map((r) => [r.context?.name, r.deployment, r.address])).toEqual([
      ['envs/dev', 'envs/dev', 'module.aks.azurerm_kubernetes_cluster.this'],
      ['envs/prod', 'envs/prod', 'module.aks.azurerm_kubernetes_cluster.this'],
      ['platform/vars/blue.tfvars', 'platform', 'module.aks.azurerm_kubernetes_cluster.this'],
      ['platform/vars/green.tfvars', 'platform', 'module.aks.azurerm_kubernetes_cluster.this'],
    ]);
    for (const c of clusters) {
      expect(c.context?.all).toEqual(all);
      expect(c.range).toEqual(clusters[0].range);
      expect(c.file).toBe('modules/aks/main.tf');
    }
    expect(clusters.map((c) => c.body.entries.find((e) => e.key === 'name')?.value)).toMatchObject([
      { value: 'aks-dev' },
      { value: 'aks-prod' },
      { value: 'blue' },
      { value: 'green' },
    ]);
  });
});

describe('tfvars sets found by convention', () => {
  const ROOT_MAIN = tf`
    variable "local_accounts_off" {
      type = bool
    }
    variable "name" {
      type    = string
      default = "aks"
    }
    resource "azurerm_kubernetes_cluster" "main" {
      name                   = var.name
      location               = "westeurope"
      resource_group_name    = "rg"
      dns_prefix             = "aks"
      local_account_disabled = var.local_accounts_off
    }
  `;
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'infra/main.tf': ROOT_MAIN,
      // Loaded by Terraform in every run: a base under every set, never a set of its own.
      'infra/terraform.tfvars': 'local_accounts_off = true\n',
      'infra/common.auto.tfvars': 'name = "aks-shared"\n',
      'infra/dev.tfvars': 'local_accounts_off = false\n',
      'infra/env/test.tfvars.json': '{"local_accounts_off": false}\n',
      'infra/envs/stage.tfvars': 'local_accounts_off = true\n',
      'infra/environments/prod.tfvars': 'local_accounts_off = true\n',
      'infra/vars/qa.tfvars': 'local_accounts_off = true\n',
      // Not a convention folder, nor directly in one: not an environment.
      'infra/examples/insecure.tfvars': 'local_accounts_off = false\n',
      'infra/envs/old/legacy.tfvars': 'local_accounts_off = false\n',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const aks101 = { rules: [findRule('AKS101')!] };

  it('each set is one evaluation, over the auto-loaded files; a finding names the sets it holds with', async () => {
    const report = await scan(dir, ['.'], aks101);
    expect(report.findings.map(line)).toEqual([
      'AKS101 infra/main.tf:13 aks-shared only infra/dev.tfvars,infra/env/test.tfvars.json',
    ]);
    expect(report.findings[0].related?.map((r) => `${r.file}:${r.line}`)).toEqual([
      'infra/dev.tfvars:1',
      'infra/env/test.tfvars.json:1',
    ]);
    expect(report.summary.contexts).toEqual({
      infra: [
        'infra/dev.tfvars',
        'infra/env/test.tfvars.json',
        'infra/environments/prod.tfvars',
        'infra/envs/stage.tfvars',
        'infra/vars/qa.tfvars',
      ],
    });
    expect(report.summary.deployments).toBe(1);
  });

  it('--var-file is one explicit set, which replaces the sets found by convention', async () => {
    const report = await scan(dir, ['.'], { ...aks101, varFiles: ['infra/examples/insecure.tfvars'] });
    expect(report.findings.map(line)).toEqual(['AKS101 infra/main.tf:13 aks-shared']);
    expect(report.summary.contexts).toBeUndefined();
    const secure = await scan(dir, ['.'], { ...aks101, varFiles: ['infra/vars/qa.tfvars'] });
    expect(secure.findings).toEqual([]);
  });

  it('a set named alone is read as its environment; a tfvars file outside the convention is not', async () => {
    const named = await scan(dir, ['infra/env/test.tfvars.json'], aks101);
    expect(named.findings.map(line)).toEqual([
      'AKS101 infra/main.tf:13 aks-shared only infra/dev.tfvars,infra/env/test.tfvars.json',
    ]);
    const outside = await scan(dir, ['infra/envs/old/legacy.tfvars'], aks101);
    expect(outside.findings).toEqual([]);
    expect(outside.skipped.map((s) => s.file)).toEqual(['infra/envs/old/legacy.tfvars']);
  });

  it('a config that declares environments replaces the convention, each named <root>/<environment>', async () => {
    fs.writeFileSync(
      path.join(dir, '.akslint.yaml'),
      'environments:\n  dev: [infra/examples/insecure.tfvars]\n  prod: [infra/environments/prod.tfvars, infra/vars/qa.tfvars]\n',
    );
    try {
      const report = await scan(dir, ['.'], { ...aks101, config: configFor(dir) });
      expect(report.findings.map(line)).toEqual(['AKS101 infra/main.tf:13 aks-shared only infra/dev']);
      expect(report.summary.contexts).toEqual({ infra: ['infra/dev', 'infra/prod'] });
    } finally {
      fs.rmSync(path.join(dir, '.akslint.yaml'));
    }
  });
});

describe('config environments are validated', () => {
  it('a list of files per name; a file that does not exist names the key', async () => {
    const dir = tempTree({ 'main.tf': 'resource "azurerm_resource_group" "rg" {}\n' });
    try {
      fs.writeFileSync(path.join(dir, '.akslint.yaml'), 'environments:\n  prod: envs/prod.tfvars\n');
      await expect(scan(dir, ['.'], { config: configFor(dir) })).rejects.toThrow(
        /environments\.prod must be a list/,
      );
      fs.writeFileSync(path.join(dir, '.akslint.yaml'), 'environments:\n  prod: [envs/prod.tfvars]\n');
      await expect(scan(dir, ['.'], { config: configFor(dir) })).rejects.toThrow(ConfigError);
      await expect(scan(dir, ['.'], { config: configFor(dir) })).rejects.toThrow(
        /environments\.prod\[0\] names envs\/prod\.tfvars, which does not exist/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a folder that is a module and a root of its own', () => {
  const SHARED = {
    'modules/aks/main.tf': MODULE_MAIN,
    'modules/aks/variables.tf': MODULE_VARIABLES,
    'envs/prod/main.tf': callAks('aks-prod'),
  };

  it.each([
    [
      'its own terraform.tfvars',
      { 'modules/aks/terraform.tfvars': 'name = "aks-sandbox"\nlocal_account_disabled = false\n' },
    ],
    ['a backend block', { 'modules/aks/backend.tf': 'terraform {\n  backend "azurerm" {}\n}\n' }],
    [
      'a provider block, and a default for every variable',
      {
        'modules/aks/provider.tf': 'provider "azurerm" {\n  features {}\n}\n',
        'modules/aks/variables.tf': MODULE_VARIABLES.replace(
          'type = string',
          'type = string\n  default = "aks"',
        ),
      },
    ],
  ])('with %s is evaluated on its own as well as through its caller', async (_, own) => {
    const result = await load({ ...SHARED, ...own });
    const clusters = result.resources.filter((r) => r.type === 'azurerm_kubernetes_cluster');
    expect(clusters.map((r) => [r.address, r.deployment, r.context?.name])).toEqual([
      ['module.aks.azurerm_kubernetes_cluster.this', 'envs/prod', 'envs/prod'],
      ['azurerm_kubernetes_cluster.this', 'modules/aks', 'modules/aks'],
    ]);
  });

  it('with a provider block but a variable nothing gives a value to, it is a module written the old way', async () => {
    const dir = tempTree({
      ...SHARED,
      'modules/aks/provider.tf': 'provider "azurerm" {\n  features {}\n}\n',
    });
    try {
      const result = await load({
        ...SHARED,
        'modules/aks/provider.tf': 'provider "azurerm" {\n  features {}\n}\n',
      });
      expect(result.resources.map((r) => [r.address, r.deployment, r.context])).toEqual([
        ['module.aks.azurerm_kubernetes_cluster.this', 'envs/prod', undefined],
      ]);
      // A pre-commit hook naming the module's file finds the caller in a sibling folder.
      const report = await scan(dir, ['modules/aks/main.tf'], { rules: [findRule('AKS201')!] });
      expect(report.findings.map(line)).toEqual(['AKS201 modules/aks/main.tf:1 aks-prod']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without any of them it is a module only', async () => {
    const result = await load(SHARED);
    expect(result.resources.map((r) => [r.address, r.deployment, r.context])).toEqual([
      ['module.aks.azurerm_kubernetes_cluster.this', 'envs/prod', undefined],
    ]);
  });

  it('its own findings name it as their context', async () => {
    const dir = tempTree({
      ...SHARED,
      'modules/aks/terraform.tfvars': 'name = "aks-sandbox"\nlocal_account_disabled = false\n',
    });
    try {
      const report = await scan(dir, ['.'], { rules: [findRule('AKS101')!] });
      expect(report.findings.map(line)).toEqual([
        'AKS101 modules/aks/main.tf:6 aks-sandbox only modules/aks',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
