import cliProgress from 'cli-progress';
import type { SyncProgress } from '../sync/run-tracker.ts';

interface LinePayload {
  phase: string;
  read: string;
  written: string;
  rate: string;
  elapsed: number;
  megabytes: string;
  /** A bar only when CommCare told us how many rows to expect (Case API: read so far + `matching_records`). */
  expected: number;
}

/**
 * A progress line for `sync` on a terminal: phase, rows read and written, rate, megabytes received (feeds),
 * and a bar when the total is known. Off a terminal it prints nothing; the summary line and the logs say what
 * happened.
 */
export function createSyncProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  if (!stream.isTTY) return { update: (_progress: SyncProgress) => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      hideCursor: true,
      fps: 5,
      clearOnComplete: true,
      format: (options, params, payload: LinePayload) => {
        const counts = `${payload.read} read · ${payload.written} written · ${payload.rate} rows/s · ${payload.elapsed}s`;
        const received = payload.megabytes ? ` · ${payload.megabytes} MB` : '';
        if (!payload.expected) return ` ${payload.phase} ${counts}${received}`;
        const width = options.barsize ?? 30;
        const filled = Math.round(Math.min(1, params.progress) * width);
        const drawn = `${(options.barCompleteString ?? '').slice(0, filled)}${(options.barIncompleteString ?? '').slice(0, width - filled)}`;
        return ` ${payload.phase} |${drawn}| ${counts} of ${payload.expected.toLocaleString('en')}`;
      },
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(progress: SyncProgress) {
      const elapsed = Math.max(1, (Date.now() - progress.startedAt.getTime()) / 1000);
      const expected = Number(progress.details.expected ?? 0);
      const bytes = Number(progress.details.bytes ?? 0);
      const payload: LinePayload = {
        phase: progress.phase.padEnd(13),
        read: progress.counts.rowsRead.toLocaleString('en'),
        written: progress.counts.rowsWritten.toLocaleString('en'),
        rate: Math.round(progress.counts.rowsRead / elapsed).toLocaleString('en'),
        elapsed: Math.round(elapsed),
        megabytes: bytes ? (bytes / 1e6).toFixed(0) : '',
        expected,
      };
      const total = Math.max(expected, progress.counts.rowsRead, 1);
      if (!started) {
        bar.start(total, progress.counts.rowsRead, payload);
        started = true;
      }
      bar.setTotal(total);
      bar.update(progress.counts.rowsRead, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
