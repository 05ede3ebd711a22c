import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rule } from './api';

let cache: Rule[] | undefined;

/**
 * Every rule, discovered from the folders beside this file (one rule per file, no registry to edit),
 * sorted by id.
 */
export function allRules(): Rule[] {
  if (cache) return cache;
  const rules: Rule[] = [];
  for (const file of ruleFiles(__dirname)) {
    const mod = require(file) as { default?: unknown };
    if (isRule(mod.default)) rules.push(mod.default);
  }
  cache = rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return cache;
}

export function findRule(idOrSlug: string): Rule | undefined {
  const key = idOrSlug.toLowerCase();
  return allRules().find(
    (r) =>
      r.id.toLowerCase() === key || r.slug === key || (r.aliases ?? []).some((a) => a.toLowerCase() === key),
  );
}

function ruleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('_') && entry.name !== '__fixtures__') out.push(...ruleFiles(full));
    } else if (
      dir !== __dirname &&
      /^[a-z0-9-]+\.(ts|js)$/.test(entry.name) &&
      !entry.name.endsWith('.d.ts')
    ) {
      out.push(full);
    }
  }
  return out;
}

function isRule(value: unknown): value is Rule {
  return typeof value === 'object' && value !== null && 'id' in value && 'check' in value && 'view' in value;
}
