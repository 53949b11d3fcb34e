import { hmacSha256Hex, sha256Hex } from '../core/crypto.ts';
import { AppError } from '../core/errors.ts';
import type { SourceRow } from './types.ts';

/**
 * Sensitive fields (design.md §6): the raw value is replaced by a 15-hex-character digest in the column
 * `<field> *sensitive*`, and the raw field is removed from the row, so it can never reach the destination.
 * `hmac` (the default) keys the digest with the destination's hashing secret, so a guessable value (a phone
 * number) cannot be found by hashing candidates. `sha256` is the seed's unkeyed digest, only for continuity
 * with tables the seed wrote.
 */
export type HashMode = 'hmac' | 'sha256';

export interface SensitiveOptions {
  /** Source names of the sensitive fields; matched exactly, else case-insensitively. */
  fields: readonly string[];
  mode?: HashMode;
  /** Required for `hmac`. */
  secret?: string;
}

export const HASH_LENGTH = 15;

export function sensitiveColumnName(field: string): string {
  return `${field} *sensitive*`;
}

export function hashSensitiveValue(
  value: string,
  options: Pick<SensitiveOptions, 'mode' | 'secret'>,
): string {
  const mode = options.mode ?? 'hmac';
  if (mode === 'sha256') return sha256Hex(value).slice(0, HASH_LENGTH);
  if (!options.secret) {
    throw new AppError('validation', 'A hashing secret is required to protect sensitive fields');
  }
  return hmacSha256Hex(options.secret, value).slice(0, HASH_LENGTH);
}

/** A function that protects rows; built once per batch so field matching is resolved once per name. */
export function createRowProtector(options: SensitiveOptions): (row: SourceRow) => SourceRow {
  if (options.fields.length === 0) return (row) => row;
  // Fail early (before any row is touched) when the secret is missing.
  if ((options.mode ?? 'hmac') === 'hmac' && !options.secret) hashSensitiveValue('', options);
  const exact = new Set(options.fields);
  const lower = new Set(options.fields.map((field) => field.toLowerCase()));
  const decisions = new Map<string, boolean>();
  const isSensitive = (name: string): boolean => {
    let decision = decisions.get(name);
    if (decision === undefined) {
      decision = exact.has(name) || lower.has(name.toLowerCase());
      decisions.set(name, decision);
    }
    return decision;
  };
  return (row) => {
    let out: SourceRow | null = null;
    for (const name in row) {
      if (!isSensitive(name)) continue;
      out ??= { ...row };
      const value = row[name] ?? null;
      delete out[name];
      out[sensitiveColumnName(name)] = value === null ? null : hashSensitiveValue(value, options);
    }
    return out ?? row;
  };
}

export function protectRows(rows: readonly SourceRow[], options: SensitiveOptions): SourceRow[] {
  const protect = createRowProtector(options);
  return rows.map(protect);
}
