import type { Queryable } from '../db/pool.ts';
import type { SyncTrigger } from '../db/repositories/sync-runs.ts';

export const SYNC_SOURCE_TASK = 'sync_source';
export const SYNC_ALL_TASK = 'sync_all';
export const SYNC_DUE_TASK = 'sync_due';

export interface SyncSourcePayload {
  sourceId: string;
  full?: boolean;
  allowMassDelete?: boolean;
  trigger: SyncTrigger;
}

/** Attempts for transient failures (CommCare 5xx, a lost connection, the source busy), with backoff. */
export const SYNC_MAX_ATTEMPTS = 6;

/**
 * Enqueues a sync of one source through graphile-worker's SQL API (usable from any process with the app
 * database, no worker needed). The job key makes a second request while one is still waiting a no-op, and
 * the source lock (see db/source-lock.ts) keeps a running sync from ever overlapping another.
 */
export async function enqueueSourceSync(db: Queryable, payload: SyncSourcePayload): Promise<void> {
  await db.query(
    `SELECT graphile_worker.add_job($1, $2::json, job_key := $3, job_key_mode := 'preserve_run_at',
       max_attempts := $4)`,
    [SYNC_SOURCE_TASK, JSON.stringify(payload), `sync:${payload.sourceId}`, SYNC_MAX_ATTEMPTS],
  );
}
