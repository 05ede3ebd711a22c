import type { Rule } from './api';
import { RULES } from './rules.generated';

let sorted: Rule[] | undefined;

/** Every rule (the build lists every file under policies/ that defines one), sorted by id. */
export function allRules(): Rule[] {
  sorted ??= [...RULES].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return sorted;
}

export function findRule(idOrSlug: string): Rule | undefined {
  const key = idOrSlug.toLowerCase();
  return allRules().find(
    (r) =>
      r.id.toLowerCase() === key || r.slug === key || (r.aliases ?? []).some((a) => a.toLowerCase() === key),
  );
}
