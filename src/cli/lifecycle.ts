import type { Logger } from '../core/log.ts';

/**
 * Graceful shutdown on SIGINT/SIGTERM: `stop` runs once (close the server, let running jobs finish, close the
 * database, stop an embedded PostgreSQL). A second signal means "now": exit at once with code 130.
 */
export function onShutdownSignal(log: Logger, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting immediately');
      process.exit(130);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: letting running jobs finish (signal again to stop at once)');
    stop(signal).then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
