import type pg from 'pg';
import type { Logger } from '../core/log.ts';
import { createBatchProtector, type SensitiveOptions } from '../schema/hashing.ts';
import { columnNameFor } from '../schema/naming.ts';
import {
  type ExistingTable,
  existingColumnsBySource,
  findExisting,
  planTable,
  type TablePlan,
} from '../schema/plan.ts';
import { type ColumnProfile, createBatchProfiler, profileBatchRows } from '../schema/profile.ts';
import {
  columnsPresent,
  isRowBatch,
  rowBatchOf,
  type SourceOrder,
  sourceOrderOf,
} from '../schema/row-batch.ts';
import type { ColumnType, RowBatch, SourceRow } from '../schema/types.ts';
import { SYNC_STAMP_COLUMN } from '../schema/types.ts';
import type { CopyStats } from './copy-text.ts';
import { databaseError } from './database-error.ts';
import { addPrimaryKey, applySteps, lockTable } from './ddl.ts';
import { introspectTable, tableExists } from './introspect.ts';
import { copyIntoFreshTable, type MergeTarget, mergeStaged, stageRows } from './merge.ts';
import { type BatchRow, prepareRows } from './prepare-rows.ts';
import { quoteIdent, quoteTable } from './quote.ts';

export interface WriterOptions {
  /** Source name of the key column (e.g. `caseid`); it becomes the table's primary key. */
  keyColumn: string;
  /** Default `public`. */
  schema?: string;
  /** Source name → pinned column type. */
  typeOverrides?: Readonly<Record<string, ColumnType>>;
  /**
   * Source name of a modified-time column: an incoming row older than the stored one does not change the
   * stored data (it is still stamped as seen, so the stale sweep keeps it) and counts as skipped.
   */
  newerWinsColumn?: string;
  /** Fields hashed before anything else sees the rows (the raw values never reach the table). */
  sensitive?: SensitiveOptions;
  /**
   * Fillfactor of tables this writer creates. Default 50: a feed sync rewrites EVERY row on every run, and
   * with room on its page the new version of a row is a HOT update (no index entry, no new page), which makes
   * the re-load about twice as fast and keeps the key index from bloating. In steady state the table takes the
   * space it would take anyway between vacuums. Use 100 for tables written only by webhooks.
   */
  fillfactor?: number;
}

export const DEFAULT_FILLFACTOR = 50;

export interface BatchResult {
  /** Rows inserted or updated. */
  written: number;
  /** Rows without a key, plus rows a stored newer version won against (newer-wins). */
  skipped: number;
  /** Rows replaced by a later row with the same key in the same batch. */
  duplicates: number;
  /** Values from which NUL characters were removed. */
  strippedNul: number;
  /** Source names of columns created (including every column of a new table). */
  columnsAdded: string[];
  /** Source names of columns whose type was widened. */
  columnsWidened: string[];
  /** Source names seen only as NULL/empty and not yet in the table, so not created. */
  columnsDeferred: string[];
}

export interface WriteOptions {
  /** The `_last_commcare_sync` stamp of every row written. */
  syncedAt: Date;
}

export interface TableWriter {
  readonly table: string;
  readonly schema: string;
  /**
   * Plan + DDL + merge of one batch in ONE transaction: `tx`'s, or a new one when `tx` is not given.
   * Object rows are read, never modified. A `RowBatch` is handed over: the writer hashes its sensitive values
   * in place and empties `rows` once they are sent, so the batch can be garbage-collected during the merge.
   * Do not reuse it (to retry, build it again).
   */
  writeBatch(
    input: readonly SourceRow[] | RowBatch,
    options: WriteOptions & { tx?: pg.ClientBase },
  ): Promise<BatchResult>;
  /** Deletes rows whose `_last_commcare_sync` is older than `before`; returns how many. */
  sweep(before: Date, options?: { tx?: pg.ClientBase }): Promise<number>;
  countRows(options?: { tx?: pg.ClientBase }): Promise<number>;
}

/** A prepared batch on its way to the table. */
interface Loading {
  order: SourceOrder;
  rows: BatchRow[];
  /** Forgets the rows (they are on the server now). */
  release(): void;
}

export type TransactionRunner = <T>(fn: (tx: pg.ClientBase) => Promise<T>) => Promise<T>;

