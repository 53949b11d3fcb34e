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

export function createLogger(
  level: string,
  options: { pretty?: boolean; destination?: pino.DestinationStream } = {},
) {
  const pretty = options.pretty ?? process.stdout.isTTY;
  const base = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({
      ...base,
      transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } },
    });
  }
  return pino(base);
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
