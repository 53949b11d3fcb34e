import { Command, CommanderError } from 'commander';
import { AppError, isAppError } from '../core/errors.ts';
import { registerDestinationCommands } from './commands/destination.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerSimulatorCommand } from './commands/simulator.ts';
import { registerSourceCommands } from './commands/source.ts';
import { registerSyncCommand } from './commands/sync.ts';
import { registerTokenCommands } from './commands/token.ts';
import { registerUserCommands } from './commands/user.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { type BaseRuntime, baseRuntime, openRuntime, type Runtime } from './runtime.ts';

export interface CommandContext {
  /** Config and logger, parsed on first use (a bad env var fails here with a one-line reason). */
  base(options?: { quiet?: boolean }): BaseRuntime;
  /** Opens the app database for one command, runs it, and always closes (stopping an embedded server). */
  withRuntime(work: (runtime: Runtime) => Promise<void>): Promise<void>;
}

/** `interrupted` is set when a signal stops a command, so its dying work is not reported as an error. */
export function buildProgram(state: { interrupted: boolean } = { interrupted: false }): Command {
  let base: BaseRuntime | undefined;
  const ctx: CommandContext = {
    base: (options) => {
      base ??= baseRuntime(options);
      return base;
    },
    async withRuntime(work) {
      const runtime = await openRuntime(ctx.base({ quiet: true }));
      // Ctrl-C or SIGTERM mid-command: close the databases (stopping an embedded server, which runs in its own
      // process group and would not see the signal) before exiting. An interrupted sync run is marked failed
      // by the next run of that source.
      const interrupted = (signal: NodeJS.Signals) => {
        state.interrupted = true;
        process.stderr.write(`interrupted (${signal})\n`);
        void runtime.close({ force: true }).finally(() => process.exit(130));
      };
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
      try {
        await work(runtime);
      } finally {
        process.off('SIGINT', interrupted);
        process.off('SIGTERM', interrupted);
        await runtime.close();
      }
    },
  };

  const program = new Command('commcare-utils')
    .description('Keep PostgreSQL databases in step with CommCare HQ projects')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerServeCommand(program, ctx);
  registerWorkerCommand(program, ctx);
  registerMigrateCommand(program, ctx);
  registerUserCommands(program, ctx);
  registerDestinationCommands(program, ctx);
  registerSourceCommands(program, ctx);
  registerTokenCommands(program, ctx);
  registerSyncCommand(program, ctx);
  registerSimulatorCommand(program, {
    // Resolved when the command runs, so `--help` never needs a valid environment.
    get logger() {
      return ctx.base().log;
    },
  });
  return program;
}

/** Runs the CLI; returns the exit code. Errors become one line on stderr, never a stack trace for known ones. */
export async function runCli(argv: string[]): Promise<number> {
  const state = { interrupted: false };
  const program = buildProgram(state);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (state.interrupted) return new Promise<number>(() => undefined); // the signal handler exits with 130
    process.stderr.write(`error: ${describe(error)}\n`);
    if (!isAppError(error) && process.env.LOG_LEVEL === 'debug') console.error(error);
    return 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (error instanceof Error) return `unexpected failure: ${error.message.split('\n')[0]}`;
  return String(error);
}
