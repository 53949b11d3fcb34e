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

/**
 * COPY data in chunks of about `chunkChars`, so a batch never becomes one giant string. Small chunks (64 Ki
 * characters) die young; each line is one `join` of its encoded values, and each chunk one `join` of its lines:
 * flat strings of exactly the bytes sent, where `+=` would leave a tree of cons strings per line to flatten.
 */
export const COPY_CHUNK_CHARS = 1 << 16;

export function* copyTextChunks(
  rows: Iterable<readonly (string | null)[]>,
  stats?: CopyStats,
  chunkChars = COPY_CHUNK_CHARS,
): Generator<string> {
  const chunk = new ChunkBuilder(chunkChars);
  const line: string[] = [];
  for (const row of rows) {
    line.length = row.length;
    for (let i = 0; i < row.length; i += 1) line[i] = copyTextValue(row[i] ?? null, stats);
    const full = chunk.add(line.join('\t'));
    if (full !== null) yield full;
  }
  const rest = chunk.end();
  if (rest !== null) yield rest;
}

/** Lines → newline-terminated chunks of about `chunkChars`. */
class ChunkBuilder {
  private lines: string[] = [];
  private size = 0;

  constructor(private readonly chunkChars: number) {}

  /** Adds a line (without its newline); returns a full chunk when this line completed one. */
  add(line: string): string | null {
    this.lines.push(line);
    this.size += line.length + 1;
    return this.size >= this.chunkChars ? this.take() : null;
  }

  end(): string | null {
    return this.lines.length > 0 ? this.take() : null;
  }

  private take(): string {
    this.lines.push(''); // the last line's newline
    const chunk = this.lines.join('\n');
    this.lines = [];
    this.size = 0;
    return chunk;
  }
}

export interface RowEncoding {
  /** Sees every value (column position in the written order) as it is encoded: the batch's type profile. */
  profiler?: BatchProfiler;
  /** Per written column: write '' as NULL (typed columns: '' has no typed form). */
  emptyAsNull?: readonly boolean[];
  /** An already-encoded last column appended to every line (the sync stamp). */
  trailer?: string;
  /**
   * Forget each row once it is encoded (the writer owns the batch and needs the values only once): a row
   * still young then dies in the young generation instead of being promoted with the rest of the batch.
   */
  consume?: boolean;
}

const FORGOTTEN: BatchRow = [];

/**
 * The writer's hot loop (200,000 rows × 32 columns per bench run): row arrays → COPY text, writing column
 * `indexes[j]` of each row as the j-th column (-1: a column the batch does not have, NULL), and feeding the
 * profiler in the same pass.
 */
export function* copyTextFromBatch(
  rows: BatchRow[],
  indexes: readonly number[],
  encoding: RowEncoding = {},
  stats?: CopyStats,
  chunkChars = COPY_CHUNK_CHARS,
): Generator<string> {
  const { profiler, emptyAsNull, trailer, consume } = encoding;
  const width = indexes.length;
  const chunk = new ChunkBuilder(chunkChars);
  // One reused array per batch; the stamp (when there is one) is a fixed last value.
  const line: string[] = new Array(trailer === undefined ? width : width + 1);
  if (trailer !== undefined) line[width] = copyTextValue(trailer);
  for (let r = 0; r < rows.length; r += 1) {
    const row = rows[r]!;
    if (consume) rows[r] = FORGOTTEN;
    for (let j = 0; j < width; j += 1) {
      const index = indexes[j]!;
      let value = index < 0 ? null : (row[index] ?? null);
      if (profiler !== undefined) profiler.observe(j, value);
      if (value === '' && emptyAsNull !== undefined && emptyAsNull[j]) value = null;
      line[j] = value === null ? '\\N' : copyTextValue(value, stats);
    }
    const full = chunk.add(line.join('\t'));
    if (full !== null) yield full;
  }
  const rest = chunk.end();
  if (rest !== null) yield rest;
}
