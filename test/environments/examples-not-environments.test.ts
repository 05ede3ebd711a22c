import * as fs from 'node:fs';
import { runScan } from '../../src/engine/scan';
import { findRule } from '../../policies';
import type { Finding } from '../../src/model';
import { tf } from '../terraform/helpers';
import { tempTree } from '../cli-runner';

// A published module's repository: the module at its top, one root per example calling `../..`, each
// showing a different way to use it. They are no environments of one cluster.
const MODULE = tf`
  variable "local_account_disabled" {
    type    = bool
    default = false
  }
  resource "azurerm_kubernetes_cluster" "this" {
    name                   = "demo"
    location               = "westeurope"
    resource_group_name    = "rg"
    dns_prefix             = "demo"
    local_account_disabled = var.local_account_disabled
  }
`;
const callTop = (local: boolean, to = '../..') => tf`
  module "aks" {
    source                 = "${to}"
    local_account_disabled = ${local}
  }
`;

const scanTree = async (files: Record<string, string>, rules: string[]) => {
  const dir = tempTree(files);
  try {
    const report = await runScan({
      cwd: dir,
      paths: ['.'],
      today: '2026-01-01',
      rules: rules.map((r) => findRule(r)!),
    });
    return report.findings.map(
      (f: Finding) => `${f.ruleId} ${f.file}:${f.line}${f.contexts ? ` only ${f.contexts.join(',')}` : ''}`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

describe('AKS901 compares environments, not the examples or tests of a module', () => {
  it('roots in examples/ that set a setting differently are not reported as environments that differ', async () => {
    const findings = await scanTree(
      {
        'main.tf': MODULE,
        'examples/hardened/main.tf': callTop(true),
        'examples/quickstart/main.tf': callTop(false),
        'tests/e2e/main.tf': callTop(false, '../..'),
      },
      ['AKS901', 'AKS101'],
    );
    // The examples' own findings still say which example they hold in.
    expect(findings).toEqual(['AKS101 main.tf:10 only examples/quickstart,tests/e2e']);
  });

  it('environments beside the examples are still compared, among themselves only', async () => {
    const findings = await scanTree(
      {
        'modules/aks/main.tf': MODULE,
        'envs/prod/main.tf': callTop(true, '../../modules/aks'),
        'envs/test/main.tf': callTop(false, '../../modules/aks'),
        'modules/aks/examples/basic/main.tf': callTop(true, '../..'),
      },
      ['AKS901'],
    );
    expect(findings).toEqual(['AKS901 modules/aks/main.tf:10']);
  });

  it('a layout kept under a folder named examples is compared as usual', async () => {
    const findings = await scanTree(
      {
        'examples/platform/modules/aks/main.tf': MODULE,
        'examples/platform/envs/dev/main.tf': callTop(false, '../../modules/aks'),
        'examples/platform/envs/prod/main.tf': callTop(true, '../../modules/aks'),
      },
      ['AKS901'],
    );
    expect(findings).toEqual(['AKS901 examples/platform/modules/aks/main.tf:10']);
  });
});
