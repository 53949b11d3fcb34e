import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths whose values are never logged, wherever they appear in a log object. Secrets must also never be put
 * into messages; this is the second line of defence.
 */
export const REDACTED_PATHS = [
  'apiKey',
  'commcareApiKey',
  'databaseUrl',
  'password',
  'token',
  'secret',
  'hashingSecret',
  'authorization',
  '*.apiKey',
  '*.commcareApiKey',
  '*.databaseUrl',
  '*.password',
  '*.token',
  '*.secret',
  '*.hashingSecret',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
];

/**
 * Logs go to stderr, so a command's output on stdout stays clean for scripts (`add` commands print ids there).
 * Pretty for people at a terminal, JSON otherwise.
 */
export function createLogger(
  level: string,
  options: { pretty?: boolean; destination?: pino.DestinationStream } = {},
) {
  const base = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (options.pretty ?? process.stderr.isTTY) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: { colorize: true, ignore: 'pid,hostname', destination: 2 },
      },
    });
  }
  return pino(base, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
