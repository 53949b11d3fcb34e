import type pg from 'pg';
import { sha256Hex } from '../core/crypto.ts';
import type { DdlStep } from '../schema/plan.ts';
import { quoteIdent, quoteLiteral, quoteTable } from './quote.ts';

/**
 * DDL for a plan's steps, and the per-table lock that serialises it. The lock is a transaction-level advisory
 * lock on a 64-bit hash of schema+table: two writers evolving one table queue on it, and the second one
 * re-introspects after getting it, so it sees (and does not repeat) what the first one did.
 */
export async function lockTable(client: pg.ClientBase, schema: string, table: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [tableLockKey(schema, table)]);
}

export function tableLockKey(schema: string, table: string): string {
  const hex = sha256Hex(`commcare-utils:table:${schema}\u0000${table}`).slice(0, 16);
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();
}

/**
 * Statements for the steps, in order: CREATE SCHEMA/TABLE first, then all column changes of the table in ONE
 * `ALTER TABLE` (PostgreSQL then rewrites the table at most once), then the comments.
 */
export interface DdlOptions {
  /** Storage fillfactor of created tables (see `WriterOptions.fillfactor`). */
  fillfactor?: number;
  /**
   * Create the table without its primary key; the caller loads it, then calls `addPrimaryKey`. One sorted
   * index build is several times faster than 200,000 b-tree inserts, and nobody else can see a table created
   * in this transaction.
   */
  deferPrimaryKey?: boolean;
}

export function ddlStatements(
  schema: string,
  table: string,
  steps: readonly DdlStep[],
  options: DdlOptions = {},
): string[] {
  const target = quoteTable(schema, table);
  const statements: string[] = [];
  const alterations: string[] = [];
  const comments: string[] = [];
  for (const step of steps) {
    switch (step.kind) {
      case 'create_table': {
        const columns = step.columns.map((c) => `${quoteIdent(c.name)} ${c.type}`);
        statements.push(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        if (!options.deferPrimaryKey) columns.push(`PRIMARY KEY (${quoteIdent(step.primaryKey)})`);
        const storage = options.fillfactor ? ` WITH (fillfactor = ${fillfactorOf(options.fillfactor)})` : '';
        statements.push(`CREATE TABLE ${target} (${columns.join(', ')})${storage}`);
        break;
      }
      case 'add_column':
        alterations.push(`ADD COLUMN ${quoteIdent(step.column)} ${step.type}`);
        break;
      case 'widen_column': {
        const column = quoteIdent(step.column);
        const using =
          step.viaText && step.to !== 'text' ? `${column}::text::${step.to}` : `${column}::${step.to}`;
        alterations.push(`ALTER COLUMN ${column} TYPE ${step.to} USING ${using}`);
        break;
      }
      case 'comment_column':
        comments.push(
          `COMMENT ON COLUMN ${target}.${quoteIdent(step.column)} IS ${quoteLiteral(step.comment)}`,
        );
        break;
    }
  }
  if (alterations.length > 0) statements.push(`ALTER TABLE ${target} ${alterations.join(', ')}`);
  return [...statements, ...comments];
}

export async function applySteps(
  client: pg.ClientBase,
  schema: string,
  table: string,
  steps: readonly DdlStep[],
  options: DdlOptions = {},
): Promise<void> {
  for (const sql of ddlStatements(schema, table, steps, options)) await client.query(sql);
}

export async function addPrimaryKey(client: pg.ClientBase, schema: string, table: string, key: string) {
  await client.query(`ALTER TABLE ${quoteTable(schema, table)} ADD PRIMARY KEY (${quoteIdent(key)})`);
}

/** An integer in PostgreSQL's range 10–100, so it can be written into the statement. */
function fillfactorOf(value: number): number {
  return Math.min(100, Math.max(10, Math.round(value)));
}
