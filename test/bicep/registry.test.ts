import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/engine/analyze';
import { findRule } from '../../policies';
import { MemoryHost } from '../../src/discover/host';
import { scanCommand, type ScanCommandOptions } from '../../src/cli/scan';
import type { CliIo } from '../../src/cli/io';
import {
  cachedModuleDir,
  encodeTag,
  parseRegistryReference,
  parseTemplateSpecReference,
} from '../../src/evaluate/bicep/registry';

const FIXTURE = path.join(__dirname, '__fixtures__', 'registry');
const CACHE = 'test/bicep/__fixtures__/registry/bicep-cache';
const MODULE_JSON = `${CACHE}/br/mcr.microsoft.com/bicep$avm$res$container-service$managed-cluster/0.9.0$/main.json`;
const CALLER = 'test/bicep/__fixtures__/registry/infra/main.bicep';

interface JsonReport {
  findings: Array<{
    ruleId: string;
    file: string;
    line: number;
    column: number;
    via?: string[];
    related?: Array<{ file: string; line: number; message: string }>;
  }>;
  skipped: Array<{ message: string }>;
}

/** `akslint scan --format json` in-process, as the CLI runs it, with the given environment. */
async function scanJson(paths: string[], env: NodeJS.ProcessEnv, rules: string[] = []): Promise<JsonReport> {
  let stdout = '';
  const io: CliIo = {
    cwd: path.join(__dirname, '..', '..'),
    env,
    stdout: { write: (t) => (stdout += t) },
    stderr: { write: () => undefined },
    readStdin: () => new Uint8Array(),
  };
  const options: ScanCommandOptions = {
    paths,
    formats: ['json'],
    varFiles: [],
    parameterFiles: [],
    rules,
    skipRules: [],
  };
  await scanCommand(options, io);
  return JSON.parse(stdout) as JsonReport;
}

