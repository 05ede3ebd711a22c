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
  readStdin(): Uint8Array;
  /** Milliseconds, for the progress line's delay (tests pass a clock of their own). */
  now?: () => number;
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
    readStdin: () => fs.readFileSync(0),
  };
}
