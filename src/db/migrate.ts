import { fileURLToPath } from 'node:url';
import { runMigrations as runWorkerMigrations } from 'graphile-worker';
import { runner } from 'node-pg-migrate';
import { AppError } from '../core/errors.ts';
import type { Logger } from '../core/log.ts';

// The SQL files stay in src/ (tsc does not copy them); this resolves there from src/db/ and from dist/db/ alike.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/db/migrations', import.meta.url));
/** Our own lock id, so our migrations never wait on another app's node-pg-migrate in the same database. */
const MIGRATION_LOCK_ID = 4_143_276_191;

/**
 * Applies the app's SQL migrations (node-pg-migrate) and the job queue's (graphile-worker). Both take an
 * advisory lock, and ours waits for it rather than failing, so two processes starting at once apply each
 * migration exactly once: the second finds nothing left to do.
 */
export async function migrate(databaseUrl: string, log: Logger): Promise<{ applied: string[] }> {
  try {
    const applied = await runner({
      databaseUrl,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'pgmigrations',
      checkOrder: true,
      singleTransaction: true,
      lockValue: MIGRATION_LOCK_ID,
      advisoryLockMode: 'wait',
      log: () => undefined,
    });
    await runWorkerMigrations({ connectionString: databaseUrl, logger: undefined });
    const names = applied.map((migration) => migration.name);
    if (names.length > 0) log.info({ migrations: names }, 'applied migrations');
    return { applied: names };
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new AppError('database', `Migrations failed: ${reason}`, { cause });
  }
}
