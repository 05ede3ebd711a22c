import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Errors reported by `sarif-multitool validate` (SARIF rules and GitHub's), as text lines. */
export function validateSarif(file: string): string[] {
  const bin = path.resolve(__dirname, '../../node_modules/.bin/sarif-multitool');
  const out = path.join(path.dirname(file), 'validation.sarif');
  try {
    execFileSync(
      bin,
      // The bin wrapper runs through a shell: quote every argument.
      ['validate', file, '--rule-kind', 'Sarif;Gh', '--output', out, '--log', 'ForceOverwrite'].map(
        shellQuote,
      ),
      {
        stdio: 'pipe',
        timeout: 120_000,
      },
    );
  } catch (err) {
    if (!fs.existsSync(out)) throw err;
  }
  const log = JSON.parse(fs.readFileSync(out, 'utf8')) as {
    runs: Array<{
      results?: Array<{
        level?: string;
        ruleId: string;
        message: { text?: string; id?: string; arguments?: string[] };
      }>;
      invocations?: Array<{
        toolExecutionNotifications?: Array<{ level?: string; message: { text?: string } }>;
      }>;
    }>;
  };
  const problems: string[] = [];
  for (const r of log.runs[0].results ?? []) {
    if ((r.level ?? 'warning') === 'error')
      problems.push(
        `${r.ruleId}: ${r.message.text ?? `${r.message.id} ${(r.message.arguments ?? []).join(' | ')}`}`,
      );
  }
  for (const n of log.runs[0].invocations?.[0]?.toolExecutionNotifications ?? []) {
    if (n.level === 'error') problems.push(`notification: ${n.message.text}`);
  }
  return problems;
}

function shellQuote(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
