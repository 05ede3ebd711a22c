import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { scan } from '../../src';
import type { Finding } from '../../src/model';
import { load, tf } from './helpers';

const fixture = path.join(__dirname, '__fixtures__', 'registry');

function only(findings: Finding[], ruleId: string): Finding {
  const found = findings.filter((f) => f.ruleId === ruleId);
  expect(found).toHaveLength(1);
  return found[0];
}

describe('registry modules terraform init installed under .terraform/modules', () => {
  it('are evaluated, and a value the caller passes is reported at the caller argument', async () => {
    const report = await scan('.', { cwd: fixture });
    expect(report.skipped).toEqual([]);
    // Nobody edits .terraform/: every finding is located in the user's code.
    expect(report.findings.filter((f) => f.file !== 'main.tf')).toEqual([]);
    const localAccounts = only(report.findings, 'AKS101');
    expect(localAccounts).toMatchObject({
      file: 'main.tf',
      line: 15,
      column: 28,
      endLine: 15,
      endColumn: 33,
      via: ['module.aks'],
      resource: { address: 'module.aks.azurerm_kubernetes_cluster.main' },
      related: [
        {
          file: '.terraform/modules/aks/main.tf',
          line: 15,
          message: 'in module source Azure/aks/azurerm at .terraform/modules/aks/main.tf:15',
        },
      ],
    });
    expect(localAccounts.fixes).toBeUndefined();
  });

  it('reports a setting the module hard-codes at the module call block, with the module line related', async () => {
    const report = await scan('.', { cwd: fixture });
    expect(only(report.findings, 'AKS301')).toMatchObject({
      file: 'main.tf',
      line: 10,
      column: 1,
      endLine: 16,
      endColumn: 2,
      related: [
        {
          file: '.terraform/modules/aks/main.tf',
          line: 16,
          message: 'in module source Azure/aks/azurerm at .terraform/modules/aks/main.tf:16',
        },
      ],
    });
  });

  it('follows tfvars into the call and local modules inside the installed one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-installed-'));
    try {
      const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), text);
      };
      write(
        'main.tf',
        tf`
          variable "local_accounts_off" {
            type = bool
          }
          module "platform" {
            source                 = "git::https://example.com/platform.git?ref=v2"
            local_account_disabled = var.local_accounts_off
          }
        `,
      );
      write('terraform.tfvars', 'local_accounts_off = false\n');
      write(
        '.terraform/modules/modules.json',
        JSON.stringify({
          Modules: [
            { Key: '', Source: '', Dir: '.' },
            {
              Key: 'platform',
              Source: 'git::https://example.com/platform.git?ref=v2',
              Dir: '.terraform/modules/platform',
            },
            { Key: 'platform.cluster', Source: './cluster', Dir: '.terraform/modules/platform/cluster' },
          ],
        }),
      );
      write(
        '.terraform/modules/platform/main.tf',
        tf`
          variable "local_account_disabled" {
            type = bool
          }
          module "cluster" {
            source         = "./cluster"
            local_accounts = var.local_account_disabled
          }
        `,
      );
      write(
        '.terraform/modules/platform/cluster/main.tf',
        tf`
          variable "local_accounts" {
            type = bool
          }
          resource "azurerm_kubernetes_cluster" "this" {
            name                   = "shop"
            local_account_disabled = var.local_accounts
          }
        `,
      );
      const report = await scan('.', { cwd: dir });
      expect(report.skipped).toEqual([]);
      expect(only(report.findings, 'AKS101')).toMatchObject({
        file: 'main.tf',
        line: 6,
        via: ['module.platform', 'module.cluster'],
        related: [
          { file: 'terraform.tfvars', line: 1, message: 'the value is set here' },
          {
            file: '.terraform/modules/platform/cluster/main.tf',
            line: 6,
            message: expect.stringMatching(
              /^in module source git::https:\/\/example.com\/platform.git\?ref=v2 at/,
            ),
          },
        ],
      });
      expect(report.findings.filter((f) => f.file !== 'main.tf')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('registry modules not installed', () => {
  const call = tf`
    module "aks" {
      source = "Azure/aks/azurerm"
      local_account_disabled = false
    }
  `;

  it('without modules.json stay a skip note and a call-site stand-in', async () => {
    const r = await load({ 'main.tf': call });
    expect(r.skipped.map((n) => n.message)).toEqual([
      'module.aks: remote source "Azure/aks/azurerm" was not fetched',
    ]);
    expect(r.resources.map((x) => x.type)).toEqual(['akslint:unread-module']);
  });

  it('when modules.json records another source, say terraform init must run again', async () => {
    const r = await load(
      {
        'main.tf': call,
        '.terraform/modules/modules.json': JSON.stringify({
          Modules: [
            {
              Key: 'aks',
              Source: 'registry.terraform.io/Azure/other/azurerm',
              Dir: '.terraform/modules/aks',
            },
          ],
        }),
        '.terraform/modules/aks/main.tf': 'resource "azurerm_kubernetes_cluster" "this" {}\n',
      },
      // Discovery skips .terraform/: only the root is an entry.
      { entries: ['main.tf'] },
    );
    expect(r.skipped.map((n) => n.message)).toEqual([
      'module.aks: remote source "Azure/aks/azurerm" is not the one terraform init installed ("registry.terraform.io/Azure/other/azurerm"); run terraform init again',
    ]);
    expect(r.resources.map((x) => x.type)).toEqual(['akslint:unread-module']);
  });

  it('a broken modules.json is an error with its position, and the scan goes on', async () => {
    const r = await load({
      'main.tf': call,
      '.terraform/modules/modules.json': '{"Modules": [\n  {"Key": "aks",, }\n]}',
    });
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expect(e).toMatchObject({ file: '.terraform/modules/modules.json', line: 2 });
    expect(r.skipped).toHaveLength(1);
  });
});
