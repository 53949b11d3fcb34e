import type { Command } from 'commander';
import { printLine } from '../output.ts';
import type { CommandContext } from '../program.ts';

export function registerUserCommands(program: Command, ctx: CommandContext): void {
  const user = program.command('user').description('people who may log in to the web UI');
  user
    .command('add')
    .argument('<email>', 'email address that receives login links')
    .description('allow an email address to log in; prints the new id')
    .action((email: string) =>
      ctx.withRuntime(async ({ repos }) => {
        const added = await repos.users.add(email);
        printLine(`added user ${added.email}`);
        printLine(added.id);
      }),
    );
}
