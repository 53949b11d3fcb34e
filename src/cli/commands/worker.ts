import type { Command } from 'commander';
import { startWorker } from '../../jobs/worker.ts';
import { onShutdownSignal } from '../lifecycle.ts';
import type { CommandContext } from '../program.ts';
import { openRuntime } from '../runtime.ts';

export function registerWorkerCommand(program: Command, ctx: CommandContext): void {
  program
    .command('worker')
    .description('run a job worker only (syncs, scheduled syncs); start as many as you like')
    .option('--concurrency <n>', 'jobs at once in this process', (value) => Number.parseInt(value, 10), 2)
    .action(async (options: { concurrency: number }) => {
      const runtime = await openRuntime(ctx.base());
      const worker = await startWorker(runtime.sync, {
        syncCron: runtime.config.syncCron,
        concurrency: options.concurrency,
      });
      onShutdownSignal(runtime.log, async () => {
        await worker.stop();
        await runtime.close();
      });
      await new Promise<never>(() => undefined);
    });
}
