import { AppError } from '../core/errors.ts';
import { envSchema } from './schema.ts';

export interface Config {
  /** App database; undefined means "start the embedded PostgreSQL under dataDir". */
  readonly databaseUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Undefined only until `resolveSecretKey` has run (development fallback). */
  readonly secretKey: string | undefined;
  readonly appUrl: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly defaultSensitiveFields: readonly string[];
  readonly syncCron: string;
  readonly logLevel: string;
  readonly production: boolean;
}

/**
 * The only place that reads `process.env`. Throws an AppError('config_invalid') whose message is one line
 * naming the variable and the problem, so start-up can print it and exit.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('config_invalid', `Invalid configuration: ${issue.path.join('.')} ${issue.message}`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && !e.SECRET_KEY) {
    throw new AppError(
      'config_invalid',
      'Invalid configuration: SECRET_KEY is required when NODE_ENV=production',
    );
  }
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    secretKey: e.SECRET_KEY,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    defaultSensitiveFields: Object.freeze([...e.DEFAULT_SENSITIVE_FIELDS]),
    syncCron: e.SYNC_CRON,
    logLevel: e.LOG_LEVEL,
    production: e.NODE_ENV === 'production',
  });
}

export function withOverrides(config: Config, overrides: Partial<Config>): Config {
  return Object.freeze({ ...config, ...overrides });
}
