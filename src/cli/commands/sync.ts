import type { Command } from 'commander';
import { syncSource } from '../../sync/sync-source.ts';
import { printLine } from '../output.ts';
import type { CommandContext } from '../program.ts';
import { createSyncProgressBar } from '../progress-bar.ts';

export function registerSyncCommand(program: Command, ctx: CommandContext): void {
  program
    .command('sync')
    .argument('<source-id>', 'source to sync')
    .description('sync a source now, in the foreground; exit 0 only on success')
    .option('--full', 'Case API: read every case and delete rows of cases CommCare no longer serves')
    .option('--allow-mass-delete', "let this run delete more than the source's share limit (default 50%)")
    .action((sourceId: string, options: { full?: boolean; allowMassDelete?: boolean }) =>
      ctx.withRuntime(async (runtime) => {
        const bar = createSyncProgressBar();
        try {
          const run = await syncSource(runtime.sync, sourceId, {
            trigger: 'cli',
            full: options.full,
            allowMassDelete: options.allowMassDelete,
            onProgress: bar.update,
          });
          bar.stop();
          const seconds = ((run.finishedAt!.getTime() - run.startedAt.getTime()) / 1000).toFixed(1);
          printLine(
            `sync succeeded in ${seconds}s: ${run.rowsRead} read, ${run.rowsWritten} written, ` +
              `${run.rowsDeleted} deleted, ${run.rowsSkipped} skipped (run ${run.id})`,
          );
        } finally {
          bar.stop();
        }
      }),
    );
}
