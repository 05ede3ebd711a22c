import rule, { isProductionContext } from './environments-alike';
import { findingsFor, ruleTester, type Case } from '../../test/rule-tester';
import { armCluster, bicepCluster, lineOf, tfCluster } from '../../test/aks-cases';

/** A Bicep cluster whose local accounts and private API server come from params. */
const template = bicepCluster(
  [
    'disableLocalAccounts: disableLocal',
    'apiServerAccessProfile: {',
    '  enablePrivateCluster: private',
    '  authorizedIPRanges: ranges',
    '}',
  ].join('\n'),
  { before: 'param disableLocal bool\nparam private bool = true\nparam ranges array = []' },
);

const bicepparam = (values: string): string => `using './main.bicep'\n\n${values}\n`;

const jsonParameters = (values: Record<string, unknown>): string =>
  JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
    },
    null,
    2,
  ) + '\n';

const armTemplate = armCluster('"disableLocalAccounts": "[parameters(\'disableLocal\')]"', {
  parameters: '"disableLocal": { "type": "bool" }',
});

const sharedModule = tfCluster('local_account_disabled = var.disable_local', {
  before: 'variable "disable_local" {}',
});

/** A shared module and the roots of two environments calling it with their own value. */
function terraformRoots(dev: string, prod: string): Pick<Case, 'format' | 'code' | 'path' | 'files'> {
  const root = (value: string) =>
    `module "aks" {\n  source        = "../../modules/aks"\n  disable_local = ${value}\n}\n`;
  return {
    format: 'terraform',
    path: 'modules/aks/main.tf',
    code: sharedModule,
    files: { 'envs/dev/main.tf': root(dev), 'envs/prod/main.tf': root(prod) },
  };
}

const localAccountsLine = lineOf(template, 'disableLocalAccounts:');

