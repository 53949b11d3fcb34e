import type { Command } from 'commander';
import type { Logger } from '../../core/log.ts';
import { startSimulator } from '../../simulator/index.ts';

export interface SimulatorCommandDeps {
  logger: Logger;
  /** Where the connection details go (stdout by default). */
  print?: (line: string) => void;
}

const integer = (value: string) => {
  const parsed = Number.parseInt(value, 10);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`"${value}" is not a non-negative integer`);
  return parsed;
};

/**
 * `simulator [--port N] [--seed S] [--cases N] [--domain D] …`: runs the CommCare HQ simulator in the
 * foreground until SIGINT/SIGTERM and prints what to configure a destination with.
 */
export function registerSimulatorCommand(program: Command, deps: SimulatorCommandDeps): Command {
  return program
    .command('simulator')
    .description('run a CommCare HQ simulator (API, export feeds, faults, data forwarding) on 127.0.0.1')
    .option('--port <n>', 'port to listen on (0 = any free port)', integer, 8001)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <n>', 'seed of the generated data', integer, 1)
    .option('--cases <n>', 'cases generated at start', integer, 1000)
    .option('--domain <domain>', 'project space', 'demo')
    .option('--username <email>', 'web user the API key belongs to', 'admin@example.com')
    .option('--api-key <key>', 'API key to accept', 'sim-api-key')
    .option(
      '--forward-to <url>',
      'also run a Data Forwarding sender to this URL (see POST /_simulator/forward)',
    )
    .option('--forward-auth <header>', '"API Key" auth: the whole Authorization header to send')
    .option('--forward-format <format>', 'xml (HQ default) or json', 'xml')
    .option('--auto-forward', 'forward every case changed through the admin endpoint')
    .action(async (options: Record<string, string | number | boolean | undefined>) => {
      const print = deps.print ?? ((line: string) => process.stdout.write(`${line}\n`));
      const format = options.forwardFormat === 'json' ? 'json' : 'xml';
      const sim = await startSimulator({
        port: options.port as number,
        host: options.host as string,
        seed: options.seed as number,
        cases: options.cases as number,
        domain: options.domain as string,
        username: options.username as string,
        apiKey: options.apiKey as string,
        logger: deps.logger,
        forwarder: options.forwardTo
          ? {
              url: String(options.forwardTo),
              authorization: options.forwardAuth === undefined ? undefined : String(options.forwardAuth),
              caseFormat: format,
              formFormat: format,
              autoForwardCases: options.autoForward === true,
            }
          : undefined,
      });
      print(`CommCare simulator listening on ${sim.url}`);
      print(`  server URL:    ${sim.url}`);
      print(`  project space: ${sim.domain}`);
      print(`  username:      ${sim.username}`);
      print(`  API key:       ${sim.apiKey}`);
      for (const feed of sim.feeds) print(`  feed (${feed.caseType}): ${feed.url}`);
      print(`  admin:         ${sim.url}/_simulator/state`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await sim.close();
    });
}
