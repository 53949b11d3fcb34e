import type { Command } from 'commander';
import { sourceKind } from '../../db/repositories/sources.ts';
import { printJson, printLine, printTable } from '../output.ts';
import type { CommandContext } from '../program.ts';

interface AddOptions {
  destination: string;
  name: string;
  table: string;
  keyColumn: string;
  url?: string;
  caseType?: string;
  sensitiveFields?: string;
  scheduled?: boolean;
  cron?: string;
  hashMode?: string;
  maxDeleteFraction?: string;
}

export function registerSourceCommands(program: Command, ctx: CommandContext): void {
  const source = program.command('source').description('what to sync into a destination table');

  source
    .command('add')
    .description(
      'add a source (an export feed URL, or a case type read through the Case API); prints the new id',
    )
    .requiredOption('--destination <id>', 'destination id')
    .requiredOption('--name <name>', 'a name, unique within the destination')
    .requiredOption('--table <table>', 'PostgreSQL table to write (at most 63 bytes)')
    .requiredOption('--key-column <column>', 'column that identifies a row, e.g. caseid')
    .option('--url <export-url>', "Excel-dashboard export feed URL on the destination's CommCare server")
    .option('--case-type <type>', 'case type (Case API sync, and webhooks of this type)')
    .option('--sensitive-fields <a,b>', 'fields to store only as keyed hashes')
    .option('--scheduled', 'include in the scheduled (daily) sync')
    .option('--cron <expression>', 'own schedule for this source (five fields, UTC)')
    .option('--hash-mode <mode>', 'hmac (default) or sha256 (unkeyed, matches tables of the old Rails app)')
    .option(
      '--max-delete-fraction <share>',
      'largest share of the table one feed sync may delete (default 0.5)',
    )
    .action((options: AddOptions) =>
      ctx.withRuntime(async ({ repos, config }) => {
        const added = await repos.sources.create({
          destinationId: options.destination,
          name: options.name,
          tableName: options.table,
          keyColumn: options.keyColumn,
          exportUrl: options.url,
          caseType: options.caseType,
          sensitiveFields: options.sensitiveFields ?? config.defaultSensitiveFields.join(','),
          scheduled: options.scheduled ?? false,
          cron: options.cron,
          hashMode: options.hashMode,
          maxDeleteFraction:
            options.maxDeleteFraction === undefined ? undefined : Number(options.maxDeleteFraction),
        });
        printLine(
          `added ${sourceKind(added) === 'feed' ? 'feed' : 'case API'} source "${added.name}" → ${added.tableName}`,
        );
        printLine(added.id);
      }),
    );

  source
    .command('list')
    .description('list sources')
    .option('--destination <id>', "only this destination's sources")
    .option('--json', 'print JSON')
    .action((options: { destination?: string; json?: boolean }) =>
      ctx.withRuntime(async ({ repos }) => {
        const sources = await repos.sources.list(options.destination);
        if (options.json) return printJson(sources.map((s) => ({ ...s, kind: sourceKind(s) })));
        printTable(
          sources.map((s) => ({
            id: s.id,
            name: s.name,
            kind: sourceKind(s),
            table: s.tableName,
            key: s.keyColumn,
            case_type: s.caseType ?? '',
            scheduled: s.scheduled ? (s.cron ?? 'yes') : 'no',
          })),
        );
      }),
    );
}