describe('Bicep registry modules in the module cache', () => {
  it('names the cache folder as Bicep does: registry, repository with $, tag with its case mask', () => {
    expect(encodeTag('0.9.0')).toBe('0.9.0$');
    expect(encodeTag('V1')).toBe('V1$1');
    expect(encodeTag('v1.0-Beta')).toBe('v1.0-Beta$20');
    // Upper-case letters past the 64th character go into the second word, written first.
    expect(encodeTag(`${'a'.repeat(64)}B`)).toBe(`${'a'.repeat(64)}B$10000000000000000`);
    const ref = parseRegistryReference(
      'br/public:avm/res/container-service/managed-cluster:0.9.0',
      'main.bicep',
      new MemoryHost({}),
    );
    expect(ref).toEqual({
      registry: 'mcr.microsoft.com',
      repository: 'bicep/avm/res/container-service/managed-cluster',
      tag: '0.9.0',
    });
    expect(cachedModuleDir('/home/u/.bicep', ref as never)).toBe(
      '/home/u/.bicep/br/mcr.microsoft.com/bicep$avm$res$container-service$managed-cluster/0.9.0$',
    );
    const direct = parseRegistryReference(
      'br:Contoso.azurecr.io:443/infra/aks:V2',
      'main.bicep',
      new MemoryHost({}),
    );
    expect(cachedModuleDir('c', direct as never)).toBe('c/br/contoso.azurecr.io$443/infra$aks/V2$1');
    const pinned = parseRegistryReference(
      'br:contoso.azurecr.io/aks@sha256:abc',
      'main.bicep',
      new MemoryHost({}),
    );
    expect(cachedModuleDir('c', pinned as never)).toBe('c/br/contoso.azurecr.io/aks/sha256#abc');
  });

  it('resolves an alias from the nearest bicepconfig.json, and says which alias it does not know', () => {
    const host = new MemoryHost({
      'bicepconfig.json': JSON.stringify({
        moduleAliases: { br: { platform: { registry: 'contoso.azurecr.io', modulePath: 'bicep/modules' } } },
      }),
    });
    expect(parseRegistryReference('br/platform:aks:1.2.0', 'infra/main.bicep', host)).toEqual({
      registry: 'contoso.azurecr.io',
      repository: 'bicep/modules/aks',
      tag: '1.2.0',
    });
    expect(parseRegistryReference('br/other:aks:1.2.0', 'infra/main.bicep', host)).toEqual({
      unresolvedAlias: 'other',
    });
    expect(parseTemplateSpecReference('ts:SUB/Rg/Spec:V1', 'main.bicep', host)).toEqual({
      subscription: 'SUB',
      resourceGroup: 'Rg',
      name: 'Spec',
      version: 'V1',
    });
    expect(parseTemplateSpecReference('ts/specs:aks:1.0', 'main.bicep', host)).toEqual({
      unresolvedAlias: 'specs',
    });
  });

  it('evaluates a restored module and locates its findings in the caller (BICEP_CACHE_DIRECTORY)', async () => {
    const report = await scanJson(
      [path.relative(path.join(__dirname, '..', '..'), path.join(FIXTURE, 'infra'))],
      {
        BICEP_CACHE_DIRECTORY: CACHE,
      },
      ['AKS101', 'AKS201', 'AKS204'],
    );
    expect(report.skipped).toEqual([]);
    const shown = report.findings.map((f) => ({
      rule: f.ruleId,
      at: `${f.file}:${f.line}:${f.column}`,
      via: f.via,
      related: f.related?.map((r) => `${r.file}:${r.line} ${r.message}`),
    }));
    const inModule = (line: number) =>
      `${MODULE_JSON}:${line} in module source br/public:avm/res/container-service/managed-cluster:0.9.0 at ${MODULE_JSON}:${line}`;
    expect(shown).toEqual([
      // Left to the module's defaults: at the module declaration, the module's line related.
      { rule: 'AKS201', at: `${CALLER}:3:1`, via: ['module.aks'], related: [inModule(27)] },
      { rule: 'AKS204', at: `${CALLER}:3:1`, via: ['module.aks'], related: [inModule(31)] },
      // Passed by the caller: at the caller's param.
      { rule: 'AKS101', at: `${CALLER}:7:27`, via: ['module.aks'], related: [inModule(25)] },
    ]);
  });

  it('without the module in the cache, reports it skipped and checks the call against the module inputs', async () => {
    const report = await scanJson(
      [path.relative(path.join(__dirname, '..', '..'), path.join(FIXTURE, 'infra'))],
      { BICEP_CACHE_DIRECTORY: path.join(FIXTURE, 'no-cache-here') },
      ['AKS101', 'AKS201', 'AKS204'],
    );
    expect(report.skipped.map((s) => s.message)).toEqual([
      "module aks comes from the Bicep registry ('br/public:avm/res/container-service/managed-cluster:0.9.0'), which akslint does not fetch and `bicep restore` has not put in the module cache",
    ]);
    // Only what the call passes is judged.
    expect(report.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`AKS101 ${CALLER}:7`]);
  });

  it('follows a value from a .bicepparam through the caller into the module, per environment (AKS901 too)', async () => {
    const dir = 'test/bicep/__fixtures__/registry/environments';
    const report = await scanJson([dir], { BICEP_CACHE_DIRECTORY: CACHE }, ['AKS101', 'AKS901']);
    expect(
      report.findings.map((f) => ({
        rule: f.ruleId,
        at: `${f.file}:${f.line}:${f.column}`,
        related: f.related?.map((r) => `${r.file}:${r.line}`),
      })),
    ).toEqual([
      {
        rule: 'AKS101',
        at: `${dir}/main.bicep:8:27`,
        related: [`${dir}/main.dev.bicepparam:3`, `${MODULE_JSON}:25`],
      },
      {
        rule: 'AKS901',
        at: `${dir}/main.bicep:8:27`,
        related: [`${dir}/main.dev.bicepparam:3`, `${dir}/main.prod.bicepparam:3`, `${MODULE_JSON}:25`],
      },
    ]);
  });

  it('reads a template spec module from the cache, the template inside its version resource', async () => {
    const report = await scanJson(
      ['test/bicep/__fixtures__/registry/spec-caller'],
      { BICEP_CACHE_DIRECTORY: CACHE },
      ['AKS101'],
    );
    expect(report.skipped).toEqual([]);
    expect(
      report.findings.map(
        (f) => `${f.ruleId} ${f.file}:${f.line} ${f.related?.map((r) => `${r.file}:${r.line}`)}`,
      ),
    ).toEqual([
      `AKS101 test/bicep/__fixtures__/registry/spec-caller/main.bicep:2 ${CACHE}/ts/00000000-0000-0000-0000-000000000000/rg-platform/aks-spec/1.0/main.json:21`,
    ]);
  });

  it('takes every param of the module as unknown when the call passes params that are not known', async () => {
    const cached = fs.readFileSync(path.join(__dirname, '..', '..', MODULE_JSON), 'utf8');
    const files = {
      'main.bicep': [
        'param settings object',
        "module aks 'br/public:avm/res/container-service/managed-cluster:0.9.0' = {",
        "  name: 'aks'",
        '  params: settings',
        '}',
      ].join('\n'),
      [`cache/${MODULE_JSON.slice(CACHE.length + 1)}`]: cached,
    };
    const result = await analyze(
      [{ path: 'main.bicep', text: files['main.bicep'] }],
      new MemoryHost(files),
      { varFiles: [], parameterFiles: [], bicepModuleCache: 'cache' },
      [findRule('AKS101')!],
    );
    // Not the module's default (true): the call may pass anything.
    expect(result.findings.map((f) => `${f.status} ${f.file}:${f.line} ${f.message}`)).toEqual([
      expect.stringMatching(/^unknown main\.bicep:2 .*module aks's params are not known/),
    ]);
  });
});
