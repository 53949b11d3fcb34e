import type { Command } from 'commander';
import { startWorker } from '../../jobs/worker.ts';
import { buildApp } from '../../web/app.ts';
import { onShutdownSignal } from '../lifecycle.ts';
import { printLine } from '../output.ts';
import type { CommandContext } from '../program.ts';
import { openRuntime } from '../runtime.ts';

export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('run the web app (and a job worker unless --no-worker)')
    .option('--port <n>', 'port to listen on (default PORT or 3000)', (value) => Number.parseInt(value, 10))
    .option('--no-worker', 'do not run a job worker in this process')
    .action(async (options: { port?: number; worker: boolean }) => {
      const runtime = await openRuntime(ctx.base());
      const { config, log } = runtime;
      const app = await buildApp({ config, log, db: runtime.appDb.db, repos: runtime.repos });
      const worker = options.worker
        ? await startWorker(runtime.sync, { syncCron: config.syncCron })
        : undefined;
      onShutdownSignal(log, async () => {
        await app.close();
        await worker?.stop();
        await runtime.close();
      });
      const port = options.port ?? config.port;
      await app.listen({ port, host: config.host });
      const address = app.server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      printLine(
        `commcare-utils is running at http://localhost:${actualPort}${runtime.appDb.embedded ? ' (embedded database)' : ''}`,
      );
      // Keep running until a signal arrives; the shutdown handler exits the process.
      await new Promise<never>(() => undefined);
    });
}
