import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Logger } from '../core/log.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createAppPool, type Db, databaseUnreachable } from './pool.ts';

export interface AppDatabase {
  readonly db: Db;
  readonly url: string;
  readonly embedded: boolean;
  /** Migrations applied while opening (empty when already up to date or not asked to migrate). */
  readonly applied: readonly string[];
  /**
   * Ends the pool, then stops an embedded server. `force` does not wait for connections still in use (a signal
   * is stopping the process): the server's fast shutdown ends them.
   */
  close(options?: { force?: boolean }): Promise<void>;
}

/**
 * Opens the app database: `DATABASE_URL` when set, else the embedded PostgreSQL under DATA_DIR (started here,
 * stopped by `close`). With `migrate: true` the schema is brought up to date before the pool is handed out.
 */
export async function openAppDatabase(
  config: Config,
  log: Logger,
  options: { migrate?: boolean; poolSize?: number } = {},
): Promise<AppDatabase> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dir: join(config.dataDir, 'postgres'), log });
  const url = config.databaseUrl ?? embedded!.url;
  const db = createAppPool(url, log, options.poolSize);
  let applied: string[] = [];
  try {
    await db.query('SELECT 1').catch((cause) => {
      throw databaseUnreachable(url, cause);
    });
    if (options.migrate) applied = (await migrate(url, log)).applied;
  } catch (error) {
    await db.end().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
  let closed = false;
  return {
    db,
    url,
    embedded: embedded !== undefined,
    applied,
    async close(closeOptions = {}) {
      if (closed) return;
      closed = true;
      // From here on a dropped connection is expected (we are stopping the server), not news.
      db.removeAllListeners('error');
      db.on('error', () => undefined);
      const ended = db.end().catch(() => undefined);
      if (!closeOptions.force) await ended;
      await embedded?.stop();
    },
  };
}
