import cliProgress from 'cli-progress';
import type { SyncProgress } from '../sync/run-tracker.ts';

/**
 * A progress line for `sync` on a terminal: phase, rows read/written, rate, and the expected total when
 * CommCare tells us one (Case API `matching_records`). Off a terminal it prints nothing; the summary line and
 * the logs say what happened.
 */
export function createSyncProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_progress: SyncProgress) => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: ' {phase} |{bar}| {read} read · {written} written · {rate} rows/s · {elapsed}s',
      hideCursor: true,
      fps: 5,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress: SyncProgress) {
      const elapsed = Math.max(1, (Date.now() - progress.startedAt.getTime()) / 1000);
      const total = Number(progress.details.matching ?? 0) || progress.counts.rowsRead || 1;
      const payload = {
        phase: progress.phase.padEnd(13),
        read: progress.counts.rowsRead.toLocaleString('en'),
        written: progress.counts.rowsWritten.toLocaleString('en'),
        rate: Math.round(progress.counts.rowsRead / elapsed).toLocaleString('en'),
        elapsed: Math.round(elapsed),
      };
      if (!started) {
        bar.start(total, progress.counts.rowsRead, payload);
        started = true;
      }
      bar.setTotal(Math.max(total, progress.counts.rowsRead));
      bar.update(progress.counts.rowsRead, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
