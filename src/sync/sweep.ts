import { AppError } from '../core/errors.ts';
import type { Destination, TableWriter } from '../destination/index.ts';
import type { RunContext } from './run-context.ts';

/** The last phase of a full run: sweep, within the source's mass-delete limit, and count what went. */
export async function sweepAfterFullRun(ctx: RunContext): Promise<void> {
  await ctx.tracker.setPhase('sweeping');
  const deleted = await sweepStaleRows({
    destination: ctx.destination,
    writer: ctx.writer,
    runStartedAt: ctx.startedAt,
    maxFraction: ctx.source.maxDeleteFraction,
    allowMassDelete: ctx.options.allowMassDelete,
  });
  await ctx.tracker.add({ rowsDeleted: deleted });
}

/**
 * Deletes the rows this run did not write (stale rows), unless that would remove more than `maxFraction` of
 * the table: then nothing is deleted and the run fails with a message saying how to override. A feed that
 * suddenly lists half the cases is far more often a broken export or filter than half the cases vanishing.
 */
export async function sweepStaleRows(options: {
  destination: Destination;
  writer: TableWriter;
  runStartedAt: Date;
  maxFraction: number;
  allowMassDelete: boolean;
}): Promise<number> {
  const { destination, writer, runStartedAt, maxFraction, allowMassDelete } = options;
  return destination.withTransaction(async (tx) => {
    const total = await writer.countRows({ tx });
    const deleted = await writer.sweep(runStartedAt, { tx });
    if (!allowMassDelete && maxFraction < 1 && total > 0 && deleted / total > maxFraction) {
      // Throwing rolls the delete back.
      throw new AppError(
        'mass_delete',
        `Refusing to delete ${deleted} of ${total} rows (${percent(deleted / total)}) from ${writer.table}: more than ` +
          `this source's limit of ${percent(maxFraction)}. Nothing was deleted. If CommCare really dropped them, run ` +
          `the sync again with --allow-mass-delete`,
      );
    }
    return deleted;
  });
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
