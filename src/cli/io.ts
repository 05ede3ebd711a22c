import * as fs from 'node:fs';

/** A problem with how akslint was called or configured: exit 2 with the message, no stack trace. */
export class UsageError extends Error {}

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** What a command touches of its process, so that tests can run it in-process. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Standard input, up to `limit` bytes (more: reading stops, the result is longer than the limit). */
  readStdin(limit: number): Uint8Array;
  /** Milliseconds, for the progress line's delay (tests pass a clock of their own). */
  now?: () => number;
  /**
   * Told, once a scan's files are found, how many bytes of source it reads and over how many threads
   * (bin/akslint.js tunes V8).
   */
  onScanBytes?: (bytes: number, threads: number) => void;
  /** The script a scan's worker threads run, and what it needs to know (bin/worker.js). */
  worker?: { entry: string; data: Readonly<Record<string, unknown>> };
}

let pipeHandled = false;

export function processIo(): CliIo {
  if (!pipeHandled) {
    pipeHandled = true;
    // `akslint scan . | head`: the reader left; stop quietly, as other command-line tools do.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? 0);
    });
  }
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: readStdinUpTo,
  };
}

/**
 * Standard input read in chunks, stopping one chunk past `limit`: piping 200 MB must not hold 200 MB
 * (the caller refuses anything over the limit).
 */
function readStdinUpTo(limit: number): Uint8Array {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(64 * 1024);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(0, chunk, 0, chunk.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EOF') break;
      if (code !== 'EAGAIN') throw err;
      // A non-blocking pipe with nothing yet: wait a little instead of spinning.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
      continue;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(chunk.subarray(0, n)));
    total += n;
    if (total > limit) break;
  }
  return Buffer.concat(chunks, total);
}
