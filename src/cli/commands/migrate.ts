import type { Command } from 'commander';
import { printLine } from '../output.ts';
import type { CommandContext } from '../program.ts';

export function registerMigrateCommand(program: Command, ctx: CommandContext): void {
  program
    .command('migrate')
    .description('apply pending migrations to the app database (serve and every command also do this)')
    .action(() =>
      ctx.withRuntime(async (runtime) => {
        const { applied } = runtime.appDb;
        printLine(applied.length === 0 ? 'app database is up to date' : `applied: ${applied.join(', ')}`);
      }),
    );
}
