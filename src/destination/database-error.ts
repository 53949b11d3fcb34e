import { AppError } from '../core/errors.ts';

/**
 * PostgreSQL errors → AppError without the server's message or detail: those can quote a value
 * ("invalid input syntax for type bigint: …", "Key (id)=(…) already exists"), and messages reach logs and the
 * UI. What stays is the SQLSTATE, what we were doing and on which table, and whether retrying can help.
 * The original error is deliberately not attached as `cause` (log serializers print causes).
 */
const RETRYABLE_STATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '53400', // configuration_limit_exceeded
]);

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
]);

export function databaseError(thrown: unknown, action: string, table?: string): AppError {
  if (thrown instanceof AppError) return thrown;
  const code =
    typeof thrown === 'object' && thrown !== null ? (thrown as { code?: unknown }).code : undefined;
  const state = typeof code === 'string' ? code : undefined;
  const where = table ? ` on table "${table}"` : '';
  if (state && (CONNECTION_CODES.has(state) || state.startsWith('08'))) {
    return new AppError(
      'connection',
      `Lost the connection to the destination database while ${action}${where}`,
      {
        retryable: true,
        details: { sqlState: state },
      },
    );
  }
  const name = thrown instanceof Error && !state ? `: ${thrown.message.split('\n')[0]}` : '';
  return new AppError(
    'database',
    `The destination database failed while ${action}${where}${state ? ` (SQLSTATE ${state})` : name}`,
    { retryable: state !== undefined && RETRYABLE_STATES.has(state), details: { sqlState: state } },
  );
}
