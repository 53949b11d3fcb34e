import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/commcare-utils', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** The last non-empty stdout line (where `add` commands print the new id). */
  lastLine: string;
}

/** Runs the real `bin/commcare-utils` in a child process, as an operator would. */
export function runCli(args: string[], env: Record<string, string | undefined>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        const lines = stdout.split('\n').filter((line) => line.trim() !== '');
        resolve({ code, stdout, stderr, lastLine: lines.at(-1) ?? '' });
      },
    );
  });
}
