import { z } from 'zod';
import { DEFAULT_COMMCARE_URL } from '../config/defaults.ts';
import { AppError } from '../core/errors.ts';
import { isHttpUrl, isPostgresUrl, sameOrigin } from '../core/urls.ts';

/**
 * Input rules shared by the CLI and the web UI. Each failure becomes one AppError('validation') whose message is
 * a single line naming the field, so both front ends can show it as it is.
 */
const MAX_IDENTIFIER_BYTES = 63;

const requiredText = (label: string) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`);

const fieldList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) =>
    [
      ...new Set(
        (Array.isArray(value) ? value : (value ?? '').split(',')).map((f) => f.trim()).filter(Boolean),
      ),
    ].sort(),
  );

export const destinationInput = z.object({
  name: requiredText('Name'),
  projectSpace: requiredText('Project space')
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'Project space must be the short name from the URL, e.g. "my-project"'),
  commcareUrl: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value.replace(/\/+$/, '') : DEFAULT_COMMCARE_URL))
    .refine(isHttpUrl, 'CommCare URL must be an http:// or https:// URL'),
  commcareUsername: requiredText('CommCare username'),
  commcareApiKey: requiredText('CommCare API key'),
  databaseUrl: requiredText('Database URL').refine(
    isPostgresUrl,
    'Database URL must look like postgres://user:password@host:5432/database',
  ),
});
export type DestinationInput = z.output<typeof destinationInput>;

export const sourceInput = z
  .object({
    destinationId: requiredText('Destination'),
    name: requiredText('Name'),
    tableName: requiredText('Table name').refine(
      (name) => Buffer.byteLength(name, 'utf8') <= MAX_IDENTIFIER_BYTES,
      `Table name must be at most ${MAX_IDENTIFIER_BYTES} bytes (PostgreSQL's limit)`,
    ),
    keyColumn: requiredText('Key column'),
    caseType: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined),
    exportUrl: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined)
      .refine(
        (value) => value === undefined || isHttpUrl(value),
        'Export URL must be an http:// or https:// URL',
      ),
    sensitiveFields: fieldList,
    scheduled: z.boolean().default(false),
    cron: z
      .string()
      .trim()
      .optional()
      .transform((value) => value || undefined)
      .refine((value) => value === undefined || /^(\S+\s+){4}\S+$/.test(value), 'Cron must have five fields'),
    hashMode: z.enum(['hmac', 'sha256']).default('hmac'),
    maxDeleteFraction: z.number().gt(0).max(1).default(0.5),
  })
  .refine((source) => source.caseType !== undefined || source.exportUrl !== undefined, {
    message: 'A source needs an export URL (--url) or a case type (--case-type)',
  });
export type SourceInput = z.output<typeof sourceInput>;

/** The API key must never be sent to another server than the destination's CommCare (issue 5). */
export function assertExportUrlOnServer(exportUrl: string, commcareUrl: string): void {
  if (!sameOrigin(exportUrl, commcareUrl)) {
    throw new AppError(
      'validation',
      `Export URL must be on the destination's CommCare server (${new URL(commcareUrl).origin}), so the API key is never sent elsewhere`,
    );
  }
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new AppError('validation', issue.message);
}
