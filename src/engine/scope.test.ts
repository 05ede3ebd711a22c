import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../model';
import { tempTree } from '../../test/cli-runner';
import { scanAndFix } from './fix';
import { runScan } from './scan';

// Files named one by one (a pre-commit hook) keep the findings located in them and those one of whose
// related locations is in them; the others are built, seen by suppressions, then dropped. These tests
// pin what the kept ones carry: the same fixes as in a scan of the folder, whichever file they edit.

const MAIN_TF = `resource "azurerm_kubernetes_cluster" "main" {
  name                    = "aks-prod"
  location                = "westeurope"
  resource_group_name     = "rg"
  dns_prefix              = "prod"
  private_cluster_enabled = var.private_cluster
  local_account_disabled  = false

  default_node_pool {
    name    = "system"
    vm_size = "Standard_D4s_v5"
  }
}
`;

const where = (f: Finding) => `${f.ruleId} ${f.file}:${f.line}`;

describe('a file named alone: what the findings it keeps carry', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempTree({
      'main.tf': MAIN_TF,
      'variables.tf': 'variable "private_cluster" {\n  type = bool\n}\n',
      'terraform.tfvars': '# the production cluster\nprivate_cluster = false\n',
    });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const scan = (paths: string[]) => runScan({ cwd: dir, paths, today: '2025-01-01', fixes: true });

  it('a finding kept through its related location has the fix a scan of the folder gives it', async () => {
    const named = await scan(['terraform.tfvars']);
    const folder = await scan(['.']);
    const aks201 = named.findings.find((f) => f.ruleId === 'AKS201');
    expect(aks201 && where(aks201)).toBe('AKS201 main.tf:6');
    expect(aks201!.fixes?.[0].edits).toEqual([
      { file: 'terraform.tfvars', line: 2, column: 19, endLine: 2, endColumn: 24, newText: 'true' },
    ]);
    // Every kept finding is the folder scan's, fixes included.
    const inFolder = new Map(folder.findings.map((f) => [where(f), f]));
    for (const f of named.findings) expect(f).toEqual(inFolder.get(where(f)));
    // The finding in main.tf that no tfvars value feeds, with its fix there, is dropped.
    expect(inFolder.get('AKS101 main.tf:7')?.fixes).toHaveLength(1);
    expect(named.findings.map(where)).not.toContain('AKS101 main.tf:7');
  });

  it('--fix applies the fixes of the kept findings only', async () => {
    const outcome = await scanAndFix(
      { cwd: dir, paths: ['terraform.tfvars'], today: '2025-01-01' },
      { unsafe: true, readText: (file) => fs.readFileSync(path.join(dir, file), 'utf8') },
    );
    expect([...outcome.changed.keys()]).toEqual(['terraform.tfvars']);
    expect(outcome.changed.get('terraform.tfvars')!.after).toBe(
      '# the production cluster\nprivate_cluster = true\n',
    );
  });
});