export function createTableWriter(
  table: string,
  options: WriterOptions,
  deps: { withTransaction: TransactionRunner; log: Logger },
): TableWriter {
  const schema = columnNameFor(options.schema ?? 'public');
  const physicalTable = columnNameFor(table);
  const protect = createBatchProtector(options.sensitive ?? { fields: [] });
  const pinned = new Set(Object.keys(options.typeOverrides ?? {}));
  const ddlOptions = { fillfactor: options.fillfactor ?? DEFAULT_FILLFACTOR, deferPrimaryKey: true };
  const inTransaction = <T>(tx: pg.ClientBase | undefined, fn: (client: pg.ClientBase) => Promise<T>) =>
    tx ? fn(tx) : deps.withTransaction(fn);

  async function write(client: pg.ClientBase, input: readonly SourceRow[] | RowBatch, syncedAt: Date) {
    // One internal form, worked on by column index: the feed's arrays as they come, object rows converted once.
    const { batch, hashed } = protect(isRowBatch(input) ? input : rowBatchOf(input));
    const keyIndex = sourceOrderOf(options.keyColumn, batch.columns, hashed).indexes[0]!;
    const prepared = prepareRows(batch.rows, keyIndex);
    // The columns the kept rows have: one that only dropped rows had is not written (nor NULLed).
    const present = columnsPresent(batch.columns.length, prepared.rows);
    const order = sourceOrderOf(options.keyColumn, batch.columns, hashed, present);
    const result: BatchResult = {
      written: 0,
      skipped: prepared.skippedWithoutKey,
      duplicates: prepared.duplicates,
      strippedNul: prepared.strippedNul,
      columnsAdded: [],
      columnsWidened: [],
      columnsDeferred: [],
    };
    const rowCount = prepared.rows.length;
    // De-duplicated into a new array: the input's own list is no longer needed.
    if (prepared.rows !== batch.rows) batch.rows.length = 0;
    if (rowCount === 0) return result;
    // Our own session settings, whoever's transaction this is: UTC timestamps, ISO text forms.
    await client.query(
      "SELECT set_config('TimeZone', 'UTC', true), set_config('DateStyle', 'ISO, MDY', true)",
    );

    const loading: Loading = {
      order,
      rows: prepared.rows,
      // The values are on the server once COPY is done (the encoder forgot each row as it went): drop the
      // rest for the rest of the transaction (the merge).
      release() {
        prepared.rows.length = 0;
        batch.rows.length = 0;
      },
    };
    const stats = { strippedNul: 0 };
    const before = await introspectTable(client, schema, physicalTable);
    const plan =
      before === null
        ? ((await loadFreshTable(client, loading, syncedAt, stats, result)) ??
          // Another writer created the table meanwhile: look at it again.
          (await loadThroughStaging(
            client,
            loading,
            await introspectTable(client, schema, physicalTable),
            syncedAt,
            stats,
            result,
          )))
        : await loadThroughStaging(client, loading, before, syncedAt, stats, result);
    result.strippedNul += stats.strippedNul;
    result.skipped += rowCount - result.written;
    const bySource = new Map(plan.columns.map((c) => [c.physical, c.source]));
    for (const step of plan.steps) {
      if (step.kind === 'add_column' && step.column !== SYNC_STAMP_COLUMN) {
        result.columnsAdded.push(bySource.get(step.column) ?? step.column);
      }
      if (step.kind === 'create_table') result.columnsAdded.push(...plan.columns.map((c) => c.source));
      if (step.kind === 'widen_column') result.columnsWidened.push(bySource.get(step.column) ?? step.column);
    }
    result.columnsDeferred = plan.deferred;
    return result;
  }

  /**
   * A table that does not exist yet: profile the rows, create the table under the lock (without its primary
   * key), COPY the rows straight in, then build the key index in one pass. Nobody else can see a table created
   * in this transaction, and the keys are unique already, so nothing can conflict. Returns null when another
   * writer created the table meanwhile (the caller then merges as usual).
   */
  async function loadFreshTable(
    client: pg.ClientBase,
    loading: Loading,
    syncedAt: Date,
    stats: CopyStats,
    result: BatchResult,
  ): Promise<TablePlan | null> {
    const { sources, indexes } = loading.order;
    const profiles = profileBatchRows(sources, indexes, loading.rows);
    const plan = planTable({
      keyColumn: options.keyColumn,
      profiles,
      existing: null,
      typeOverrides: options.typeOverrides,
    });
    await lockTable(client, schema, physicalTable);
    if ((await introspectTable(client, schema, physicalTable)) !== null) return null;
    await applySteps(client, schema, physicalTable, plan.steps, ddlOptions);
    const target = mergeTarget(plan);
    const columnOf = new Map(sources.map((source, j) => [source, indexes[j]!]));
    result.written = await copyIntoFreshTable(client, target, columnOf, loading.rows, syncedAt, stats);
    loading.release();
    await addPrimaryKey(client, schema, physicalTable, target.key);
    return plan;
  }

  /** COPY as text into staging while profiling, plan (DDL under the lock if needed), one merge. */
  async function loadThroughStaging(
    client: pg.ClientBase,
    loading: Loading,
    /** The table as introspected in this transaction (one round trip per batch, not two). */
    before: ExistingTable | null,
    syncedAt: Date,
    stats: CopyStats,
    result: BatchResult,
  ): Promise<TablePlan> {
    const { sources, indexes } = loading.order;
    const profiler = createBatchProfiler(sources, existingTypes(before, sources), pinned);
    const staged = await stageRows(client, sources, indexes, loading.rows, profiler, stats);
    loading.release();
    const plan = await planUnderLock(client, profiler.result(), before);
    const target = mergeTarget(plan);
    const fresh = plan.steps.some((step) => step.kind === 'create_table');
    result.written = await mergeStaged(client, staged, target, syncedAt, fresh);
    if (fresh) await addPrimaryKey(client, schema, physicalTable, target.key);
    return plan;
  }

  /**
   * Plans without a lock first: most batches need no DDL and must not queue behind each other. When there are
   * steps, takes the table lock, looks again (another writer may have done part of it) and plans again.
   */
  async function planUnderLock(
    client: pg.ClientBase,
    profiles: ReadonlyMap<string, ColumnProfile>,
    existing: ExistingTable | null,
  ): Promise<TablePlan> {
    const planFor = (table: ExistingTable | null) =>
      planTable({
        keyColumn: options.keyColumn,
        profiles,
        existing: table,
        typeOverrides: options.typeOverrides,
      });
    const first = planFor(existing);
    if (first.steps.length === 0) return first;
    await lockTable(client, schema, physicalTable);
    const plan = planFor(await introspectTable(client, schema, physicalTable));
    if (plan.steps.length > 0) await applySteps(client, schema, physicalTable, plan.steps, ddlOptions);
    return plan;
  }

  function mergeTarget(plan: TablePlan): MergeTarget {
    const key = plan.columns.find((c) => c.source === options.keyColumn);
    const newer = options.newerWinsColumn
      ? plan.columns.find((c) => c.source === options.newerWinsColumn)
      : undefined;
    return {
      schema,
      table: physicalTable,
      key: key?.physical ?? columnNameFor(options.keyColumn),
      columns: plan.columns,
      stampColumn: plan.stampColumn ?? SYNC_STAMP_COLUMN,
      newerWinsColumn: newer?.physical,
    };
  }

  return {
    table: physicalTable,
    schema,
    async writeBatch(input, { syncedAt, tx }) {
      try {
        const result = await inTransaction(tx, (client) => write(client, input, syncedAt));
        deps.log.debug(
          {
            table: physicalTable,
            written: result.written,
            skipped: result.skipped,
            strippedNul: result.strippedNul,
            columnsAdded: result.columnsAdded.length,
            columnsWidened: result.columnsWidened,
          },
          'batch written',
        );
        return result;
      } catch (error) {
        throw databaseError(error, 'writing a batch', physicalTable);
      }
    },
    async sweep(before, { tx } = {}) {
      try {
        return await inTransaction(tx, async (client) => {
          if (!(await tableExists(client, schema, physicalTable))) return 0;
          const result = await client.query(
            `DELETE FROM ${quoteTable(schema, physicalTable)} WHERE ${quoteIdent(SYNC_STAMP_COLUMN)} < $1::timestamp`,
            [before.toISOString()],
          );
          deps.log.debug({ table: physicalTable, deleted: result.rowCount }, 'stale rows swept');
          return result.rowCount ?? 0;
        });
      } catch (error) {
        throw databaseError(error, 'deleting stale rows', physicalTable);
      }
    },
    async countRows({ tx } = {}) {
      try {
        return await inTransaction(tx, async (client) => {
          if (!(await tableExists(client, schema, physicalTable))) return 0;
          const { rows } = await client.query<{ n: string }>(
            `SELECT count(*) AS n FROM ${quoteTable(schema, physicalTable)}`,
          );
          return Number(rows[0]?.n ?? 0);
        });
      } catch (error) {
        throw databaseError(error, 'counting rows', physicalTable);
      }
    },
  };
}

/** Source name → `format_type()` of the column it maps to, for the profiler's fit checks. */
function existingTypes(existing: ExistingTable | null, sources: readonly string[]): Map<string, string> {
  const bySource = existingColumnsBySource(existing);
  const types = new Map<string, string>();
  for (const source of sources) {
    const column = findExisting(bySource, source);
    if (column) types.set(source, column.type);
  }
  return types;
}
