import type { Finding } from '../model';

/**
 * What a finding's message leaves out and every text format adds: the module call path it came
 * through and the parameter files it holds under. Without them, two findings of one module called
 * twice read the same.
 */
export function findingNotes(f: Finding): string[] {
  const notes: string[] = [];
  if (f.via && f.via.length > 0) notes.push(`via ${f.via.join(' > ')}`);
  if (f.contexts && f.contexts.length > 0) notes.push(`only with ${f.contexts.join(', ')}`);
  return notes;
}
