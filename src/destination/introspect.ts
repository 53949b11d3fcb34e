import type pg from 'pg';
import type { ExistingTable } from '../schema/plan.ts';

/**
 * The table as it is: columns in order with `format_type()` and their comment (the full source name for
 * columns we created). `null` when there is no such table. Names are compared as parameters, never quoted.
 */
export async function introspectTable(
  client: pg.ClientBase,
  schema: string,
  table: string,
): Promise<ExistingTable | null> {
  const { rows } = await client.query<{ name: string | null; type: string | null; comment: string | null }>(
    `SELECT a.attname AS name,
            format_type(a.atttypid, a.atttypmod) AS type,
            col_description(c.oid, a.attnum) AS comment
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')
      ORDER BY a.attnum`,
    [schema, table],
  );
  if (rows.length === 0) return null;
  return {
    columns: rows
      .filter((row) => row.name !== null)
      .map((row) => ({ name: row.name!, type: row.type ?? 'text', comment: row.comment })),
  };
}

export async function tableExists(client: pg.ClientBase, schema: string, table: string): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p')`,
    [schema, table],
  );
  return rows.length > 0;
}
