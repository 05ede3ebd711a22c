/** One report of a scan: a format, written to a file or (no file) to standard output. */
export interface ReportOutput {
  format: string;
  file?: string;
}

/**
 * The reports `--format NAME[=FILE]` (repeatable) and `-o FILE` ask for, so that one scan writes SARIF
 * for code scanning and annotations for the log. `-o` is the file of the one format given without
 * its own. Returns the problem, for a usage error, when the request is ambiguous.
 */
export function reportOutputs(
  formats: readonly string[],
  output: string | undefined,
  known: readonly string[],
): ReportOutput[] | string {
  const outputs: ReportOutput[] = [];
  for (const spec of formats.length > 0 ? formats : ['stylish']) {
    const eq = spec.indexOf('=');
    const format = eq < 0 ? spec : spec.slice(0, eq);
    const file = eq < 0 ? undefined : spec.slice(eq + 1);
    if (!known.includes(format)) return `unknown format "${format}" (choose from ${known.join(', ')})`;
    if (file === '') return `--format ${format}= names no file (e.g. --format ${format}=akslint.${format})`;
    outputs.push({ format, file });
  }
  const unnamed = outputs.filter((o) => o.file === undefined);
  if (unnamed.length > 1) {
    return `only one --format can go to ${output ? '-o' : 'standard output'}: give the others a file (--format ${unnamed[1].format}=FILE)`;
  }
  if (output) {
    if (unnamed.length === 0) return `-o ${output}: every --format already names its file`;
    unnamed[0].file = output;
  }
  const files = outputs.flatMap((o) => (o.file === undefined ? [] : [o.file]));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice !== undefined) return `two reports would be written to ${twice}`;
  return outputs;
}
