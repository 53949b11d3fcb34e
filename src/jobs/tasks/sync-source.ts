import type { Task } from 'graphile-worker';
import { AppError, isAppError } from '../../core/errors.ts';
import type { SyncDeps } from '../../sync/deps.ts';
import { syncSource } from '../../sync/sync-source.ts';
import type { SyncSourcePayload } from '../queue.ts';

function assertPayload(payload: unknown): SyncSourcePayload {
  const p = payload as Partial<SyncSourcePayload> | null;
  if (!p || typeof p.sourceId !== 'string')
    throw new AppError('validation', 'sync_source job without a sourceId');
  return {
    sourceId: p.sourceId,
    full: p.full === true,
    allowMassDelete: p.allowMassDelete === true,
    trigger: p.trigger ?? 'manual',
  };
}

/**
 * Runs one source's sync. Only transient failures are thrown back to graphile-worker, which retries them with
 * exponential backoff; a failure that retrying cannot fix (bad API key, mass-delete guard, a missing column)
 * is recorded on the sync run and ends the job, so it does not hammer CommCare for hours.
 */
export function syncSourceTask(deps: SyncDeps): Task {
  return async (payload, helpers) => {
    const job = assertPayload(payload);
    try {
      await syncSource(deps, job.sourceId, {
        trigger: helpers.job.attempts > 1 ? 'retry' : job.trigger,
        full: job.full,
        allowMassDelete: job.allowMassDelete,
      });
    } catch (error) {
      if (isAppError(error) && error.retryable) throw error;
      helpers.logger.warn(
        `sync of ${job.sourceId} failed and will not be retried: ${(error as Error).message}`,
      );
    }
  };
}
