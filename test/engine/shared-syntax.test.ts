import { MemoryHost } from '../../src/discover/host';
import { loadUnit, planUnits, sharedEntries, withSharedSyntax } from '../../src/engine/analyze';
import type { LoaderOptions, SourceFile } from '../../src/model';

const MODULE: Record<string, string> = {
  'modules/aks/main.tf': `resource "azurerm_kubernetes_cluster" "this" {
  name                   = var.name
  local_account_disabled = var.local_accounts
}
`,
  'modules/aks/variables.tf': 'variable "name" {}\nvariable "local_accounts" { default = false }\n',
  'modules/aks/outputs.tf': 'output "id" { value = azurerm_kubernetes_cluster.this.id }\n',
};

const root = (name: string) => `module "aks" {\n  source = "../../modules/aks"\n  name   = "${name}"\n}\n`;

const ENVIRONMENTS = ['dev', 'prod', 'test'];

/** Parses of each file while every unit of `entries` loads, as one thread of a scan loads them. */
async function parsesPerFile(
  entries: SourceFile[],
  files: Record<string, string>,
): Promise<Map<string, number>> {
  const host = new MemoryHost(files);
  const base: LoaderOptions = { varFiles: [], parameterFiles: [] };
  const { units } = planUnits(entries, host, base);
  const options = withSharedSyntax(base, sharedEntries(units));
  const parses = new Map<string, number>();
  const cache = options.syntaxCache!;
  const parse = cache.parse.bind(cache);
  cache.parse = (file, text, parseFile) =>
    parse(file, text, () => {
      parses.set(file, (parses.get(file) ?? 0) + 1);
      return parseFile();
    });
  for (const unit of units) await loadUnit(unit, host, options);
  return parses;
}

describe('a module several roots call is parsed once per thread', () => {
  const files = {
    ...MODULE,
    ...Object.fromEntries(ENVIRONMENTS.map((env) => [`envs/${env}/main.tf`, root(env)])),
  };

  it('a module file named alone with its calling roots: its other files too, not once per root', async () => {
    // What a one-file scan of modules/aks/main.tf loads: the named file and the roots that call its module;
    // the module's other files are read by each root's load, not named.
    const entries = ['modules/aks/main.tf', ...ENVIRONMENTS.map((env) => `envs/${env}/main.tf`)].map((p) => ({
      path: p,
      text: files[p],
    }));
    const parses = await parsesPerFile(entries, files);
    expect(Object.fromEntries(parses)).toEqual({
      'modules/aks/main.tf': 1,
      'modules/aks/variables.tf': 1,
      'modules/aks/outputs.tf': 1,
      'envs/dev/main.tf': 1,
      'envs/prod/main.tf': 1,
      'envs/test/main.tf': 1,
    });
  });
});
