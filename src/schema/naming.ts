import { sha256Hex } from '../core/crypto.ts';

/**
 * Source names → PostgreSQL column names (design.md §6).
 *
 * A name that fits PostgreSQL's 63-byte identifier limit is used verbatim (always as a quoted identifier, so
 * case, spaces, dots and quotes survive). A longer one keeps its first bytes, cut at a UTF-8 character
 * boundary, plus `_` and the first 8 hex digits of the SHA-256 of the full name: `<prefix ≤ 54 bytes>_<hash8>`.
 * Two long names sharing a prefix therefore stay two columns, and the same name always maps to the same
 * column. The full name is kept in `COMMENT ON COLUMN` (see `plan.ts`).
 */
export const MAX_IDENTIFIER_BYTES = 63;
const HASH_HEX = 8;

export function columnNameFor(sourceName: string): string {
  const clean = sourceName.replaceAll('\u0000', '');
  if (Buffer.byteLength(clean, 'utf8') <= MAX_IDENTIFIER_BYTES) return clean;
  const hash = sha256Hex(sourceName).slice(0, HASH_HEX);
  return `${cutToBytes(clean, MAX_IDENTIFIER_BYTES - HASH_HEX - 1)}_${hash}`;
}

/** The longest prefix of `text` that is at most `maxBytes` in UTF-8, never splitting a character. */
export function cutToBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * Export-feed headers → source names. Decision: we follow the seed (the old Rails app) and replace ONE leading
 * non-word character with `_` (`@name` → `_name`, `#type` → `_type`), so tables the seed created keep their
 * columns and BI tools need no quoting for the feed's `@`-columns. Names are otherwise kept verbatim.
 * Empty headers become `column_<position>` (1-based); a repeated name gets `_2`, `_3`, … (the first
 * occurrence keeps the plain name), skipping names already taken, so the result is deterministic and unique.
 */
export function normalizeHeaders(headers: readonly string[]): string[] {
  const wanted = headers.map((header, index) => {
    const trimmed = header.replaceAll('\u0000', '').trim();
    if (trimmed === '') return `column_${index + 1}`;
    return trimmed.replace(/^[^\p{L}\p{N}_]/u, '_');
  });
  const taken = new Set<string>();
  const firstOf = new Set(wanted);
  return wanted.map((name) => {
    if (!taken.has(name)) {
      taken.add(name);
      return name;
    }
    let suffix = 2;
    while (taken.has(`${name}_${suffix}`) || firstOf.has(`${name}_${suffix}`)) suffix += 1;
    const unique = `${name}_${suffix}`;
    taken.add(unique);
    return unique;
  });
}
