import type { SourceRow } from '../schema/types.ts';

/**
 * What the writer does to rows before planning: drop rows without a key (counted as skipped) and keep the
 * LAST row of each key, since `INSERT … ON CONFLICT` cannot touch one row twice and a later row in a feed is
 * the newer state. NUL characters are removed from keys here (two keys differing only by NUL are one row);
 * from other values by the COPY encoder, which counts them.
 */
export interface PreparedRows {
  rows: SourceRow[];
  skippedWithoutKey: number;
  duplicates: number;
  /** Keys from which NUL characters were removed. */
  strippedNul: number;
}

export function prepareRows(input: readonly SourceRow[], keyColumn: string): PreparedRows {
  const byKey = new Map<string, SourceRow>();
  let skippedWithoutKey = 0;
  let strippedNul = 0;
  for (const original of input) {
    let key = original[keyColumn];
    if (key === null || key === undefined || key === '') {
      skippedWithoutKey += 1;
      continue;
    }
    let row = original;
    if (key.includes('\u0000')) {
      key = key.replaceAll('\u0000', '');
      row = { ...original, [keyColumn]: key };
      strippedNul += 1;
      if (key === '') {
        skippedWithoutKey += 1;
        continue;
      }
    }
    byKey.set(key, row);
  }
  return {
    // Nothing dropped or rewritten: hand the input on without copying 200,000 references.
    rows: byKey.size === input.length && strippedNul === 0 ? (input as SourceRow[]) : [...byKey.values()],
    skippedWithoutKey,
    duplicates: input.length - skippedWithoutKey - byKey.size,
    strippedNul,
  };
}