ruleTester(rule, {
  valid: [
    {
      name: 'two parameter files that agree on every security setting',
      format: 'bicep',
      code: template,
      files: {
        'main.dev.bicepparam': bicepparam("param disableLocal = true\nparam ranges = ['10.0.0.0/16']"),
        'main.parameters.prod.json': jsonParameters({ disableLocal: true, ranges: ['192.168.0.0/24'] }),
      },
    },
    {
      name: 'one parameter file: nothing to compare with',
      format: 'bicep',
      code: template,
      files: { 'main.dev.bicepparam': bicepparam('param disableLocal = false\nparam private = false') },
    },
    {
      name: 'two unrelated clusters in one scan, each with its own parameter file',
      format: 'bicep',
      code: template,
      files: {
        'main.dev.bicepparam': bicepparam('param disableLocal = false'),
        'other/main.bicep': template,
        'other/main.prod.bicepparam': bicepparam('param disableLocal = true'),
      },
    },
    {
      name: 'unset in one file, set to the default in the other',
      format: 'bicep',
      code: bicepCluster('enableRBAC: rbac', { before: 'param rbac bool?' }),
      files: {
        'main.dev.bicepparam': "using './main.bicep'\n",
        'main.prod.bicepparam': "using './main.bicep'\n\nparam rbac = true\n",
      },
    },
    {
      name: 'two parameter files that agree',
      format: 'arm',
      code: armTemplate,
      files: {
        'azuredeploy.parameters.dev.json': jsonParameters({ disableLocal: true }),
        'azuredeploy.parameters.prod.json': jsonParameters({ disableLocal: true }),
      },
    },
    {
      name: 'two roots passing the same value to one module',
      ...terraformRoots('true', 'true'),
    },
  ],
  invalid: [
    {
      name: 'dev keeps local accounts that prod disables',
      format: 'bicep',
      code: template,
      files: {
        'main.dev.bicepparam': bicepparam('param disableLocal = false'),
        'main.parameters.prod.json': jsonParameters({ disableLocal: true }),
      },
      errors: [
        {
          line: localAccountsLine,
          message:
            /properties\.disableLocalAccounts: false in main\.dev\.bicepparam; true in main\.parameters\.prod\.json/,
        },
      ],
    },
    {
      name: 'one environment has no authorized IP ranges',
      format: 'bicep',
      code: template,
      files: {
        'main.dev.bicepparam': bicepparam('param disableLocal = true\nparam private = false'),
        'main.prod.bicepparam': bicepparam(
          "param disableLocal = true\nparam private = false\nparam ranges = ['10.0.0.0/16']",
        ),
      },
      errors: [
        {
          line: lineOf(template, 'authorizedIPRanges'),
          message: /not set in main\.dev\.bicepparam; set in main\.prod\.bicepparam/,
        },
      ],
    },
    {
      name: 'two parameter files that disagree',
      format: 'arm',
      code: armTemplate,
      files: {
        'azuredeploy.parameters.dev.json': jsonParameters({ disableLocal: false }),
        'azuredeploy.parameters.prod.json': jsonParameters({ disableLocal: true }),
      },
      errors: [{ line: lineOf(armTemplate, '"disableLocalAccounts"'), message: /false in azuredeploy/ }],
    },
    {
      name: 'two roots passing different values to one module',
      ...terraformRoots('false', 'true'),
      errors: [
        {
          file: 'modules/aks/main.tf',
          line: lineOf(sharedModule, 'local_account_disabled'),
          message: /local_account_disabled: false in dev; true in prod/,
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'a value only known in one environment',
      format: 'bicep',
      code: template,
      files: {
        'main.dev.bicepparam': "using './main.bicep'\n",
        'main.prod.bicepparam': bicepparam('param disableLocal = true'),
      },
      message:
        /could not be resolved.*\(with main\.dev\.bicepparam\), so the environments cannot be compared/,
    },
    {
      name: 'a parameter file without the value',
      format: 'arm',
      code: armTemplate,
      files: {
        'azuredeploy.parameters.dev.json': jsonParameters({}),
        'azuredeploy.parameters.prod.json': jsonParameters({ disableLocal: true }),
      },
    },
    {
      name: 'a root that passes an unresolved value',
      ...terraformRoots('var.off', 'true'),
      files: {
        'envs/dev/main.tf':
          'variable "off" {}\nmodule "aks" {\n  source        = "../../modules/aks"\n  disable_local = var.off\n}\n',
        'envs/prod/main.tf':
          'module "aks" {\n  source        = "../../modules/aks"\n  disable_local = true\n}\n',
      },
    },
  ],
});

describe('AKS901 severity and related locations', () => {
  it('is medium when production is the weaker environment, naming each value where it is written', async () => {
    const findings = await findingsFor(rule, {
      name: 'prod weaker',
      format: 'bicep',
      code: template,
      files: {
        'main.dev.bicepparam': bicepparam('param disableLocal = true'),
        'main.prod.bicepparam': bicepparam('param disableLocal = false'),
      },
    });
    expect(findings.map((f) => [f.severity, f.line, f.contexts])).toEqual([
      ['medium', localAccountsLine, undefined],
    ]);
    expect(findings[0].message).toMatch(/production is the weaker one/);
    expect(findings[0].related).toEqual([
      expect.objectContaining({
        file: 'main.dev.bicepparam',
        line: 3,
        message: 'properties.disableLocalAccounts is true in main.dev.bicepparam',
      }),
      expect.objectContaining({
        file: 'main.prod.bicepparam',
        line: 3,
        message: 'properties.disableLocalAccounts is false in main.prod.bicepparam',
      }),
    ]);
  });

  it('stays low when only a setting without a weaker value differs', async () => {
    const code = bicepCluster("networkProfile: {\n  networkPlugin: plugin\n  networkPolicy: 'calico'\n}", {
      before: 'param plugin string',
    });
    const findings = await findingsFor(rule, {
      name: 'plugin differs',
      format: 'bicep',
      code,
      files: {
        'main.dev.bicepparam': bicepparam("param plugin = 'kubenet'"),
        'main.prod.bicepparam': bicepparam("param plugin = 'azure'"),
      },
    });
    expect(findings.map((f) => [f.severity, f.line])).toEqual([['low', lineOf(code, 'networkPlugin')]]);
  });

  it('knows production contexts by their file or folder name', () => {
    expect(
      ['main.prod.bicepparam', 'envs/production', 'prd.json', 'envs/dev', 'product.bicepparam'].map(
        isProductionContext,
      ),
    ).toEqual([true, true, true, false, false]);
  });
});
