import type { CommCareClient } from '../commcare/client.ts';
import type { RetryPolicy } from '../commcare/retry-policy.ts';
import { type Clock, systemClock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Db } from '../db/pool.ts';
import type { DestinationWithSecrets } from '../db/repositories/destinations.ts';
import type { Repositories } from '../db/repositories/index.ts';
import { createPoolRegistry, type PoolRegistry } from '../destination/index.ts';
import { commcareClientFactory } from './commcare-clients.ts';

/** What the pipeline needs, built once by the entry point (CLI, worker) and passed in. */
export interface SyncDeps {
  db: Db;
  repos: Repositories;
  log: Logger;
  clock: Clock;
  /** Destination database pools, shared across runs in one process. */
  pools: PoolRegistry;
  /** A CommCare client for a destination (rate limits are shared per project). */
  commcareFor(destination: DestinationWithSecrets): CommCareClient;
}

/**
 * The one way to wire `SyncDeps`: a destination pool registry and a CommCare client factory (one rate limiter
 * per project) around the app database. Close `pools` when done. Tests pass a fast retry policy and no pacing.
 */
export function createSyncDeps(options: {
  db: Db;
  repos: Repositories;
  log: Logger;
  clock?: Clock;
  requestsPerSecond?: number;
  retry?: Partial<RetryPolicy>;
}): SyncDeps {
  const { db, repos, log } = options;
  return {
    db,
    repos,
    log,
    clock: options.clock ?? systemClock,
    pools: createPoolRegistry({ log }),
    commcareFor: commcareClientFactory({
      log,
      requestsPerSecond: options.requestsPerSecond,
      retry: options.retry,
    }),
  };
}
