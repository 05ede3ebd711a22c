import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

interface ValidationLog {
  runs: Array<{
    results?: Array<{
      level?: string;
      ruleId: string;
      message: { text?: string; id?: string; arguments?: string[] };
      locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string } } }>;
    }>;
    invocations?: Array<{
      toolExecutionNotifications?: Array<{ level?: string; message: { text?: string } }>;
    }>;
  }>;
}

/**
 * Errors `sarif-multitool validate` reports (SARIF rules and GitHub's) for each file, as text lines.
 * One run for all files: the tool's start-up dominates.
 */
export function validateSarifFiles(files: readonly string[]): Map<string, string[]> {
  const bin = path.resolve(__dirname, '../../node_modules/.bin/sarif-multitool');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-validate-'));
  const out = path.join(dir, 'validation.sarif');
  try {
    try {
      execFileSync(
        bin,
        // The bin wrapper runs through a shell: quote every argument.
        ['validate', ...files, '--rule-kind', 'Sarif;Gh', '--output', out, '--log', 'ForceOverwrite'].map(
          shellQuote,
        ),
        { stdio: 'pipe', timeout: 300_000 },
      );
    } catch (err) {
      if (!fs.existsSync(out)) throw err;
    }
    const log = JSON.parse(fs.readFileSync(out, 'utf8')) as ValidationLog;
    const problems = new Map<string, string[]>(files.map((f) => [path.resolve(f), []]));
    const general: string[] = [];
    for (const r of log.runs[0].results ?? []) {
      if ((r.level ?? 'warning') !== 'error') continue;
      const text = `${r.ruleId}: ${r.message.text ?? `${r.message.id} ${(r.message.arguments ?? []).join(' | ')}`}`;
      const uri = r.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      const list = uri?.startsWith('file:') ? problems.get(fileURLToPath(uri)) : undefined;
      (list ?? general).push(text);
    }
    for (const n of log.runs[0].invocations?.[0]?.toolExecutionNotifications ?? []) {
      if (n.level === 'error') general.push(`notification: ${n.message.text}`);
    }
    // A problem not tied to one file counts against every file.
    for (const list of problems.values()) list.push(...general);
    return problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function validateSarif(file: string): string[] {
  return validateSarifFiles([file]).get(path.resolve(file)) ?? [];
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
