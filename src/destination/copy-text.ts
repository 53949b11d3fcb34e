import type { BatchProfiler } from '../schema/profile.ts';
import type { BatchRow } from './prepare-rows.ts';

/**
 * Rows → PostgreSQL COPY text format: columns separated by tab, rows by newline, NULL as `\N`, and a backslash,
 * tab, newline or carriage return inside a value escaped with a backslash. NUL cannot be stored in a text
 * value at all, so it is removed here (the one place every value passes) and counted in `stats.strippedNul`.
 * This runs for every value of every batch (6.4 million per 200,000 × 32), so the common case (nothing to
 * escape) is one scan of char codes with no regex, no closure and no new string.
 */
export interface CopyStats {
  /** Values from which NUL characters were removed. */
  strippedNul: number;
}

const BACKSLASH = 92;
const TAB = 9;
const NEWLINE = 10;
const RETURN = 13;
const NUL = 0;

/** Index of the first character COPY text must escape (or drop), or -1. */
function firstSpecial(value: string): number {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    // One compare for almost every character: the specials are all ≤ 13 or exactly 92.
    if (code > RETURN && code !== BACKSLASH) continue;
    if (code === BACKSLASH || code === TAB || code === NEWLINE || code === RETURN || code === NUL) return i;
  }
  return -1;
}

export function copyTextValue(value: string | null, stats?: CopyStats): string {
  if (value === null) return '\\N';
  const first = firstSpecial(value);
  return first < 0 ? value : escapeFrom(value, first, stats);
}

/** The slow path, from the first special character on: slices of plain text joined with their escapes. */
function escapeFrom(value: string, first: number, stats: CopyStats | undefined): string {
  let out = value.slice(0, first);
  let plainFrom = first;
  let strippedNul = false;
  for (let i = first; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    let replacement: string;
    if (code === BACKSLASH) replacement = '\\\\';
    else if (code === TAB) replacement = '\\t';
    else if (code === NEWLINE) replacement = '\\n';
    else if (code === RETURN) replacement = '\\r';
    else if (code === NUL) {
      replacement = '';
      strippedNul = true;
    } else continue;
    out += value.slice(plainFrom, i) + replacement;
    plainFrom = i + 1;
  }
  if (strippedNul && stats) stats.strippedNul += 1;
  return out + value.slice(plainFrom);
}

/** COPY data in chunks of about `chunkChars`, so a 200,000-row batch never becomes one giant string. */
export function* copyTextChunks(
  rows: Iterable<readonly (string | null)[]>,
  stats?: CopyStats,
  chunkChars = 1 << 20,
): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i += 1) {
      line += (i === 0 ? '' : '\t') + copyTextValue(row[i] ?? null, stats);
    }
    chunk += `${line}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

export interface RowEncoding {
  /** Sees every value (column position in the written order) as it is encoded: the batch's type profile. */
  profiler?: BatchProfiler;
  /** Per written column: write '' as NULL (typed columns: '' has no typed form). */
  emptyAsNull?: readonly boolean[];
  /** An already-encoded last column appended to every line (the sync stamp). */
  trailer?: string;
}

/**
 * The writer's hot loop (200,000 rows × 32 columns per bench run): row arrays → COPY text, writing column
 * `indexes[j]` of each row as the j-th column (-1: a column the batch does not have, NULL), and feeding the
 * profiler in the same pass.
 */
export function* copyTextFromBatch(
  rows: readonly BatchRow[],
  indexes: readonly number[],
  encoding: RowEncoding = {},
  stats?: CopyStats,
  chunkChars = 1 << 20,
): Generator<string> {
  const { profiler, emptyAsNull, trailer } = encoding;
  const width = indexes.length;
  const suffix = trailer === undefined ? '\n' : `\t${copyTextValue(trailer)}\n`;
  let chunk = '';
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    let line = '';
    for (let j = 0; j < width; j += 1) {
      const index = indexes[j]!;
      let value = index < 0 ? null : (row[index] ?? null);
      if (profiler !== undefined) profiler.observe(j, value);
      if (value === '' && emptyAsNull !== undefined && emptyAsNull[j]) value = null;
      if (j > 0) line += '\t';
      line += value === null ? '\\N' : copyTextValue(value, stats);
    }
    chunk += line + suffix;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
