import { hostname } from 'node:os';
import { AppError, isAppError } from '../core/errors.ts';
import type { DestinationWithSecrets } from '../db/repositories/destinations.ts';
import { type Source, sourceKind } from '../db/repositories/sources.ts';
import type { SyncRun, SyncTrigger } from '../db/repositories/sync-runs.ts';
import { acquireSourceLock } from '../db/source-lock.ts';
import { openDestination } from '../destination/index.ts';
import type { ColumnType } from '../schema/types.ts';
import { runCaseApiSync } from './case-api-sync.ts';
import type { SyncDeps } from './deps.ts';
import { runFeedSync } from './feed-sync.ts';
import type { RunContext, SyncOptions } from './run-context.ts';
import { createRunTracker, type ProgressListener } from './run-tracker.ts';

export interface SyncSourceOptions extends Partial<SyncOptions> {
  trigger: SyncTrigger;
  onProgress?: ProgressListener;
}

/**
 * Column the webhook path and the Case API compare, so an older version of a case never overwrites a newer
 * one whichever path delivers it last (design.md §7).
 */
export const CASE_MODIFIED_COLUMN = 'server_last_modified_date';

/**
 * Runs one sync of one source now, in this process: takes the source's lock (one run at a time across all
 * processes), records a sync run, reads, maps, protects and writes, and records the outcome. Resolves with the
 * finished run when it succeeded; rejects with an AppError (and a failed run row) when it did not.
 */
export async function syncSource(
  deps: SyncDeps,
  sourceId: string,
  options: SyncSourceOptions,
): Promise<SyncRun> {
  const source = await deps.repos.sources.get(sourceId);
  const destinationRecord = await deps.repos.destinations.getWithSecrets(source.destinationId);
  const lock = await acquireSourceLock(deps.db, source.id);
  try {
    await deps.repos.syncRuns.failAbandoned(source.id);
    const kind = sourceKind(source);
    const run = await deps.repos.syncRuns.start({
      sourceId: source.id,
      kind,
      trigger: options.trigger,
      fullRefresh: kind === 'feed' || (options.full ?? false),
      worker: `${hostname()}:${process.pid}`,
    });
    const ctx = runContext(deps, { source, destinationRecord, run, lost: lock.lost }, options);
    const { tracker, log } = ctx;
    log.info({ kind, trigger: options.trigger, table: source.tableName }, 'sync started');
    try {
      await (kind === 'feed' ? runFeedSync(ctx) : runCaseApiSync(ctx));
    } catch (error) {
      const failure = asSyncError(error);
      await deps.repos.syncRuns.finish(run.id, {
        status: 'failed',
        counts: tracker.counts,
        error: failure.message,
        progress: tracker.details,
      });
      // From the CLI the command prints the reason itself, as its one error line; elsewhere it is a warning.
      log[options.trigger === 'cli' ? 'info' : 'warn'](
        { code: failure.code, error: failure.message, ...tracker.counts },
        'sync failed',
      );
      throw failure;
    }
    const finished = await deps.repos.syncRuns.finish(run.id, {
      status: 'succeeded',
      counts: tracker.counts,
      progress: tracker.details,
    });
    log.info({ ...tracker.counts }, 'sync succeeded');
    return finished;
  } finally {
    await lock.release();
  }
}

/** Everything one run works with: its writer, CommCare client, tracker and logger. */
function runContext(
  deps: SyncDeps,
  parts: { source: Source; destinationRecord: DestinationWithSecrets; run: SyncRun; lost: AbortSignal },
  options: SyncSourceOptions,
): RunContext {
  const { source, destinationRecord, run } = parts;
  const kind = sourceKind(source);
  const log = deps.log.child({ source: source.id, run: run.id });
  const destination = openDestination(destinationRecord.databaseUrl, { log, pools: deps.pools });
  return {
    deps,
    source,
    destinationRecord,
    destination,
    writer: destination.writer(source.tableName, {
      keyColumn: source.keyColumn,
      typeOverrides: source.typeOverrides as Record<string, ColumnType>,
      newerWinsColumn: kind === 'case_api' ? CASE_MODIFIED_COLUMN : undefined,
      sensitive: {
        fields: source.sensitiveFields,
        mode: source.hashMode,
        secret: destinationRecord.hashingSecret,
      },
    }),
    client: deps.commcareFor(destinationRecord),
    // The run stops between batches if the connection holding its lock drops (another run could start).
    tracker: createRunTracker({
      run,
      repos: deps.repos,
      clock: deps.clock,
      onProgress: options.onProgress,
      signal: parts.lost,
    }),
    log,
    startedAt: run.startedAt,
    options: {
      full: options.full ?? false,
      allowMassDelete: options.allowMassDelete ?? false,
      casePageSize: options.casePageSize,
    },
  };
}

/** Known failures keep their message; anything else is wrapped without leaking values into the message. */
function asSyncError(error: unknown): AppError {
  if (isAppError(error)) return error;
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new AppError('internal', `Unexpected failure: ${reason}`, { cause: error, retryable: true });
}
