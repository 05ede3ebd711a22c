import * as fs from 'node:fs';
import * as path from 'node:path';
import { severityRank, type Severity } from '../model';
import { exitCodeFor } from '../engine/scan';
import { FORMAT_NAMES, REPORTERS } from '../report';
import { reportOutputs } from './outputs';
import { isJsonReport, isSarifLog, mergeJsonReports, mergeSarifLogs } from '../report/merge';
import { UsageError, type CliIo } from './io';
import { colorFromEnvironment, writeFile } from './scan';

/** `akslint merge` after its flags are parsed. */
export interface MergeCommandOptions {
  reports: string[];
  /** `--format NAME[=FILE]`, repeatable (none: the format of the reports given, json or sarif). */
  formats: string[];
  output?: string;
  failOn?: Severity | 'none';
  showSuppressed?: boolean;
}

/**
 * The reports of the jobs of a CI matrix (`scan --shard i/n`) as one: JSON reports give any format,
 * SARIF logs give SARIF. Exits as one scan would: 1 when a finding fails the run or a file could not
 * be read.
 */
export function mergeCommand(o: MergeCommandOptions, io: CliIo): number {
  const parsed = o.reports.map((file) => readReport(file, io.cwd));
  const sarif = parsed.filter((p) => isSarifLog(p.value));
  if (sarif.length > 0 && sarif.length < parsed.length) {
    throw new UsageError(
      `cannot merge SARIF logs with JSON reports (${sarif[0].file} is SARIF, ${parsed.find((p) => !isSarifLog(p.value))!.file} is not)`,
    );
  }
  const kind = sarif.length > 0 ? 'sarif' : 'json';
  const outputs = reportOutputs(o.formats.length > 0 ? o.formats : [kind], o.output, FORMAT_NAMES);
  if (typeof outputs === 'string') throw new UsageError(outputs);
  const failOn = o.failOn ?? 'low';
  let render: (format: string, toFile: boolean) => string;
  let code: number;
  if (kind === 'sarif') {
    const other = outputs.find((out) => out.format !== 'sarif');
    if (other)
      throw new UsageError(
        `--format ${other.format}: SARIF logs merge into SARIF only; merge the JSON reports (scan --format json) for other formats`,
      );
    const merged = mergeSarifLogs(sarif.map((p) => p.value as Parameters<typeof mergeSarifLogs>[0][number]));
    render = () => JSON.stringify(merged, null, 2) + '\n';
    code = sarifFails(merged, failOn) ? 1 : 0;
  } else {
    const versions = new Set(parsed.map((p) => (p.value as { tool: { version: string } }).tool.version));
    if (versions.size > 1)
      throw new UsageError(`the reports come from different akslint versions (${[...versions].join(', ')})`);
    const report = mergeJsonReports(
      parsed.map((p) => p.value as Parameters<typeof mergeJsonReports>[0][number]),
      failOn,
    );
    render = (format, toFile) =>
      REPORTERS[format](report, {
        color: !toFile && colorFromEnvironment(io.env, io.stdout.isTTY === true),
        showSuppressed: o.showSuppressed === true,
      });
    code = exitCodeFor(report);
  }
  for (const { format, file } of outputs) {
    const text = render(format, file !== undefined);
    if (file)
      writeFile(file === o.output ? '-o' : `--format ${format}=`, file, path.resolve(io.cwd, file), text);
    else io.stdout.write(text);
  }
  return code;
}

function readReport(file: string, cwd: string): { file: string; value: unknown } {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read it`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${(err as Error).message})`);
  }
  if (!isSarifLog(value) && !isJsonReport(value))
    throw new UsageError(`${file}: neither an akslint JSON report (scan --format json) nor a SARIF log`);
  return { file, value };
}

/** A failing, unsuppressed result at or above `failOn`, or a file that could not be read. */
function sarifFails(log: ReturnType<typeof mergeSarifLogs>, failOn: Severity | 'none'): boolean {
  const run = log.runs[0];
  const unreadable = (run.invocations ?? []).some((i) =>
    (i.toolExecutionNotifications ?? []).some((n) => (n as { level?: string }).level === 'error'),
  );
  if (unreadable) return true;
  if (failOn === 'none') return false;
  return (run.results ?? []).some((r) => {
    const props = r.properties as { status?: string; severity?: Severity } | undefined;
    const suppressed = Array.isArray(r.suppressions) && r.suppressions.length > 0;
    return (
      !suppressed &&
      props?.status === 'fail' &&
      props.severity !== undefined &&
      severityRank(props.severity) >= severityRank(failOn)
    );
  });
}
