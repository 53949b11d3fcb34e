import { AppError } from '../core/errors.ts';

/**
 * THE way identifiers reach SQL in the writer. Every table, schema and column name goes through
 * `quoteIdent`, always double-quoted, so case, spaces, dots, `;`, `--` and reserved words are just characters.
 * Values never do: they are parameters or COPY data. The one exception is `quoteLiteral`, for the text of
 * `COMMENT ON COLUMN`, which PostgreSQL does not accept as a parameter.
 */
export function quoteIdent(name: string): string {
  if (name === '' || name.includes('\u0000')) {
    throw new AppError('validation', 'An identifier is empty or contains a NUL character');
  }
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteTable(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** An escape-string literal (`E'…'`) that is safe whatever `standard_conforming_strings` is set to. */
export function quoteLiteral(value: string): string {
  const clean = value.replaceAll('\u0000', '');
  return `E'${clean.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}
