import * as fs from 'node:fs';
import { runScan } from '../../src/engine/scan';
import type { Finding } from '../../src/model';
import { tempTree } from '../cli-runner';

/** A Terraform root's findings do not depend on which other roots the scan holds. */

async function findingsOf(cwd: string, paths: string[], deployment: string): Promise<Finding[]> {
  const report = await runScan({ cwd, paths, today: '2026-01-01', showUnknown: true });
  return report.findings.filter((f) => f.deployment === deployment);
}

async function expectSameAloneAndTogether(files: Record<string, string>): Promise<Finding[]> {
  const dir = tempTree(files);
  try {
    const alone = await findingsOf(dir, ['a'], 'a');
    const together = await findingsOf(dir, ['.'], 'a');
    expect(together).toEqual(alone);
    return alone;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Both roots call it: they load as one unit, into one graph.
const TAGS_MODULE = { 'modules/tags/main.tf': 'output "tags" {\n  value = {}\n}\n' };
const TAGS_CALL = 'module "tags" {\n  source = "../modules/tags"\n}\n';

describe('a root scanned alone and with another root', () => {
  it('is told of unseen code given its cluster’s id by its own code only (AKS306)', async () => {
    const alone = await expectSameAloneAndTogether({
      ...TAGS_MODULE,
      'a/main.tf': `resource "azurerm_kubernetes_cluster" "main" {\n  name = "a"\n}\n${TAGS_CALL}`,
      'b/main.tf':
        `resource "azurerm_kubernetes_cluster" "main" {\n  name = "b"\n}\n${TAGS_CALL}` +
        'module "diag" {\n  source             = "example/diagnostics/azurerm"\n' +
        '  target_resource_id = azurerm_kubernetes_cluster.main.id\n}\n',
    });
    expect(alone.filter((f) => f.ruleId === 'AKS306').map((f) => [f.status, f.file])).toEqual([
      ['fail', 'a/main.tf'],
    ]);
  });

  it('keeps the findings of two calls of one module apart (a root of its own context among others)', async () => {
    const alone = await expectSameAloneAndTogether({
      'modules/aks/main.tf':
        'variable "name" {\n  default = "shared"\n}\n' +
        'resource "azurerm_kubernetes_cluster" "this" {\n  name                   = var.name\n' +
        '  local_account_disabled = false\n}\n',
      'a/main.tf':
        'module "one" {\n  source = "../modules/aks"\n}\nmodule "two" {\n  source = "../modules/aks"\n}\n',
      'b/main.tf': 'resource "azurerm_kubernetes_cluster" "main" {\n  name = "b"\n}\n',
    });
    expect(alone.filter((f) => f.ruleId === 'AKS101').map((f) => [f.resource.address, f.via])).toEqual([
      ['module.one.azurerm_kubernetes_cluster.this', ['module.one']],
      ['module.two.azurerm_kubernetes_cluster.this', ['module.two']],
    ]);
  });
});
