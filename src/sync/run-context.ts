import type { CommCareClient } from '../commcare/client.ts';
import type { Logger } from '../core/log.ts';
import type { DestinationWithSecrets } from '../db/repositories/destinations.ts';
import type { Source } from '../db/repositories/sources.ts';
import type { Destination, TableWriter } from '../destination/index.ts';
import type { SyncDeps } from './deps.ts';
import type { RunTracker } from './run-tracker.ts';

export interface SyncOptions {
  /** Case API: read everything and sweep rows of cases no longer served. (A feed is always a full refresh.) */
  full: boolean;
  /** Let the sweep delete more than the source's `maxDeleteFraction`. */
  allowMassDelete: boolean;
  /** Cases per Case API page (default CASE_PAGE_SIZE); tests use small pages to exercise resuming. */
  casePageSize?: number;
}

/** Everything one run of one source works with. */
export interface RunContext {
  deps: SyncDeps;
  source: Source;
  destinationRecord: DestinationWithSecrets;
  destination: Destination;
  writer: TableWriter;
  client: CommCareClient;
  tracker: RunTracker;
  log: Logger;
  /** Every row this run writes is stamped with it; the sweep deletes rows stamped earlier. */
  startedAt: Date;
  options: SyncOptions;
}
