import { isModuleLocation, type Finding, type ScanReport, type SkipNote } from '../model';

/**
 * What a finding's message leaves out and every text format adds: the module call path it came
 * through, the parameter files it holds under and the lines of other files that supply the value it
 * read. Without them, two findings of one module called twice read the same, and a value set in a
 * tfvars file is fixed in the wrong place.
 */
export function findingNotes(f: Finding): string[] {
  const notes: string[] = [];
  if (f.via && f.via.length > 0) notes.push(`via ${f.via.join(' > ')}`);
  if (f.contexts && f.contexts.length > 0) notes.push(`only with ${f.contexts.join(', ')}`);
  const supplied = (f.related ?? []).filter((r) => !isModuleLocation(r));
  // One line can supply the value in several contexts (a variable's default): name it once.
  const lines = [...new Set(supplied.map((r) => `${r.file}:${r.line}`))];
  if (lines.length > 0) notes.push(`set in ${lines.join(', ')}`);
  for (const r of f.related ?? []) if (isModuleLocation(r)) notes.push(r.message);
  return notes;
}

/** Module calls that build a cluster and were not read: every format says so, as they are not (fully) checked. */
export function unevaluatedClusters(report: ScanReport): SkipNote[] {
  return report.skipped.filter((s) => s.cluster);
}

/** What a module call not read means for the cluster it builds. */
export function unevaluatedMessage(s: SkipNote): string {
  const what = s.checkedAtCallSite
    ? "only the inputs the call passes were checked, against the module's documented inputs"
    : 'the cluster it builds is not checked';
  return `${s.message}: ${what}`;
}
