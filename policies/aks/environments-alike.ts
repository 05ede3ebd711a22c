import * as path from 'node:path';
import { originsOf, type Scalar } from '../../src/model';
import { aksClusterEnvironments, type AksClusterView, type ComparableSetting } from '../../src/views/aks';
import type { Reading } from '../../src/views/reading';
import { defineRule, type CheckContext } from '../api';
import { unresolvedText } from '../lib';

type Known = Extract<Reading<Scalar>, { state: 'set' | 'absent' }>;

interface EnvironmentValue {
  context: string;
  reading: Known;
  /** What is compared: the value (the default when absent), strings ignoring case as Azure does. */
  key: string;
  shown: string;
  weak: boolean | undefined;
}

/** `prod`, `production` or `prd` as a word of the context's file or folder name. */
const PRODUCTION = /(^|[^a-z0-9])(prod|production|prd)([^a-z0-9]|$)/i;

export const isProductionContext = (context: string): boolean =>
  PRODUCTION.test(path.posix.basename(context.split('\\').join('/')));

export default defineRule({
  id: 'AKS901',
  slug: 'environments-alike',
  title: 'Environments keep the same security settings',
  severity: 'low',
  description:
    "A cluster definition deployed to several environments (parameter files of one template, roots calling one module; not the roots in a module's examples or tests folders, which differ on purpose) has the same value for every security setting the AKS1xx–5xx rules read in each of them. Medium when a production environment (a context named prod, production or prd) is the weaker one; unknown when a value cannot be resolved in some environment while the others agree.",
  rationale:
    'One piece of code deployed to dev, stage and prod is meant to give the same cluster. A security setting that differs means what was tested is not what runs: a workload that relies on local accounts or a public API server in dev breaks when prod hardens it, so the hardening gets reverted, and a setting weakened in prod alone is never seen in review because the template looks secure. Sizes, names and keys differ between environments; security settings should not.',
  remediation: {
    terraform:
      '# envs/dev/main.tf and envs/prod/main.tf call ../../modules/aks with the same security inputs\nlocal_account_disabled = true',
    bicep: '// main.dev.bicepparam and main.prod.bicepparam\nparam disableLocalAccounts = true',
    arm: '// azuredeploy.parameters.dev.json and azuredeploy.parameters.prod.json\n"disableLocalAccounts": { "value": true }',
  },
  references: [
    'https://learn.microsoft.com/azure/architecture/reference-architectures/containers/aks/baseline-aks',
    'https://learn.microsoft.com/azure/azure-resource-manager/bicep/parameter-files',
    'https://learn.microsoft.com/azure/azure-resource-manager/templates/parameter-files',
    'https://developer.hashicorp.com/terraform/language/values/variables',
  ],
  fixRequiresRecreate: false,
  view: aksClusterEnvironments,
  check(group, ctx) {
    const environments = deployedEnvironments(group.resource.file, group.members);
    if (environments.length < 2) return;
    const settings = environments.map((m) => m.comparableSettings());
    // Every member lists the same settings in the same order (the view's tables).
    settings[0].forEach((_, index) => {
      compareSetting(
        environments.map((member, i) => ({ member, setting: settings[i][index] })),
        ctx,
      );
    });
  },
});

/**
 * Folders whose roots show or test a module rather than deploy it: a module's `examples/` differ from
 * each other on purpose, so they are no environments of one cluster (their findings keep naming them).
 */
const NOT_ENVIRONMENTS = new Set([
  'example',
  'examples',
  'sample',
  'samples',
  'test',
  'tests',
  'fixture',
  'fixtures',
  'e2e',
]);

/**
 * The members whose context is an environment: those whose context (a root, a variable or parameter
 * file) is in no examples or tests folder below the folder that holds the definition and every context.
 * The context's own name is not looked at: `envs/test` is an environment.
 */
export function deployedEnvironments<V extends { resource: { context?: { name: string } } }>(
  definitionFile: string,
  members: readonly V[],
): V[] {
  const slashed = (p: string) => p.split('\\').join('/');
  const names = members.map((m) => slashed(m.resource.context!.name));
  const base = commonFolder([path.posix.dirname(slashed(definitionFile)), ...names]);
  return members.filter((_, i) => {
    const below = path.posix.relative(base, names[i]).split('/').slice(0, -1);
    return !below.some((folder) => NOT_ENVIRONMENTS.has(folder.toLowerCase()));
  });
}

function commonFolder(paths: readonly string[]): string {
  const split = paths.map((p) => path.posix.normalize(p).split('/'));
  const common: string[] = [];
  for (let i = 0; split.every((s) => i < s.length && s[i] === split[0][i]); i++) common.push(split[0][i]);
  return common.length === 0 ? '.' : common.join('/') || '/';
}

