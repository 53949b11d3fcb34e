import { AppError } from '../core/errors.ts';
import { inferValueType } from './infer.ts';
import { columnNameFor } from './naming.ts';
import { physicalType } from './physical-types.ts';
import { type ColumnType, joinTypes, type SourceRow, SYNC_STAMP_COLUMN } from './types.ts';

/**
 * The plan: what a batch needs (its columns and the types of its values) against the table as introspected →
 * ordered DDL steps, plus the physical column each source name writes to. Pure: the writer introspects,
 * plans, and only if there are steps takes the table's lock, introspects again and plans again.
 *
 * Rules (design.md §6): a new column takes the narrowest type of its values (all-NULL columns are deferred,
 * not created, until a value arrives); an existing column is widened to the join of its type and the batch's
 * values, never narrowed; a per-source override pins a column's type (a pinned column is only ever widened to
 * the pinned type, and a value that does not fit the pin fails the batch naming the column, not the value).
 */
export interface ExistingColumn {
  name: string;
  /** `format_type()` of the column, e.g. `bigint`, `character varying(255)`. */
  type: string;
  comment: string | null;
}

export interface ExistingTable {
  columns: readonly ExistingColumn[];
}

export type DdlStep =
  | { kind: 'create_table'; columns: { name: string; type: ColumnType }[]; primaryKey: string }
  | { kind: 'add_column'; column: string; type: ColumnType }
  | { kind: 'widen_column'; column: string; from: string; to: ColumnType; viaText: boolean }
  | { kind: 'comment_column'; column: string; comment: string };

export interface PlannedColumn {
  source: string;
  physical: string;
  /** The PostgreSQL type the column has once the steps ran (ours, or a foreign one we left alone). */
  type: string;
}

export interface TablePlan {
  steps: DdlStep[];
  /** Columns the batch writes, key first. */
  columns: PlannedColumn[];
  /** Source names whose values were all NULL/empty and that are not in the table yet: not written. */
  deferred: string[];
  /** The stamp column's physical name when the table has it (always, for tables we create). */
  stampColumn: string | null;
}

export interface PlanInput {
  keyColumn: string;
  rows: readonly SourceRow[];
  existing: ExistingTable | null;
  typeOverrides?: Readonly<Record<string, ColumnType>>;
}

export function planTable(input: PlanInput): TablePlan {
  const overrides = input.typeOverrides ?? {};
  const sourceNames = collectSourceNames(input.keyColumn, input.rows);
  const bySource = existingBySource(input.existing);
  const steps: DdlStep[] = [];
  const columns: PlannedColumn[] = [];
  const deferred: string[] = [];
  const created: { name: string; type: ColumnType }[] = [];
  const comments: DdlStep[] = [];

  for (const source of sourceNames) {
    const values = input.rows.map((row) => row[source] ?? null);
    const batchType = joinAll(values);
    const pinned = overrides[source];
    if (pinned) assertFitsPin(source, values, pinned);
    const current = bySource.get(source) ?? bySource.get(columnNameFor(source));
    if (current) {
      const widened = widenExisting(current, values, batchType, pinned);
      if (widened) steps.push(widened);
      columns.push({ source, physical: current.name, type: widened ? widened.to : current.type });
      continue;
    }
    const type = pinned ?? batchType;
    if (type === null) {
      deferred.push(source);
      continue;
    }
    const physical = columnNameFor(source);
    created.push({ name: physical, type });
    comments.push({ kind: 'comment_column', column: physical, comment: source });
    columns.push({ source, physical, type });
  }

  const hasStamp = input.existing?.columns.some((c) => c.name === SYNC_STAMP_COLUMN) ?? false;
  if (input.existing === null) {
    const key = created.find((c) => c.name === columnNameFor(input.keyColumn));
    if (!key)
      throw new AppError('validation', `The key column "${input.keyColumn}" has no value in the batch`);
    steps.push({
      kind: 'create_table',
      columns: [...created, { name: SYNC_STAMP_COLUMN, type: 'timestamp' }],
      primaryKey: key.name,
    });
  } else {
    for (const column of created) steps.push({ kind: 'add_column', column: column.name, type: column.type });
    if (!hasStamp) steps.push({ kind: 'add_column', column: SYNC_STAMP_COLUMN, type: 'timestamp' });
  }
  steps.push(...comments);
  return { steps, columns, deferred, stampColumn: SYNC_STAMP_COLUMN };
}

/** Key first, then every other name in first-seen order; the stamp column is the writer's, never the row's. */
function collectSourceNames(keyColumn: string, rows: readonly SourceRow[]): string[] {
  const names = new Set<string>([keyColumn]);
  for (const row of rows) for (const name in row) names.add(name);
  names.delete(SYNC_STAMP_COLUMN);
  return [...names];
}

/**
 * Existing columns by the source name they hold: the comment when it is a full source name that maps to this
 * column (ours), else the column name itself (tables made by the seed or by hand).
 */
function existingBySource(existing: ExistingTable | null): Map<string, ExistingColumn> {
  const map = new Map<string, ExistingColumn>();
  for (const column of existing?.columns ?? []) {
    map.set(column.name, column);
  }
  for (const column of existing?.columns ?? []) {
    if (column.comment !== null && columnNameFor(column.comment) === column.name)
      map.set(column.comment, column);
  }
  return map;
}

function joinAll(values: readonly (string | null)[]): ColumnType | null {
  let type: ColumnType | null = null;
  for (const value of values) {
    type = joinTypes(type, inferValueType(value));
    if (type === 'text') break;
  }
  return type;
}

function widenExisting(
  column: ExistingColumn,
  values: readonly (string | null)[],
  batchType: ColumnType | null,
  pinned: ColumnType | undefined,
): Extract<DdlStep, { kind: 'widen_column' }> | null {
  const physical = physicalType(column.type);
  if (physical.lattice === null) return null; // a type we do not manage: PostgreSQL judges the values
  const allFit = values.every((value) => value === null || value === '' || physical.fits(value));
  let target: ColumnType | null = null;
  if (pinned && !physical.exact && joinTypes(physical.lattice, pinned) === pinned) target = pinned;
  if (
    pinned &&
    physical.exact &&
    physical.lattice !== pinned &&
    joinTypes(physical.lattice, pinned) === pinned
  ) {
    target = pinned;
  }
  if (target === null && allFit) return null;
  target ??= joinTypes(physical.lattice, batchType) ?? physical.lattice;
  if (physical.exact && target === physical.lattice) return null;
  return {
    kind: 'widen_column',
    column: column.name,
    from: column.type,
    to: target,
    viaText: physical.viaText,
  };
}

function assertFitsPin(source: string, values: readonly (string | null)[], pinned: ColumnType): void {
  let misfits = 0;
  for (const value of values) {
    const own = inferValueType(value);
    if (own !== null && joinTypes(own, pinned) !== pinned) misfits += 1;
  }
  if (misfits > 0) {
    throw new AppError(
      'validation',
      `Column "${source}" is pinned to ${pinned} but ${misfits} value(s) in the batch are not ${pinned}`,
      { details: { column: source, pinned, misfits } },
    );
  }
}
