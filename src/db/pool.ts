import pg from 'pg';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';
import { redactUrl } from '../core/urls.ts';

export type Db = pg.Pool;
export type Queryable = pg.Pool | pg.PoolClient;

// bigint counts (COUNT(*), rows_*) come back as JS numbers; our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** The app database pool. Errors on idle clients are logged, not thrown: a restarted server must not crash us. */
export function createAppPool(url: string, log: Logger, max = 10): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  pool.on('error', (error) => log.warn({ err: error.message }, 'app database connection lost'));
  return pool;
}

export async function checkDatabase(db: Db): Promise<boolean> {
  try {
    await db.query('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

export function databaseUnreachable(url: string, cause: unknown): AppError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new AppError('database', `Cannot reach the app database at ${redactUrl(url)}: ${reason}`, {
    cause,
    retryable: true,
  });
}
