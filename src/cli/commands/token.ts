import type { Command } from 'commander';
import { printLine } from '../output.ts';
import type { CommandContext } from '../program.ts';

export function registerTokenCommands(program: Command, ctx: CommandContext): void {
  const token = program.command('token').description('webhook tokens for CommCare Data Forwarding');
  token
    .command('create')
    .argument('<destination-id>', 'destination the token posts into')
    .description('create a webhook token; prints it (the only time it is shown)')
    .action((destinationId: string) =>
      ctx.withRuntime(async ({ repos, config }) => {
        const destination = await repos.destinations.get(destinationId);
        const { token: value } = await repos.tokens.create(destination.id);
        process.stderr.write(
          `Token for "${destination.name}". Store it now: it is kept only as a digest and cannot be shown again.\n` +
            `In CommCare Data Forwarding use URL ${config.appUrl}/api/forwarding with "API Key" auth set to "Bearer <token>".\n`,
        );
        printLine(value);
      }),
    );
}
