import type { SourceRow } from '../schema/types.ts';

/**
 * What the writer does to rows before planning: strip NUL characters (PostgreSQL text cannot hold them; the
 * count is reported), drop rows without a key (counted as skipped), and keep the LAST row of each key, since
 * `INSERT … ON CONFLICT` cannot touch one row twice and a later row in a feed is the newer state.
 */
export interface PreparedRows {
  rows: SourceRow[];
  skippedWithoutKey: number;
  duplicates: number;
  strippedNul: number;
}

export function prepareRows(input: readonly SourceRow[], keyColumn: string): PreparedRows {
  const byKey = new Map<string, SourceRow>();
  let skippedWithoutKey = 0;
  let strippedNul = 0;
  for (const original of input) {
    let row = original;
    for (const name in original) {
      const value = original[name];
      if (typeof value === 'string' && value.includes('\u0000')) {
        if (row === original) row = { ...original };
        row[name] = value.replaceAll('\u0000', '');
        strippedNul += 1;
      }
    }
    const key = row[keyColumn];
    if (key === null || key === undefined || key === '') {
      skippedWithoutKey += 1;
      continue;
    }
    if (byKey.has(key)) byKey.delete(key); // re-insert so the map's order is the order of last appearance
    byKey.set(key, row);
  }
  return {
    rows: [...byKey.values()],
    skippedWithoutKey,
    duplicates: input.length - skippedWithoutKey - byKey.size,
    strippedNul,
  };
}
