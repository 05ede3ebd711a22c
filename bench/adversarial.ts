import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The heavy hostile inputs that test/adversarial.test.ts leaves out: each is scanned by the built CLI
 * (JSON report, as CI would run it), and its wall time, CPU time, peak resident set and exit code are
 * printed against the goal of issue 12 (no input up to 10 MB above 10 s or 500 MB, no stack trace).
 *
 *   node dist/bench/adversarial.js [name-filter]
 */
const REPO = path.resolve(__dirname, '..', '..');
const BIN = path.join(REPO, 'bin', 'akslint.js');
const GOAL_MS = 10_000;
const GOAL_MB = 500;
const HANG_MS = 120_000;

interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  args?: string[];
  stdin?: Buffer;
}

function lcg(seed: number): () => number {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) & 0x7fffffff);
}

const pod = (i: number) =>
  `  - {apiVersion: v1, kind: Pod, metadata: {name: p${i}}, spec: {containers: [{name: c, image: x}]}}\n`;
const podList = (n: number) =>
  'apiVersion: v1\nkind: List\nitems:\n' + Array.from({ length: n }, (_, i) => pod(i)).join('');
const podDocuments = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec: {containers: [{name: c, image: x}]}\n`,
  ).join('---\n');

function hclTokens(bytes: number): string {
  const next = lcg(7);
  const tokens = [
    'resource',
    '"a"',
    '{',
    '}',
    '=',
    '[',
    ']',
    '(',
    ')',
    '${',
    '%{',
    '<<EOT\n',
    'EOT\n',
    '\n',
    'x',
  ];
  const out: string[] = [];
  let length = 0;
  while (length < bytes) {
    const t = tokens[next() % tokens.length] + ' ';
    out.push(t);
    length += t.length;
  }
  return out.join('');
}

function randomBytes(bytes: number): Buffer {
  const next = lcg(3);
  const b = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) b[i] = next() & 255;
  return b;
}

const CASES: Case[] = [
  {
    name: 'yaml: List of 100,000 Pods (9.6 MB, --max-file-size 10)',
    files: { 'pods.yaml': podList(100_000) },
    args: ['--max-file-size', '10'],
  },
  {
    name: 'yaml: 50,000 Pod documents (4.9 MB)',
    files: { 'pods.yaml': podDocuments(50_000).slice(0, 5_000_000) },
  },
  { name: 'yaml: List of 9,000 Pods (0.9 MB, one document)', files: { 'pods.yaml': podList(9_000) } },
  { name: 'yaml: 10^6 empty documents (4 MB)', files: { 'docs.yaml': '---\n'.repeat(1_000_000) } },
  { name: 'yaml: 5 MB of line breaks', files: { 'blank.yaml': '\n'.repeat(5_000_000) } },
  {
    name: 'yaml: flow nesting of 2.5 million (5 MB)',
    files: { 'deep.yaml': 'a: ' + '['.repeat(2_500_000) + ']'.repeat(2_500_000) },
  },
  { name: 'terraform: 5 MB of HCL tokens', files: { 'main.tf': hclTokens(5_000_000) } },
  { name: 'terraform: 5 MB of random bytes', files: { 'main.tf': randomBytes(5_000_000) } },
  {
    name: 'terraform: 1,000,000 unclosed objects',
    files: { 'main.tf': 'locals {\n  x = ' + '{a = '.repeat(1_000_000) + '\n}\n' },
  },
  {
    name: 'bicep: 1,000,000 lines of one mistake',
    files: { 'main.bicep': 'var x = ' + '{\n'.repeat(1_000_000) },
  },
  {
    name: 'arm: JSON nesting of 2.5 million (5 MB)',
    files: {
      'azuredeploy.json': `{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [], "variables": {"x": ${'['.repeat(2_500_000)}${']'.repeat(2_500_000)}}}`,
    },
  },
  {
    name: 'stdin: 50 MB of YAML comments',
    files: {},
    args: ['-', '--stdin-filename', 'in.yaml'],
    stdin: Buffer.from('# x\n'.repeat(12_500_000)),
  },
];

interface Measure {
  status: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  cpuMs: number;
  peakMb: number;
  stackTrace: boolean;
  summary: string;
}

/** Runs the CLI under a preload that writes its own resource usage to a file when it exits. */
function measure(c: Case): Promise<Measure> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akslint-adversarial-'));
  for (const [name, text] of Object.entries(c.files)) fs.writeFileSync(path.join(dir, name), text);
  const usageFile = path.join(dir, '.usage.json');
  const preload = path.join(dir, '.preload.js');
  fs.writeFileSync(
    preload,
    `process.on('exit', () => { const u = process.resourceUsage(); require('fs').writeFileSync(${JSON.stringify(usageFile)}, JSON.stringify({ maxRSS: u.maxRSS, cpu: (u.userCPUTime + u.systemCPUTime) / 1000 })); });\n`,
  );
  const args = c.args?.[0] === '-' ? c.args : ['.', ...(c.args ?? [])];
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', preload, BIN, 'scan', ...args, '--format', 'json'], {
      cwd: dir,
      timeout: HANG_MS,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => undefined);
    child.stdin.end(c.stdin ?? '');
    child.on('close', (status, signal) => {
      const wallMs = performance.now() - started;
      const usage = fs.existsSync(usageFile)
        ? (JSON.parse(fs.readFileSync(usageFile, 'utf8')) as { maxRSS: number; cpu: number })
        : { maxRSS: NaN, cpu: NaN };
      const stderr = Buffer.concat(err).toString();
      let summary = stderr.split('\n')[0].slice(0, 120);
      try {
        const report = JSON.parse(Buffer.concat(out).toString()) as {
          errors: { message: string }[];
          skipped: { message: string; limit?: boolean }[];
          summary: { resources: number; findings: number };
        };
        const first = report.errors[0]?.message ?? report.skipped.find((s) => s.limit)?.message ?? '';
        summary = `${report.summary.resources} resources, ${report.summary.findings} findings; ${first.slice(0, 90)}`;
      } catch {
        // no report: the first line of standard error says why
      }
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({
        status,
        signal,
        wallMs,
        cpuMs: usage.cpu,
        peakMb: usage.maxRSS / 1024,
        stackTrace: /\n\s+at /.test(stderr),
        summary,
      });
    });
  });
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  console.log(`goal: at most ${GOAL_MS / 1000} s and ${GOAL_MB} MB per input, exit 0 or 1, no stack trace\n`);
  for (const c of CASES) {
    if (filter && !c.name.includes(filter)) continue;
    const m = await measure(c);
    const ok =
      (m.status === 0 || m.status === 1) && !m.stackTrace && m.wallMs <= GOAL_MS && m.peakMb <= GOAL_MB;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${c.name}\n     exit ${m.signal ?? m.status}, ${(m.wallMs / 1000).toFixed(1)} s wall, ${(m.cpuMs / 1000).toFixed(1)} s CPU, ${Math.round(m.peakMb)} MB peak${m.stackTrace ? ', STACK TRACE' : ''}\n     ${m.summary}`,
    );
  }
}

void main();
