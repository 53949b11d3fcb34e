import { z } from 'zod';

const cronExpression = z
  .string()
  .trim()
  .regex(/^(\S+\s+){4}\S+$/, 'must be a five-field cron expression such as "0 0 * * *"');

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field.length > 0),
);

/** Every environment variable the product reads. Documented in `.env.example` and the README. */
export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), {
      message: 'must be a postgres:// or postgresql:// URL',
    }),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  SECRET_KEY: z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || value.length >= 32, {
      message: 'must be at least 32 characters (try: openssl rand -base64 48)',
    }),
  APP_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : undefined))
    .refine((value) => value === undefined || /^smtps?:\/\//.test(value), {
      message: 'must be an smtp:// or smtps:// URL',
    }),
  MAIL_FROM: z.string().trim().min(3).default('commcare-utils <no-reply@localhost>'),
  DEFAULT_SENSITIVE_FIELDS: commaList.default([]),
  SYNC_CRON: cronExpression.default('0 0 * * *'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

export type Env = z.infer<typeof envSchema>;
