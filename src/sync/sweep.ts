import { AppError } from '../core/errors.ts';
import type { RunContext } from './run-context.ts';

/**
 * The last phase of a full run: delete the rows this run did not write (stale rows), unless that would remove
 * more than the source's share of the table: then nothing is deleted and the run fails with a message saying
 * how to override. A feed that suddenly lists half the cases is far more often a broken export or filter than
 * half the cases vanishing.
 */
export async function sweepAfterFullRun(ctx: RunContext): Promise<void> {
  const { destination, writer, tracker } = ctx;
  const maxFraction = ctx.source.maxDeleteFraction;
  await tracker.setPhase('sweeping');
  const deleted = await destination.withTransaction(async (tx) => {
    const total = await writer.countRows({ tx });
    const swept = await writer.sweep(ctx.startedAt, { tx });
    if (!ctx.options.allowMassDelete && maxFraction < 1 && total > 0 && swept / total > maxFraction) {
      // Throwing rolls the delete back.
      throw new AppError(
        'mass_delete',
        `Refusing to delete ${swept} of ${total} rows (${percent(swept / total)}) from ${writer.table}: more than ` +
          `this source's limit of ${percent(maxFraction)}. Nothing was deleted. If CommCare really dropped them, run ` +
          `the sync again with --allow-mass-delete`,
      );
    }
    return swept;
  });
  await tracker.add({ rowsDeleted: deleted });
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}
