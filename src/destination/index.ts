/**
 * The PostgreSQL destination writer (design.md §6–§7). What the sync pipeline calls:
 *
 * ```ts
 * const pools = createPoolRegistry({ log });                  // once, in the entry point
 * const destination = openDestination(url, { log, pools });  // per destination; cheap
 * await destination.testConnection();                         // AppError('connection', one line, no password)
 * const cases = destination.writer('patient_cases', {
 *   keyColumn: 'caseid',
 *   newerWinsColumn: 'server_last_modified_date',             // webhook path: older payloads lose
 *   sensitive: { fields: ['phone'], secret: hashingSecret },  // optional; raw values never leave this process
 *   typeOverrides: { code: 'text' },                          // optional pins
 *   schema: 'public',                                         // default
 *   fillfactor: 50,                                           // default: re-loads become HOT updates
 * });
 * const r = await cases.writeBatch(rows, { syncedAt: runStart }); // own transaction
 * await cases.writeBatch({ columns: headers, rows: cellArrays }, { syncedAt: runStart }); // feed form
 * // → { written, skipped, duplicates, strippedNul, columnsAdded, columnsWidened, columnsDeferred }
 * await destination.withTransaction(async (tx) => {          // batch + checkpoint commit together
 *   await cases.writeBatch(rows, { syncedAt: runStart, tx });
 *   await tx.query('UPDATE …checkpoint…', [...]);
 * });
 * const deleted = await cases.sweep(runStart);                // rows not written since runStart
 * const total = await cases.countRows();
 * await destination.close();
 * ```
 *
 * A batch is either object rows, `Record<sourceName, string | null>` (Case API / webhook; names vary per row),
 * or a `RowBatch` `{ columns, rows }`: source names once, each row an array aligned with them (the feed; no
 * object per row). Object rows are converted once to a `RowBatch` and never modified; a `RowBatch` is handed
 * over: the writer hashes in place and empties it once its values are sent, so do not reuse one. Everything
 * inside works by column index. The plan names the physical columns (schema/naming.ts).
 * `writeBatch` = hash sensitive fields → drop keyless rows / keep the last row per key → then either
 * - the table does not exist: profile the values, take the per-table advisory lock, re-check, CREATE TABLE,
 *   COPY straight in, add the primary key (one index build); or
 * - COPY every value as text into a temporary staging table while profiling the values' types → plan →
 *   (only if DDL is needed) advisory lock, re-introspect, re-plan, ADD/ALTER … TYPE … USING/COMMENT → ONE
 *   `INSERT … SELECT … ON CONFLICT (key) DO UPDATE` (with the newer-wins condition when configured).
 * All in one transaction (the caller's `tx`, or its own), so two processes evolving one table both succeed
 * and no column is lost; NUL characters are stripped and counted. Transient failures (deadlock, lost
 * connection) come back as retryable AppErrors: retry the whole transaction.
 * Errors are AppErrors without values in their messages (see database-error.ts).
 */
import type pg from 'pg';
import type { Logger } from '../core/log.ts';
import { testConnection } from './connection-test.ts';
import { createPoolRegistry, type PoolRegistry } from './pools.ts';
import { createTableWriter, type TableWriter, type WriterOptions } from './table-writer.ts';

export { createPoolRegistry, type PoolRegistry } from './pools.ts';
export { quoteIdent } from './quote.ts';
export type { BatchResult, TableWriter, WriteOptions, WriterOptions } from './table-writer.ts';

/** A client inside an open transaction (`BEGIN` … `COMMIT` are the runner's). */
export type Transaction = pg.ClientBase;

export interface Destination {
  testConnection(): Promise<{ serverVersion: string }>;
  writer(table: string, options: WriterOptions): TableWriter;
  /** Runs `fn` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it throws. */
  withTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Ends the pool when this destination owns it (no `pools` given); with a shared registry, a no-op. */
  close(): Promise<void>;
}

export interface OpenOptions {
  log: Logger;
  /** Shared registry (one pool per URL across the process). Without it the destination has a private pool. */
  pools?: PoolRegistry;
}

export function openDestination(url: string, options: OpenOptions): Destination {
  const owned = options.pools ? null : createPoolRegistry({ log: options.log });
  const pools = options.pools ?? owned!;
  const log = options.log;

  async function withTransaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    const client = await pools.pool(url).connect();
    let broken = false;
    // pg emits 'error' on a checked-out client whose connection drops, even while a query is failing with the
    // same error; with no listener that would crash the process. The failing query already reports it.
    const onConnectionError = () => {
      broken = true;
    };
    client.on('error', onConnectionError);
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true; // the connection itself failed: do not hand it to the next caller
      }
      throw error;
    } finally {
      client.off('error', onConnectionError);
      client.release(broken);
    }
  }

  return {
    testConnection: () => testConnection(pools.pool(url), url),
    writer: (table, writerOptions) => createTableWriter(table, writerOptions, { withTransaction, log }),
    withTransaction,
    async close() {
      await owned?.closeAll();
    },
  };
}
