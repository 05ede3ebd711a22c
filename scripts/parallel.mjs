// Run shell commands at the same time, each one's output printed whole once it ends; fail when one
// fails. `npm test` runs the type check and the lint this way: each is single-threaded, and together
// they keep two cores busy.
//
//   node scripts/parallel.mjs "npm run typecheck" "npm run lint"
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node scripts/parallel.mjs "COMMAND" ["COMMAND"...]');
  process.exit(2);
}

const results = await Promise.all(
  commands.map(
    (command) =>
      new Promise((resolve) => {
        const chunks = [];
        const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (c) => chunks.push(c));
        child.stderr.on('data', (c) => chunks.push(c));
        child.on('close', (code, signal) => {
          process.stdout.write(`\n> ${command}\n${Buffer.concat(chunks).toString()}`);
          resolve({ command, code: code ?? (signal ? 1 : 0) });
        });
      }),
  ),
);
const failed = results.filter((r) => r.code !== 0);
for (const r of failed) console.error(`failed (exit ${r.code}): ${r.command}`);
process.exit(failed.length > 0 ? 1 : 0);
