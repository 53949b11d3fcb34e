/**
 * Column types of destination tables and the widening lattice of design.md §6:
 * `bigint ⊂ numeric ⊂ text`, `date ⊂ timestamp ⊂ text`, `boolean ⊂ text`. Two types join to the narrowest
 * type that holds both; anything that is not on one chain joins to `text`, which holds every value.
 */
export type ColumnType = 'bigint' | 'numeric' | 'date' | 'timestamp' | 'boolean' | 'text';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'bigint',
  'numeric',
  'date',
  'timestamp',
  'boolean',
  'text',
];

/** A row as it flows through the pipeline: keyed by SOURCE names (feed headers, case property names). */
export type SourceRow = Record<string, string | null>;

/**
 * A batch in column-array form (the feed path): the source names once, then each row as an array aligned with
 * `columns`. A missing or `undefined` cell is absent, `null` is NULL; both are written as NULL. Cheaper than
 * `SourceRow`s by far: no 32-property object per row, no key lookups per value. A writer that takes a
 * `RowBatch` owns its arrays from then on (see `TableWriter.writeBatch`).
 */
export interface RowBatch {
  columns: readonly string[];
  rows: (string | null)[][];
}

/** The column every writer stamps with the time the row was last written. */
export const SYNC_STAMP_COLUMN = '_last_commcare_sync';

const CHAINS: readonly (readonly ColumnType[])[] = [
  ['bigint', 'numeric', 'text'],
  ['date', 'timestamp', 'text'],
  ['boolean', 'text'],
];

/** The narrowest type that holds every value of both `a` and `b`; `null` stands for "no value seen yet". */
export function joinTypes(a: ColumnType | null, b: ColumnType | null): ColumnType | null {
  if (a === null) return b;
  if (b === null || a === b) return a;
  for (const chain of CHAINS) {
    const ia = chain.indexOf(a);
    const ib = chain.indexOf(b);
    if (ia >= 0 && ib >= 0) return chain[Math.max(ia, ib)] ?? 'text';
  }
  return 'text';
}

/** True when every value of `narrow` is also a value of `wide` (so `narrow` can be widened in place). */
export function isWithin(narrow: ColumnType, wide: ColumnType): boolean {
  return joinTypes(narrow, wide) === wide;
}

export function isColumnType(value: string): value is ColumnType {
  return (COLUMN_TYPES as readonly string[]).includes(value);
}
