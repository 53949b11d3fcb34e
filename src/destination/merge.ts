import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PlannedColumn } from '../schema/plan.ts';
import type { BatchProfiler } from '../schema/profile.ts';
import { type CopyStats, copyTextFromBatch } from './copy-text.ts';
import type { BatchRow } from './prepare-rows.ts';
import { quoteIdent, quoteTable } from './quote.ts';

/**
 * Loading a batch in two statements. (1) `stageRows`: COPY every value as text into a temporary staging table
 * (columns `c1…cN`, in source order), profiling the values for the plan in the same pass, so the type
 * inference runs while PostgreSQL parses the COPY stream. (2) `mergeStaged`, after the plan's DDL: ONE
 * `INSERT … SELECT … ON CONFLICT (key) DO UPDATE` casting each staged text to its column's type, optionally
 * changing a row's data only where the incoming modified time is not older than the stored one ("newer
 * wins"). Every row of the batch gets the batch's `_last_commcare_sync`, including rows whose stored version
 * won: the stamp says "seen by the sync of that time", which is what the stale sweep needs. Rows arrive de-duplicated by key (see prepare-rows.ts).
 */
export interface Staged {
  /** Quoted name of the staging table. */
  table: string;
  /** Source name → staging column. */
  columns: Map<string, string>;
}

/** `indexes[j]`: the row-array column holding `sources[j]` (see schema/row-batch.ts). */
export async function stageRows(
  client: pg.ClientBase,
  sources: readonly string[],
  indexes: readonly number[],
  /** Consumed: each row is forgotten once encoded. */
  rows: BatchRow[],
  profiler: BatchProfiler,
  stats: CopyStats,
): Promise<Staged> {
  // A fresh name per batch: a caller's transaction may write several batches (temporary tables live until commit).
  const table = quoteIdent(`_ccu_staging_${randomBytes(6).toString('hex')}`);
  const columns = new Map(sources.map((source, index) => [source, `c${index + 1}`]));
  const definitions = [...columns.values()].map((name) => `${quoteIdent(name)} text`);
  await client.query(`CREATE TEMPORARY TABLE ${table} (${definitions.join(', ')}) ON COMMIT DROP`);
  const copy = client.query(
    copyFrom(`COPY ${table} (${[...columns.values()].map(quoteIdent).join(', ')}) FROM STDIN (FORMAT text)`),
  );
  await pipeline(copyTextFromBatch(rows, indexes, { profiler, consume: true }, stats), copy);
  return { table, columns };
}

/**
 * Into a table created in this very transaction (invisible to everyone else; keys already unique): COPY the
 * typed values straight in, with the stamp as the last column.
 */
export async function copyIntoFreshTable(
  client: pg.ClientBase,
  target: MergeTarget,
  /** Source name → row-array column. */
  columnOf: ReadonlyMap<string, number>,
  /** Consumed: each row is forgotten once encoded. */
  rows: BatchRow[],
  syncedAt: Date,
  stats: CopyStats,
): Promise<number> {
  const names = [...target.columns.map((c) => c.physical), target.stampColumn].map(quoteIdent);
  const copy = client.query(
    copyFrom(
      `COPY ${quoteTable(target.schema, target.table)} (${names.join(', ')}) FROM STDIN (FORMAT text)`,
    ),
  );
  const indexes = target.columns.map((c) => columnOf.get(c.source) ?? -1);
  const emptyAsNull = target.columns.map((c) => !isTextType(c.type));
  const count = rows.length;
  const encoding = { emptyAsNull, trailer: syncedAt.toISOString(), consume: true };
  await pipeline(copyTextFromBatch(rows, indexes, encoding, stats), copy);
  return count;
}

export interface MergeTarget {
  schema: string;
  table: string;
  key: string;
  columns: readonly PlannedColumn[];
  stampColumn: string;
  /** Physical column compared for "newer wins", when the batch writes it. */
  newerWinsColumn?: string;
}

/**
 * `fresh`: the table was created in this transaction, so nothing can conflict (keys are unique already) and
 * nobody else sees it: a plain INSERT, without the cost of speculative insertion.
 */
export async function mergeStaged(
  client: pg.ClientBase,
  staged: Staged,
  target: MergeTarget,
  syncedAt: Date,
  fresh = false,
): Promise<number> {
  const table = quoteTable(target.schema, target.table);
  const stagedValue = (column: PlannedColumn) =>
    castFromText(`s.${quoteIdent(staged.columns.get(column.source)!)}`, column.type);
  const names = target.columns.map((c) => quoteIdent(c.physical));
  const stamp = quoteIdent(target.stampColumn);
  const dataColumns = target.columns
    .filter((c) => c.physical !== target.key)
    .map((c) => quoteIdent(c.physical));
  const newerColumn = target.columns.find((c) => c.physical === target.newerWinsColumn);
  let conflict = '';
  let losers = 0;
  if (!fresh && newerColumn) {
    // Newer wins: a row whose stored version is newer keeps its data, but is still stamped, because this run
    // did see the case (a stale sweep must not delete it). Those rows are counted first, as skipped.
    const newer = quoteIdent(newerColumn.physical);
    const key = target.columns.find((c) => c.physical === target.key)!;
    const incoming = stagedValue(newerColumn);
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM ${staged.table} s JOIN ${table} t ON t.${quoteIdent(key.physical)} = ${stagedValue(key)}
        WHERE NOT (t.${newer} IS NULL OR (${incoming} IS NOT NULL AND ${incoming} >= t.${newer}))`,
    );
    losers = Number(rows[0]?.n ?? 0);
    const applies = `(t.${newer} IS NULL OR (EXCLUDED.${newer} IS NOT NULL AND EXCLUDED.${newer} >= t.${newer}))`;
    const updates = dataColumns.map(
      (name) => `${name} = CASE WHEN ${applies} THEN EXCLUDED.${name} ELSE t.${name} END`,
    );
    conflict = ` ON CONFLICT (${quoteIdent(target.key)}) DO UPDATE SET ${[...updates, `${stamp} = EXCLUDED.${stamp}`].join(', ')}`;
  } else if (!fresh) {
    const updates = [...dataColumns, stamp].map((name) => `${name} = EXCLUDED.${name}`);
    conflict = ` ON CONFLICT (${quoteIdent(target.key)}) DO UPDATE SET ${updates.join(', ')}`;
  }
  const result = await client.query(
    `INSERT INTO ${table} AS t (${names.join(', ')}, ${stamp})
     SELECT ${target.columns.map(stagedValue).join(', ')}, $1::timestamp FROM ${staged.table} s${conflict}`,
    [syncedAt.toISOString()],
  );
  await client.query(`DROP TABLE ${staged.table}`);
  return (result.rowCount ?? 0) - losers;
}

/**
 * The staged text as the column's type. '' has no typed form (CommCare's answered-but-blank), so it is NULL in
 * a typed column and stays '' in a text one. Type names are our six or PostgreSQL's own `format_type()`
 * output (already quoted by PostgreSQL), never input.
 */
function castFromText(expression: string, type: string): string {
  if (isTextType(type)) return expression;
  return `CAST(NULLIF(${expression}, '') AS ${type})`;
}

function isTextType(type: string): boolean {
  return type === 'text' || type.startsWith('character');
}
