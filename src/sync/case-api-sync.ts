import { checkpointOf } from '../commcare/resources/cases-v2.ts';
import { caseToRow } from '../schema/case-row.ts';
import { createCaseLookupCache } from './case-lookups.ts';
import type { RunContext } from './run-context.ts';
import { sweepAfterFullRun } from './sweep.ts';

/**
 * Cases per Case API v2 page: HQ's maximum. We pace requests (5/s per project), so the page size bounds the
 * speed; one page is one write and one checkpoint, so a failure re-reads at most one page.
 */
export const CASE_PAGE_SIZE = 5000;
/**
 * How far before the checkpoint an incremental run starts again. HQ's search index can make a case visible a
 * little after its `indexed_on`; re-reading a minute is cheap and the merge is idempotent.
 */
export const CHECKPOINT_OVERLAP_MS = 60_000;

/**
 * Incremental sync through the Case API v2 (design.md §7): pages ordered by `indexed_on`, each page written
 * in its own transaction and then checkpointed, so a failure part-way resumes from the last committed page.
 * The first run, and `--full` runs, read everything and then sweep rows of cases CommCare no longer serves.
 */
export async function runCaseApiSync(ctx: RunContext): Promise<void> {
  const { source, client, tracker, writer, deps } = ctx;
  const checkpoint = ctx.options.full ? undefined : await deps.repos.checkpoints.get(source.id);
  const fullRun = checkpoint === undefined;
  const since = checkpoint ? startAfterOverlap(checkpoint.indexedOn) : undefined;
  await tracker.add({}, { fullRun, since: since ?? null, pages: 0 });
  await tracker.setPhase('reading cases');

  const cache = createCaseLookupCache(client, ctx.log);
  let pages = 0;
  for await (const page of client.listCasesV2({
    caseType: source.caseType!,
    indexedOnGte: since,
    limit: ctx.options.casePageSize ?? CASE_PAGE_SIZE,
  })) {
    pages += 1;
    await cache.prefetch(page.cases);
    const rows = page.cases.map((apiCase) => caseToRow(apiCase, cache.lookups));
    const result = await writer.writeBatch(rows, { syncedAt: ctx.startedAt });
    const last = checkpointOf(page);
    if (last)
      await deps.repos.checkpoints.save(source.id, { indexedOn: last.indexedOn, lastCaseId: last.caseId });
    await tracker.add(
      { rowsRead: page.cases.length, rowsWritten: result.written, rowsSkipped: result.skipped },
      {
        pages,
        // HQ counts what is left from the cursor on, this page included.
        expected: tracker.counts.rowsRead + page.matching_records,
        lookups: cache.requests,
        checkpoint: last?.indexedOn ?? null,
      },
    );
  }

  if (!fullRun) return;
  if (tracker.counts.rowsRead === 0) {
    ctx.log.warn('the Case API served no cases of this type: nothing deleted');
    return;
  }
  await sweepAfterFullRun(ctx);
}

function startAfterOverlap(indexedOn: string): string {
  const at = Date.parse(indexedOn);
  return Number.isNaN(at) ? indexedOn : new Date(at - CHECKPOINT_OVERLAP_MS).toISOString();
}
