import type { CommCareClient } from '../commcare/client.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/log.ts';
import type { Db } from '../db/pool.ts';
import type { DestinationWithSecrets } from '../db/repositories/destinations.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { PoolRegistry } from '../destination/index.ts';

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
