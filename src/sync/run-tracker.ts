import type { Clock } from '../core/clock.ts';
import type { Repositories } from '../db/repositories/index.ts';
import type { SyncCounts, SyncRun } from '../db/repositories/sync-runs.ts';

export interface SyncProgress {
  phase: string;
  counts: SyncCounts;
  /** Pages read, bytes received, cases CommCare reports as matching, lookups made, … */
  details: Record<string, unknown>;
  startedAt: Date;
}

export type ProgressListener = (progress: SyncProgress) => void;

/**
 * Counts and phase of one run. Listeners (the CLI's progress bar) hear every change; the sync-run row is
 * updated at most once a second, so a fast run does not spend its time writing its own history.
 */
export function createRunTracker(options: {
  run: SyncRun;
  repos: Repositories;
  clock: Clock;
  onProgress?: ProgressListener;
  persistEveryMs?: number;
  /** Aborted when the run must stop (its lock was lost); checked at every report, i.e. between batches. */
  signal?: AbortSignal;
}) {
  const counts: SyncCounts = { rowsRead: 0, rowsWritten: 0, rowsDeleted: 0, rowsSkipped: 0 };
  const details: Record<string, unknown> = {};
  let phase = 'starting';
  let lastPersisted = 0;
  const every = options.persistEveryMs ?? 1000;

  function snapshot(): SyncProgress {
    return { phase, counts: { ...counts }, details: { ...details }, startedAt: options.run.startedAt };
  }

  async function changed(force = false): Promise<void> {
    options.signal?.throwIfAborted();
    options.onProgress?.(snapshot());
    const now = options.clock.now().getTime();
    if (!force && now - lastPersisted < every) return;
    lastPersisted = now;
    await options.repos.syncRuns.progress(options.run.id, { phase, counts, progress: details });
  }

  return {
    counts,
    details,
    get phase() {
      return phase;
    },
    async setPhase(next: string): Promise<void> {
      phase = next;
      await changed(true);
    },
    /** Adds to the counts and merges details, then reports. */
    async add(delta: Partial<SyncCounts>, moreDetails: Record<string, unknown> = {}): Promise<void> {
      counts.rowsRead += delta.rowsRead ?? 0;
      counts.rowsWritten += delta.rowsWritten ?? 0;
      counts.rowsDeleted += delta.rowsDeleted ?? 0;
      counts.rowsSkipped += delta.rowsSkipped ?? 0;
      Object.assign(details, moreDetails);
      await changed();
    },
    snapshot,
  };
}

export type RunTracker = ReturnType<typeof createRunTracker>;
