/**
 * Rows → PostgreSQL COPY text format: columns separated by tab, rows by newline, NULL as `\N`, and a backslash,
 * tab, newline or carriage return inside a value escaped with a backslash. NUL cannot be stored in a text
 * value at all; rows reach this module with NUL already stripped (see `prepare-rows.ts`).
 */
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyTextValue(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (char) => ESCAPES[char] ?? char) : value;
}

/** COPY data in chunks of about `chunkChars`, so a 200,000-row batch never becomes one giant string. */
export function* copyTextChunks(
  rows: Iterable<readonly (string | null)[]>,
  chunkChars = 1 << 20,
): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i += 1) {
      line += (i === 0 ? '' : '\t') + copyTextValue(row[i] ?? null);
    }
    chunk += `${line}\n`;
    if (chunk.length >= chunkChars) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}
