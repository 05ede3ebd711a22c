import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  ConfigCascade,
  ConfigError,
  STARTER_CONFIG,
  clusterScopesFromConfig,
  findConfigFile,
  ignorePatternsFromConfig,
  loadConfig,
  parseConfig,
  pathsFromConfig,
} from './config';

const known = new Map([
  ['aks101', 'AKS101'],
  ['local-accounts-disabled', 'AKS101'],
  ['aks204', 'AKS204'],
]);
const resolveRule = (name: string) => known.get(name.toLowerCase());

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('accepts every setting and stores rules by id', () => {
    const config = parseConfig(
      '.akslint.yaml',
      [
        'rules:',
        '  local-accounts-disabled: off',
        '  AKS204: medium',
        'ignorePaths: ["examples/**"]',
        'failOn: high',
        'varFiles: [prod.tfvars]',
        'parameterFiles: [main.bicepparam]',
        'requireReason: true',
        'reportUnusedSuppressions: true',
        'showUnknown: false',
        'failOnUnevaluated: true',
      ].join('\n'),
      resolveRule,
    );
    expect(config).toEqual({
      rules: { AKS101: 'off', AKS204: 'medium' },
      ignorePaths: ['examples/**'],
      failOn: 'high',
      varFiles: ['prod.tfvars'],
      parameterFiles: ['main.bicepparam'],
      requireReason: true,
      reportUnusedSuppressions: true,
      showUnknown: false,
      failOnUnevaluated: true,
    });
    expect(parseConfig('.akslint.json', '{"failOn": "critical"}', resolveRule)).toEqual({
      failOn: 'critical',
    });
    expect(parseConfig('.akslint.yaml', '', resolveRule)).toEqual({});
  });

  it('names the key path and what was expected', () => {
    expect(errorOf(() => parseConfig('.akslint.yaml', 'rules:\n  AKS101: severe\n', resolveRule))).toBe(
      '.akslint.yaml: rules.AKS101 must be one of off, critical, high, medium, low, info',
    );
    expect(errorOf(() => parseConfig('.akslint.yaml', 'ignorePaths: [1]\n', resolveRule))).toBe(
      '.akslint.yaml: ignorePaths[0] must be a string',
    );
    expect(errorOf(() => parseConfig('.akslint.yaml', 'requireReason: "yes"\n', resolveRule))).toBe(
      '.akslint.yaml: requireReason must be true or false',
    );
    expect(errorOf(() => parseConfig('.akslint.yaml', 'failon: high\n', resolveRule))).toMatch(
      /^\.akslint\.yaml: failon is not a known setting \(expected one of root, rules, overrides, ignorePaths, failOn,/,
    );
    expect(errorOf(() => parseConfig('.akslint.yaml', '- a\n', resolveRule))).toBe(
      '.akslint.yaml: the configuration must be an object',
    );
    const both = errorOf(() => parseConfig('.akslint.yaml', 'failOn: 3\nvarFiles: x\n', resolveRule));
    expect(both).toContain('failOn must be one of critical, high, medium, low, info');
    expect(both).toContain('varFiles must be a list');
  });

  it('refuses unknown rule ids', () => {
    expect(errorOf(() => parseConfig('.akslint.yaml', 'rules:\n  AKS999: off\n', resolveRule))).toBe(
      '.akslint.yaml: rules.AKS999 is not a rule id (see akslint rules)',
    );
  });

  it('reports syntax errors with a position', () => {
    expect(errorOf(() => parseConfig('.akslint.yaml', 'rules: [\n', resolveRule))).toMatch(
      /^\.akslint\.yaml:\d+:\d+: /,
    );
    expect(errorOf(() => parseConfig('package.json', '{', resolveRule))).toMatch(
      /^package\.json: not valid JSON/,
    );
  });

  it('reads the akslint key of package.json', () => {
    expect(parseConfig('package.json', '{"name":"x","akslint":{"failOn":"high"}}', resolveRule)).toEqual({
      failOn: 'high',
    });
  });

  it('validates the starter config', () => {
    expect(parseConfig('.akslint.yaml', STARTER_CONFIG, resolveRule)).toMatchObject({ requireReason: true });
    expect(parseYaml(STARTER_CONFIG)).toMatchObject({ failOn: 'low' });
  });
});

