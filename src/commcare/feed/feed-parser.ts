/**
 * Parsing the Excel-dashboard export page (commcare-api.md §10).
 *
 * Why not htmlparser2 (design.md §2 names it for the feed): its general tokenizer was the bottleneck of a
 * feed sync — about 20 MB/s (50,000 patient rows, 65 MB, in ~3 s on the 2-core bench machine), with
 * Tokenizer.parse/readTagName/emitOpenTag on top of the profile. HQ's page is machine-written (one table,
 * whitespace only between tags, entities only inside cells), so a scanner that jumps between `<` with
 * `indexOf` (./first-table-scanner.ts) reads it several times faster while keeping HTML's rules that can
 * occur here; character references are still decoded by `entities`, the decoder htmlparser2 itself uses.
 * Figures: bench/README.md, "Simulator feed throughput and client memory".
 */
import { FeedReader } from './feed-reader.ts';
import type { FeedRow } from './feed-rows.ts';

export { type FeedCell, type FeedRow, MISSING_VALUE } from './feed-rows.ts';
export type FeedEvent = { headers: string[] } | FeedRow;

export interface ExportFeed {
  headers: string[];
  rows: AsyncIterable<FeedRow>;
}

/**
 * Streams an Excel-dashboard export page: bytes in, `{headers}` first, then one array per data row. Memory
 * stays constant: rows are handed out as each chunk is parsed, never collected. Only the first `<table>` is
 * read (later tables are repeat-group exports with other columns) and its first row is the header. A page
 * that stops before `</table>` and `</html>` is truncated and throws, so a sync never treats half a page as
 * the whole.
 */
export async function* parseExportFeed(
  chunks: AsyncIterable<Uint8Array | string>,
): AsyncGenerator<FeedEvent> {
  const reader = new FeedReader(chunks);
  try {
    yield { headers: await reader.headers() };
    for (let batch = await reader.nextBatch(); batch; batch = await reader.nextBatch()) yield* batch;
  } finally {
    await reader.close();
  }
}

/** Awaits the header row, then hands out the rows lazily (once). */
export async function readExportFeed(chunks: AsyncIterable<Uint8Array | string>): Promise<ExportFeed> {
  const reader = new FeedReader(chunks);
  let headers: string[];
  try {
    headers = await reader.headers();
  } catch (error) {
    await reader.close();
    throw error;
  }
  return { headers, rows: { [Symbol.asyncIterator]: () => reader.rowIterator() } };
}
