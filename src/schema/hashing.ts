import { hmacSha256Hex, sha256Hex } from '../core/crypto.ts';
import { AppError } from '../core/errors.ts';
import type { RowBatch, SourceRow } from './types.ts';

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

/** Resolves, once per name, whether a source name is one of the sensitive fields (exactly, else ignoring case). */
function sensitiveMatcher(options: SensitiveOptions): (name: string) => boolean {
  // Fail early (before any row is touched) when the secret is missing.
  if ((options.mode ?? 'hmac') === 'hmac' && !options.secret) hashSensitiveValue('', options);
  const exact = new Set(options.fields);
  const lower = new Set(options.fields.map((field) => field.toLowerCase()));
  const decisions = new Map<string, boolean>();
  return (name) => {
    let decision = decisions.get(name);
    if (decision === undefined) {
      decision = exact.has(name) || lower.has(name.toLowerCase());
      decisions.set(name, decision);
    }
    return decision;
  };
}

/** A function that protects rows; built once per writer so field matching is resolved once per name. */
export function createRowProtector(options: SensitiveOptions): (row: SourceRow) => SourceRow {
  if (options.fields.length === 0) return (row) => row;
  const isSensitive = sensitiveMatcher(options);
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

export interface ProtectedBatch {
  batch: RowBatch;
  /** Columns that now hold digests: they win over a column that came with the same `… *sensitive*` name. */
  hashed: ReadonlySet<number>;
}

/**
 * The `RowBatch` form: each sensitive column is renamed to `<field> *sensitive*` and its values are replaced by
 * their digests IN PLACE (the caller handed the arrays over), so no copy of the batch holds a raw value.
 */
export function createBatchProtector(options: SensitiveOptions): (batch: RowBatch) => ProtectedBatch {
  const none = new Set<number>();
  if (options.fields.length === 0) return (batch) => ({ batch, hashed: none });
  const isSensitive = sensitiveMatcher(options);
  return (batch) => {
    const hashed = new Set<number>();
    batch.columns.forEach((name, index) => {
      if (isSensitive(name)) hashed.add(index);
    });
    if (hashed.size === 0) return { batch, hashed };
    const indexes = [...hashed];
    for (const row of batch.rows) {
      for (const index of indexes) {
        const value = row[index];
        if (value !== undefined && value !== null) row[index] = hashSensitiveValue(value, options);
      }
    }
    const columns = batch.columns.map((name, index) =>
      hashed.has(index) ? sensitiveColumnName(name) : name,
    );
    return { batch: { columns, rows: batch.rows }, hashed };
  };
}

export function protectRows(rows: readonly SourceRow[], options: SensitiveOptions): SourceRow[] {
  const protect = createRowProtector(options);
  return rows.map(protect);
}