describe('finding and loading config files', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-config-')));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('searches upward, skipping package.json files without an akslint key', () => {
    fs.mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
    fs.writeFileSync(path.join(root, 'a/b/package.json'), '{"name":"x"}');
    fs.writeFileSync(path.join(root, 'a/.akslint.json'), '{}');
    expect(findConfigFile(path.join(root, 'a/b/c'))).toBe(path.join(root, 'a/.akslint.json'));
    fs.writeFileSync(path.join(root, 'a/b/package.json'), '{"akslint":{}}');
    expect(findConfigFile(path.join(root, 'a/b/c'))).toBe(path.join(root, 'a/b/package.json'));
    fs.writeFileSync(path.join(root, 'a/b/c/.akslint.yml'), '');
    fs.writeFileSync(path.join(root, 'a/b/c/.akslint.yaml'), '');
    expect(findConfigFile(path.join(root, 'a/b/c'))).toBe(path.join(root, 'a/b/c/.akslint.yaml'));
  });

  it('loads an explicit file and reports a missing one', () => {
    fs.writeFileSync(path.join(root, 'custom.yaml'), 'failOn: info\n');
    expect(loadConfig({ cwd: root, startDir: root, explicit: 'custom.yaml', resolveRule })?.config).toEqual({
      failOn: 'info',
    });
    expect(errorOf(() => loadConfig({ cwd: root, startDir: root, explicit: 'nope.yaml', resolveRule }))).toBe(
      'nope.yaml: cannot read the configuration file',
    );
  });

  it('rebases paths relative to the config folder onto the working directory', () => {
    const below = {
      file: path.join(root, 'infra/.akslint.yaml'),
      config: { ignorePaths: ['gen/**', '*.bak', '!keep.tf'] },
    };
    expect(ignorePatternsFromConfig(below, root)).toEqual(['/infra/gen/**', '*.bak', '!keep.tf']);
    expect(pathsFromConfig(below, root, ['prod.tfvars'])).toEqual(['infra/prod.tfvars']);
    const above = {
      file: path.join(root, '.akslint.yaml'),
      config: { ignorePaths: ['infra/gen/**', 'other/**', '**/x/**'] },
    };
    expect(ignorePatternsFromConfig(above, path.join(root, 'infra'))).toEqual(['/gen/**', '/**/x/**']);
    expect(pathsFromConfig(above, path.join(root, 'infra'), ['env/a.tfvars'])).toEqual(['../env/a.tfvars']);
  });

  it('reads clusters as path patterns per cluster, rebased like ignorePaths', () => {
    const config = parseConfig(
      '.akslint.yaml',
      'clusters:\n  prod: ["clusters/prod/**", "platform/**"]\n  dev: [clusters/dev/**, platform/**]\n',
      resolveRule,
    );
    expect(config.clusters).toEqual({
      prod: ['clusters/prod/**', 'platform/**'],
      dev: ['clusters/dev/**', 'platform/**'],
    });
    const below = { file: path.join(root, 'k8s/.akslint.yaml'), config };
    expect(clusterScopesFromConfig(below, root)).toEqual({
      prod: ['/k8s/clusters/prod/**', '/k8s/platform/**'],
      dev: ['/k8s/clusters/dev/**', '/k8s/platform/**'],
    });
  });

  it('refuses clusters that are not lists of paths', () => {
    expect(
      errorOf(() => parseConfig('.akslint.yaml', 'clusters:\n  prod: clusters/prod/**\n', resolveRule)),
    ).toBe('.akslint.yaml: clusters.prod must be a list');
    expect(errorOf(() => parseConfig('.akslint.yaml', 'clusters: [prod]\n', resolveRule))).toBe(
      '.akslint.yaml: clusters must be an object',
    );
  });
});

