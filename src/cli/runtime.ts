import { type Config, loadConfig } from '../config/config.ts';
import { resolveSecretKey } from '../config/secret-key.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import { createSecretBox, type SecretBox } from '../core/crypto.ts';
import { createLogger, type Logger } from '../core/log.ts';
import { type AppDatabase, openAppDatabase } from '../db/app-database.ts';
import { createRepositories, type Repositories } from '../db/repositories/index.ts';
import { createSyncDeps, type SyncDeps } from '../sync/deps.ts';

/** Everything a command needs, built once per process (design.md §3: dependencies are passed in). */
export interface Runtime {
  config: Config;
  log: Logger;
  clock: Clock;
  box: SecretBox;
  appDb: AppDatabase;
  repos: Repositories;
  /** What the sync pipeline and the job worker need. */
  sync: SyncDeps;
  /** `force`: a signal is stopping the process; do not wait for work in progress (see AppDatabase.close). */
  close(options?: { force?: boolean }): Promise<void>;
}

export interface BaseRuntime {
  config: Config;
  log: Logger;
}

/**
 * Config and logger only: enough for commands that never touch the app database (e.g. `simulator`).
 * `quiet` commands (one-shot admin commands) log only warnings unless LOG_LEVEL asks for more.
 */
export function baseRuntime(
  options: { quiet?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
): BaseRuntime {
  const config = loadConfig(env);
  // Logs go to stderr (see createLogger) so that command output on stdout can be piped.
  const log = createLogger(options.quiet && !env.LOG_LEVEL ? 'warn' : config.logLevel);
  return { config, log };
}

/** Opens the app database (embedded when DATABASE_URL is unset) and applies pending migrations. */
export async function openRuntime(base: BaseRuntime): Promise<Runtime> {
  const config = resolveSecretKey(base.config, base.log);
  const appDb = await openAppDatabase(config, base.log, { migrate: true });
  const box = createSecretBox(config.secretKey!);
  const repos = createRepositories(appDb.db, box);
  const sync = createSyncDeps({ db: appDb.db, repos, log: base.log });
  return {
    config,
    log: base.log,
    clock: systemClock,
    box,
    appDb,
    repos,
    sync,
    async close(options = {}) {
      const poolsClosed = sync.pools.closeAll();
      if (!options.force) await poolsClosed;
      await appDb.close(options);
    },
  };
}
