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

export function buildProgram(): Command {
  let base: BaseRuntime | undefined;
  const ctx: CommandContext = {
    base: (options) => {
      base ??= baseRuntime(options);
      return base;
    },
    async withRuntime(work) {
      const runtime = await openRuntime(ctx.base({ quiet: true }));
      try {
        await work(runtime);
      } finally {
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
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
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
