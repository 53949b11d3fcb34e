/**
 * What the writer does to a batch's rows before planning: drop rows without a key (counted as skipped) and
 * keep the LAST row of each key, since `INSERT … ON CONFLICT` cannot touch one row twice and a later row in a
 * feed is the newer state. NUL characters are removed from keys here, in place (the writer owns the row
 * arrays; two keys differing only by NUL are one row); from other values by the COPY encoder, which counts
 * them.
 */
export type BatchRow = (string | null | undefined)[];

export interface PreparedRows {
  rows: BatchRow[];
  skippedWithoutKey: number;
  duplicates: number;
  /** Keys from which NUL characters were removed. */
  strippedNul: number;
}

/** `keyIndex`: the column of the key in each row array; -1 when the batch has no key column at all. */
export function prepareRows(input: BatchRow[], keyIndex: number): PreparedRows {
  if (keyIndex < 0) return { rows: [], skippedWithoutKey: input.length, duplicates: 0, strippedNul: 0 };
  const byKey = new Map<string, BatchRow>();
  let skippedWithoutKey = 0;
  let strippedNul = 0;
  for (let r = 0; r < input.length; r += 1) {
    const row = input[r]!;
    let key = row[keyIndex];
    if (key === null || key === undefined || key === '') {
      skippedWithoutKey += 1;
      continue;
    }
    if (key.includes('\u0000')) {
      key = key.replaceAll('\u0000', '');
      row[keyIndex] = key;
      strippedNul += 1;
      if (key === '') {
        skippedWithoutKey += 1;
        continue;
      }
    }
    byKey.set(key, row);
  }
  return {
    // Nothing dropped: hand the input on without copying 200,000 references.
    rows: byKey.size === input.length ? input : [...byKey.values()],
    skippedWithoutKey,
    duplicates: input.length - skippedWithoutKey - byKey.size,
    strippedNul,
  };
}
