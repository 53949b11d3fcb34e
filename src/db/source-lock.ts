import { AppError } from '../core/errors.ts';
import type { Db } from './pool.ts';

/** Namespace for `pg_try_advisory_lock(int, int)`, so our locks never collide with other users of the database. */
const SYNC_LOCK_NAMESPACE = 0x5c_7e;

export interface SourceLock {
  /** Aborted when the connection holding the lock dies: the lock is gone and the run must stop. */
  readonly lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * One sync of a source at a time, across every process and machine sharing the app database: a session-level
 * advisory lock held on a dedicated connection for the whole run. If the process dies, PostgreSQL drops the
 * connection and with it the lock, so a killed worker never blocks the next run.
 */
export async function acquireSourceLock(db: Db, sourceId: string): Promise<SourceLock> {
  const client = await db.connect();
  const lost = new AbortController();
  // A checked-out client with no error listener would crash the process when its connection drops.
  const onError = () =>
    lost.abort(
      new AppError('database', "Lost the connection to the app database that holds this sync's lock", {
        retryable: true,
      }),
    );
  client.on('error', onError);
  try {
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [
      SYNC_LOCK_NAMESPACE,
      sourceId,
    ]);
    if (!rows[0].locked) {
      throw new AppError(
        'conflict',
        'This source is already being synced by another process; try again when it has finished',
        {
          retryable: true,
        },
      );
    }
  } catch (error) {
    client.off('error', onError);
    client.release();
    throw error;
  }
  let released = false;
  return {
    lost: lost.signal,
    async release() {
      if (released) return;
      released = true;
      try {
        if (lost.signal.aborted) throw lost.signal.reason;
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SYNC_LOCK_NAMESPACE, sourceId]);
        client.off('error', onError);
        client.release();
      } catch {
        client.release(true); // connection broken: the lock went with it
      }
    },
  };
}
