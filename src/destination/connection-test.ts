import type pg from 'pg';
import { AppError } from '../core/errors.ts';
import { redactUrl } from '../core/urls.ts';

/**
 * Connects and runs one query. Failure is ONE line naming the database without its password and saying why
 * (refused, unknown host, wrong password, missing database, TLS required…), for the UI and the CLI.
 */
export async function testConnection(pool: pg.Pool, url: string): Promise<{ serverVersion: string }> {
  try {
    const { rows } = await pool.query<{ version: string }>(
      "SELECT current_setting('server_version') AS version",
    );
    return { serverVersion: rows[0]?.version ?? 'unknown' };
  } catch (error) {
    const reason = describe(error);
    throw new AppError('connection', `Cannot connect to ${redactUrl(url)}: ${reason}`, {
      retryable: isTransient(error),
    });
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  // A URL in the message (some drivers echo it) must not leak a password.
  const oneLine = message
    .split('\n')[0]!
    .replace(/postgres(?:ql)?:\/\/\S+/gi, (url) => redactUrl(url))
    .trim();
  if (code === 'ECONNREFUSED') return `connection refused (${oneLine})`;
  if (code === 'ENOTFOUND') return 'unknown host';
  if (code === 'ETIMEDOUT') return 'connection timed out';
  if (code === '28P01') return 'password authentication failed';
  if (code === '3D000') return oneLine || 'database does not exist';
  return oneLine || String(code ?? 'unknown error');
}

function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === '57P03' || code === '53300';
}
