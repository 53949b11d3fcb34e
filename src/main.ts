import { runCli } from './cli/program.ts';

// One-shot commands end here; long-running ones (serve, worker, simulator) never return from runCli and exit
// through their shutdown handlers. Exiting explicitly means no stray handle can keep a finished command alive.
process.exit(await runCli(process.argv));
