import pg from 'pg';
import { silentLogger } from '../../../src/core/log.ts';
import { type Destination, openDestination } from '../../../src/destination/index.ts';

/** A destination on a test database, plus a plain client for looking at what the writer did. */
export function open(url: string, log = silentLogger()): Destination {
  return openDestination(url, { log });
}

export async function query<T extends pg.QueryResultRow = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query("SET TimeZone = 'UTC'");
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Column name → type as PostgreSQL reports it, plus comments. */
export async function columnsOf(url: string, table: string, schema = 'public') {
  return query<{ name: string; type: string; comment: string | null }>(
    url,
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, col_description(c.oid, a.attnum) AS comment
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [schema, table],
  );
}

export async function typesOf(url: string, table: string): Promise<Record<string, string>> {
  return Object.fromEntries((await columnsOf(url, table)).map((c) => [c.name, c.type]));
}

/** Every row as text values (what a BI tool would see), ordered by `key`. */
export async function textRows(
  url: string,
  table: string,
  key: string,
): Promise<Record<string, string | null>[]> {
  const columns = await columnsOf(url, table);
  const list = columns.map((c) => `${pg.escapeIdentifier(c.name)}::text AS ${pg.escapeIdentifier(c.name)}`);
  return query(
    url,
    `SELECT ${list.join(', ')} FROM ${pg.escapeIdentifier(table)} ORDER BY ${pg.escapeIdentifier(key)}`,
  );
}

export const at = (iso: string) => new Date(iso);
