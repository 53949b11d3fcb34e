import { type RowBatch, type SourceRow, SYNC_STAMP_COLUMN } from './types.ts';

/**
 * The writer's one internal row form (design.md §7 feed path, and the Case API / webhook rows converted once):
 * a `RowBatch`, worked on by column index, plus where each source name's values sit in it.
 */
export function isRowBatch(input: readonly SourceRow[] | RowBatch): input is RowBatch {
  return !Array.isArray(input);
}

/**
 * Object rows → a new `RowBatch`: the union of their names in first-seen order, one fresh array per row (the
 * caller's objects are not touched, so the writer may modify the arrays).
 */
export function rowBatchOf(rows: readonly SourceRow[]): RowBatch {
  const indexOf = new Map<string, number>();
  const columns: string[] = [];
  const arrays: (string | null)[][] = new Array(rows.length);
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    const cells: (string | null)[] = [];
    for (const name in row) {
      let index = indexOf.get(name);
      if (index === undefined) {
        index = columns.length;
        indexOf.set(name, index);
        columns.push(name);
      }
      cells[index] = row[name] ?? null;
    }
    arrays[r] = cells;
  }
  return { columns, rows: arrays };
}

/** The source names a batch writes (key first, then the rest in column order) and the column of each. */
export interface SourceOrder {
  sources: string[];
  /** `indexes[j]` is the batch column holding `sources[j]`; -1 when the batch has no such column (the key). */
  indexes: number[];
}

/**
 * Key first, then every other column in order; the sync stamp is the writer's, never the batch's. A name given
 * twice is written once, from its later column, unless the earlier one is in `winners` (a hashed column wins
 * over a column that merely came with the same name, as it does for object rows).
 */
export function sourceOrderOf(
  keyColumn: string,
  columns: readonly string[],
  winners: ReadonlySet<number> = new Set(),
  /** Per column: does any row have it (see `columnsPresent`)? Absent columns are not written. */
  present?: readonly boolean[],
): SourceOrder {
  const columnOf = new Map<string, number>();
  for (let i = 0; i < columns.length; i += 1) {
    if (present && !present[i]) continue;
    const name = columns[i]!;
    const earlier = columnOf.get(name);
    if (earlier === undefined || !winners.has(earlier)) columnOf.set(name, i);
  }
  columnOf.delete(SYNC_STAMP_COLUMN);
  const sources = [keyColumn];
  const indexes = [columnOf.get(keyColumn) ?? -1];
  for (const [name, index] of columnOf) {
    if (name === keyColumn) continue;
    sources.push(name);
    indexes.push(index);
  }
  // Map iteration follows first insertion; a later duplicate keeps its name's first position, as objects do.
  return { sources, indexes };
}

/**
 * Per column: whether at least one of `rows` has a cell for it (NULL counts; only a missing/`undefined` cell is
 * absent). A column that only dropped rows (keyless, or an earlier duplicate) had is then not written at all,
 * as with object rows, rather than written as NULL over stored values. Stops at the first cell found, so a
 * feed batch (every row has every column) costs one look per column.
 */
export function columnsPresent(
  width: number,
  rows: readonly (readonly (string | null | undefined)[])[],
): boolean[] {
  const present = new Array<boolean>(width).fill(false);
  let missing = width;
  for (let r = 0; r < rows.length && missing > 0; r += 1) {
    const row = rows[r]!;
    for (let i = 0; i < width; i += 1) {
      if (!present[i] && row[i] !== undefined) {
        present[i] = true;
        missing -= 1;
      }
    }
  }
  return present;
}