describe('the cascade of configs per file', () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-cascade-')));
    fs.mkdirSync(path.join(root, 'a/b/c'), { recursive: true });
    fs.mkdirSync(path.join(root, 'd'), { recursive: true });
    fs.writeFileSync(path.join(root, '.akslint.yaml'), 'failOn: high\nrules:\n  aks101: off\n');
    fs.writeFileSync(
      path.join(root, 'a/.akslint.yaml'),
      'maxFileSize: 2\noverrides:\n  - files: ["b/**/*.tf"]\n    rules:\n      aks204: low\n',
    );
    fs.writeFileSync(path.join(root, 'd/.akslint.yaml'), 'root: true\nshowUnknown: true\n');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const configFiles = (cascade: ConfigCascade, file: string) =>
    cascade.configsFor(file).map((c) => path.relative(root, c.file));

  it('answers the same however a file is written (display, absolute, with . and .. segments)', () => {
    const cascade = new ConfigCascade(root, resolveRule);
    const spellings = (display: string) => [
      display,
      path.join(root, display),
      `./${display}`,
      `d/../${display}`,
      `a/b/c/../../../${display}`,
      `${path.dirname(display)}/./${path.basename(display)}`,
    ];
    const cases: Array<[string, string[], object]> = [
      ['top.tf', ['.akslint.yaml'], { rules: { AKS101: 'off' }, failOn: 'high' }],
      [
        'a/x.tf',
        ['.akslint.yaml', 'a/.akslint.yaml'],
        { rules: { AKS101: 'off' }, failOn: 'high', maxFileSize: 2 },
      ],
      [
        'a/b/c/x.tf',
        ['.akslint.yaml', 'a/.akslint.yaml'],
        { rules: { AKS101: 'off', AKS204: 'low' }, failOn: 'high', maxFileSize: 2 },
      ],
      [
        'a/b/c/x.bicep',
        ['.akslint.yaml', 'a/.akslint.yaml'],
        { rules: { AKS101: 'off' }, failOn: 'high', maxFileSize: 2 },
      ],
      ['d/x.tf', ['d/.akslint.yaml'], { rules: {}, showUnknown: true }],
    ];
    for (const [display, files, settings] of cases)
      for (const file of spellings(display)) {
        expect([file, configFiles(cascade, file)]).toEqual([file, files]);
        expect([file, cascade.settingsFor(file)]).toEqual([file, expect.objectContaining(settings)]);
      }
    // A path that ends in a folder: the config of the folder above it applies.
    expect(configFiles(cascade, 'd')).toEqual(['.akslint.yaml']);
    expect(configFiles(cascade, 'd/.')).toEqual(['.akslint.yaml']);
    expect(configFiles(cascade, 'd/x/..')).toEqual(['.akslint.yaml']);
    expect(configFiles(cascade, 'a/b/')).toEqual(['.akslint.yaml', 'a/.akslint.yaml']);
    expect(configFiles(cascade, path.join(root, 'a'))).toEqual(['.akslint.yaml']);
  });

  it('applies an explicit config to every file, its overrides by path', () => {
    fs.writeFileSync(
      path.join(root, 'custom.yaml'),
      'failOn: info\noverrides:\n  - files: ["d/*.tf"]\n    rules:\n      aks101: off\n',
    );
    const cascade = new ConfigCascade(root, resolveRule, 'custom.yaml');
    expect(configFiles(cascade, 'a/b/c/x.tf')).toEqual(['custom.yaml']);
    expect(cascade.settingsFor('a/x.tf')).toEqual({ rules: {}, failOn: 'info' });
    expect(cascade.settingsFor('d/x.tf')).toEqual({ rules: { AKS101: 'off' }, failOn: 'info' });
    expect(cascade.settingsFor(path.join(root, 'd/x.tf'))).toEqual({
      rules: { AKS101: 'off' },
      failOn: 'info',
    });
  });
});
