/**
 * The one error type of the product. `code` is stable and machine-readable; `retryable` tells the job layer
 * whether trying again later can help (a 503 from CommCare can, a wrong API key cannot).
 * Messages must never contain secrets or raw sensitive values: they end up in logs, the UI and sync runs.
 */
export type ErrorCode =
  | 'config_invalid'
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'rate_limited'
  | 'upstream_unavailable'
  | 'upstream_protocol'
  | 'timeout'
  | 'connection'
  | 'database'
  | 'mass_delete'
  | 'internal';

export interface AppErrorOptions {
  retryable?: boolean;
  cause?: unknown;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Turns anything thrown into an Error without losing the original as `cause`. */
export function coerceError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  return new Error(typeof thrown === 'string' ? thrown : JSON.stringify(thrown), { cause: thrown });
}

export function validationError(message: string, details?: Record<string, unknown>): AppError {
  return new AppError('validation', message, { details });
}
