/**
 * Rows → PostgreSQL COPY text format: columns separated by tab, rows by newline, NULL as `\N`, and a backslash,
 * tab, newline or carriage return inside a value escaped with a backslash. NUL cannot be stored in a text
 * value at all, so it is removed here (the one place every value passes) and counted in `stats.strippedNul`.
 */
const NEEDS_ESCAPE = /[\\\t\n\r\u0000]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\u0000': '' };

export interface CopyStats {
  /** Values from which NUL characters were removed. */
  strippedNul: number;
}

export function copyTextValue(value: string | null, stats?: CopyStats): string {
  if (value === null) return '\\N';
  if (!NEEDS_ESCAPE.test(value)) return value;
  if (stats && value.includes('\u0000')) stats.strippedNul += 1;
  return value.replace(/[\\\t\n\r\u0000]/g, (char) => ESCAPES[char] ?? char);
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
