import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { PlannedColumn } from '../schema/plan.ts';
import type { SourceRow } from '../schema/types.ts';
import { copyTextChunks } from './copy-text.ts';
import { quoteIdent, quoteTable } from './quote.ts';

/**
 * Loading a batch. Into a table created in this very transaction nobody else can see, rows are COPYed
 * straight in (nothing can conflict: keys are already unique). Otherwise they are COPYed into a temporary
 * staging table with exactly the target's column types, then merged with ONE
 * `INSERT … SELECT … ON CONFLICT (key) DO UPDATE`, optionally only where the incoming modified time is not
 * older than the stored one ("newer wins"). Every written row gets the batch's `_last_commcare_sync`.
 */
export interface MergeTarget {
  schema: string;
  table: string;
  key: string;
  columns: readonly PlannedColumn[];
  stampColumn: string;
  /** Physical column compared for "newer wins", when the table has it. */
  newerWinsColumn?: string;
}

export async function copyIntoNewTable(
  client: pg.ClientBase,
  target: MergeTarget,
  rows: readonly SourceRow[],
  syncedAt: Date,
): Promise<number> {
  const names = [...target.columns.map((c) => c.physical), target.stampColumn];
  const stamp = syncedAt.toISOString();
  await copyRows(
    client,
    quoteTable(target.schema, target.table),
    names,
    valuesOf(target.columns, rows, stamp),
  );
  return rows.length;
}

export async function mergeThroughStaging(
  client: pg.ClientBase,
  target: MergeTarget,
  rows: readonly SourceRow[],
  syncedAt: Date,
): Promise<number> {
  // A fresh name per batch: a caller's transaction may write several batches (temporary tables live until commit).
  const staging = quoteIdent(`_ccu_staging_${randomBytes(6).toString('hex')}`);
  const table = quoteTable(target.schema, target.table);
  const names = target.columns.map((c) => quoteIdent(c.physical));
  // Same types as the target, so COPY parses each value once and the merge needs no casts.
  await client.query(
    `CREATE TEMPORARY TABLE ${staging} ON COMMIT DROP AS SELECT ${names.join(', ')} FROM ${table} WITH NO DATA`,
  );
  await copyRows(
    client,
    staging,
    target.columns.map((c) => c.physical),
    valuesOf(target.columns, rows, null),
  );
  const key = quoteIdent(target.key);
  const stamp = quoteIdent(target.stampColumn);
  const updates = [
    ...target.columns.filter((c) => c.physical !== target.key).map((c) => quoteIdent(c.physical)),
    stamp,
  ].map((name) => `${name} = EXCLUDED.${name}`);
  const newer = target.newerWinsColumn ? quoteIdent(target.newerWinsColumn) : null;
  const condition = newer
    ? ` WHERE t.${newer} IS NULL OR (EXCLUDED.${newer} IS NOT NULL AND EXCLUDED.${newer} >= t.${newer})`
    : '';
  const result = await client.query(
    `INSERT INTO ${table} AS t (${names.join(', ')}, ${stamp})
     SELECT ${names.join(', ')}, $1::timestamp FROM ${staging}
     ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}${condition}`,
    [syncedAt.toISOString()],
  );
  await client.query(`DROP TABLE ${staging}`);
  return result.rowCount ?? 0;
}

/** Values in column order; '' becomes NULL in typed columns (it has no typed form), stays '' in text ones. */
function* valuesOf(
  columns: readonly PlannedColumn[],
  rows: readonly SourceRow[],
  stamp: string | null,
): Generator<(string | null)[]> {
  const plan = columns.map((c) => ({ source: c.source, typed: !isTextType(c.type) }));
  for (const row of rows) {
    const values: (string | null)[] = plan.map(({ source, typed }) => {
      const value = row[source] ?? null;
      return typed && value === '' ? null : value;
    });
    if (stamp !== null) values.push(stamp);
    yield values;
  }
}

async function copyRows(
  client: pg.ClientBase,
  quotedTable: string,
  columns: readonly string[],
  rows: Iterable<(string | null)[]>,
): Promise<void> {
  const stream = client.query(
    copyFrom(`COPY ${quotedTable} (${columns.map(quoteIdent).join(', ')}) FROM STDIN (FORMAT text)`),
  );
  await pipeline(copyTextChunks(rows), stream);
}

function isTextType(type: string): boolean {
  return type === 'text' || type.startsWith('character');
}
