import { compareFindings, type Finding } from '../model';

/**
 * Today's findings, keyed by rule, file and resource address (never line numbers, so edits above a
 * finding do not break it), with a count per key for repeated findings in one resource.
 */
export interface Baseline {
  version: 1;
  tool: 'akslint';
  entries: BaselineEntry[];
}

export interface BaselineEntry {
  ruleId: string;
  file: string;
  resource: string;
  count: number;
}

/** Keys paths as the baseline stores them: relative to the baseline file's folder. */
export type PathMapper = (file: string) => string;

const identity: PathMapper = (f) => f;

function keyOf(ruleId: string, file: string, resource: string): string {
  return `${ruleId}\u0000${file}\u0000${resource}`;
}

export function createBaseline(
  findings: readonly Finding[],
  toBaselinePath: PathMapper = identity,
): Baseline {
  const counts = new Map<string, BaselineEntry>();
  for (const f of findings) {
    const file = toBaselinePath(f.file);
    const key = keyOf(f.ruleId, file, f.resource.address);
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { ruleId: f.ruleId, file, resource: f.resource.address, count: 1 });
  }
  const entries = [...counts.values()].sort(
    (a, b) => cmp(a.file, b.file) || cmp(a.resource, b.resource) || cmp(a.ruleId, b.ruleId),
  );
  return { version: 1, tool: 'akslint', entries };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function serializeBaseline(baseline: Baseline): string {
  return JSON.stringify(baseline, null, 2) + '\n';
}

/** Parse a baseline file; throws an Error naming what is wrong. */
export function parseBaseline(text: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const obj = data as Partial<Baseline> | null;
  if (!obj || typeof obj !== 'object' || obj.version !== 1 || !Array.isArray(obj.entries))
    throw new Error('not an akslint baseline (expected {"version": 1, "entries": [...]})');
  obj.entries.forEach((e, i) => {
    const ok =
      e &&
      typeof e.ruleId === 'string' &&
      typeof e.file === 'string' &&
      typeof e.resource === 'string' &&
      Number.isInteger(e.count) &&
      e.count > 0;
    if (!ok)
      throw new Error(
        `entries[${i}] must have ruleId, file, resource (strings) and count (a positive integer)`,
      );
  });
  return { version: 1, tool: 'akslint', entries: obj.entries };
}

export interface BaselineComparison {
  /** Findings not in the baseline (or beyond its count for their key). */
  fresh: Finding[];
  /** Findings the baseline already records, marked with a `baseline` suppression. */
  known: Finding[];
}

/** Split findings into new ones and ones the baseline records; within a key, the first ones (sorted) are known. */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: Baseline,
  toBaselinePath: PathMapper = identity,
  baselineFile?: string,
): BaselineComparison {
  const remaining = new Map<string, number>();
  for (const e of baseline.entries) {
    const key = keyOf(e.ruleId, e.file, e.resource);
    remaining.set(key, (remaining.get(key) ?? 0) + e.count);
  }
  const fresh: Finding[] = [];
  const known: Finding[] = [];
  for (const f of [...findings].sort(compareFindings)) {
    const key = keyOf(f.ruleId, toBaselinePath(f.file), f.resource.address);
    const left = remaining.get(key) ?? 0;
    if (left > 0) {
      remaining.set(key, left - 1);
      known.push({
        ...f,
        suppression: {
          kind: 'baseline',
          reason: 'recorded in the baseline',
          ...(baselineFile ? { file: baselineFile } : {}),
        },
      });
    } else fresh.push(f);
  }
  return { fresh, known };
}
