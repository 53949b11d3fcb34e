import pg from 'pg';
import type { Logger } from '../core/log.ts';
import { redactUrl } from '../core/urls.ts';

/**
 * One bounded `pg.Pool` per destination URL, made on first use. Idle connections close after
 * `idleTimeoutMs` (a destination synced once a day holds no connection in between) and an idle pool does not
 * keep the process alive. `sslmode` and other parameters in the URL are honoured by `pg` itself. Sessions are
 * pinned to UTC and ISO dates so timestamps and their text forms never depend on the server's settings.
 * The registry is an object the entry point creates and passes in; there is no module-level state.
 */
export interface PoolRegistry {
  pool(url: string): pg.Pool;
  /** Ends one destination's pool (e.g. after its URL changed). */
  release(url: string): Promise<void>;
  closeAll(): Promise<void>;
}

export interface PoolOptions {
  log: Logger;
  maxConnections?: number;
  idleTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

/** temp_buffers: a staging table of one batch (~10 MB) stays in memory instead of spilling to disk. */
export const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO,MDY -c temp_buffers=64MB';

export function createPoolRegistry(options: PoolOptions): PoolRegistry {
  const pools = new Map<string, pg.Pool>();
  return {
    pool(url) {
      let pool = pools.get(url);
      if (!pool) {
        pool = new pg.Pool({
          connectionString: url,
          max: options.maxConnections ?? 4,
          idleTimeoutMillis: options.idleTimeoutMs ?? 10_000,
          connectionTimeoutMillis: options.connectionTimeoutMs ?? 15_000,
          allowExitOnIdle: true,
          options: SESSION_OPTIONS,
        });
        const safeUrl = redactUrl(url);
        // Without a listener an idle client's network error would crash the process.
        pool.on('error', (error) =>
          options.log.warn(
            { destination: safeUrl, code: (error as { code?: string }).code },
            'idle destination connection failed',
          ),
        );
        pools.set(url, pool);
      }
      return pool;
    },
    async release(url) {
      const pool = pools.get(url);
      pools.delete(url);
      await pool?.end();
    },
    async closeAll() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((pool) => pool.end()));
    },
  };
}
