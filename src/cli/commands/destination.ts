import type { Command } from 'commander';
import { DEFAULT_COMMCARE_URL } from '../../config/defaults.ts';
import { printJson, printLine, printTable } from '../output.ts';
import type { CommandContext } from '../program.ts';

interface AddOptions {
  name: string;
  project: string;
  databaseUrl: string;
  commcareUsername: string;
  commcareApiKey: string;
  commcareUrl?: string;
}

export function registerDestinationCommands(program: Command, ctx: CommandContext): void {
  const destination = program
    .command('destination')
    .description('a CommCare project space and the PostgreSQL database it syncs into');

  destination
    .command('add')
    .description('add a destination; prints the new id')
    .requiredOption('--name <name>', 'a name to know it by')
    .requiredOption('--project <domain>', 'CommCare project space (the name in /a/<domain>/ URLs)')
    .requiredOption('--database-url <url>', 'PostgreSQL URL the data is written to')
    .requiredOption('--commcare-username <user>', 'CommCare web user the API key belongs to')
    .requiredOption('--commcare-api-key <key>', 'CommCare API key (stored encrypted)')
    .option('--commcare-url <base>', 'CommCare server', DEFAULT_COMMCARE_URL)
    .action((options: AddOptions) =>
      ctx.withRuntime(async ({ repos }) => {
        const added = await repos.destinations.create({
          name: options.name,
          projectSpace: options.project,
          databaseUrl: options.databaseUrl,
          commcareUsername: options.commcareUsername,
          commcareApiKey: options.commcareApiKey,
          commcareUrl: options.commcareUrl,
        });
        printLine(`added destination "${added.name}" (${added.projectSpace} on ${added.commcareUrl})`);
        printLine(added.id);
      }),
    );

  destination
    .command('list')
    .description('list destinations (never shows secrets)')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      ctx.withRuntime(async ({ repos }) => {
        const destinations = await repos.destinations.list();
        if (options.json) return printJson(destinations);
        printTable(
          destinations.map((d) => ({
            id: d.id,
            name: d.name,
            project: d.projectSpace,
            commcare: d.commcareUrl,
            username: d.commcareUsername,
          })),
        );
      }),
    );
}
