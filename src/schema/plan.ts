import { AppError } from '../core/errors.ts';
import { columnNameFor } from './naming.ts';
import { physicalType } from './physical-types.ts';
import { type ColumnProfile, profileRows } from './profile.ts';
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
  stampColumn: string;
}

export interface PlanInput {
  keyColumn: string;
  /** The batch: either its rows, or its column profiles (in column order) gathered while streaming it. */
  rows?: readonly SourceRow[];
  profiles?: ReadonlyMap<string, ColumnProfile>;
  existing: ExistingTable | null;
  typeOverrides?: Readonly<Record<string, ColumnType>>;
}

export function planTable(input: PlanInput): TablePlan {
  const overrides = input.typeOverrides ?? {};
  const existing = existingColumnsBySource(input.existing);
  const profiles =
    input.profiles ??
    profilesOfRows(input.keyColumn, input.rows ?? [], existing, new Set(Object.keys(overrides)));
  const steps: DdlStep[] = [];
  const columns: PlannedColumn[] = [];
  const deferred: string[] = [];
  const created: { name: string; type: ColumnType }[] = [];
  const comments: DdlStep[] = [];

  for (const [source, profile] of profiles) {
    if (source === SYNC_STAMP_COLUMN) continue; // the writer's, never the row's
    const pinned = overrides[source];
    if (pinned) assertFitsPin(source, profile.type, pinned);
    const current = findExisting(existing, source);
    if (current) {
      const widened = widenExisting(current, profile, pinned);
      if (widened) steps.push(widened);
      columns.push({ source, physical: current.name, type: widened ? widened.to : current.type });
      continue;
    }
    const type = pinned ?? profile.type;
    if (type === null) {
      deferred.push(source);
      continue;
    }
    const physical = columnNameFor(source);
    created.push({ name: physical, type });
    comments.push({ kind: 'comment_column', column: physical, comment: source });
    columns.push({ source, physical, type });
  }

  if (input.existing === null) {
    const keyName = columnNameFor(input.keyColumn);
    if (!created.some((c) => c.name === keyName)) {
      throw new AppError('validation', `The key column "${input.keyColumn}" has no value in the batch`);
    }
    steps.push({
      kind: 'create_table',
      columns: [...created, { name: SYNC_STAMP_COLUMN, type: 'timestamp' }],
      primaryKey: keyName,
    });
  } else {
    for (const column of created) steps.push({ kind: 'add_column', column: column.name, type: column.type });
    if (!input.existing.columns.some((c) => c.name === SYNC_STAMP_COLUMN)) {
      steps.push({ kind: 'add_column', column: SYNC_STAMP_COLUMN, type: 'timestamp' });
    }
  }
  steps.push(...comments);
  // Key first: the order of the create statement and of the written columns.
  columns.sort((a, b) => Number(b.source === input.keyColumn) - Number(a.source === input.keyColumn));
  return { steps, columns, deferred, stampColumn: SYNC_STAMP_COLUMN };
}

/**
 * Existing columns by the source name they hold: the comment when it is a full source name that maps to this
 * column (ours), else the column name itself (tables made by the seed or by hand).
 */
export function existingColumnsBySource(existing: ExistingTable | null): Map<string, ExistingColumn> {
  const map = new Map<string, ExistingColumn>();
  for (const column of existing?.columns ?? []) map.set(column.name, column);
  for (const column of existing?.columns ?? []) {
    if (column.comment !== null && columnNameFor(column.comment) === column.name)
      map.set(column.comment, column);
  }
  return map;
}

export function findExisting(
  existing: ReadonlyMap<string, ExistingColumn>,
  source: string,
): ExistingColumn | undefined {
  return existing.get(source) ?? existing.get(columnNameFor(source));
}

/** Key first, then every other name in first-seen order. */
export function batchSourceNames(keyColumn: string, rows: readonly SourceRow[]): string[] {
  const names = new Set<string>([keyColumn]);
  for (const row of rows) for (const name in row) names.add(name);
  names.delete(SYNC_STAMP_COLUMN);
  return [...names];
}

function profilesOfRows(
  keyColumn: string,
  rows: readonly SourceRow[],
  existing: ReadonlyMap<string, ExistingColumn>,
  pinned: ReadonlySet<string>,
): Map<string, ColumnProfile> {
  const sources = batchSourceNames(keyColumn, rows);
  const types = new Map<string, string>();
  for (const source of sources) {
    const column = findExisting(existing, source);
    if (column) types.set(source, column.type);
  }
  return profileRows(sources, rows, types, pinned);
}

function widenExisting(
  column: ExistingColumn,
  profile: ColumnProfile,
  pinned: ColumnType | undefined,
): Extract<DdlStep, { kind: 'widen_column' }> | null {
  const physical = physicalType(column.type);
  if (physical.lattice === null) return null; // a type we do not manage: PostgreSQL judges the values
  const widen = (to: ColumnType) => ({
    kind: 'widen_column' as const,
    column: column.name,
    from: column.type,
    to,
    viaText: physical.viaText,
  });
  if (
    pinned &&
    joinTypes(physical.lattice, pinned) === pinned &&
    !(physical.exact && physical.lattice === pinned)
  ) {
    return widen(pinned);
  }
  const target = joinTypes(physical.lattice, profile.type) ?? physical.lattice;
  if (physical.exact) return target === physical.lattice ? null : widen(target);
  // A foreign type: keep it while every value fits it (checked against this very type), else make it ours.
  // Not checked against this type (it changed since the values were profiled): widen, which is always safe.
  const allFit =
    profile.type === null || (profile.checked?.physical === column.type ? profile.checked.allFit : false);
  return allFit ? null : widen(target);
}

function assertFitsPin(source: string, type: ColumnType | null, pinned: ColumnType): void {
  if (type === null || joinTypes(type, pinned) === pinned) return;
  throw new AppError(
    'validation',
    `Column "${source}" is pinned to ${pinned} but the batch has ${type} values that do not fit it`,
    { details: { column: source, pinned, found: type } },
  );
}