function compareSetting(
  perContext: Array<{ member: AksClusterView; setting: ComparableSetting }>,
  ctx: CheckContext,
): void {
  const keys: string[] = [];
  const unknown: Array<{ context: string; reading: Extract<Reading<Scalar>, { state: 'unknown' }> }> = [];
  for (const { member, setting } of perContext) {
    const r = setting.reading;
    if (r.state === 'unknown') unknown.push({ context: member.resource.context!.name, reading: r });
    else keys.push(comparisonKey(r.value));
  }
  const distinct = new Set(keys);
  if (distinct.size < 2) {
    // Known alike in some contexts, unresolved in others: whether they differ cannot be told. Unknown in
    // every context says nothing AKS901 could add to what the setting's own rule reports.
    const shown = unknown.find((u) => !u.reading.invalid);
    if (keys.length > 0 && shown) {
      ctx.report({
        status: 'unknown',
        because: shown.reading,
        range: shown.reading.range,
        message: `${unresolvedText(shown.reading)} (with ${shown.context}), so the environments cannot be compared on it`,
      });
    }
    return;
  }
  // Most settings are alike in every environment: only those that differ are described.
  const known: EnvironmentValue[] = [];
  for (const { member, setting } of perContext) {
    const r = setting.reading;
    if (r.state !== 'unknown')
      known.push(environmentValue(member.resource.context!.name, r, setting, keys[known.length]));
  }
  const views = perContext.map((p) => p.member);
  const attribute = (known.find((k) => k.reading.state === 'set') ?? known[0]).reading.attribute;
  const at = (known.find((k) => k.reading.state === 'set') ?? known[0]).reading.range;
  const groups = [...distinct].map((key) => known.filter((k) => k.key === key));
  const values = groups
    .map((g) => `${g[0].shown} in ${listed(g.map((k) => path.posix.basename(k.context)))}`)
    .join('; ');
  const weaker = known.filter((k) => k.weak === true);
  const stronger = known.filter((k) => k.weak === false);
  const directed = weaker.length > 0 && stronger.length > 0;
  const productionWeaker = directed && weaker.some((k) => isProductionContext(k.context));
  const todo = directed
    ? `Give ${listed(weaker.map((k) => path.posix.basename(k.context)))} the value of ${path.posix.basename(stronger[0].context)} (${stronger[0].shown}).`
    : `Give ${attribute} the same value in every environment.`;
  ctx.report({
    range: at,
    severity: productionWeaker ? 'medium' : undefined,
    message: `${clusterNames(views)} differs between its environments in ${attribute}: ${values}. What is tested in one environment is not what runs in another${
      productionWeaker ? ', and production is the weaker one' : ''
    }. ${todo}`,
    related: relatedValues(known, attribute),
  });
}

/** What is compared of a value (the default when absent): strings ignoring case, as Azure does. */
function comparisonKey(value: Scalar | undefined): string {
  // JSON's text, written out for the values most settings have: every setting of every environment has one.
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(typeof value === 'string' ? value.toLowerCase() : value);
}

function environmentValue(
  context: string,
  reading: Known,
  setting: ComparableSetting,
  key: string,
): EnvironmentValue {
  const value = reading.value;
  const presence = setting.how.presence === true;
  const written = presence
    ? value === true
      ? 'set'
      : 'not set'
    : value === undefined
      ? 'not set'
      : JSON.stringify(value);
  const shown =
    reading.state === 'absent' && !presence && value !== undefined
      ? `not set (${written} by default)`
      : written;
  return {
    context,
    reading,
    key,
    shown,
    weak: setting.how.weak?.(value ?? undefined),
  };
}

/**
 * One related location per place a value was written, naming every context that took it from there: a
 * module default several roots rely on is listed once.
 */
function relatedValues(known: readonly EnvironmentValue[], attribute: string) {
  const byPlace = new Map<
    string,
    { at: ReturnType<typeof valueLocation>; value: string; contexts: string[] }
  >();
  for (const k of known) {
    const at = valueLocation(k.reading);
    const place = [at.file, at.line, at.column, k.key].join('\u0000');
    const entry = byPlace.get(place);
    if (entry) entry.contexts.push(k.context);
    else byPlace.set(place, { at, value: k.shown, contexts: [k.context] });
  }
  return [...byPlace.values()].map(({ at, value, contexts }) => ({
    ...at,
    message: `${attribute} is ${value} in ${listed(contexts)}`,
  }));
}

/** Where a context's value was written: the parameter file or tfvars line, else the setting itself. */
function valueLocation(r: Known): {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
} {
  const origins = r.state === 'set' ? originsOf(r.raw) : [];
  const at = origins[0] ?? r.range;
  return { file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn };
}

function clusterNames(views: readonly AksClusterView[]): string {
  const names = [...new Set(views.map((v) => v.displayName))];
  return `Cluster ${names.map((n) => `"${n}"`).join('/')}`;
}

/** "a", "a and b", "a, b and c". */
function listed(names: string[]): string {
  return names.length < 2
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
