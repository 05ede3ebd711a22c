import { planUnits } from '../../src/engine/analyze';
import { MemoryHost } from '../../src/discover/host';

const MODULE = 'variable "name" {}\nresource "azurerm_resource_group" "this" { name = var.name }\n';
const call = (name: string) => `module "rg" {\n  source = "../../modules/rg"\n  name   = "${name}"\n}\n`;

function unitsOf(files: Record<string, string>): string[][] {
  const entries = Object.entries(files)
    .filter(([p]) => p.endsWith('.tf'))
    .map(([path, text]) => ({ path, text }));
  const { units } = planUnits(entries, new MemoryHost(files), { varFiles: [], parameterFiles: [] });
  return units.map((u) => u.entries.map((e) => e.path));
}

describe('Terraform units', () => {
  const perRoot = [
    ['modules/rg/main.tf', 'envs/dev/main.tf'],
    ['modules/rg/main.tf', 'envs/prod/main.tf'],
  ];

  it('loads each root of a shared module apart, whatever the line ends', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const files = {
        'modules/rg/main.tf': MODULE,
        'envs/dev/main.tf': call('dev'),
        'envs/prod/main.tf': call('prod'),
      };
      const withEnds = Object.fromEntries(
        Object.entries(files).map(([p, t]) => [p, t.split('\n').join(eol)]),
      );
      expect(unitsOf(withEnds)).toEqual(perRoot);
    }
  });

  it('does not count a commented-out call when it tells the roots, whatever the line ends', () => {
    for (const eol of ['\n', '\r\n', '\r', '\u2028']) {
      const prod = `${call('prod')}# module "old" { source = "../dev" }\n  // source = "../dev"\n`;
      const files = {
        'modules/rg/main.tf': MODULE,
        'envs/dev/main.tf': call('dev'),
        'envs/prod/main.tf': prod.split('\n').join(eol),
      };
      expect(unitsOf(files)).toEqual(perRoot);
    }
  });

  it('keeps roots that call each other in one unit', () => {
    const files = {
      'modules/rg/main.tf': MODULE,
      'envs/dev/main.tf': call('dev'),
      'envs/prod/main.tf': `${call('prod')}module "dev" {\n  source = "../dev"\n}\n`,
    };
    expect(unitsOf(files)).toEqual([['modules/rg/main.tf', 'envs/dev/main.tf', 'envs/prod/main.tf']]);
  });
});
