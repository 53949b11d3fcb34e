import { parseCronItems, type Runner, run, Logger as WorkerLogger } from 'graphile-worker';
import type { Logger } from '../core/log.ts';
import type { SyncDeps } from '../sync/deps.ts';
import { SYNC_ALL_TASK, SYNC_DUE_TASK, SYNC_SOURCE_TASK } from './queue.ts';
import { syncAllTask, syncDueTask } from './tasks/sync-scheduled.ts';
import { syncSourceTask } from './tasks/sync-source.ts';

export interface WorkerHandle {
  stop(): Promise<void>;
}

/**
 * A graphile-worker runner on the app database: any number of these, in any number of processes and machines,
 * share the queue. Signals are ours to handle (see cli/lifecycle.ts): `stop` lets running jobs finish.
 */
export async function startWorker(
  deps: SyncDeps,
  options: { syncCron: string; concurrency?: number },
): Promise<WorkerHandle> {
  const runner: Runner = await run({
    pgPool: deps.db,
    concurrency: options.concurrency ?? 2,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: workerLogger(deps.log),
    taskList: {
      [SYNC_SOURCE_TASK]: syncSourceTask(deps),
      [SYNC_ALL_TASK]: syncAllTask(deps),
      [SYNC_DUE_TASK]: syncDueTask(deps),
    },
    parsedCronItems: parseCronItems([
      { task: SYNC_ALL_TASK, match: options.syncCron, identifier: SYNC_ALL_TASK },
      { task: SYNC_DUE_TASK, match: '* * * * *', identifier: SYNC_DUE_TASK },
    ]),
  });
  deps.log.info({ concurrency: options.concurrency ?? 2, syncCron: options.syncCron }, 'job worker started');
  return {
    async stop() {
      await runner.stop();
    },
  };
}

function workerLogger(log: Logger): WorkerLogger {
  const child = log.child({ component: 'worker' });
  return new WorkerLogger(() => (level, message, meta) => {
    // graphile-worker reports every completed job at info; that is debug detail for us (sync runs are recorded).
    const method = level === 'error' ? 'error' : level === 'warning' ? 'warn' : 'debug';
    child[method](meta ?? {}, message);
  });
}
