import { parseCronItem, type Task, type TimestampDigest } from 'graphile-worker';
import type { Db } from '../../db/pool.ts';
import type { Repositories } from '../../db/repositories/index.ts';
import { enqueueSourceSync } from '../queue.ts';

/** `sync_all` (on SYNC_CRON, daily by default): every scheduled source that has no cron of its own. */
export function syncAllTask(deps: { db: Db; repos: Repositories }): Task {
  return async (_payload, helpers) => {
    const sources = (await deps.repos.sources.listScheduled()).filter((source) => !source.cron);
    for (const source of sources)
      await enqueueSourceSync(deps.db, { sourceId: source.id, trigger: 'schedule' });
    helpers.logger.info(`scheduled ${sources.length} source sync(s)`);
  };
}

/**
 * `sync_due` (every minute): scheduled sources with their own cron whose expression matches this minute.
 * graphile-worker's crontab runs each tick once across all workers, so each due source is enqueued once.
 */
export function syncDueTask(deps: { db: Db; repos: Repositories }): Task {
  return async (payload, helpers) => {
    const tick = new Date((payload as { _cron?: { ts?: string } })?._cron?.ts ?? Date.now());
    const digest = digestOf(tick);
    for (const source of await deps.repos.sources.listScheduled()) {
      if (!source.cron) continue;
      try {
        const item = parseCronItem({ task: 'sync_source', match: source.cron, identifier: source.id });
        if (item.match(digest))
          await enqueueSourceSync(deps.db, { sourceId: source.id, trigger: 'schedule' });
      } catch (error) {
        helpers.logger.warn(
          `source ${source.id} has an invalid cron "${source.cron}": ${(error as Error).message}`,
        );
      }
    }
  };
}

export function digestOf(at: Date): TimestampDigest {
  return {
    min: at.getUTCMinutes(),
    hour: at.getUTCHours(),
    date: at.getUTCDate(),
    month: at.getUTCMonth() + 1,
    dow: at.getUTCDay(),
  };
}
