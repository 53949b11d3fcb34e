import { readExportFeed } from '../commcare/feed/feed-parser.ts';
import { AppError } from '../core/errors.ts';
import { normalizeHeaders } from '../schema/naming.ts';
import { alignCaseExportHeaders } from './feed-columns.ts';
import type { RunContext } from './run-context.ts';
import { sweepAfterFullRun } from './sweep.ts';

/**
 * Rows per COPY + merge, chosen by measurement (bench/sync.bench.ts, 200,000 × 32-column feed, own process,
 * 2026-12-04): peak RSS 217–228 MB at 1,000 rows, 246–269 MB at 2,000, 339–380 MB at 5,000, 459 MB at 10,000;
 * sync time about equal at 2,000 and 5,000, ~20% longer at 1,000 (each batch costs a few round trips and one
 * merge statement). The memory is V8's: the batch being parsed and the one being written live long enough
 * to be promoted, and the old generation then grows to a multiple of the live set between major GCs, so it
 * scales with the batch. 2,000 halves that growth against 5,000 at no measured cost in time.
 */
export const FEED_BATCH_ROWS = 2000;

/**
 * Full refresh from an Excel-dashboard feed (design.md §7): stream and parse the page as it arrives, write in
 * batches (the next batch is parsed while the previous one is written), then delete rows not seen — only after
 * the whole page arrived and parsed, and only when it had rows. Any failure before that deletes nothing.
 */
export async function runFeedSync(ctx: RunContext): Promise<void> {
  const { source, client, tracker } = ctx;
  await tracker.setPhase('downloading');
  let bytes = 0;
  const chunks = await client.openExportFeed(source.exportUrl!);
  const counted = (async function* () {
    for await (const chunk of chunks) {
      bytes += chunk.byteLength;
      yield chunk;
    }
  })();
  try {
    await writeFeed(ctx, counted, () => bytes);
  } finally {
    // On any failure, stop the download at once: an abandoned response would keep the socket (and the CLI) open.
    await counted.return(undefined);
  }

  if (tracker.counts.rowsRead === 0) {
    ctx.log.warn(
      'the feed had no rows: nothing deleted (an empty feed is more often a broken export than an empty project)',
    );
    return;
  }
  await sweepAfterFullRun(ctx);
}

/** Parses the page as it arrives and writes it in batches, the next batch parsed while the last is written. */
async function writeFeed(
  ctx: RunContext,
  chunks: AsyncIterable<Uint8Array>,
  bytes: () => number,
): Promise<void> {
  const { source, tracker, writer } = ctx;
  const feed = await readExportFeed(chunks);
  const headers = alignCaseExportHeaders(normalizeHeaders(feed.headers));
  if (!headers.includes(source.keyColumn)) {
    throw new AppError(
      'validation',
      `The feed has no "${source.keyColumn}" column (this source's key column); its columns start with: ${headers.slice(0, 8).join(', ')}`,
    );
  }
  await tracker.setPhase('writing');

  // Column arrays straight from the parser: no object per row; the writer owns each batch once handed over.
  const width = headers.length;
  let batch: (string | null)[][] = [];
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const rows = batch;
    batch = [];
    await inFlight; // one write at a time, overlapping with parsing the next batch
    await tracker.add({ rowsRead: rows.length }, { bytes: bytes() });
    inFlight = writer
      .writeBatch({ columns: headers, rows }, { syncedAt: ctx.startedAt })
      .then((result) => tracker.add({ rowsWritten: result.written, rowsSkipped: result.skipped }));
    // Observed again at the next flush; this only keeps Node from calling it unhandled in the meantime.
    inFlight.catch(() => undefined);
  };

  for await (const cells of feed.rows) {
    // The parser yields a fresh array per row; a short row's missing cells are absent (NULL), extras dropped.
    if (cells.length > width) cells.length = width;
    batch.push(cells);
    if (batch.length >= FEED_BATCH_ROWS) await flush();
  }
  if (batch.length > 0) await flush();
  await inFlight;
  await tracker.add({}, { bytes: bytes(), complete: true });
}
