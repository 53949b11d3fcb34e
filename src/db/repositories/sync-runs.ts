import type { Queryable } from '../pool.ts';
import type { SourceKind } from './sources.ts';

export type SyncTrigger = 'schedule' | 'manual' | 'cli' | 'retry';
export type SyncStatus = 'running' | 'succeeded' | 'failed';

export interface SyncCounts {
  rowsRead: number;
  rowsWritten: number;
  rowsDeleted: number;
  rowsSkipped: number;
}

export interface SyncRun extends SyncCounts {
  id: string;
  sourceId: string;
  kind: SourceKind;
  trigger: SyncTrigger;
  fullRefresh: boolean;
  status: SyncStatus;
  phase: string;
  startedAt: Date;
  finishedAt: Date | null;
  progress: Record<string, unknown>;
  error: string | null;
}

function toRun(row: Record<string, unknown>): SyncRun {
  return {
    id: row.id as string,
    sourceId: row.source_id as string,
    kind: row.kind as SourceKind,
    trigger: row.trigger as SyncTrigger,
    fullRefresh: row.full_refresh as boolean,
    status: row.status as SyncStatus,
    phase: row.phase as string,
    startedAt: row.started_at as Date,
    finishedAt: (row.finished_at as Date | null) ?? null,
    rowsRead: row.rows_read as number,
    rowsWritten: row.rows_written as number,
    rowsDeleted: row.rows_deleted as number,
    rowsSkipped: row.rows_skipped as number,
    progress: row.progress as Record<string, unknown>,
    error: (row.error as string | null) ?? null,
  };
}

/** The run history of design.md §4: one row per sync, updated with phase and counts while it runs. */
export function syncRunsRepository(db: Queryable) {
  return {
    async start(input: {
      sourceId: string;
      kind: SourceKind;
      trigger: SyncTrigger;
      fullRefresh: boolean;
      worker?: string;
    }): Promise<SyncRun> {
      const { rows } = await db.query(
        `INSERT INTO sync_runs (source_id, kind, trigger, full_refresh, worker) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [input.sourceId, input.kind, input.trigger, input.fullRefresh, input.worker ?? null],
      );
      return toRun(rows[0]);
    },

    async progress(
      runId: string,
      update: { phase: string; counts: SyncCounts; progress?: Record<string, unknown> },
    ): Promise<void> {
      await db.query(
        `UPDATE sync_runs SET phase = $2, rows_read = $3, rows_written = $4, rows_deleted = $5, rows_skipped = $6,
           progress = progress || $7::jsonb, heartbeat_at = now()
         WHERE id = $1 AND status = 'running'`,
        [
          runId,
          update.phase,
          update.counts.rowsRead,
          update.counts.rowsWritten,
          update.counts.rowsDeleted,
          update.counts.rowsSkipped,
          JSON.stringify(update.progress ?? {}),
        ],
      );
    },

    async finish(
      runId: string,
      outcome: {
        status: 'succeeded' | 'failed';
        counts: SyncCounts;
        error?: string;
        progress?: Record<string, unknown>;
      },
    ): Promise<SyncRun> {
      const { rows } = await db.query(
        `UPDATE sync_runs SET status = $2, phase = $3, finished_at = now(), heartbeat_at = now(),
           rows_read = $4, rows_written = $5, rows_deleted = $6, rows_skipped = $7, error = $8,
           progress = progress || $9::jsonb
         WHERE id = $1 RETURNING *`,
        [
          runId,
          outcome.status,
          outcome.status === 'succeeded' ? 'done' : 'failed',
          outcome.counts.rowsRead,
          outcome.counts.rowsWritten,
          outcome.counts.rowsDeleted,
          outcome.counts.rowsSkipped,
          outcome.error ?? null,
          JSON.stringify(outcome.progress ?? {}),
        ],
      );
      return toRun(rows[0]);
    },

    /**
     * Runs left 'running' by a process that died (we only call this while holding the source's sync lock, so
     * nothing else can be running them) are closed as failed, so history never shows a ghost run.
     */
    async failAbandoned(sourceId: string): Promise<number> {
      const { rowCount } = await db.query(
        `UPDATE sync_runs SET status = 'failed', phase = 'failed', finished_at = now(),
           error = 'The process running this sync stopped before it finished; nothing after its last committed batch was applied'
         WHERE source_id = $1 AND status = 'running'`,
        [sourceId],
      );
      return rowCount ?? 0;
    },

    async get(runId: string): Promise<SyncRun | undefined> {
      const { rows } = await db.query('SELECT * FROM sync_runs WHERE id = $1', [runId]);
      return rows[0] ? toRun(rows[0]) : undefined;
    },

    async list(sourceId: string, limit = 50): Promise<SyncRun[]> {
      const { rows } = await db.query(
        'SELECT * FROM sync_runs WHERE source_id = $1 ORDER BY started_at DESC LIMIT $2',
        [sourceId, limit],
      );
      return rows.map(toRun);
    },
  };
}
